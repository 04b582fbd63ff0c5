package io.github.schemaverify.internal.locks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.internal.migration.ScriptRunner;
import io.github.schemaverify.locks.LockMode;

/**
 * Watches a statement that runs outside a transaction ({@code CREATE INDEX CONCURRENTLY}, {@code VACUUM}, ...) from a
 * second session while it runs: its locks as they come and go, the progress phases it reports, the lock waits it goes
 * through, and, with the probe, whether reads and writes of the tables it locks would wait.
 *
 * <p>Such a statement holds its locks only while it runs, and on a small table it may be over before a poll sees them.
 * So before it starts, a third session (the gate) takes {@code SHARE UPDATE EXCLUSIVE} on every existing table: the
 * statement's first lock of that strength or stronger has to queue behind the gate, where the watcher sees its mode
 * for certain, probes the table (a request queued behind a waiting one is measured exactly as against a granted one),
 * and then opens the gate. Later locks are seen by polling; a request seen queued (behind autovacuum, say) and then
 * over before a poll sees it granted counts as held from its last sighting, when the statement succeeds.
 * A poll reads {@code pg_locks} before {@code pg_blocking_pids}, so it may find the statement blocked by the gate before
 * its request shows: the gate then stays closed for the next poll.
 */
final class Watcher implements AutoCloseable {
    /** A lock seen held: the relation, the mode, since when (System.nanoTime; see {@link #watch}). */
    record Seen(long relation, LockMode mode, long since) {
    }

    /** An ACCESS EXCLUSIVE lock on an index seen by a poll (granted or queued), until the index is known live. */
    private record Unsure(long relation, boolean granted, long since) {
    }

    /**
     * What the watch saw.
     *
     * @param locks     locks seen held (or queued behind the gate, or queued and then over unseen in a statement that
     *                  succeeded), first sighting first
     * @param phases    progress phases in order, with the relation they report on
     * @param scanned   relations a progress phase reported scanning
     * @param waits     lock waits that SchemaVerify's own sessions did not cause
     * @param readBlocked  tables on which a probed read waited
     * @param writeBlocked tables on which a probed write waited
     * @param failure      the statement's failure, or null
     */
    record Watched(List<Seen> locks, List<String> phases, Set<Long> scanned, List<String> waits, Set<Long> readBlocked,
            Set<Long> writeBlocked, SQLException failure) {
    }

    private final Connection watch;
    private final Connection gate;
    private final Probe probe;
    private final int watchPid;
    private final int gatePid;
    private final int probePid;
    private final ExecutorService runner;
    /** How long the gate stays closed at most, should the statement never be seen queued behind it. */
    private static final long GATE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How long closing the gate may wait for the tables' lock (behind autovacuum, until PostgreSQL cancels it). */
    private static final int GATE_WAIT_MILLIS = 10_000;

    Watcher(Connection watch, Connection gate, Probe probe) throws SQLException {
        this.watch = watch;
        this.gate = gate;
        this.probe = probe;
        this.watchPid = pid(watch);
        this.gatePid = pid(gate);
        this.probePid = probe.pid();
        watch.setAutoCommit(true);
        gate.setAutoCommit(true);
        this.runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "schemaverify-locks-statement");
            t.setDaemon(true);
            return t;
        });
    }

    private static int pid(Connection c) throws SQLException {
        return c.unwrap(org.postgresql.PGConnection.class).getBackendPID();
    }

    /**
     * Runs the step (a statement on the migration's session, whose backend is {@code migrationPid}) on a thread of its
     * own and watches it until it ends; its failure comes back with what was seen.
     *
     * @param gated  the existing tables (quoted, qualified) to hold the gate on
     * @param tables the relations known before the statement, by oid (to probe a lock's table)
     */
    Watched watch(int migrationPid, ScriptRunner.Step step, List<String> gated, Map<Long, Point.Relation> tables)
            throws SQLException {
        boolean gateHeld = !gated.isEmpty() && closeGate(gated);
        long gateSince = System.nanoTime();
        Map<String, Seen> locks = new LinkedHashMap<>();
        // requests seen queued and never seen granted, each at its last sighting: granted after it, if the statement
        // succeeds (then it held the lock from no earlier than that); a statement that fails waiting never held it
        Map<String, Seen> requested = new LinkedHashMap<>();
        Set<String> phases = new LinkedHashSet<>();
        Set<Long> scanned = new HashSet<>();
        Set<String> waits = new LinkedHashSet<>();
        Set<Long> readBlocked = new HashSet<>();
        Set<Long> writeBlocked = new HashSet<>();
        Set<String> probed = new HashSet<>();
        Map<Long, Set<LockMode>> probedWith = new HashMap<>();
        Future<Void> running = runner.submit(() -> {
            step.run();
            return null;
        });
        String poll = poll(migrationPid);
        String phase = "";
        long pause = 1;
        try {
            while (true) {
                boolean done = running.isDone();
                long now = System.nanoTime();
                Long queuedOn = null;
                LockMode queuedMode = null;
                String waitEvent = null;
                Set<Integer> blockers = Set.of();
                List<Unsure> unsure = new ArrayList<>();
                try (Statement st = watch.createStatement(); ResultSet rs = st.executeQuery(poll)) {
                    while (rs.next()) {
                        switch (rs.getString(1)) {
                            case "l" -> {
                                LockMode mode = mode(rs.getString(3));
                                if (mode == null) {
                                    continue;
                                }
                                long relation = rs.getLong(2);
                                Point.Relation known = tables.get(relation);
                                if (mode == LockMode.ACCESS_EXCLUSIVE && known != null && known.isIndex()
                                        && !locks.containsKey(relation + "|" + mode)) {
                                    // read live by the poll's snapshot, which is older than its read of pg_locks: asked
                                    // again below, after it
                                    unsure.add(new Unsure(relation, Boolean.parseBoolean(rs.getString(4)), now));
                                    continue;
                                }
                                if (Boolean.parseBoolean(rs.getString(4))) {
                                    locks.putIfAbsent(relation + "|" + mode, new Seen(relation, mode, now));
                                } else {
                                    // queued (behind the gate, autovacuum or anyone): the lock it takes once granted
                                    requested.put(relation + "|" + mode, new Seen(relation, mode, now));
                                    queuedOn = relation;
                                    queuedMode = mode;
                                }
                            }
                            case "a" -> {
                                waitEvent = "Lock".equals(rs.getString(3)) ? rs.getString(4) : null;
                                String pids = rs.getString(5);
                                blockers = pids == null || pids.isEmpty() ? Set.of()
                                        : java.util.Arrays.stream(pids.split(",")).map(Integer::valueOf).collect(Collectors.toSet());
                            }
                            default -> { // "p": a progress phase
                                phase = rs.getString(3);
                                phases.add(phase);
                                if (phase.contains("scanning table") || phase.contains("scanning heap")) {
                                    scanned.add(rs.getLong(2));
                                }
                            }
                        }
                    }
                }
                Set<Long> live = unsure.isEmpty() ? Set.of() : stillLive(unsure);
                for (Unsure u : unsure) {
                    if (!live.contains(u.relation())) {
                        continue; // not live (or dropped) now, so not when its lock was read: it blocked no one
                    }
                    if (u.granted()) {
                        locks.putIfAbsent(u.relation() + "|" + LockMode.ACCESS_EXCLUSIVE, new Seen(u.relation(),
                                LockMode.ACCESS_EXCLUSIVE, u.since()));
                    } else {
                        requested.put(u.relation() + "|" + LockMode.ACCESS_EXCLUSIVE, new Seen(u.relation(),
                                LockMode.ACCESS_EXCLUSIVE, u.since()));
                        queuedOn = u.relation();
                        queuedMode = LockMode.ACCESS_EXCLUSIVE;
                    }
                }
                if (gateHeld && System.nanoTime() - gateSince > GATE_LIMIT_NANOS) {
                    openGate(); // never seen queued behind it (it waits for something else): let it go on unmeasured
                    gateHeld = false;
                } else if (gateHeld && blockers.contains(gatePid) && queuedOn == null
                        && (waitEvent == null || "relation".equals(waitEvent))) {
                    // waiting for a table lock the gate holds, but pg_locks was read a moment before it queued (the
                    // poll reads pg_locks first, pg_blocking_pids after), or its wait event a moment before the backend
                    // reported it (it queues first): the gate stays closed until a poll sees the queued request, or the
                    // statement's lock would be missed when it is over before the next poll
                } else if (gateHeld && blockers.contains(gatePid)) {
                    if (queuedOn != null) {
                        // queued behind the gate: its mode is certain, and a probe now meets it in the queue
                        locks.putIfAbsent(queuedOn + "|" + queuedMode, new Seen(queuedOn, queuedMode, now));
                        probe(queuedOn, queuedMode, tables, probedWith, readBlocked, writeBlocked);
                    }
                    openGate();
                    gateHeld = false;
                } else if (waitEvent != null && !blockers.isEmpty()
                        && !Set.of(gatePid, probePid, watchPid).containsAll(blockers)) {
                    waits.add(waitEvent + (phase.isEmpty() ? "" : " (" + phase + ")"));
                }
                for (Map<String, Seen> seen : List.of(locks, requested)) {
                    for (Seen s : seen.values()) {
                        if (probed.add(s.relation() + "|" + s.mode())) {
                            // a request in the queue makes later ones wait as a granted lock does
                            probe(s.relation(), s.mode(), tables, probedWith, readBlocked, writeBlocked);
                        }
                    }
                }
                if (done) {
                    break;
                }
                try {
                    running.get(pause, TimeUnit.MILLISECONDS); // back at once when the statement ends
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    // ended with a failure (read below), or still running
                }
                if (!gateHeld) {
                    pause = Math.min(pause * 2, 16); // a long build needs no busy watcher beside it on the same cores
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaVerifyException("interrupted while watching a statement", e);
        } finally {
            if (gateHeld) {
                openGate();
            }
        }
        SQLException failure = null;
        try {
            running.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                failure = sql;
            } else
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            } else {
                throw new SchemaVerifyException("The statement failed: " + e.getCause(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaVerifyException("interrupted while waiting for a statement", e);
        }
        if (failure == null) {
            requested.forEach(locks::putIfAbsent); // granted between two polls
        }
        return new Watched(new ArrayList<>(locks.values()), new ArrayList<>(phases), scanned, new ArrayList<>(waits),
                readBlocked, writeBlocked, failure);
    }

    /**
     * Which of the indexes are live now, read with a snapshot taken after the poll read their locks. An index stops
     * being live once and for all (DROP INDEX CONCURRENTLY and REINDEX CONCURRENTLY mark it so before they lock it
     * ACCESS EXCLUSIVE to drop it), so one not live now was not live when its lock was read, or was dropped since: the
     * poll's own check reads the catalogs as they were when it began, and may see it live although its lock came after.
     * A statement that locks a live index so and drops it too (a plain DROP INDEX outside a transaction) locks its table
     * ACCESS EXCLUSIVE as well, which stays reported.
     */
    private Set<Long> stillLive(List<Unsure> indexes) throws SQLException {
        StringBuilder oids = new StringBuilder();
        for (Unsure s : indexes) {
            oids.append(oids.length() == 0 ? "" : ",").append(s.relation());
        }
        Set<Long> live = new HashSet<>();
        try (Statement st = watch.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT indexrelid::bigint FROM pg_index WHERE indislive AND indexrelid IN (" + oids + ")")) {
            while (rs.next()) {
                live.add(rs.getLong(1));
            }
        }
        return live;
    }

    /** Probes the table the relation belongs to, once per new mode on it. */
    private void probe(long relation, LockMode mode, Map<Long, Point.Relation> known, Map<Long, Set<LockMode>> probedWith,
            Set<Long> readBlocked, Set<Long> writeBlocked) {
        Point.Relation r = known.get(relation);
        if (r == null) {
            return; // created by the statement: no one else can see it yet
        }
        Point.Relation table = known.get(r.table());
        if (table == null || !table.isTable() || !probedWith.computeIfAbsent(table.oid(), k -> new HashSet<>()).add(mode)) {
            return;
        }
        if (probe.readBlocks(table.qualified(), table.kind() == 'm')) {
            readBlocked.add(table.oid());
        }
        if (probe.writeBlocks(table.qualified(), table.kind() == 'm')) {
            writeBlocked.add(table.oid());
        }
    }

    private static LockMode mode(String pgMode) {
        try {
            return LockMode.ofPgLocks(pgMode);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * One poll of the statement's session. Locks on an index that is no longer live are left out: DROP INDEX
     * CONCURRENTLY (and REINDEX CONCURRENTLY, for the old index) locks it ACCESS EXCLUSIVE for a moment at the very end,
     * once no query can open it any more; it blocks no one, and a poll would see it only by chance.
     */
    private static String poll(int pid) {
        return "SELECT 'l', relation::bigint, mode, granted::text, NULL FROM pg_locks l WHERE pid = " + pid
                + " AND locktype = 'relation' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                + " AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indexrelid = l.relation AND NOT i.indislive)"
                + " UNION ALL SELECT 'a', NULL, wait_event_type, wait_event, array_to_string(pg_blocking_pids(" + pid + "), ',')"
                + " FROM pg_stat_activity WHERE pid = " + pid
                + " UNION ALL SELECT 'p', relid::bigint, phase, NULL, NULL FROM pg_stat_progress_create_index WHERE pid = " + pid
                + " UNION ALL SELECT 'p', relid::bigint, phase, NULL, NULL FROM pg_stat_progress_vacuum WHERE pid = " + pid
                + " UNION ALL SELECT 'p', relid::bigint, phase, NULL, NULL FROM pg_stat_progress_cluster WHERE pid = " + pid;
    }

    /**
     * Takes SHARE UPDATE EXCLUSIVE on the tables; gives up (no gate) rather than wait long. What it may wait for is
     * autovacuum, which PostgreSQL cancels once the gate has waited {@code deadlock_timeout} (1 s by default), unless it
     * runs to prevent wraparound; the timeout leaves room for that and for a loaded machine: a gate that gives up lets a
     * small table's CONCURRENTLY build run between two polls, its lock unseen.
     */
    private boolean closeGate(List<String> tables) {
        try (Statement st = gate.createStatement()) {
            // lock_timeout bounds the wait for each table's lock, statement_timeout the whole statement
            st.execute("BEGIN; SET LOCAL lock_timeout = " + GATE_WAIT_MILLIS + "; SET LOCAL statement_timeout = "
                    + GATE_WAIT_MILLIS + "; LOCK TABLE " + String.join(", ", tables)
                    + " IN SHARE UPDATE EXCLUSIVE MODE");
            return true;
        } catch (SQLException e) {
            openGate();
            return false;
        }
    }

    private void openGate() {
        try (Statement st = gate.createStatement()) {
            st.execute("ROLLBACK");
        } catch (SQLException e) {
            throw new SchemaVerifyException("Could not release the profile's gate session: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws SQLException {
        runner.shutdownNow();
        try {
            runner.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            watch.close();
        } finally {
            gate.close();
        }
    }
}
