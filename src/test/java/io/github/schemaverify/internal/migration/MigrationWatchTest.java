package io.github.schemaverify.internal.migration;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.testing.EngineRun.failures;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.schemaverify.Engine;
import io.github.schemaverify.Isolation;
import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.ServerMode;
import io.github.schemaverify.internal.config.Config;
import io.github.schemaverify.internal.config.ServerSettings;
import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.db.Provisioner;
import io.github.schemaverify.testing.EngineRun;
import io.github.schemaverify.testing.TestCluster;

/** Issue 13 item 9: a long migration says what it runs, and an optional statement timeout names what it cancelled. */
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
}
