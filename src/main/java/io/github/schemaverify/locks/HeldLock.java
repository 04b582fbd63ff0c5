package io.github.schemaverify.locks;

import java.time.Duration;

import org.apiguardian.api.API;

/**
 * A lock a statement took on a relation, and how long it was held: from the start of the statement that took it to
 * the end of the commit (the statements' own time, without SchemaVerify's observation between them), or, for a
 * statement that runs outside a transaction, while it was seen held.
 *
 * @param relation the relation locked, as the report names it: {@code documents}, {@code documents_pkey},
 *                 {@code documents (toast)}; schema-qualified outside {@code public}
 * @param table    the table it belongs to: the relation itself for a table, the indexed table for an index, the owner
 *                 of a TOAST table
 * @param mode     the lock mode
 * @param held     how long it was held
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record HeldLock(String relation, String table, LockMode mode, Duration held) {

    /** Whether the lock is on the table itself (not on one of its indexes or its TOAST table). */
    public boolean onTable() {
        return relation.equals(table);
    }

    @Override
    public String toString() {
        return mode.sql() + " on " + relation;
    }
}
