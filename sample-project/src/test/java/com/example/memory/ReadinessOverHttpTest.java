package com.example.memory;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.readiness.GateState.PENDING;
import static io.github.schemaverify.readiness.GateState.READY;
import static io.github.schemaverify.readiness.GateState.RUNNING;
import static io.github.schemaverify.readiness.ReadinessLevel.FULL_READY;
import static io.github.schemaverify.readiness.ReadinessLevel.ONLINE_PARTIAL;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import io.github.schemaverify.readiness.ReadinessRecorder;
import io.github.schemaverify.readiness.ReadinessTimeline;

/**
 * The staged start observed the way an orchestrator sees it, over HTTP on {@code /actuator/health/readiness}: the
 * service reports {@code online_partial} (UP, serving) while its vectors seed and {@code full_ready} only after, never
 * more than its stages justify. The seeding waits for the test to open a gate, so the partial state is certain, not a
 * matter of timing; the stages run on the test's own clone.
 */
@AgentMemoryService
@Import(ReadinessOverHttpTest.GatedSeeding.class)
class ReadinessOverHttpTest {
    @Value("${local.server.port}")
    int port;
    @Autowired
    Bootstrapper bootstrapper;
    @Autowired
    CountDownLatch seedingGate;

    /** Seeds the default memories once the test opens the gate. */
    @TestConfiguration(proxyBeanMethods = false)
    static class GatedSeeding {
        @Bean
        CountDownLatch seedingGate() {
            return new CountDownLatch(1);
        }

        @Bean
        @Primary
        Bootstrapper.Seeder gatedSeeder(CountDownLatch seedingGate, Bootstrapper.Seeder defaultMemories) {
            return dataSource -> {
                if (!seedingGate.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the seeding gate");
                }
                defaultMemories.seed(dataSource);
            };
        }
    }

    @Test
    void readiness_reports_online_partial_while_vectors_seed_and_full_ready_only_after() throws Exception {
        Http http = new Http(port);
        assertThat(http.get("/actuator/health/readiness").statusCode()).as("before the start").isEqualTo(503);
        ReadinessTimeline timeline;
        try (ReadinessRecorder recorder = ReadinessRecorder.observe(() -> readiness(http)).optional("vector_seeding").start()) {
            bootstrapper.start();
            timeline = recorder.timeline();
            timeline.awaitLevel(ONLINE_PARTIAL, Duration.ofSeconds(30));
            assertThat(http.get("/actuator/health/readiness").statusCode()).as("serving while vectors seed").isEqualTo(200);
            seedingGate.countDown();
            timeline.awaitLevel(FULL_READY, Duration.ofSeconds(30));
        }
        assertThat(timeline).passedThroughLevels(ONLINE_PARTIAL, FULL_READY).reportedLevelsHonestly().hasNoBackwardTransitions()
                .gateReadyBefore("migrations", "db_index_load").gateReadyBefore("db_index_load", "vector_seeding");
        assertThat(timeline).gate("vector_seeding").hasTransitions(PENDING, RUNNING, READY).isOptional();
        assertThat(timeline).gate("migrations").isCritical().isReady();
    }

    /** The bootstrap's details in the readiness group, as the probe returns them: level and stages. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> readiness(Http http) {
        Map<String, Object> body = Http.map(http.get("/actuator/health/readiness"));
        Map<String, Object> bootstrap = (Map<String, Object>) ((Map<String, Object>) body.get("components")).get("bootstrap");
        Map<String, String> out = new LinkedHashMap<>();
        ((Map<String, Object>) bootstrap.get("details")).forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
