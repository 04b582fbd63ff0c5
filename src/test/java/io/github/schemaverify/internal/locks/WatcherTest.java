package io.github.schemaverify.internal.locks;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.locks.LockMode;

/**
 * The watcher of a statement that runs outside a transaction, when someone else holds a lock it needs: the gate cannot
 * close, the statement queues behind the other session, and then runs in a few milliseconds once that session lets
 * go. Its lock has to be reported all the same (it once was not: a poll that found it queued recorded nothing, and the
 * statement was over before the next poll saw it holding the lock); and a statement that gives up waiting (its
 * lock_timeout) never held it.
 */
@MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
class WatcherTest {

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Test
    void a_statement_queued_behind_another_session_reports_the_lock_it_waited_for(DataSource data) throws Exception {
        Watcher.Watched watched = behindAnotherSession(data, "watched_a", "", true);

        assertThat((Throwable) watched.failure()).isNull();
        assertThat(watched.locks()).extracting(Watcher.Seen::mode).contains(LockMode.SHARE_UPDATE_EXCLUSIVE);
        assertThat(watched.waits()).containsExactly("relation");
    }

    @Test
    void a_statement_that_gives_up_waiting_reports_no_lock(DataSource data) throws Exception {
        Watcher.Watched watched = behindAnotherSession(data, "watched_b", "SET lock_timeout = '300ms'", false);

        assertThat((Throwable) watched.failure()).isNotNull();
        assertThat(watched.failure().getSQLState()).isEqualTo("55P03"); // lock_not_available
        assertThat(watched.locks()).isEmpty();
        assertThat(watched.waits()).containsExactly("relation");
    }

    @Test
    void a_lock_on_an_index_no_query_can_open_any_more_is_not_reported(DataSource data) throws Exception {
        // DROP INDEX CONCURRENTLY (and REINDEX CONCURRENTLY, for the old index) locks the index ACCESS EXCLUSIVE at the
        // very end, once it is not live; here a drop holds that lock long enough for every poll to see it
        for (boolean live : new boolean[] {true, false}) {
            String table = live ? "live_t" : "dead_t";
            try (Connection migration = data.getConnection()) {
                execute(migration, "CREATE TABLE " + table + " (id int, title text); CREATE INDEX " + table + "_idx ON " + table
                        + " (title)");
                if (!live) {
                    execute(migration, "UPDATE pg_index SET indisvalid = false, indisready = false, indislive = false"
                            + " WHERE indexrelid = '" + table + "_idx'::regclass");
                }
                long tableOid = oid(migration, table);
                long indexOid = oid(migration, table + "_idx");
                int pid = migration.unwrap(org.postgresql.PGConnection.class).getBackendPID();
                try (Watcher watcher = new Watcher(data.getConnection(), data.getConnection(),
                        new Probe(data.getConnection(), Duration.ofMillis(50)))) {
                    // known as an index of the table, as the profile knows the relations before a statement: a lock
                    // on one is asked about again after the poll (live then, so live when the lock was read)
                    Map<Long, Point.Relation> known = Map.of(
                            tableOid, new Point.Relation(tableOid, tableOid, 'r', table, table, tableOid, 0, true, false, 0),
                            indexOid, new Point.Relation(indexOid, indexOid, 'i', table + "_idx", table + "_idx", tableOid, 0,
                                    true, false, 0));
                    Watcher.Watched watched = watcher.watch(pid, () -> execute(migration, "DO $$ BEGIN EXECUTE 'DROP INDEX " + table
                            + "_idx'; PERFORM pg_sleep(0.3); END $$"), List.of(), known);

                    assertThat((Throwable) watched.failure()).isNull();
                    assertThat(watched.locks()).as(table).anyMatch(l -> l.relation() == tableOid && l.mode() == LockMode.ACCESS_EXCLUSIVE);
                    if (live) {
                        assertThat(watched.locks()).anyMatch(l -> l.relation() == indexOid && l.mode() == LockMode.ACCESS_EXCLUSIVE);
                    } else {
                        assertThat(watched.locks()).noneMatch(l -> l.relation() == indexOid);
                    }
                }
            }
        }
    }

    private static long oid(Connection c, String relation) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT '" + relation + "'::regclass::oid")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Watches {@code DROP INDEX CONCURRENTLY} on a new table that another session holds in SHARE UPDATE EXCLUSIVE mode
     * (as autovacuum does): the gate gives up after its 2 s lock_timeout, and the statement queues behind the other
     * session, which lets go half a second after it sees it queued (the watcher polls every 16 ms at most) when
     * {@code letGo}, else when the watch is over.
     */
    private static Watcher.Watched behindAnotherSession(DataSource data, String table, String setting, boolean letGo)
            throws Exception {
        try (Connection migration = data.getConnection(); Connection other = data.getConnection()) {
            execute(migration, "CREATE TABLE " + table + " (id int PRIMARY KEY, title text);"
                    + " CREATE INDEX " + table + "_title_idx ON " + table + " (title)");
            if (!setting.isEmpty()) {
                execute(migration, setting);
            }
            other.setAutoCommit(false);
            execute(other, "LOCK TABLE " + table + " IN SHARE UPDATE EXCLUSIVE MODE");
            int pid = migration.unwrap(org.postgresql.PGConnection.class).getBackendPID();
            int otherPid = other.unwrap(org.postgresql.PGConnection.class).getBackendPID();
            CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
                if (!letGo) {
                    return;
                }
                try (Connection look = data.getConnection(); Statement st = look.createStatement()) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (System.nanoTime() < deadline) {
                        try (ResultSet rs = st.executeQuery("SELECT " + otherPid + " = ANY(pg_blocking_pids(" + pid + "))")) {
                            rs.next();
                            if (rs.getBoolean(1)) {
                                Thread.sleep(500);
                                break;
                            }
                        }
                        Thread.sleep(20);
                    }
                    other.rollback();
                } catch (SQLException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Watcher watcher = new Watcher(data.getConnection(), data.getConnection(),
                    new Probe(data.getConnection(), Duration.ofMillis(50)))) {
                return watcher.watch(pid, () -> execute(migration, "DROP INDEX CONCURRENTLY " + table + "_title_idx"),
                        List.of("public." + table), Map.of());
            } finally {
                release.get();
                other.rollback();
            }
        }
    }
}
