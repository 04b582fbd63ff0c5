package io.github.schemaverify.internal.locks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.github.schemaverify.internal.verify.Failure;
import io.github.schemaverify.internal.verify.failure.LockHazard;
import io.github.schemaverify.internal.verify.failure.ShouldBuildConcurrently;
import io.github.schemaverify.internal.verify.failure.ShouldNotBlockWrites;
import io.github.schemaverify.internal.verify.failure.ShouldNotRewrite;
import io.github.schemaverify.internal.verify.failure.ShouldSetLockTimeout;
import io.github.schemaverify.locks.HeldLock;
import io.github.schemaverify.locks.LockMode;
import io.github.schemaverify.locks.StatementLocks;

/**
 * The rules a revision's lock profile must keep, as the user set them. A table "exists" when it existed before the
 * revision (other sessions could use it); tables the revision creates are exempt from every rule.
 *
 * @param forbidRewrites      no rewrite of a table (or its TOAST table) that holds rows
 * @param maxWriteBlock       writes on a table that holds rows blocked for at most this long; empty: no bound
 * @param requireLockTimeout  a statement that takes ACCESS EXCLUSIVE on an existing relation runs with a lock_timeout
 * @param requireConcurrently indexes on existing tables are built and rebuilt CONCURRENTLY
 */
public record Policies(boolean forbidRewrites, Optional<Duration> maxWriteBlock, boolean requireLockTimeout,
        boolean requireConcurrently) {

    /** No rule at all: the profile is only measured. */
    public static final Policies NONE = new Policies(false, Optional.empty(), false, false);

    /** The failures of one revision, in the order of its statements (without the location). */
    List<Failure> check(String revision, List<Observed> statements, Duration commit, Point start, Map<Long, Long> rows) {
        List<Failure> failures = new ArrayList<>();
        Set<Long> rewriteReported = new HashSet<>();
        Set<Long> blockReported = new HashSet<>();
        for (int i = 0; i < statements.size(); i++) {
            Observed o = statements.get(i);
            StatementLocks s = o.statement();
            if (forbidRewrites) {
                for (Point.Relation r : o.rewritten()) {
                    Point.Relation table = existingTable(start, r.table());
                    if (r.isIndex() || table == null || rows.getOrDefault(table.oid(), 0L) == 0
                            || !rewriteReported.add(table.oid())) {
                        continue;
                    }
                    HeldLock lock = strongest(statements, i, table.name());
                    failures.add(ShouldNotRewrite.create(hazard(revision, o, table, rows, lock)));
                }
            }
            if (maxWriteBlock.isPresent()) {
                for (long oid : o.writeBlocked()) {
                    Point.Relation table = existingTable(start, oid);
                    if (table == null || rows.getOrDefault(oid, 0L) == 0 || blockReported.contains(oid)) {
                        continue;
                    }
                    Duration blocked = blocked(statements, i, oid, commit);
                    if (blocked.compareTo(maxWriteBlock.get()) > 0) {
                        blockReported.add(oid);
                        HeldLock lock = strongest(statements, i, table.name());
                        LockHazard h = hazard(revision, o, table, rows, lock);
                        failures.add(ShouldNotBlockWrites.create(new LockHazard(h.revision(), h.line(), h.sql(), h.keywords(),
                                h.table(), h.rows(), h.lock(), blocked, h.relations()), maxWriteBlock.get(), s.transactional()));
                    }
                }
            }
            if (requireLockTimeout && s.lockTimeout().isZero()) {
                List<String> exclusive = new ArrayList<>();
                Point.Relation first = null;
                for (Map.Entry<Point.Relation, Set<LockMode>> e : o.newLocks().entrySet()) {
                    Point.Relation r = e.getKey();
                    if (e.getValue().contains(LockMode.ACCESS_EXCLUSIVE) && start.relations().containsKey(r.oid())
                            && existingTable(start, r.table()) != null) {
                        if (!r.toast()) {
                            exclusive.add(r.name()); // a TOAST table goes with its table
                        }
                        first = first == null ? existingTable(start, r.table()) : first;
                    }
                }
                if (first != null) {
                    HeldLock lock = s.locks().stream().filter(l -> l.mode() == LockMode.ACCESS_EXCLUSIVE)
                            .max(Comparator.comparing(HeldLock::held)).orElseThrow();
                    exclusive.sort(Comparator.naturalOrder());
                    failures.add(ShouldSetLockTimeout.create(new LockHazard(revision, s.line(), s.sql(), o.keywords(),
                            first.name(), rows.getOrDefault(first.oid(), 0L), LockMode.ACCESS_EXCLUSIVE, lock.held(), exclusive)));
                }
            }
            if (requireConcurrently) {
                boolean concurrently = !s.transactional() && o.keywords().contains(" CONCURRENTLY ");
                for (Point.Relation r : o.created()) {
                    Point.Relation table = existingTable(start, r.table());
                    // a TOAST table's index comes with the TOAST table a first toastable column makes: no index to build
                    if (r.isIndex() && !r.toast() && table != null && !concurrently) {
                        failures.add(ShouldBuildConcurrently.create(hazard(revision, o, table, rows,
                                strongest(statements, i, table.name())), r.name(), false));
                    }
                }
                if (o.keywords().startsWith("REINDEX ") && !concurrently) {
                    for (Point.Relation r : o.rewritten()) {
                        Point.Relation table = existingTable(start, r.table());
                        if (r.isIndex() && table != null && start.relations().containsKey(r.oid())) {
                            failures.add(ShouldBuildConcurrently.create(hazard(revision, o, table, rows,
                                    strongest(statements, i, table.name())), r.name(), true));
                        }
                    }
                }
            }
        }
        return failures;
    }

    private static Point.Relation existingTable(Point start, long oid) {
        Point.Relation r = start.relations().get(oid);
        return r != null && r.isTable() ? r : null;
    }

    private static LockHazard hazard(String revision, Observed o, Point.Relation table, Map<Long, Long> rows, HeldLock lock) {
        StatementLocks s = o.statement();
        return new LockHazard(revision, s.line(), s.sql(), o.keywords(), table.name(), rows.getOrDefault(table.oid(), 0L),
                lock == null ? LockMode.ACCESS_EXCLUSIVE : lock.mode(), lock == null ? s.duration() : lock.held(),
                List.of(table.name()));
    }

    /** The strongest lock on the table (or its indexes, TOAST) taken by statement i or, failing that, before it. */
    private static HeldLock strongest(List<Observed> statements, int i, String table) {
        for (int k = i; k >= 0; k--) {
            var found = statements.get(k).statement().strongestOn(table);
            if (found.isPresent()) {
                return found.get();
            }
        }
        return null;
    }

    /**
     * How long writes on the table were blocked from statement i on: to the commit for statements in a transaction,
     * the blocking statements' own times outside one.
     */
    private static Duration blocked(List<Observed> statements, int from, long table, Duration commit) {
        Duration total = Duration.ZERO;
        boolean transactional = statements.get(from).statement().transactional();
        for (int k = from; k < statements.size(); k++) {
            StatementLocks s = statements.get(k).statement();
            if (transactional) {
                total = total.plus(s.duration());
            } else if (statements.get(k).writeBlocked().contains(table)) {
                total = total.plus(s.duration());
            }
        }
        return transactional ? total.plus(commit) : total;
    }
}
