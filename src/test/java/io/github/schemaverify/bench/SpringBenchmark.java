package io.github.schemaverify.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.internal.server.LocalCluster;

/**
 * The cost of a fresh clone per test in a Spring Boot test whose context is cached: the same {@code @SpringBootTest}
 * test (a row written and counted through the application's {@code JdbcTemplate}) run {@value #TESTS} times on a
 * plain Boot setup (Hikari on one database migrated once, as a project without SchemaVerify keeps it) and with
 * {@code @MigratedDatabase} (a clone of the template per test, the application pointed at it, the clone dropped after
 * the test). SchemaVerify on its LOCAL cluster, the plain setup on another started the same way (PostgreSQL binaries
 * of this machine, trust authentication on 127.0.0.1, data in RAM), in one JVM, in alternating rounds; a
 * test's time is JUnit's, from its start to its end (every callback, the clone's creation and drop included); the
 * first {@value #WARM_UP} tests of each run (the context's start among them) are not counted. Boot's Flyway
 * auto-configuration is left out of both: it runs once per context, not per test (and Boot 3.5's calls Flyway API
 * this class path's Flyway 13 no longer has).
 *
 * <p>Run: {@code scripts/bench.sh SpringBenchmark [-Drounds=3]}. Target: p50 of the difference at most 15 ms.
 */
public final class SpringBenchmark {
    static final int TESTS = 200;
    static final int WARM_UP = 20;

    private SpringBenchmark() {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration(exclude = FlywayAutoConfiguration.class)
    static class BenchApp {
    }

    abstract static class Body {
        @Autowired
        JdbcTemplate jdbc;

        @RepeatedTest(TESTS)
        void writes_and_counts() {
            jdbc.update("INSERT INTO documents (title, content_hash) VALUES ('bench', md5(random()::text))");
            if (jdbc.queryForObject("SELECT count(*) FROM documents", Integer.class) < 1) {
                throw new AssertionError("no row");
            }
        }
    }

    @SpringBootTest(classes = BenchApp.class, properties = {"spring.datasource.url=${bench.url}",
            "spring.datasource.username=${bench.user}", "spring.datasource.password=${bench.password}"})
    static class Plain extends Body {
    }

    @SpringBootTest(classes = BenchApp.class, properties = {"spring.datasource.url=${bench.url}",
            "spring.datasource.username=${bench.user}", "spring.datasource.password=${bench.password}"})
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class WithSchemaVerify extends Body {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("rounds", 3);
        try (LocalCluster cluster = LocalCluster.start(Optional.ofNullable(System.getProperty("schemaverify.pg.bin")), "postgres",
                Optional.empty())) {
            String server = "jdbc:postgresql://127.0.0.1:" + cluster.port() + "/";
            try (Connection c = DriverManager.getConnection(server + "postgres", cluster.user(), ""); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE bench_plain");
            }
            Flyway.configure().dataSource(server + "bench_plain", cluster.user(), "").placeholders(Map.of("EMBEDDING_DIM", "3"))
                    .load().migrate();
            System.setProperty("bench.url", server + "bench_plain");
            System.setProperty("bench.user", cluster.user());
            System.setProperty("bench.password", "");
            Map<String, String> parameters = Map.of("schemaverify.report", "false", "schemaverify.server", "LOCAL");

            Stats plain = new Stats();
            Stats verified = new Stats();
            for (int round = 0; round < rounds; round++) {
                if (round % 2 == 0) {
                    run(Plain.class, parameters, plain);
                    run(WithSchemaVerify.class, parameters, verified);
                } else {
                    run(WithSchemaVerify.class, parameters, verified);
                    run(Plain.class, parameters, plain);
                }
            }
            System.out.println("== @SpringBootTest with a cached context, " + TESTS + " tests per run (" + WARM_UP
                    + " warm-up not counted), " + rounds + " rounds, LOCAL PostgreSQL");
            System.out.println("  plain Boot (Hikari, one shared database):         " + plain);
            System.out.println("  @MigratedDatabase (a fresh clone per test):       " + verified);
            System.out.printf("  per-test overhead of the clone: p50 %+.1f ms, p90 %+.1f ms   target: p50 <= 15 ms%n",
                    verified.median() - plain.median(), verified.percentile(90) - plain.percentile(90));
        }
    }

    /** Runs the class once through the launcher and adds each counted test's time. */
    private static void run(Class<?> fixture, Map<String, String> parameters, Stats into) {
        Map<String, Long> started = new ConcurrentHashMap<>();
        Map<String, Long> times = new HashMap<>();
        int[] failures = {0};
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier id) {
                if (id.isTest()) {
                    started.put(id.getUniqueId(), System.nanoTime());
                }
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    failures[0]++;
                    result.getThrowable().ifPresent(t -> t.printStackTrace(System.out));
                }
                if (id.isTest()) {
                    synchronized (times) {
                        times.put(id.getUniqueId(), System.nanoTime() - started.get(id.getUniqueId()));
                    }
                }
            }
        };
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture))
                .configurationParameters(parameters).build(), listener);
        if (failures[0] > 0 || times.size() != TESTS) {
            throw new IllegalStateException(fixture.getSimpleName() + ": " + failures[0] + " failures, " + times.size() + " tests");
        }
        times.entrySet().stream()
                .sorted(Map.Entry.comparingByKey((a, b) -> Integer.compare(repetition(a), repetition(b))))
                .skip(WARM_UP).forEach(e -> into.add(e.getValue()));
    }

    private static int repetition(String uniqueId) {
        return Integer.parseInt(uniqueId.replaceAll(".*\\[test-template-invocation:#(\\d+)\\]$", "$1"));
    }
}
