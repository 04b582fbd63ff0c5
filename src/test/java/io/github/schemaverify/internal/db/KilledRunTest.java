package io.github.schemaverify.internal.db;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.RevisionStep;
import io.github.schemaverify.VerifyRoundTrip;
import io.github.schemaverify.internal.server.ExternalServer;
import io.github.schemaverify.testing.Await;
import io.github.schemaverify.testing.RunToKill;
import io.github.schemaverify.testing.TestCluster;

/**
 * Issue 13 item 5: a run killed with SIGKILL or SIGTERM in the middle of a template build, a clone or a round trip
 * leaves databases on a shared server; the next run removes exactly those, and leaves alone a live run's databases, a
 * hand-made {@code sv_mine}, a database named as an earlier version named them ({@code sv_<16 hex>}) without a comment,
 * and one named as this version names them whose comment is not SchemaVerify's.
 */
@ExtendWith(TestCluster.Resolver.class)
@Timeout(180)
class KilledRunTest {
    private static final String LIVE_HASH = "1c".repeat(32);

    @ParameterizedTest(name = "{1} during a {0}")
    @CsvSource({"build, KILL", "build, TERM", "clone, KILL", "clone, TERM", "roundtrip, KILL", "roundtrip, TERM"})
    void the_next_run_removes_exactly_what_a_killed_run_left(String during, String signal, TestCluster cluster) throws Exception {
        cluster.execute("CREATE DATABASE sv_mine");
        cluster.execute("CREATE DATABASE sv_0123456789abcdef");
        cluster.execute("CREATE DATABASE sv_01234567_deadbeef");
        cluster.execute("COMMENT ON DATABASE sv_01234567_deadbeef IS 'made by hand'");
        try {
            killedRunIsReaped(during, signal, cluster);
        } finally {
            cluster.execute("DROP DATABASE sv_mine");
            cluster.execute("DROP DATABASE sv_0123456789abcdef");
            cluster.execute("DROP DATABASE sv_01234567_deadbeef");
        }
    }

    private void killedRunIsReaped(String during, String signal, TestCluster cluster) throws Exception {
        try (DatabaseManager live = manager(cluster, s -> { })) {
            live.cloneOf(live.template(LIVE_HASH, name -> { }));
            List<String> before = cluster.databases();
            Set<Long> tokensBefore = heldTokens(cluster);

            List<String> output = kill(during, signal, cluster);

            // a CREATE DATABASE in flight when the JVM died still completes on the server: look once its session is gone
            Await.until("the killed run's sessions to end", Duration.ofSeconds(20), () -> heldTokens(cluster).equals(tokensBefore));
            List<String> left = new ArrayList<>(cluster.databases());
            left.removeAll(before);
            List<String> console = new CopyOnWriteArrayList<>();
            manager(cluster, console::add).close();

            assertThat(cluster.databases()).as("databases after the next run; the killed run printed %s", output).isEqualTo(before);
            if (signal.equals("KILL")) {
                assertThat(left).as("what kill -9 left").isNotEmpty();
            } else {
                assertThat(output).anyMatch(l -> l.startsWith("SchemaVerify: the JVM stopped before run "));
            }
            if (!left.isEmpty()) {
                assertThat(console).singleElement().asString().startsWith("SchemaVerify: removed " + left.size() + " database")
                        .contains(left);
            }
        }
        assertThat(cluster.svDatabases()).containsExactly("sv_0123456789abcdef", "sv_01234567_deadbeef", "sv_mine");
    }

    /** Starts a run in its own JVM, waits for its marker line, sends the signal, and returns what it printed. */
    private static List<String> kill(String during, String signal, TestCluster cluster) throws Exception {
        List<String> main = new ArrayList<>(List.of(RunToKill.class.getName(), during));
        if (during.equals("roundtrip")) {
            main.add(BlockingRoundTrip.class.getName());
        }
        String marker = switch (during) {
            case "build" -> "BUILDING ";
            case "clone" -> "CLONE ";
            default -> "WALKING ";
        };
        return RunToKill.killAt(main, cluster, marker, during.equals("clone") ? 3 : 1, signal);
    }

    static DatabaseManager manager(TestCluster cluster, java.util.function.Consumer<String> console) {
        return new DatabaseManager(ExternalServer.connect(cluster.url(), Optional.of(cluster.user()), Optional.of(cluster.password())),
                console);
    }

    static Set<Long> heldTokens(TestCluster cluster) {
        Set<Long> held = new HashSet<>();
        try (Connection c = cluster.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND classid::bigint = " + RunToken.RUN_CLASS
                        + " AND objsubid = 2 AND granted")) {
            while (rs.next()) {
                held.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return held;
    }

    /** Run by {@link RunToKill} in the child JVM only: its round trip stops in the middle and waits to be killed. */
    @MigratedDatabase(locations = "classpath:fixtures/roundtrip/plain")
    static class BlockingRoundTrip {
        @VerifyRoundTrip
        void walk(RevisionStep step) throws InterruptedException {
            System.out.println("WALKING " + step.version());
            System.out.flush();
            if (Boolean.getBoolean("schemaverify.test.block")) {
                new CountDownLatch(1).await();
            }
        }
    }
}
