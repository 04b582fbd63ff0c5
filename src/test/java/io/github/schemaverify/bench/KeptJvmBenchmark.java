package io.github.schemaverify.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.schemaverify.internal.catalog.CatalogReader;
import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.server.LocalCluster;
import io.github.schemaverify.testing.RealisticChain;

/**
 * Issue 19: what the edited walk costs where the JVM is not cold, and what a full reading costs on a new backend. The
 * first part runs the new-revision loop ({@code from = "200"} after editing V200 of the 200-revision chain, a LOCAL
 * cluster kept between runs) again and again in this one JVM, as a JVM kept between runs would: after the first run,
 * each walk's time is what is left without class loading and a cold JIT. The second part reads the chain's head in full
 * on a new connection (a new backend, as each copy of a database gets) and then again on the same one: what the
 * server's cold caches cost a reading. Run: {@code scripts/bench.sh KeptJvmBenchmark [-Druns=10]}
 */
public final class KeptJvmBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("runs", 10);
        Path work = Files.createTempDirectory("sv-kept-jvm-bench");
        Path chain = RealisticChain.write(work.resolve("migrations"), 200);
        // in RAM, as SchemaVerify's default is and FromBenchmark's cluster is
        Path ram = Path.of("/dev/shm");
        Path clusters = (Files.isDirectory(ram) && Files.isWritable(ram) ? ram : Path.of(System.getProperty("java.io.tmpdir")))
                .resolve("sv-kept-jvm-bench-" + ProcessHandle.current().pid());
        Path newest;
        try (Stream<Path> files = Files.list(chain)) {
            newest = files.filter(f -> f.getFileName().toString().startsWith("V200__")).findFirst().orElseThrow();
        }
        System.setProperty("schemaverify.server", "LOCAL");
        System.setProperty("schemaverify.pg.keep", "true");
        System.setProperty("schemaverify.pg.workDir", clusters.toString());
        System.setProperty("schemaverify.locations", "filesystem:" + chain);
        System.setProperty("schemaverify.roundtrip.from", "200");
        Stats walks = new Stats();
        Stats classes = new Stats();
        Stats flyway = new Stats();
        Stats cold = new Stats();
        Stats warm = new Stats();
        try {
            editedRuns(runs, work, newest, classes, walks, flyway);
            readings(runs, chain, clusters, cold, warm);
        } finally {
            delete(work);
            delete(clusters);
        }
        report(walks, classes, flyway, cold, warm);
    }

    /** The edited run {@code runs} times after the first (which builds the base and prepares it), in this JVM. */
    private static void editedRuns(int runs, Path work, Path newest, Stats classes, Stats walks, Stats flyway) throws IOException {
        Launcher launcher = LauncherFactory.create();
        try {
            for (int i = 0; i <= runs; i++) {
                Files.writeString(newest, "\n-- edited in run " + i + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                Path report = work.resolve("edited-" + i);
                System.setProperty("schemaverify.report.dir", report.toString());
                SummaryGeneratingListener summary = new SummaryGeneratingListener();
                long t0 = System.nanoTime();
                launcher.execute(LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass(ProcessFixtures.RoundTripOnly.class)).build(), summary);
                long took = System.nanoTime() - t0;
                if (summary.getSummary().getTotalFailureCount() > 0) {
                    throw new IllegalStateException("the edited run failed: " + summary.getSummary().getFailures());
                }
                if (i > 0) {
                    classes.add(took);
                    walks.add(figure(report, "walk", "walkMs"));
                    flyway.add(figure(report, "reapply_all", "upMs"));
                }
            }
        } finally {
            System.setProperty("schemaverify.pg.keep", "stop");
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(ProcessFixtures.MigratedOnly.class))
                    .build());
        }
    }

    /** The chain's head read in full on a new connection, then again on it, on a cluster in {@code clusters} too. */
    private static void readings(int runs, Path chain, Path clusters, Stats cold, Stats warm) throws Exception {
        try (LocalCluster server = LocalCluster.start(Optional.empty(), "postgres", Optional.empty(),
                Optional.of(clusters.resolve("readings").toString()));
             DatabaseManager manager = new DatabaseManager(server)) {
            String db = manager.empty();
            Flyway.configure().dataSource(server.jdbcUrl(db), server.user(), server.password())
                    .locations("filesystem:" + chain).load().migrate();
            CatalogReader reader = new CatalogReader(List.of("public"), false, "flyway_schema_history");
            for (int i = 0; i < 10 + runs; i++) {
                try (Connection c = server.connect(db); Statement st = c.createStatement()) {
                    st.execute("SELECT 1");
                    long t0 = System.nanoTime();
                    reader.read(c);
                    long t1 = System.nanoTime();
                    reader.read(c);
                    long t2 = System.nanoTime();
                    if (i >= 10) { // the JVM's code warm first
                        cold.add(t1 - t0);
                        warm.add(t2 - t1);
                    }
                }
            }
        }
    }

    private static void report(Stats walks, Stats classes, Stats flyway, Stats cold, Stats warm) {
        System.out.println("== 200 revisions (RealisticChain), from = \"200\" after editing V200, run again and again in one JVM"
                + " (a LOCAL cluster kept between runs)");
        System.out.println("  the class, after the first run:                  " + classes);
        System.out.println("    of which the walk (report.json: walk.walkMs):  " + walks);
        System.out.println("      Flyway over V200 beside it:                  " + flyway);
        System.out.println("== a full reading of the chain's head (the JVM's code warm)");
        System.out.println("  on a new connection (a new backend):             " + cold);
        System.out.println("  again on the same connection:                    " + warm);
        System.out.printf("  what the new backend adds (medians): %.1f ms%n", cold.median() - warm.median());
    }

    /** {@code field} of the report's entry with key {@code key} ({@code walk}) or of kind {@code key} ({@code reapply_all}). */
    private static long figure(Path report, String key, String field) throws IOException {
        for (JsonNode v : JSON.readTree(report.resolve("report.json").toFile()).get("verifications")) {
            JsonNode at = v.has(key) ? v.get(key) : key.equals(v.path("kind").asText()) ? v : null;
            if (at != null && at.has(field)) {
                return (long) (at.get(field).asDouble() * 1e6);
            }
        }
        throw new IllegalStateException("no " + key + "." + field + " in " + report);
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
