package io.github.schemaverify.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import io.github.schemaverify.internal.server.LocalCluster;

/**
 * Issue 13's load figure: 2 forks (JVMs of their own, as Surefire's forkCount=2) on one EXTERNAL server, each running
 * 100 tests with JUnit's parallel execution at 4 and then 8 threads. Checks no failure, no isolation leak (each test
 * sees only its own row), no database or session left on the server, and prints the per-test database wait.
 * The EXTERNAL server is a password-protected local cluster started for the run.
 * Run: {@code scripts/bench.sh SharedServerBenchmark} (settings: {@code -Dforks=2 -Dthreads=4,8 -Drounds=3})
 */
public final class SharedServerBenchmark {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("fork")) {
            fork(Integer.parseInt(args[1]));
            return;
        }
        int forks = Integer.getInteger("forks", 2);
        int rounds = Integer.getInteger("rounds", 3);
        List<Integer> threads = java.util.Arrays.stream(System.getProperty("threads", "4,8").split(",")).map(Integer::valueOf).toList();
        byte[] pw = new byte[12];
        new SecureRandom().nextBytes(pw);
        String password = HexFormat.of().formatHex(pw);
        try (LocalCluster server = LocalCluster.start(Optional.empty(), "postgres", Optional.of(password))) {
            String url = "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres";
            System.out.println("== " + forks + " forks x 100 tests on one EXTERNAL server (" + server.describe().replaceAll(" \\(.*\\)", "")
                    + "), JUnit parallel execution, " + rounds + " rounds per setting");
            for (int n : threads) {
                Stats waits = new Stats();
                Stats walls = new Stats();
                int passed = 0;
                int failed = 0;
                for (int round = 0; round < rounds; round++) {
                    long t0 = System.nanoTime();
                    List<CompletableFuture<List<String>>> running = new ArrayList<>();
                    for (int f = 0; f < forks; f++) {
                        running.add(CompletableFuture.supplyAsync(() -> runFork(n, url, password)));
                    }
                    for (CompletableFuture<List<String>> fork : running) {
                        for (String line : fork.join()) {
                            if (line.startsWith("SV-WAIT ")) {
                                waits.add(Long.parseLong(line.substring(8)));
                            } else if (line.startsWith("SV-RESULT ")) {
                                String[] r = line.split(" ");
                                passed += Integer.parseInt(r[1]);
                                failed += Integer.parseInt(r[2]);
                            }
                        }
                    }
                    walls.add(System.nanoTime() - t0);
                    String left = leftovers(url, password);
                    if (!left.isEmpty()) {
                        throw new IllegalStateException("left on the server after round " + round + " with " + n + " threads: " + left);
                    }
                }
                System.out.printf("  %d threads per fork: %d passed, %d failed; left on the server: nothing%n", n, passed, failed);
                System.out.printf("    database wait per test: p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms  (n=%d)%n",
                        waits.percentile(50), waits.percentile(95), waits.percentile(100), waits.count());
                System.out.printf("    wall time of the %d forks (JVM start, template, 100 tests each): median %6.0f ms%n", forks, walls.median());
                if (failed > 0) {
                    throw new IllegalStateException(failed + " tests failed");
                }
            }
        }
    }

    /** Runs one fork; returns its output lines. */
    private static List<String> runFork(int threads, String url, String password) {
        try {
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    SharedServerBenchmark.class.getName(), "fork", Integer.toString(threads)).redirectErrorStream(true);
            builder.environment().put("SCHEMAVERIFY_SERVER", "EXTERNAL");
            builder.environment().put("SCHEMAVERIFY_URL", url);
            builder.environment().put("SCHEMAVERIFY_USER", "postgres");
            builder.environment().put("SCHEMAVERIFY_PASSWORD", password);
            Process p = builder.start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            }
            if (p.waitFor() != 0) {
                throw new IllegalStateException("fork failed:\n" + String.join("\n", lines));
            }
            return lines;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** sv_ databases and SchemaVerify sessions still on the server, or "". */
    private static String leftovers(String url, String password) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", password); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT string_agg(datname, ', ') FROM pg_database WHERE datname LIKE 'sv\\_%'),"
                     + " (SELECT count(*) FROM pg_stat_activity WHERE application_name = 'schemaverify')")) {
            rs.next();
            String dbs = rs.getString(1);
            int sessions = rs.getInt(2);
            return (dbs == null ? "" : dbs) + (sessions > 0 ? " " + sessions + " sessions" : "");
        }
    }

    private static void fork(int threads) {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(SharedServerLoadFixture.class))
                .configurationParameters(Map.of("schemaverify.report", "false",
                        "junit.jupiter.execution.parallel.enabled", "true",
                        "junit.jupiter.execution.parallel.mode.default", "concurrent",
                        "junit.jupiter.execution.parallel.config.strategy", "fixed",
                        "junit.jupiter.execution.parallel.config.fixed.parallelism", Integer.toString(threads),
                        "junit.jupiter.execution.parallel.config.fixed.max-pool-size", Integer.toString(threads)))
                .build(), summary);
        TestExecutionSummary s = summary.getSummary();
        s.getFailures().forEach(f -> f.getException().printStackTrace(System.out));
        System.out.println("SV-RESULT " + s.getTestsSucceededCount() + " " + (s.getTestsFailedCount() + s.getContainersFailedCount()));
    }
}
