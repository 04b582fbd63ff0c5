package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.readiness.GateState.PENDING;
import static io.github.schemaverify.readiness.GateState.READY;
import static io.github.schemaverify.readiness.GateState.RUNNING;
import static io.github.schemaverify.readiness.ReadinessLevel.FULL_READY;
import static io.github.schemaverify.readiness.ReadinessLevel.ONLINE_PARTIAL;
import static io.github.schemaverify.testing.EngineRun.entries;
import static io.github.schemaverify.testing.EngineRun.failures;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.schemaverify.readiness.Gate;
import io.github.schemaverify.readiness.GateTransition;
import io.github.schemaverify.readiness.ReadinessTimeline;
import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;

/**
 * The staged bootstrap of @MigratedDatabase, observed through the ReadinessTimeline parameter. The fixtures publish
 * what they saw as report entries; the tests read them back from the run.
 */
class ReadinessBootstrapTest {

    /** Publishes the levels the timeline went through, every gate's path and the order gates finished in. */
    static void publish(ReadinessTimeline timeline, TestReporter reporter) {
        reporter.publishEntry("levels", String.join(" -> ", timeline.levels().stream().map(l -> l.level().wireName()).toList()));
        reporter.publishEntry("gates", String.join("; ", timeline.gates().stream().map(g -> path(timeline, g)).toList()));
        reporter.publishEntry("finished", String.join(", ", timeline.transitions().stream().filter(t -> t.to().finished())
                .map(GateTransition::gate).toList()));
        timeline.heartbeat().ifPresent(file -> reporter.publishEntry("heartbeat", file.toString()));
    }

    private static String path(ReadinessTimeline timeline, Gate gate) {
        List<String> states = new ArrayList<>(List.of(PENDING.wireName()));
        timeline.transitions().stream().filter(t -> t.gate().equals(gate.name())).forEach(t -> states.add(t.to().wireName()));
        return gate.name() + (gate.critical() ? " (critical): " : " (optional): ") + String.join(" -> ", states)
                + gate.failure().map(f -> " — " + f).orElse("");
    }

    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class DefaultBootstrap {
        @Test
        void publishes_its_timeline(ReadinessTimeline timeline, TestReporter reporter) {
            publish(timeline, reporter);
        }
    }

    @Test
    void the_default_bootstrap_goes_offline_online_online_partial_full_ready_with_every_gate_in_order() throws Exception {
        EngineExecutionResults results = EngineRun.of(DefaultBootstrap.class).execute();
        results.testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(entries(results, "levels")).containsExactly("offline -> online -> online_partial -> full_ready");
        assertThat(entries(results, "gates")).containsExactly("server (critical): pending -> running -> ready;"
                + " database (critical): pending -> running -> ready; extensions (critical): pending -> running -> ready;"
                + " migrations (critical): pending -> running -> ready; db_index_load (critical): pending -> running -> ready;"
                + " vector_seeding (optional): pending -> skipped; analyze (optional): pending -> running -> ready");
        assertThat(entries(results, "finished")).containsExactly("server, database, extensions, migrations, db_index_load,"
                + " vector_seeding, analyze");
        var heartbeat = new ObjectMapper().readTree(Files.readString(Path.of(entries(results, "heartbeat").get(0))));
        assertThat(heartbeat.get("level").asText()).isEqualTo("full_ready");
        assertThat(heartbeat.get("gates")).hasSize(7);
    }

    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class AsyncSeeding {
        /** Holds the seeding stage until the test has seen the level it starts at (a stage is static: so is its latch). */
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        @ReadinessStage(name = "vector_seeding", async = true)
        static void seed(DataSource dataSource) throws Exception {
            if (!RELEASE.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            try (Connection c = dataSource.getConnection()) {
                c.createStatement().execute("INSERT INTO documents (title, content_hash, embedding) VALUES"
                        + " ('a', 'h1', '[1,0,0]'), ('b', 'h2', '[0,1,0]')");
            }
        }

        @Test
        void starts_while_seeding_runs_and_waits_for_full_ready(ReadinessTimeline timeline, TestDatabase db, TestReporter reporter)
                throws SQLException {
            reporter.publishEntry(Map.of("levelAtStart", timeline.level().wireName(),
                    "seedingAtStart", timeline.gate("vector_seeding").orElseThrow().state().wireName()));
            RELEASE.countDown();
            timeline.awaitLevel(FULL_READY, Duration.ofSeconds(30));
            try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM documents")) {
                rs.next();
                reporter.publishEntry("rows", Integer.toString(rs.getInt(1)));
            }
            assertThat(timeline).passedThroughLevels(ONLINE_PARTIAL, FULL_READY);
            assertThat(timeline).gate("vector_seeding").hasTransitions(PENDING, RUNNING, READY);
            assertThat(timeline).gateReadyBefore("vector_seeding", "analyze");
        }
    }

    @Test
    void an_async_optional_stage_lets_the_test_observe_online_partial_then_full_ready() {
        EngineExecutionResults results = EngineRun.of(AsyncSeeding.class).execute();
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(entries(results, "levelAtStart")).containsExactly("online_partial");
        assertThat(entries(results, "seedingAtStart")).singleElement().isIn("pending", "running");
        assertThat(entries(results, "rows")).containsExactly("2");
    }

    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class FailingOptionalStage {
        @ReadinessStage
        static void cache_warmup() {
            throw new IllegalStateException("cache server down");
        }

        @Test
        void publishes_its_timeline(ReadinessTimeline timeline, TestReporter reporter) {
            publish(timeline, reporter);
        }
    }

    @Test
    void a_failing_optional_stage_leaves_online_partial_with_the_failure_recorded() {
        EngineExecutionResults results = EngineRun.of(FailingOptionalStage.class).execute();
        results.testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(entries(results, "levels")).containsExactly("offline -> online -> online_partial");
        assertThat(entries(results, "gates")).singleElement().asString().contains("; cache_warmup (optional): pending -> running"
                + " -> failed — IllegalStateException: cache server down; ");
    }

    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class FailingCriticalStage {
        @ReadinessStage(critical = true)
        static void search_index(TestDatabase db) {
            throw new IllegalStateException("index build failed");
        }

        @Test
        void needs_the_database(DataSource ds) {
        }
    }

    @Test
    void a_failing_critical_stage_fails_the_tests_that_need_the_database_with_its_error() {
        EngineExecutionResults results = EngineRun.of(FailingCriticalStage.class).execute();
        results.testEvents().assertStatistics(s -> s.failed(1));
        assertThat(failures(results)).singleElement().asString()
                .startsWith("Failed to resolve parameter [javax.sql.DataSource ds] in method [void "
                        + FailingCriticalStage.class.getName().replace('$', '$') + ".needs_the_database(javax.sql.DataSource)]:"
                        + " The database bootstrap failed at a critical gate (search_index: IllegalStateException: index build"
                        + " failed).\nlevel failed\n")
                .contains("  search_index (critical): failed after ");
    }

    @MigratedDatabase(locations = "classpath:fixtures/needs_postgis")
    static class MissingExtension {
        @Test
        void needs_the_database(DataSource ds) {
        }
    }

    @Test
    void an_extension_the_server_lacks_fails_up_front_naming_the_migration() {
        assertThat(failures(EngineRun.of(MissingExtension.class).execute())).singleElement().asString()
                .matches("(?s)Extension \"postgis\" is not available on (LOCAL|CONTAINER|EXTERNAL) .*")
                .endsWith(", and V1__geo.sql creates it. Install the extension's package for this server, or choose a server"
                        + " or image that has it.");
    }

    @MigratedDatabase
    static class ChainDatabase {
        @Test
        void needs_the_database(DataSource ds) {
        }
    }

    @Test
    void an_extension_the_server_lacks_fails_up_front_naming_the_callback_that_creates_it() {
        // Flyway runs beforeMigrate.sql before the first migration: a common home of CREATE EXTENSION
        Chain chain = Chain.empty().with("beforeMigrate.sql", "CREATE EXTENSION IF NOT EXISTS postgis;\n")
                .with("V1__places.sql", "CREATE TABLE places (id int);\n");
        assertThat(failures(EngineRun.of(ChainDatabase.class).param("schemaverify.locations", chain.location()).execute()))
                .singleElement().asString()
                .matches("(?s)Extension \"postgis\" is not available on (LOCAL|CONTAINER|EXTERNAL) .*")
                .endsWith(", and beforeMigrate.sql creates it. Install the extension's package for this server, or choose a"
                        + " server or image that has it.");
    }

    @Test
    void an_index_of_a_partitioned_table_that_not_every_partition_has_attached_fails_db_index_load_naming_why() {
        Chain chain = Chain.empty().with("V1__events.sql", """
                CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);
                CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
                CREATE INDEX events_id_idx ON ONLY events (id);
                CREATE INDEX events_2026_id_idx ON events_2026 (id);
                ALTER INDEX events_id_idx ATTACH PARTITION events_2026_id_idx;
                """);
        assertThat(failures(EngineRun.of(ChainDatabase.class).param("schemaverify.locations", chain.location()).execute()))
                .singleElement().asString().contains("The database bootstrap failed at a critical gate (db_index_load:"
                        + " IllegalStateException: indexes not valid and ready: public.events_id_idx (a partitioned table's"
                        + " index created ON ONLY stays so until every partition has an index attached to it: ALTER INDEX ..."
                        + " ATTACH PARTITION the missing ones)).\n");
    }

    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class NonStaticStage {
        @ReadinessStage
        void notStatic() {
        }

        @Test
        void needs_the_database(DataSource ds) {
        }
    }

    @Test
    void a_stage_that_is_not_static_fails_naming_the_method() {
        assertThat(failures(EngineRun.of(NonStaticStage.class).execute())).singleElement().asString()
                .endsWith("@ReadinessStage method " + NonStaticStage.class.getName() + "#notStatic must be static: stages run"
                        + " before the test instance exists.");
    }
}
