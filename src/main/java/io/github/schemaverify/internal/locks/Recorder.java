package io.github.schemaverify.internal.locks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.github.schemaverify.internal.migration.ScriptRunner;
import io.github.schemaverify.internal.migration.SqlScript;
import io.github.schemaverify.locks.HeldLock;
import io.github.schemaverify.locks.LockMode;
import io.github.schemaverify.locks.StatementLocks;

/**
 * Observes one revision as the {@link ScriptRunner} applies it statement by statement. Inside the script's
 * transaction, after each statement: a {@link Point} on the migration's own session (new locks, changed file nodes,
 * new relations, scan counters), and the probe on every existing table the statement took a lock on. Outside a
 * transaction, the {@link Watcher} follows the statement while it runs. The statements' own times are measured around
 * them alone, so the observation adds nothing to the times reported.
 */
final class Recorder implements ScriptRunner.Observer {

    /** A statement observed, before the lock times are known (they end with the commit). */
    private static final class Pending {
        SqlScript.Statement statement;
        boolean transactional;
        long nanos;
        boolean failed;
        Duration lockTimeout = Duration.ZERO;
        final Map<Point.Relation, Set<LockMode>> newLocks = new LinkedHashMap<>();
        /** For a statement outside a transaction: when each lock was first seen, by relation oid and mode. */
        final Map<String, Long> seenSince = new HashMap<>();
        long endedAt;
        final List<Point.Relation> created = new ArrayList<>();
        final List<Point.Relation> rewritten = new ArrayList<>();
        final Set<Long> scanned = new LinkedHashSet<>();
        final Set<Long> readBlocked = new LinkedHashSet<>();
        final Set<Long> writeBlocked = new LinkedHashSet<>();
        List<String> phases = List.of();
        List<String> waits = List.of();
        final List<String> invalid = new ArrayList<>();
    }

    private final Connection connection;
    private final Point.Reader points;
    private final int pid;
    private final List<String> schemas;
    private final Probe probe;
    private final Supplier<Watcher> watcher;
    private final boolean flushStats;
    /** The revision's starting point: what other sessions see until the commit. */
    private final Point start;
    private final Map<Long, Long> rows;
    private final List<Pending> statements = new ArrayList<>();
    /** Tables whose row count the revision may have changed (rows inserted or deleted, rewritten, or unknown). */
    private final Set<Long> rowsChanged = new LinkedHashSet<>();
    /** Tables on which a read (a write) was found to wait, inside the transaction so far. */
    private final Set<Long> readBlocked = new java.util.HashSet<>();
    private final Set<Long> writeBlocked = new java.util.HashSet<>();
    private Point current;
    private long commitNanos;

    /**
     * @param rows       rows of the existing tables, by oid
     * @param flushStats whether the server has {@code pg_stat_force_next_flush()} (15+), so the scans of a statement
     *                   outside a transaction can be read from the cumulative counters
     */
    Recorder(Connection connection, Point.Reader points, int pid, List<String> schemas, Probe probe, Supplier<Watcher> watcher,
            Point start, Map<Long, Long> rows, boolean flushStats) {
        this.connection = connection;
        this.points = points;
        this.pid = pid;
        this.schemas = schemas;
        this.probe = probe;
        this.watcher = watcher;
        this.start = start;
        this.current = start;
        this.rows = rows;
        this.flushStats = flushStats;
    }

    @Override
    public void statement(SqlScript.Statement statement, boolean transactional, ScriptRunner.Step step) throws SQLException {
        Pending p = new Pending();
        p.statement = statement;
        p.transactional = transactional;
        p.lockTimeout = current.lockTimeout();
        statements.add(p);
        if (transactional && current == start) {
            // read again inside the transaction: the scan counters are this session's, and they move between transactions
            current = points.read();
        }
        Point before = current;
        if (transactional) {
            long t0 = System.nanoTime();
            try {
                step.run();
            } catch (SQLException e) {
                p.nanos = System.nanoTime() - t0;
                p.failed = true;
                throw e;
            } finally {
                if (p.nanos == 0) {
                    p.nanos = System.nanoTime() - t0;
                }
            }
            Point after = points.read();
            compare(p, before, after);
            for (Map.Entry<Long, Set<LockMode>> e : after.locks().entrySet()) {
                Set<LockMode> added = EnumSet.noneOf(LockMode.class);
                added.addAll(e.getValue());
                added.removeAll(before.locks().getOrDefault(e.getKey(), Set.of()));
                Point.Relation r = relation(e.getKey(), before, after);
                if (!added.isEmpty() && r != null) {
                    p.newLocks.put(r, added);
                }
            }
            Set<Long> touched = new TreeSet<>();
            for (Point.Relation r : p.newLocks.keySet()) {
                Point.Relation table = start.relations().get(r.table());
                if (table != null && table.isTable()) {
                    touched.add(table.oid());
                }
            }
            for (long oid : touched) {
                Point.Relation table = start.relations().get(oid);
                // Locks only pile up until the commit: a table found blocked stays blocked, no need to ask again. And
                // only ACCESS EXCLUSIVE makes a read wait, which makes a write wait too: a waiting read answers both.
                boolean read = readBlocked.contains(oid) || probe.readBlocks(table.qualified(), table.kind() == 'm');
                boolean write = read && table.kind() != 'm' || writeBlocked.contains(oid)
                        || probe.writeBlocks(table.qualified(), table.kind() == 'm');
                if (read) {
                    p.readBlocked.add(oid);
                    readBlocked.add(oid);
                }
                if (write) {
                    p.writeBlocked.add(oid);
                    writeBlocked.add(oid);
                }
            }
            current = after;
            return;
        }
        Map<Long, Long> scansBefore = flushStats ? cumulativeScans() : Map.of();
        List<String> gated = before.relations().values().stream().filter(r -> r.kind() == 'r' || r.kind() == 'p')
                .map(Point.Relation::qualified).sorted().toList();
        long t0 = System.nanoTime();
        Watcher.Watched watched = watcher.get().watch(pid, step, gated, before.relations());
        p.failed = watched.failure() != null;
        p.nanos = System.nanoTime() - t0;
        p.endedAt = System.nanoTime();
        Point after = points.read();
        compare(p, before, after);
        for (Watcher.Seen s : watched.locks()) {
            Point.Relation r = relation(s.relation(), before, after);
            if (r != null) {
                p.newLocks.computeIfAbsent(r, k -> EnumSet.noneOf(LockMode.class)).add(s.mode());
                p.seenSince.put(s.relation() + "|" + s.mode(), s.since());
            }
        }
        p.phases = watched.phases();
        p.waits = watched.waits();
        p.readBlocked.addAll(watched.readBlocked());
        p.writeBlocked.addAll(watched.writeBlocked());
        if (flushStats) {
            Map<Long, Long> scansAfter = cumulativeScans();
            scansAfter.forEach((oid, n) -> {
                if (n > scansBefore.getOrDefault(oid, n)) {
                    p.scanned.add(oid);
                }
            });
        } else {
            p.scanned.addAll(watched.scanned());
        }
        current = after;
        if (watched.failure() != null) {
            throw watched.failure();
        }
    }

    /** What changed between two points: relations created, file nodes changed, tables scanned, indexes made invalid. */
    private void compare(Pending p, Point before, Point after) {
        for (Point.Relation r : after.relations().values()) {
            Point.Relation was = before.relations().get(r.oid());
            if (was == null && before.relations().values().stream().anyMatch(x -> x.name().equals(r.name())
                    && x.kind() == r.kind() && !after.relations().containsKey(x.oid()))) {
                // rebuilt under a new oid in place of the old one: the TOAST table of a rewritten table, an index
                // rebuilt by REINDEX CONCURRENTLY
                p.rewritten.add(r);
            } else if (was == null) {
                p.created.add(r);
            } else if (was.fileNode() != r.fileNode() && r.fileNode() != 0) {
                p.rewritten.add(r);
                rowsChanged.add(r.table()); // a TRUNCATE, too
            }
            if (p.transactional && was != null && (r.kind() == 'r' || r.kind() == 'm') && r.scans() > was.scans()) {
                p.scanned.add(r.oid());
            }
            if (r.isIndex() && !r.valid() && (was == null || was.valid())) {
                p.invalid.add(r.name());
            }
            if (r.isTable() && (was == null || was.changes() != r.changes())) {
                rowsChanged.add(r.oid());
            }
        }
    }

    /** The relation as other sessions knew it when the revision started, else as it is now, else as it was. */
    private Point.Relation relation(long oid, Point before, Point after) {
        Point.Relation r = start.relations().get(oid);
        if (r == null) {
            r = after.relations().get(oid);
        }
        return r != null ? r : before.relations().get(oid);
    }

    /** Flushes this session's statistics and reads the cumulative sequential scans of every table (PostgreSQL 15+). */
    private Map<Long, Long> cumulativeScans() throws SQLException {
        Map<Long, Long> scans = new HashMap<>();
        try (Statement st = connection.createStatement()) {
            st.execute("SELECT pg_stat_force_next_flush()");
        }
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT relid, seq_scan"
                + " FROM pg_stat_user_tables WHERE schemaname = ANY(" + array(schemas) + ")")) {
            while (rs.next()) {
                scans.put(rs.getLong(1), rs.getLong(2));
            }
        }
        return scans;
    }

    private static String array(List<String> values) {
        return "ARRAY[" + String.join(", ", values.stream().map(v -> "'" + v.replace("'", "''") + "'").toList()) + "]::name[]";
    }

    @Override
    public void commit(ScriptRunner.Step commit) throws SQLException {
        long t0 = System.nanoTime();
        commit.run();
        commitNanos = System.nanoTime() - t0;
    }

    /** The tables whose row count the revision may have changed: to be counted again. */
    Set<Long> rowsChanged() {
        return rowsChanged;
    }

    /** How long the commit took (zero outside a transaction). */
    Duration commit() {
        return Duration.ofNanos(commitNanos);
    }

    /** The point after the last statement (and the commit): where the next revision starts. */
    Point current() {
        return current;
    }

    /** The statements observed, with the time each lock was held now that the transaction has ended. */
    List<Observed> observed() {
        List<Observed> out = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            Pending p = statements.get(i);
            long untilEnd = commitNanos;
            for (int j = i; j < statements.size(); j++) {
                untilEnd += statements.get(j).transactional ? statements.get(j).nanos : 0;
            }
            List<HeldLock> locks = new ArrayList<>();
            for (Map.Entry<Point.Relation, Set<LockMode>> e : p.newLocks.entrySet()) {
                Point.Relation r = e.getKey();
                String table = name(r.table(), r);
                for (LockMode mode : e.getValue()) {
                    long held = p.transactional ? untilEnd
                            : p.endedAt - p.seenSince.getOrDefault(r.oid() + "|" + mode, p.endedAt - p.nanos);
                    locks.add(new HeldLock(r.name(), table, mode, Duration.ofNanos(Math.max(0, held))));
                }
            }
            Map<String, HeldLock> unique = new LinkedHashMap<>();
            for (HeldLock l : locks) {
                unique.merge(l.relation() + "|" + l.mode(), l, (a, b) -> a.held().compareTo(b.held()) >= 0 ? a : b);
            }
            locks = new ArrayList<>(unique.values());
            locks.sort(Comparator.comparing(HeldLock::table).thenComparing(l -> !l.onTable()).thenComparing(HeldLock::relation)
                    .thenComparing(HeldLock::mode));
            long largest = 0;
            Set<Long> heavy = new LinkedHashSet<>(p.scanned);
            p.rewritten.forEach(r -> heavy.add(r.table()));
            for (long oid : heavy) {
                largest = Math.max(largest, rows.getOrDefault(oid, 0L));
            }
            StatementLocks s = new StatementLocks(p.statement.line(), SqlScript.shown(p.statement.sql()), Duration.ofNanos(p.nanos),
                    p.transactional, locks, p.created.stream().map(Point.Relation::name).sorted().toList(),
                    p.rewritten.stream().map(Point.Relation::name).sorted().toList(), names(p.scanned),
                    names(p.readBlocked), names(p.writeBlocked), p.phases, p.waits, p.invalid.stream().sorted().toList(),
                    p.lockTimeout, largest, p.failed);
            out.add(new Observed(s, p.statement.keywords(), p.newLocks, p.created, p.rewritten, p.writeBlocked));
        }
        return out;
    }

    private List<String> names(Set<Long> oids) {
        return oids.stream().map(oid -> name(oid, null)).filter(java.util.Objects::nonNull).sorted().distinct().toList();
    }

    /** A relation's name at the start of the revision, else now, else the fallback's. */
    private String name(long oid, Point.Relation fallback) {
        Point.Relation r = start.relations().get(oid);
        if (r == null) {
            r = current.relations().get(oid);
        }
        if (r == null && fallback != null) {
            return fallback.name().replaceFirst(" \\(toast( index)?\\)$", "");
        }
        return r == null ? null : r.name();
    }
}
