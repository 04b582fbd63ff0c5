package io.github.schemaverify.internal.migration;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.testing.EngineRun.failures;
import static org.assertj.core.api.Assertions.as;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.schemaverify.Engine;
import io.github.schemaverify.Isolation;
import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.RevisionStep;
import io.github.schemaverify.ServerMode;
import io.github.schemaverify.VerifyRoundTrip;
import io.github.schemaverify.internal.config.Config;
import io.github.schemaverify.internal.config.ServerSettings;
import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.db.Provisioner;
import io.github.schemaverify.testing.EngineRun;
import io.github.schemaverify.testing.TestCluster;

/**
 * Issue 13 item 9: a long migration says what it runs, and an optional statement timeout names what it cancelled; in a
 * template build and in a round trip's walk alike.
 */
@ExtendWith(TestCluster.Resolver.class)
class MigrationWatchTest {

    @Test
    void a_long_migration_prints_progress_lines_naming_the_revision_the_line_and_the_statement(TestCluster cluster) {
        List<String> console = new CopyOnWriteArrayList<>();
        Config config = new Config("test", List.of("classpath:fixtures/slow"), Engine.FLYWAY, List.of(), Config.LATEST,
                new TreeMap<>(java.util.Map.of("SLEEP_SECONDS", "2")), List.of("public"), Isolation.PER_METHOD,
                new ServerSettings(ServerMode.EXTERNAL, "", Optional.of(cluster.url()), Optional.of(cluster.user()),
                        Optional.of(cluster.password()), Optional.empty(), "postgres", Duration.ofMillis(300), Optional.empty(), Optional.empty()));
        try (Provisioner provisioner = new Provisioner(console::add, 0)) {
            DatabaseManager manager = provisioner.manager(config.server());
            provisioner.template(manager, MigrationPlan.prepare(config, getClass().getClassLoader()));
        }

        assertThat(console).isNotEmpty().allMatch(l -> l.startsWith("SchemaVerify: still migrating "))
                .anyMatch(l -> l.matches("SchemaVerify: still migrating V2__slow\\.sql \\(line 3: SELECT pg_sleep\\(2\\)\\) for 1\\.\\d s"));
        assertThat(cluster.svDatabases()).isEmpty();
    }

    @Test
    void progress_lines_show_no_password_of_the_statement_that_runs_nor_of_the_session_it_waits_for(TestCluster cluster)
            throws Exception {
        String role = "sv_watch_pw_" + ProcessHandle.current().pid();
        cluster.execute("CREATE ROLE " + role);
        List<String> console = new CopyOnWriteArrayList<>();
        Config config = new Config("test", List.of("classpath:fixtures/rolepassword"), Engine.FLYWAY, List.of(), Config.LATEST,
                new TreeMap<>(java.util.Map.of("ROLE", role)), List.of("public"), Isolation.PER_METHOD,
                new ServerSettings(ServerMode.EXTERNAL, "", Optional.of(cluster.url()), Optional.of(cluster.user()),
                        Optional.of(cluster.password()), Optional.empty(), "postgres", Duration.ofMillis(300), Optional.empty(), Optional.empty()));
        try (java.sql.Connection other = cluster.connect(); Provisioner provisioner = new Provisioner(console::add, 0)) {
            other.setAutoCommit(false);
            try (java.sql.Statement st = other.createStatement()) {
                st.execute("ALTER ROLE " + role + " PASSWORD 'hunter2-other'"); // the role's row stays locked until the rollback
            }
            Thread release = new Thread(() -> {
                try {
                    // until the watch has seen the script wait, and said so
                    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (console.stream().noneMatch(l -> l.contains("waits for a lock")) && System.nanoTime() < until) {
                        Thread.sleep(50);
                    }
                    other.rollback();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            release.start();
            DatabaseManager manager = provisioner.manager(config.server());
            provisioner.template(manager, MigrationPlan.prepare(config, getClass().getClassLoader()));
            release.join();
        } finally {
            cluster.execute("DROP ROLE " + role);
        }

        assertThat(console).as(String.join("\n", console)).noneMatch(l -> l.contains("hunter2"))
                .anyMatch(l -> l.matches("SchemaVerify: still migrating V1__password\\.sql \\(line 2: ALTER ROLE " + role
                        + " LOGIN PASSWORD '\\*{8}'\\) for \\d+\\.\\d s; it waits for a lock that another session holds \\(pid \\d+:"
                        + " ALTER ROLE " + role + " PASSWORD '\\*{8}'\\)"));
        assertThat(cluster.svDatabases()).isEmpty();
    }

    @MigratedDatabase(locations = "classpath:fixtures/slow", placeholders = "SLEEP_SECONDS=30")
    static class SlowFixture {
        @org.junit.jupiter.api.Test
        void test(DataSource ds) {
        }
    }

    @Test
    void a_statement_over_the_timeout_fails_naming_the_revision_the_line_the_statement_and_the_property(TestCluster cluster) {
        List<String> before = cluster.databases();
        long start = System.nanoTime();

        EngineExecutionResults results = EngineRun.of(SlowFixture.class).on(cluster).param("schemaverify.statementTimeout", "1s")
                .execute();

        assertThat(failures(results)).containsExactly("""
                Migration V2__slow.sql was cancelled at line 3 after running longer than schemaverify.statementTimeout (1 s): \
                SELECT pg_sleep(30)
                The migrations after it were not applied. If the statement is meant to take this long, raise \
                schemaverify.statementTimeout (or unset it); otherwise make it faster, for example with CREATE INDEX \
                CONCURRENTLY or a backfill in batches.""");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));
        assertThat(cluster.databases()).isEqualTo(before);
    }

    @Test
    void a_progress_interval_that_is_not_a_duration_is_misuse_named_with_the_fix(TestCluster cluster) {
        EngineExecutionResults results = EngineRun.of(SlowFixture.class).on(cluster).param("schemaverify.progress", "soon").execute();

        assertThat(failures(results)).containsExactly("@MigratedDatabase on " + SlowFixture.class.getName() + ": property"
                + " schemaverify.progress is \"soon\", which is not a duration. Use a number with a unit, such as 500ms, 10s or"
                + " 2m, or off for no progress lines.");
    }

    @MigratedDatabase
    static class RoundTrip {
        @VerifyRoundTrip
        void walk(RevisionStep step) {
        }
    }

    /** Runs the round trip of the fixture {@code set} on the cluster; returns its failures and what it printed. */
    private static List<String> walk(TestCluster cluster, String set, List<String> printed, String... params) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            EngineRun run = EngineRun.of(RoundTrip.class).on(cluster).param("schemaverify.locations",
                    "classpath:fixtures/roundtrip/" + set).param("schemaverify.templateCache", "0");
            for (int i = 0; i < params.length; i += 2) {
                run.param(params[i], params[i + 1]);
            }
            return failures(run.execute());
        } finally {
            System.setOut(original);
            printed.addAll(captured.toString(StandardCharsets.UTF_8).lines().toList());
        }
    }

    @Test
    void an_undo_that_runs_long_in_the_walk_prints_progress_lines_naming_it_the_line_and_the_statement(TestCluster cluster) {
        List<String> printed = new java.util.ArrayList<>();

        List<String> failures = walk(cluster, "slowundo", printed, "schemaverify.placeholders", "SLEEP_SECONDS=2",
                "schemaverify.progress", "300ms");

        assertThat(failures).isEmpty();
        // Flyway never runs an undo script: these lines are the walk's
        assertThat(printed).anyMatch(l -> l.matches("SchemaVerify: still migrating U2__marker\\.sql in the round trip \\(line 3: SELECT"
                + " pg_sleep\\(2\\)\\) for 1\\.\\d s"));
        assertThat(cluster.svDatabases()).isEmpty();
    }

    @Test
    void an_undo_over_the_statement_timeout_fails_in_the_walk_naming_the_property(TestCluster cluster) {
        long start = System.nanoTime();

        List<String> failures = walk(cluster, "slowundo", new java.util.ArrayList<>(), "schemaverify.placeholders",
                "SLEEP_SECONDS=30", "schemaverify.statementTimeout", "1s");

        assertThat(failures).containsExactly("""
                [U2__marker.sql, down]
                Expecting the undo of V2 to apply,
                but U2__marker.sql failed at line 3: ERROR: canceling statement due to statement timeout
                  in the statement at line 3:
                    SELECT pg_sleep(30)
                  (cancelled after running longer than schemaverify.statementTimeout (1 s); if the statement is meant to \
                take this long, raise schemaverify.statementTimeout (or unset it))
                Fix the statement in classpath:fixtures/roundtrip/slowundo/U2__marker.sql.""");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));
        assertThat(cluster.svDatabases()).isEmpty();
    }

    @Test
    void a_java_migration_waiting_for_a_connection_it_opened_is_named_in_progress_lines_and_by_the_timeout(TestCluster cluster) {
        List<String> printed = new java.util.ArrayList<>();
        long start = System.nanoTime();

        List<String> failures = walk(cluster, "javaselflock", printed, "schemaverify.progress", "500ms",
                "schemaverify.statementTimeout", "3s");

        String waits = "another session of its database %s for a lock its transaction %s \\(pid \\d+: UPDATE notes SET body ="
                + " body\\): if the migration opened that session \\(a Java migration's connection from Flyway's data source\\), the"
                + " migration waits for itself and would never end, under Flyway too; run that statement on the migration's own"
                + " connection \\(context\\.getConnection\\(\\)\\)";
        assertThat(failures).singleElement(as(InstanceOfAssertFactories.STRING)).matches("""
                \\[V2__tag, up\\]
                Expecting V2 to apply,
                but V2__tag failed: ERROR: canceling statement due to statement timeout
                  \\(cancelled after running longer than schemaverify\\.statementTimeout \\(3 s\\), while %s\\)
                Fix the Java migration fixtures\\.roundtrip\\.javaselflock\\.V2__tag; undo all and the re-apply by Flyway \
                cannot run until it applies\\.""".formatted(waits.formatted("waited", "held")));
        assertThat(printed).as(String.join("\n", printed))
                .anyMatch(l -> l.matches("SchemaVerify: still migrating V2__tag in the round trip for \\d\\.\\d s; " + waits.formatted("waits", "holds")));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(40));
        assertThat(cluster.svDatabases()).isEmpty();
    }
}
