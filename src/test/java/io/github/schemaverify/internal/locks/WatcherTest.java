package io.github.schemaverify.internal.locks;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
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
 * statement was over before the next poll saw it holding the lock).
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
        try (Connection migration = data.getConnection(); Connection other = data.getConnection()) {
            execute(migration, "CREATE TABLE watched (id int PRIMARY KEY, title text);"
                    + " CREATE INDEX watched_title_idx ON watched (title)");
            other.setAutoCommit(false);
            execute(other, "LOCK TABLE watched IN SHARE UPDATE EXCLUSIVE MODE"); // as autovacuum does
            int pid = migration.unwrap(org.postgresql.PGConnection.class).getBackendPID();
            int otherPid = other.unwrap(org.postgresql.PGConnection.class).getBackendPID();
            // the gate gives up after its 2 s lock_timeout; the statement then waits for the other session, which lets
            // go half a second after it sees the statement queued behind it (the watcher polls every 16 ms at most)
            CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
                try (Connection look = data.getConnection(); Statement st = look.createStatement()) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (System.nanoTime() < deadline) {
                        try (java.sql.ResultSet rs = st.executeQuery("SELECT " + otherPid + " = ANY(pg_blocking_pids(" + pid + "))")) {
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
            Watcher.Watched watched;
            try (Watcher watcher = new Watcher(data.getConnection(), data.getConnection(),
                    new Probe(data.getConnection(), Duration.ofMillis(50)))) {
                watched = watcher.watch(pid, () -> execute(migration, "DROP INDEX CONCURRENTLY watched_title_idx"),
                        List.of("public.watched"), Map.of());
            }
            release.get();

            assertThat((Throwable) watched.failure()).isNull();
            assertThat(watched.locks()).extracting(Watcher.Seen::mode).contains(LockMode.SHARE_UPDATE_EXCLUSIVE);
            assertThat(watched.waits()).containsExactly("relation");
        }
    }
}
