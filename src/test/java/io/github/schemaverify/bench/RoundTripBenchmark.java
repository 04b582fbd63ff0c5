package io.github.schemaverify.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.github.schemaverify.Engine;
import io.github.schemaverify.Isolation;
import io.github.schemaverify.ServerMode;
import io.github.schemaverify.internal.catalog.CatalogTracker;
import io.github.schemaverify.internal.config.Config;
import io.github.schemaverify.internal.config.ServerSettings;
import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.db.SimpleDataSource;
import io.github.schemaverify.internal.migration.MigrationPlan;
import io.github.schemaverify.internal.server.LocalCluster;
import io.github.schemaverify.internal.verify.Outcome;
import io.github.schemaverify.internal.verify.RoundTripWalk;

/**
 * Issue 4's figure: full round-trip verification of a generated chain of 200 migrations (each a table, two indexes,
 * and its undo) against a plain Flyway migrate of the same chain, same server, same run.
 * Run: {@code scripts/bench.sh RoundTripBenchmark}
 */
public final class RoundTripBenchmark {

    public static void main(String[] args) throws Exception {
        int size = Integer.getInteger("migrations", 200);
        int runs = Integer.getInteger("runs", 5);
        int fullRuns = Integer.getInteger("fullRuns", 1);
        Path dir = Files.createTempDirectory("sv-chain");
        boolean realistic = "realistic".equals(System.getProperty("chain"));
        if (realistic) { // -Dchain=realistic: the mix of io.github.schemaverify.testing.RealisticChain
            io.github.schemaverify.testing.RealisticChain.write(dir, size);
        }
        for (int i = 1; i <= size && !realistic; i++) {
            Files.writeString(dir.resolve("V" + i + "__table_" + i + ".sql"), "CREATE TABLE t_" + i
                    + " (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());\n"
                    + "CREATE INDEX t_" + i + "_name_idx ON t_" + i + " (name);\n"
                    + "CREATE INDEX t_" + i + "_created_idx ON t_" + i + " (created_at);\n");
            Files.writeString(dir.resolve("U" + i + "__table_" + i + ".sql"), "DROP TABLE t_" + i + ";\n");
        }
        Config config = new Config("benchmark", List.of("filesystem:" + dir), Engine.FLYWAY, List.of(), Config.LATEST,
                new TreeMap<>(), List.of("public"), Isolation.PER_METHOD, new ServerSettings(ServerMode.LOCAL, "", Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), "postgres"));
        MigrationPlan plan = MigrationPlan.prepare(config, RoundTripBenchmark.class.getClassLoader());
        try (LocalCluster server = LocalCluster.start(Optional.empty(), "postgres", Optional.empty());
             DatabaseManager manager = new DatabaseManager(server)) {
            Stats flyway = new Stats();
            Stats roundTrip = new Stats();
            Stats fullRoundTrip = new Stats();
            Stats scripts = new Stats();
            Stats laned = new Stats();
            int lanes = Integer.getInteger("lanes", Math.min(4, Runtime.getRuntime().availableProcessors()));
            String reading = "";
            // interleaved: Flyway, then the round trip, in every round; the first round warms the JIT and the server
            for (int r = 0; r < runs + 1; r++) {
                String db = manager.empty();
                long t0 = System.nanoTime();
                plan.migrate(new SimpleDataSource(server, db));
                long t1 = System.nanoTime();
                manager.drop(db);
                long t2 = System.nanoTime();
                long[] scriptNanos = new long[1];
                reading = walk(manager, plan, CatalogTracker.Mode.INCREMENTAL, scriptNanos);
                long t3 = System.nanoTime();
                if (lanes > 1) {
                    walk(manager, plan, CatalogTracker.Mode.INCREMENTAL, new long[1], lanes);
                }
                long t4 = System.nanoTime();
                if (r > 0) {
                    laned.add(t4 - t3);
                    scripts.add(scriptNanos[0]);
                    flyway.add(t1 - t0);
                    roundTrip.add(t3 - t2);
                }
                if (r > 0 && r <= fullRuns) {
                    long t5 = System.nanoTime();
                    walk(manager, plan, CatalogTracker.Mode.FULL, new long[1]);
                    fullRoundTrip.add(System.nanoTime() - t5);
                }
            }
            System.out.println("== " + size + (realistic ? " migrations (RealisticChain: the mix of a real history)"
                    : " migrations (a table and two indexes each, with undo scripts)") + ", LOCAL server");
            System.out.println("  the walk's scripts (up, down, up; their median sum):      " + scripts);
            System.out.println("  plain Flyway migrate of the chain:                       " + flyway);
            System.out.println("  full round trip (" + (size + 2) + " invocations, incl. Flyway):          " + roundTrip);
            System.out.println("    snapshots: " + reading);
            if (lanes > 1) {
                System.out.println("  the same with " + lanes + " lanes side by side:                " + laned);
                System.out.printf("  ratio %d lanes / Flyway (median): %.2fx;  %d lanes / one lane: %.2fx%n", lanes,
                        laned.median() / flyway.median(), lanes, laned.median() / roundTrip.median());
            }
            if (fullRuns > 0) { // -DfullRuns=0 leaves the full-snapshot walk out
                System.out.println("  the same, every snapshot read in full (the old way):     " + fullRoundTrip);
            }
            System.out.printf("  ratio round trip / Flyway (median): %.2fx   target: <= 4.0x%n", roundTrip.median() / flyway.median());
            if (fullRuns > 0) {
                System.out.printf("  ratio full-snapshot round trip / Flyway (median): %.2fx%n", fullRoundTrip.median() / flyway.median());
            }
            // the cost of starting over after a failing revision: the chain with revision size/2's undo broken
            Path broken = Files.createTempDirectory("sv-chain-broken");
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.copy(f, broken.resolve(f.getFileName()));
                }
            }
            int failing = size / 2;
            try (var undo = Files.list(broken)) {
                Path file = undo.filter(f -> f.getFileName().toString().startsWith("U" + failing + "__")).findFirst().orElseThrow();
                Files.writeString(file, "SELECT 1;\n");
            }
            MigrationPlan brokenPlan = MigrationPlan.prepare(new Config("benchmark", List.of("filesystem:" + broken),
                    Engine.FLYWAY, List.of(), Config.LATEST, new TreeMap<>(), List.of("public"), Isolation.PER_METHOD,
                    config.server()), RoundTripBenchmark.class.getClassLoader());
            Stats resync = new Stats();
            int resyncRuns = Integer.getInteger("resyncRuns", 3);
            for (int r = 0; r < resyncRuns; r++) {
                try (RoundTripWalk walk = new RoundTripWalk(manager, brokenPlan, new RoundTripWalk.Settings(true, Set.of(),
                        Optional.empty(), CatalogTracker.Mode.INCREMENTAL, SEED_ROWS, Set.of()),
                        RoundTripBenchmark.class.getClassLoader())) {
                    for (int i = 0; i < walk.size(); i++) {
                        walk.outcome(i);
                    }
                    walk.resyncs().forEach(d -> resync.add(d.toNanos()));
                }
            }
            if (resyncRuns > 0) {
                System.out.println("  one resync after a failing revision (V" + failing + "'s undo broken; rebuild of " + failing
                        + " revisions from empty): " + resync);
            }
        }
    }

    /** Whether the walk generates rows (as it does by default); -DseedRows=false measures it without. */
    private static final boolean SEED_ROWS = Boolean.parseBoolean(System.getProperty("seedRows", "true"));

    /** One whole round trip, every step required to pass; returns how the snapshots were read. */
    private static String walk(DatabaseManager manager, MigrationPlan plan, CatalogTracker.Mode mode, long[] scriptNanos) {
        return walk(manager, plan, mode, scriptNanos, 1);
    }

    private static String walk(DatabaseManager manager, MigrationPlan plan, CatalogTracker.Mode mode, long[] scriptNanos,
            int lanes) {
        try (RoundTripWalk walk = new RoundTripWalk(manager, plan, new RoundTripWalk.Settings(true, Set.of(), Optional.empty(), mode,
                SEED_ROWS, Set.of(), lanes),
                RoundTripBenchmark.class.getClassLoader())) {
            for (int i = 0; i < walk.size(); i++) {
                Outcome o = walk.outcome(i);
                if (o.status() != Outcome.Status.PASSED) {
                    throw new IllegalStateException("step " + i + " did not pass: " + o.message());
                }
                if (o.step() != null && "revision".equals(walk.kind(i))) {
                    scriptNanos[0] += o.step().up().toNanos() + o.step().down().toNanos() + o.step().reapply().toNanos();
                }
            }
            return walk.snapshotReading();
        }
    }
}
