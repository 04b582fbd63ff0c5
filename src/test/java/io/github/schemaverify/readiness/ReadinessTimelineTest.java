package io.github.schemaverify.readiness;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.assertj.SchemaAssertions.assertThatThrownBy;
import static io.github.schemaverify.readiness.GateState.FAILED;
import static io.github.schemaverify.readiness.GateState.PENDING;
import static io.github.schemaverify.readiness.GateState.READY;
import static io.github.schemaverify.readiness.GateState.RUNNING;
import static io.github.schemaverify.readiness.ReadinessLevel.FULL_READY;
import static io.github.schemaverify.readiness.ReadinessLevel.OFFLINE;
import static io.github.schemaverify.readiness.ReadinessLevel.ONLINE;
import static io.github.schemaverify.readiness.ReadinessLevel.ONLINE_PARTIAL;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.schemaverify.assertj.SoftSchemaAssertions;
import io.github.schemaverify.internal.readiness.MutableTimeline;

/**
 * The readiness model on its own: levels, waiting, heartbeat, recorder, assertions. No database. The timelines are
 * moved through {@link MutableTimeline}, as the bootstrap moves them; what a test sees is the read-only interface.
 */
class ReadinessTimelineTest {
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);

    private static MutableTimeline bootstrap(Clock clock) {
        return new MutableTimeline(clock).declareReachability("server").declareReachability("database")
                .declare("migrations", true).declare("vector_seeding", false);
    }

    @Test
    void the_public_timeline_only_reads_and_waits() {
        List<String> methods = Arrays.stream(ReadinessTimeline.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers())).map(Method::getName).sorted().toList();
        assertThat(methods).containsExactly("awaitGate", "awaitLevel", "describe", "gate", "gates",
                "heartbeat", "level", "levels", "reportedLevels", "transitions");
        ReadinessTimeline foreign = (ReadinessTimeline) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ReadinessTimeline.class}, (proxy, method, args) -> null);
        assertThatThrownBy(() -> ReadinessRecorder.observe(foreign, Map::of)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ReadinessRecorder.observe records into a timeline SchemaVerify made (a ReadinessTimeline"
                        + " parameter or another recorder's timeline), not into a ");
    }

    @Test
    void the_level_follows_the_gates_an_optional_failure_stays_online_partial_and_a_critical_one_fails_the_bootstrap() {
        MutableTimeline t = bootstrap(FIXED);
        assertThat(t.level()).isEqualTo(OFFLINE);
        t.ready("server");
        t.ready("database");
        assertThat(t.level()).isEqualTo(ONLINE);
        t.start("migrations");
        t.ready("migrations");
        assertThat(t.level()).isEqualTo(ONLINE_PARTIAL);
        t.fail("vector_seeding", "embedding service down");
        assertThat(t.level()).isEqualTo(ONLINE_PARTIAL);
        assertThat(t).passedThroughLevels(OFFLINE, ONLINE, ONLINE_PARTIAL).neverReachedLevel(FULL_READY).hasNoBackwardTransitions();
        assertThat(t).gate("migrations").hasTransitions(PENDING, RUNNING, READY).isCritical();
        assertThat(t).gate("vector_seeding").failedWith("embedding service down").isOptional();

        MutableTimeline critical = bootstrap(FIXED);
        critical.ready("server");
        critical.fail("migrations", "V3 failed");
        assertThat(critical.level()).isEqualTo(ReadinessLevel.FAILED);
    }

    @Test
    void await_level_timing_out_names_every_gate_state() {
        MutableTimeline t = bootstrap(FIXED);
        t.ready("server");
        t.ready("database");
        t.start("migrations");
        assertThatThrownBy(() -> t.awaitLevel(FULL_READY, Duration.ofMillis(50))).isInstanceOf(ReadinessException.class)
                .hasMessage("""
                        Timed out after 50 ms waiting for level full_ready;
                        level online
                          server (critical): ready after 0 ms
                          database (critical): ready after 0 ms
                          migrations (critical): running
                          vector_seeding (optional): pending""");
        t.fail("migrations", "V3 failed");
        assertThatThrownBy(() -> t.awaitGate("vector_seeding", Duration.ofSeconds(10))).hasMessage("""
                The bootstrap failed while waiting for gate vector_seeding:
                level failed
                  server (critical): ready after 0 ms
                  database (critical): ready after 0 ms
                  migrations (critical): failed after 0 ms — V3 failed
                  vector_seeding (optional): pending""");
    }

    @Test
    void fifty_threads_waiting_at_once_are_all_released() throws Exception {
        MutableTimeline t = bootstrap(Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch waiting = new CountDownLatch(50);
        List<Future<ReadinessLevel>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(pool.submit(() -> {
                waiting.countDown();
                return t.awaitLevel(FULL_READY, Duration.ofSeconds(30));
            }));
        }
        waiting.await();
        for (String gate : List.of("server", "database", "migrations", "vector_seeding")) {
            t.ready(gate);
        }
        for (Future<ReadinessLevel> r : results) {
            assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo(FULL_READY);
        }
        pool.shutdown();
    }

    @Test
    void the_heartbeat_file_is_always_valid_json_even_while_it_is_rewritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("heartbeat.json");
        MutableTimeline t = new MutableTimeline().writeHeartbeatTo(file);
        ObjectMapper json = new ObjectMapper();
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<Throwable> broken = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    JsonNode node = json.readTree(Files.readString(file));
                    if (!node.has("level") || !node.get("gates").isArray()) {
                        broken.set(new AssertionError("incomplete heartbeat: " + node));
                    }
                    reads.incrementAndGet();
                } catch (java.nio.file.NoSuchFileException e) {
                    broken.set(e);
                } catch (Exception e) {
                    broken.compareAndSet(null, e);
                }
            }
        });
        reader.start();
        for (int i = 0; i < 300; i++) {
            t.declare("stage_" + i + "_\"quoted\"\n", i % 2 == 0);
            t.start("stage_" + i + "_\"quoted\"\n");
            t.fail("stage_" + i + "_\"quoted\"\n", "reason with \\ and \" and \t");
        }
        reader.interrupt();
        reader.join();
        assertThat(broken.get()).isNull();
        assertThat(reads.get()).isPositive();
        JsonNode last = json.readTree(Files.readString(file));
        assertThat(last.get("gates")).hasSize(300);
        assertThat(last.get("transitions").asInt()).isEqualTo(600);
        assertThat(last.get("level").asText()).isEqualTo("failed");
    }

    /**
     * A service with a staged bootstrap and a readiness map, as an application would have. It moves to its next state
     * only once the recorder has read the current one (a handshake), so no state can be skipped however loaded the
     * machine is, and no state is held longer than it takes to read it.
     */
    static final class FakeService {
        private final boolean honest;
        private final Object monitor = new Object();
        private Map<String, String> readiness = Map.of(); // guarded by monitor, as are the two counters
        private int version;
        private int versionRead;

        FakeService(boolean honest) {
            this.honest = honest;
        }

        /** The map now; the recorder's read completes the handshake for this version. */
        Map<String, String> readiness() {
            synchronized (monitor) {
                versionRead = version;
                monitor.notifyAll();
                return readiness;
            }
        }

        void start() {
            Thread t = new Thread(() -> {
                become(Map.of("migrations", "running", "db_index_load", "pending", "vector_seeding", "pending", "level", "online"));
                become(Map.of("migrations", "ready"));
                become(Map.of("db_index_load", "ready", "vector_seeding", "running", "level", honest ? "online_partial" : "full_ready"));
                become(Map.of("vector_seeding", "ready", "level", "full_ready"));
            });
            t.setDaemon(true);
            t.start();
        }

        /** Applies the changes, then waits until the recorder has read the result. */
        private void become(Map<String, String> changes) {
            synchronized (monitor) {
                Map<String, String> next = new HashMap<>(readiness);
                next.putAll(changes);
                readiness = Map.copyOf(next);
                version++;
                while (versionRead < version) {
                    try {
                        monitor.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    @Test
    void the_recorder_proves_a_service_reports_online_partial_while_seeding_and_full_ready_only_after() {
        FakeService service = new FakeService(true);
        ReadinessTimeline timeline;
        try (ReadinessRecorder recorder = ReadinessRecorder.observe(service::readiness).optional("vector_seeding").start()) {
            service.start();
            timeline = recorder.timeline();
            timeline.awaitLevel(FULL_READY, Duration.ofSeconds(10));
        } // closing takes a last reading, so the level reported with the last stage is in
        assertThat(timeline).passedThroughLevels(ONLINE, ONLINE_PARTIAL, FULL_READY)
                .reportedLevels(ONLINE, ONLINE_PARTIAL, FULL_READY).reportedLevelsHonestly().hasNoBackwardTransitions()
                .gateReadyBefore("db_index_load", "vector_seeding");
        assertThat(timeline).gate("vector_seeding").hasTransitions(PENDING, RUNNING, READY);
    }

    @Test
    void closing_the_recorder_during_a_reading_is_no_failure_of_the_supplier_but_a_failure_while_it_runs_is() throws Exception {
        // found in CI: the sample's HTTP reading was under way as the test closed the recorder, the client threw on the
        // interrupt that close() sends, and close() rethrew that as the supplier's failure
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        java.util.function.Supplier<Map<String, ?>> http = () -> {
            if (Thread.currentThread().getName().equals("schemaverify-readiness-recorder")) {
                reading.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    throw new IllegalStateException("GET interrupted", e);
                }
            }
            return Map.of("level", "online");
        };
        ReadinessRecorder recorder = ReadinessRecorder.observe(http).start();
        assertThat(reading.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        recorder.close(); // no failure: close() reads once more itself

        java.util.function.Supplier<Map<String, ?>> failing = () -> {
            if (Thread.currentThread().getName().equals("schemaverify-readiness-recorder")) {
                throw new IllegalStateException("503 from a proxy");
            }
            return Map.of("level", "online");
        };
        ReadinessRecorder broken = ReadinessRecorder.observe(failing).start();
        Thread.sleep(200); // the recorder's thread reads every 5 ms
        assertThatThrownBy(broken::close).isInstanceOf(IllegalStateException.class)
                .hasMessage("The readiness supplier failed: 503 from a proxy");
    }

    @Test
    void a_service_that_reports_full_ready_while_seeding_is_caught() {
        FakeService service = new FakeService(false);
        ReadinessTimeline timeline;
        try (ReadinessRecorder recorder = ReadinessRecorder.observe(service::readiness).optional("vector_seeding").start()) {
            service.start();
            timeline = recorder.timeline();
            timeline.awaitLevel(FULL_READY, Duration.ofSeconds(10));
        }
        assertThatThrownBy(() -> assertThat(timeline).reportedLevelsHonestly())
                .hasMessageStartingWith(String.format("[readiness timeline] %nExpecting the application to report no more than"
                        + " its gates justify,%nbut it reported full_ready at "))
                .hasMessageEndingWith(" while its gates were at online_partial");
    }

    @Test
    void each_timeline_assertion_fails_naming_what_was_expected_and_what_happened() {
        MutableTimeline t = bootstrap(FIXED);
        t.ready("server");
        t.ready("database");
        t.start("migrations");
        t.ready("migrations");
        t.move("migrations", RUNNING, null);
        assertThatThrownBy(() -> assertThat(t).passedThroughLevels(ONLINE, FULL_READY)).hasMessage(String.format(
                "[readiness timeline] %nExpecting the bootstrap to pass through online -> full_ready in this order,%nbut it went"
                        + " offline -> online -> online_partial -> online"));
        assertThatThrownBy(() -> assertThat(t).hasNoBackwardTransitions()).hasMessage(String.format(
                "[readiness timeline] %nExpecting no gate to move backwards,%nbut migrations moved from ready to running at"
                        + " 2026-11-21T10:00:00Z"));
        assertThatThrownBy(() -> assertThat(t).gate("migrations").hasTransitions(PENDING, RUNNING, READY)).hasMessage(
                String.format("[gate migrations] %nExpecting gate migrations to go pending -> running -> ready,%nbut it went"
                        + " pending -> running -> ready -> running"));
        assertThatThrownBy(() -> assertThat(t).gateReadyBefore("vector_seeding", "migrations")).hasMessageContaining(
                "Expecting gate vector_seeding to be ready before gate migrations,")
                .hasMessageContaining("but vector_seeding never became ready; now:");
        assertThatThrownBy(() -> assertThat(t).reachedLevel(FULL_READY)).hasMessageStartingWith(String.format(
                "[readiness timeline] %nExpecting the bootstrap to reach full_ready,%nbut it went offline -> online ->"
                        + " online_partial -> online; now:%nlevel online"));
        assertThatThrownBy(() -> assertThat(t).gate("cache")).hasMessage(String.format(
                "[readiness timeline] %nExpecting the bootstrap to have gate \"cache\",%nbut its gates are: server, database,"
                        + " migrations, vector_seeding"));
        assertThat(t).gate("vector_seeding").hasTransitions(PENDING);
        assertThat(FAILED.finished()).isTrue();
    }

    @Test
    void soft_assertions_on_a_timeline_record_a_missing_gate_and_go_on() {
        MutableTimeline t = bootstrap(FIXED);
        SoftSchemaAssertions softly = new SoftSchemaAssertions();
        softly.assertThat(t).reachedLevel(FULL_READY).gate("cache").isReady().isCritical();
        softly.assertThat(t).gate("migrations").isReady().isOptional();
        assertThat(softly.errorsCollected()).extracting(e -> e.getMessage().replaceFirst("\\Rat ReadinessTimelineTest\\..*$", ""))
                .containsExactly(String.format("[readiness timeline] %nExpecting the bootstrap to reach full_ready,%nbut it went offline;"
                        + " now:%nlevel offline%n  server (critical): pending%n  database (critical): pending%n"
                        + "  migrations (critical): pending%n  vector_seeding (optional): pending"),
                        String.format("[readiness timeline] %nExpecting the bootstrap to have gate \"cache\",%nbut its gates are: server,"
                                + " database, migrations, vector_seeding"),
                        String.format("[gate migrations] %nExpecting gate migrations to be ready,%nbut it is pending"),
                        String.format("[gate migrations] %nExpecting gate migrations to be optional,%nbut it is critical"));
    }
}
