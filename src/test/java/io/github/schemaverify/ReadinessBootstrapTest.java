package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.readiness.GateState.PENDING;
import static io.github.schemaverify.readiness.GateState.READY;
import static io.github.schemaverify.readiness.GateState.RUNNING;
import static io.github.schemaverify.readiness.GateState.SKIPPED;
import static io.github.schemaverify.readiness.ReadinessLevel.FULL_READY;
import static io.github.schemaverify.readiness.ReadinessLevel.OFFLINE;
import static io.github.schemaverify.readiness.ReadinessLevel.ONLINE;
import static io.github.schemaverify.readiness.ReadinessLevel.ONLINE_PARTIAL;
import static io.github.schemaverify.testing.EngineRun.failures;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.schemaverify.readiness.GateState;
import io.github.schemaverify.readiness.ReadinessLevel;
import io.github.schemaverify.readiness.ReadinessTimeline;
import io.github.schemaverify.testing.EngineRun;

/** The staged bootstrap of @MigratedDatabase, observed through the ReadinessTimeline parameter. */
class ReadinessBootstrapTest {

    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class DefaultBootstrap {
        static ReadinessTimeline seen;

        @Test
        void test(ReadinessTimeline timeline) {
            seen = timeline;
        }
    }

    @Test
    void the_default_bootstrap_goes_offline_online_online_partial_full_ready_with_every_gate_in_order() throws Exception {
        EngineRun.of(DefaultBootstrap.class).execute().testEvents().assertStatistics(s -> s.succeeded(1));
        ReadinessTimeline t = DefaultBootstrap.seen;
        assertThat(t).passedThroughLevels(OFFLINE, ONLINE, ONLINE_PARTIAL, FULL_READY).hasNoBackwardTransitions()
                .gateReadyBefore("server", "database").gateReadyBefore("migrations", "db_index_load");
        for (String gate : new String[] {"server", "database", "extensions", "migrations", "db_index_load", "analyze"}) {
            assertThat(t).gate(gate).hasTransitions(PENDING, RUNNING, READY);
        }
        assertThat(t).gate("vector_seeding").hasTransitions(PENDING, SKIPPED).isOptional();
        assertThat(t).gate("db_index_load").isCritical();
        assertThat(t.transitions()).extracting(tr -> tr.gate()).containsSubsequence(
                "server", "database", "extensions", "migrations", "db_index_load", "vector_seeding", "analyze");
        var heartbeat = new ObjectMapper().readTree(Files.readString(t.heartbeat().orElseThrow()));
        assertThat(heartbeat.get("level").asText()).isEqualTo("full_ready");
        assertThat(heartbeat.get("gates")).hasSize(7);
    }

    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class AsyncSeeding {
        static final CountDownLatch RELEASE = new CountDownLatch(1);
        static ReadinessLevel levelAtStart;
        static GateState seedingAtStart;
        static int rows;

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
        void test(ReadinessTimeline timeline, TestDatabase db) throws SQLException {
            levelAtStart = timeline.level();
            seedingAtStart = timeline.gate("vector_seeding").orElseThrow().state();
            RELEASE.countDown();
            timeline.awaitLevel(FULL_READY, Duration.ofSeconds(30));
            try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM documents")) {
                rs.next();
                rows = rs.getInt(1);
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
        assertThat(AsyncSeeding.levelAtStart).isEqualTo(ONLINE_PARTIAL);
        assertThat(AsyncSeeding.seedingAtStart).isIn(PENDING, RUNNING);
        assertThat(AsyncSeeding.rows).isEqualTo(2);
    }

    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class FailingOptionalStage {
        static ReadinessTimeline seen;

        @ReadinessStage
        static void cache_warmup() {
            throw new IllegalStateException("cache server down");
        }

        @Test
        void test(ReadinessTimeline timeline) {
            seen = timeline;
        }
    }

    @Test
    void a_failing_optional_stage_leaves_online_partial_with_the_failure_recorded() {
        EngineRun.of(FailingOptionalStage.class).execute().testEvents().assertStatistics(s -> s.succeeded(1));
        ReadinessTimeline t = FailingOptionalStage.seen;
        assertThat(t.level()).isEqualTo(ONLINE_PARTIAL);
        assertThat(t).gate("cache_warmup").failedWith("IllegalStateException: cache server down").isOptional();
        assertThat(t).neverReachedLevel(FULL_READY);
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
        void test(DataSource ds) {
        }
    }

    @Test
    void an_extension_the_server_lacks_fails_up_front_naming_the_migration() {
        assertThat(failures(EngineRun.of(MissingExtension.class).execute())).singleElement().asString()
                .matches("(?s)Extension \"postgis\" is not available on (LOCAL|CONTAINER|EXTERNAL) .*")
                .endsWith(", and V1__geo.sql creates it. Install the extension's package for this server, or choose a server"
                        + " or image that has it.");
    }

    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class NonStaticStage {
        @ReadinessStage
        void notStatic() {
        }

        @Test
        void test(DataSource ds) {
        }
    }

    @Test
    void a_stage_that_is_not_static_is_named() {
        assertThat(failures(EngineRun.of(NonStaticStage.class).execute())).singleElement().asString()
                .endsWith("@ReadinessStage method " + NonStaticStage.class.getName() + "#notStatic must be static: stages run"
                        + " before the test instance exists.");
    }
}
