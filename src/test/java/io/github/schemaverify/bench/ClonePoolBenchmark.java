package io.github.schemaverify.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.platform.testkit.engine.EngineTestKit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 16 point 3: how long a test waits for its clone (the {@code database} gate of its readiness timeline, from
 * the run's report) when JUnit runs 200 short tests in parallel on 4 and 8 threads, with clones made ahead (the
 * default under parallel execution) and without ({@code schemaverify.clones.ahead=0}), side by side in one run; and
 * the same tests one at a time, where no clone is made ahead.
 * Run: {@code scripts/bench.sh ClonePoolBenchmark [-Drounds=2]}
 */
public final class ClonePoolBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("rounds", 2);
        System.out.println("== 200 tests of one class, each on its own clone (LOCAL server, one run per line)");
        for (int round = 0; round < rounds; round++) {
            for (int threads : List.of(4, 8)) {
                for (boolean ahead : List.of(false, true)) {
                    print("parallel " + threads + " threads, clones made " + (ahead ? "ahead   " : "on demand"), run(threads, ahead));
                }
            }
            print("one at a time (no clone made ahead)         ", run(0, true));
        }
    }

    private static void print(String label, JsonNode report) {
        Stats wait = new Stats();
        for (JsonNode db : report.get("databases")) {
            for (JsonNode gate : db.get("gates")) {
                if (gate.get("name").asText().equals("database")) {
                    wait.add((long) (gate.get("durationMs").asDouble() * 1e6));
                }
            }
        }
        System.out.printf("  %s  clone wait p50 %6.1f ms  p95 %6.1f ms  (n=%d; %d databases created; run %.1f s)%n", label,
                wait.median(), wait.percentile(95), wait.count(), report.at("/summary/databasesCreated").asInt(),
                report.get("durationMs").asLong() / 1000.0);
    }

    /** One run of the fixture; threads 0 means JUnit's default, one test at a time. */
    private static JsonNode run(int threads, boolean ahead) throws Exception {
        Path dir = Files.createTempDirectory("sv-clone-bench");
        var kit = EngineTestKit.engine("junit-jupiter").selectors(selectClass(ClonePoolFixture.class))
                .configurationParameter("schemaverify.server", "LOCAL")
                .configurationParameter("schemaverify.report.dir", dir.toString());
        if (threads > 0) {
            kit.configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                    .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                    .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                    .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", String.valueOf(threads));
        }
        if (!ahead) {
            kit.configurationParameter("schemaverify.clones.ahead", "0");
        }
        var results = kit.execute();
        if (results.testEvents().failed().count() > 0) {
            throw new IllegalStateException("a test failed: " + results.testEvents().failed().list().get(0));
        }
        return JSON.readTree(dir.resolve("report.json").toFile());
    }
}
