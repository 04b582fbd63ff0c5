package com.example.memory;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.readiness.GateState.PENDING;
import static io.github.schemaverify.readiness.GateState.READY;
import static io.github.schemaverify.readiness.GateState.RUNNING;
import static io.github.schemaverify.readiness.ReadinessLevel.FULL_READY;
import static io.github.schemaverify.readiness.ReadinessLevel.ONLINE_PARTIAL;

import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.github.schemaverify.readiness.ReadinessRecorder;
import io.github.schemaverify.readiness.ReadinessTimeline;

/**
 * The service's own readiness, observed: it must report online_partial while vectors seed and full_ready only after,
 * never more than its stages justify.
 */
@AgentMemoryDatabase
class BootstrapReadinessTest {

    static void seedDefaultMemories(DataSource dataSource) throws Exception {
        MemoryStore store = new MemoryStore(dataSource);
        UUID bot = store.createBot(store.createTenant("default"), "concierge", "default-concierge");
        for (int i = 0; i < 20; i++) { // a background job that takes a moment, as embedding real content does
            store.remember(bot, "default memory " + i, new float[] {i, 1, 0});
            Thread.sleep(5);
        }
    }

    @Test
    void reports_online_partial_while_seeding_and_full_ready_only_after(DataSource dataSource, Flyway flyway) throws Exception {
        ReadinessTimeline timeline;
        try (Bootstrapper service = new Bootstrapper(dataSource, flyway, BootstrapReadinessTest::seedDefaultMemories);
             ReadinessRecorder recorder = ReadinessRecorder.observe(service::readiness).optional("vector_seeding").start()) {
            service.start();
            timeline = recorder.timeline();
            timeline.awaitLevel(FULL_READY, Duration.ofSeconds(30));
        }
        assertThat(timeline).passedThroughLevels(ONLINE_PARTIAL, FULL_READY).reportedLevelsHonestly().hasNoBackwardTransitions()
                .gateReadyBefore("migrations", "db_index_load").gateReadyBefore("db_index_load", "vector_seeding");
        assertThat(timeline).gate("vector_seeding").hasTransitions(PENDING, RUNNING, READY).isOptional();
        assertThat(timeline).gate("migrations").isCritical().isReady();
    }
}
