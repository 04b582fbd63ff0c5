package io.github.schemaverify.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.internal.server.LocalCluster;
import io.github.schemaverify.testing.RealisticChain;

/**
 * Issue 16: the way a user meets SchemaVerify, whole processes on a cold JVM against one PostgreSQL server, a
 * 200-revision chain with a realistic mix ({@link RealisticChain}): a plain Flyway {@code main}, a test class with only
 * {@code @MigratedDatabase} and one test (building its template, and cloning the one the previous round kept), a test
 * class with only {@code @VerifyRoundTrip} (comparing with that kept template, with none kept, and with the JIT left alone:
 * {@code schemaverify.jit.pauseC2=false}); interleaved rounds,
 * the first one discarded; medians and the ratios to the plain Flyway process.
 * Run: {@code scripts/bench.sh ProcessBenchmark [-Drevisions=200] [-Drounds=3] [-DjvmArgs="-XX:TieredStopAtLevel=1"]}
 */
public final class ProcessBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Options for every JVM the benchmark starts, Flyway's included: {@code -DjvmArgs="-XX:TieredStopAtLevel=1"}. */
    private static final List<String> JVM_ARGS = System.getProperty("jvmArgs", "").isBlank() ? List.of()
            : List.of(System.getProperty("jvmArgs").trim().split("\\s+"));

    public static void main(String[] args) throws Exception {
        int revisions = Integer.getInteger("revisions", 200);
        int rounds = Integer.getInteger("rounds", 3);
        Path work = Files.createTempDirectory("sv-process-bench");
        Path chain = RealisticChain.write(work.resolve("migrations"), revisions);
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = UserClassPath.of(work); // SchemaVerify as a jar, as users get it
        Stats flyway = new Stats();
        Stats jvm = new Stats();
        Stats junit = new Stats();
        Stats migrated = new Stats();
        Stats migratedKept = new Stats();
        Stats roundTrip = new Stats();
        Stats walk = new Stats();
        Stats roundTripCold = new Stats();
        Stats walkCold = new Stats();
        Stats roundTripJit = new Stats();
        Stats walkJit = new Stats();
        // each round's processes ran within seconds of one another: their ratios leave out how fast the machine ran
        List<Double> roundTripRatios = new ArrayList<>();
        List<Double> migratedRatios = new ArrayList<>();
        try (LocalCluster server = LocalCluster.start(Optional.empty(), "postgres", Optional.of("bench-pass"))) {
            String url = "jdbc:postgresql://" + server.host() + ":" + server.port() + "/";
            List<String> external = List.of("-Dschemaverify.server=EXTERNAL", "-Dschemaverify.url=" + url + "postgres",
                    "-Dschemaverify.user=" + server.user(), "-Dschemaverify.password=bench-pass",
                    "-Dschemaverify.locations=filesystem:" + chain);
            execute(server, "CREATE ROLE bench_cold SUPERUSER LOGIN PASSWORD 'bench-pass'");
            for (int round = 0; round <= rounds; round++) {
                String db = "bench_" + round;
                execute(server, "CREATE DATABASE " + db);
                List<String> flywayMain = new ArrayList<>(List.of(java));
                flywayMain.addAll(JVM_ARGS);
                flywayMain.addAll(List.of("-cp", classPath, FlywayMain.class.getName(), url + db, server.user(), "bench-pass",
                        "filesystem:" + chain));
                long f = run(flywayMain);
                execute(server, "DROP DATABASE " + db);
                Path report = work.resolve("report-" + round);
                // what no test class can do without: the JVM's start, and JUnit's with a class that uses no SchemaVerify
                List<String> noop = new ArrayList<>(List.of(java));
                noop.addAll(JVM_ARGS);
                noop.addAll(List.of("-cp", classPath, NoopMain.class.getName()));
                long n = run(noop);
                long p = run(command(java, classPath, List.of(), report.resolve("plain"), ProcessFixtures.Plain.class));
                // a role of its own: templateCache=0 drops its role's kept templates, and the next run must find one
                List<String> noCache = new ArrayList<>(external.stream()
                        .map(a -> a.startsWith("-Dschemaverify.user=") ? "-Dschemaverify.user=bench_cold" : a).toList());
                noCache.add("-D" + MigratedDatabase.TEMPLATE_CACHE_PROPERTY + "=0");
                long m = run(command(java, classPath, noCache, report.resolve("migrated"), ProcessFixtures.MigratedOnly.class));
                // the default: the template the previous round kept is cloned (round 0 builds it)
                long k = run(command(java, classPath, external, report.resolve("kept"), ProcessFixtures.MigratedOnly.class));
                // the round trip: compared with the template the runs before it kept, and with none kept
                long r = run(command(java, classPath, external, report.resolve("roundtrip"), ProcessFixtures.RoundTripOnly.class));
                long rc = run(command(java, classPath, noCache, report.resolve("roundtrip-cold"), ProcessFixtures.RoundTripOnly.class));
                // the same as r with the JIT left alone: what keeping C2 off SchemaVerify's work buys, side by side
                List<String> jitAlone = new ArrayList<>(external);
                jitAlone.add("-D" + MigratedDatabase.PAUSE_C2_PROPERTY + "=false");
                long rj = run(command(java, classPath, jitAlone, report.resolve("roundtrip-jit"), ProcessFixtures.RoundTripOnly.class));
                if (round > 0) { // the first round warms the disk cache and the server
                    flyway.add(f);
                    jvm.add(n);
                    junit.add(p);
                    migrated.add(m);
                    migratedKept.add(k);
                    roundTrip.add(r);
                    roundTripCold.add(rc);
                    roundTripJit.add(rj);
                    walkJit.add(walkNanos(report.resolve("roundtrip-jit/report.json")));
                    walk.add(walkNanos(report.resolve("roundtrip/report.json")));
                    walkCold.add(walkNanos(report.resolve("roundtrip-cold/report.json")));
                    roundTripRatios.add((double) r / f);
                    migratedRatios.add((double) m / f);
                }
            }
        }
        System.out.println("== " + revisions + " revisions (RealisticChain), whole processes, cold JVM, one PostgreSQL 15 server"
                + (JVM_ARGS.isEmpty() ? "" : ", every JVM with " + String.join(" ", JVM_ARGS)));
        System.out.println("  plain Flyway migrate (a main):                         " + flyway);
        System.out.println("  a main that does nothing (the JVM's start):            " + jvm);
        System.out.println("  a test class without SchemaVerify (JVM and JUnit):     " + junit);
        System.out.println("  test class with @MigratedDatabase and one test, templateCache=0: " + migrated);
        System.out.println("    the same, cloning the template a run kept (default):          " + migratedKept);
        System.out.println("  test class with @VerifyRoundTrip:                      " + roundTrip);
        System.out.println("    of which the walk (report.json: walk.walkMs):        " + walk);
        System.out.println("  the same, templateCache=0 (Flyway runs in the process): " + roundTripCold);
        System.out.println("    of which the walk:                                   " + walkCold);
        System.out.println("  the same as the first, schemaverify.jit.pauseC2=false (the JIT left alone): " + roundTripJit);
        System.out.println("    of which the walk:                                   " + walkJit);
        System.out.printf("  ratio @MigratedDatabase class, template built / Flyway (median): %.2fx   target: <= 1.2x%n", migrated.median() / flyway.median());
        System.out.printf("  ratio @MigratedDatabase class, template kept / Flyway (median): %.2fx   target: <= 1.2x%n",
                migratedKept.median() / flyway.median());
        // a test class that added JUnit's start to Flyway's process and nothing else
        System.out.printf("  floor: (Flyway + the class without SchemaVerify - the JVM's start) / Flyway (median): %.2fx%n",
                (flyway.median() + junit.median() - jvm.median()) / flyway.median());
        System.out.printf("  ratio @VerifyRoundTrip class / Flyway (median):  %.2fx   target: <= 2.0x%n", roundTrip.median() / flyway.median());
        System.out.printf("  ratio @VerifyRoundTrip class, templateCache=0 / Flyway (median):  %.2fx   target: <= 2.0x%n",
                roundTripCold.median() / flyway.median());
        System.out.printf("  ratio @VerifyRoundTrip class, the JIT left alone / Flyway (median):  %.2fx%n",
                roundTripJit.median() / flyway.median());
        System.out.println("  per round, each against Flyway's process of the same round: @VerifyRoundTrip class " + ratios(roundTripRatios)
                + "; @MigratedDatabase class, template built " + ratios(migratedRatios));
    }

    /** The ratios in round order, and their median. */
    private static String ratios(List<Double> ratios) {
        List<Double> sorted = new ArrayList<>(ratios);
        java.util.Collections.sort(sorted);
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        StringBuilder out = new StringBuilder();
        ratios.forEach(x -> out.append(String.format("%.2fx ", x)));
        return out + String.format("(median %.2fx)", median);
    }

    private static List<String> command(String java, String classPath, List<String> settings, Path reportDir, Class<?> fixture) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JVM_ARGS);
        command.addAll(List.of("-cp", classPath));
        command.addAll(settings);
        command.add("-Dschemaverify.report.dir=" + reportDir);
        command.add(RunTestClass.class.getName());
        command.add(fixture.getName());
        return command;
    }

    /** The wall time of the process, which must succeed (its output is shown when it does not). */
    static long run(List<String> command) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("failed: " + command.get(command.size() - 1) + "\n" + new String(output,
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return System.nanoTime() - t0;
    }

    /** The round trip's own wall time, from its {@code report.json} (the {@code walk} object of its last invocation). */
    static long walkNanos(Path report) throws IOException {
        JsonNode json = JSON.readTree(report.toFile());
        for (JsonNode v : json.get("verifications")) {
            if (v.has("walk")) {
                return (long) (v.get("walk").get("walkMs").asDouble() * 1e6);
            }
        }
        throw new IllegalStateException("no walk in " + report);
    }

    private static void execute(LocalCluster server, String sql) throws Exception {
        try (Connection c = server.connect("postgres"); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
