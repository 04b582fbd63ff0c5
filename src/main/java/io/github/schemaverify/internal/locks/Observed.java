package io.github.schemaverify.internal.locks;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.schemaverify.locks.LockMode;
import io.github.schemaverify.locks.StatementLocks;

/**
 * One statement as the profile saw it: the public {@link StatementLocks}, and the relations behind its names, which the
 * policies need (which table an index belongs to, whether a table existed before the revision).
 *
 * @param keywords     the statement's keywords ({@code SqlScript.Statement#keywords()}), for choosing a fix
 * @param newLocks     the locks it took, by relation
 * @param created      the relations it created
 * @param rewritten    the relations whose file node it changed
 * @param writeBlocked the tables (oids) on which a write would have waited
 */
record Observed(StatementLocks statement, String keywords, Map<Point.Relation, Set<LockMode>> newLocks,
        List<Point.Relation> created, List<Point.Relation> rewritten, Set<Long> writeBlocked) {
}
