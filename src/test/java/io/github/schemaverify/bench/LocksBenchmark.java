package io.github.schemaverify.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.github.schemaverify.Engine;
import io.github.schemaverify.Isolation;
import io.github.schemaverify.ServerMode;
import io.github.schemaverify.internal.config.Config;
import io.github.schemaverify.internal.config.ServerSettings;
import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.locks.LockWalk;
import io.github.schemaverify.internal.locks.Policies;
import io.github.schemaverify.internal.migration.MigrationPlan;
import io.github.schemaverify.internal.server.LocalCluster;
import io.github.schemaverify.internal.verify.Outcome;

/**
 * Issue 18's figure: profiling a chain with {@code @VerifyLocks} against applying the same chain, as Flyway would, on the
 * same data. Both walks fill the tables alike (that time is left out of both); what is compared is, per revision, the
 * time from its data being in place to its end: statements alone, or statements observed (points, probes, watcher,
 * policies). Interleaved rounds on one LOCAL server.
 * Run: {@code scripts/bench.sh LocksBenchmark} (settings: {@code -Druns=3 -Drows=100000 -DdefaultRows=1000})
 */
public final class LocksBenchmark {

    public static void main(String[] args) {
        int runs = Integer.getInteger("runs", 3);
        long rows = Long.getLong("rows", 100_000);
        long defaultRows = Long.getLong("defaultRows", 1000);
        try (LocalCluster server = LocalCluster.start(Optional.empty(), "postgres", Optional.empty());
             DatabaseManager manager = new DatabaseManager(server)) {
            System.out.println("== @VerifyLocks against applying the chain unobserved, LOCAL " + server.describe());
            measure(manager, "hazard chain (33 revisions, 34 statements), documents=" + rows + ", other tables " + defaultRows,
                    plan(List.of("classpath:fixtures/locks/hazards"), Map.of(), server), Map.of("documents", rows), defaultRows,
                    runs);
            measure(manager, "the same at 1,000 rows per table (observation cost at its most visible)",
                    plan(List.of("classpath:fixtures/locks/hazards"), Map.of(), server), Map.of(), 1000, runs);
            measure(manager, "sample project (12 revisions), memory_shards=" + rows + ", other tables " + defaultRows,
                    plan(List.of("filesystem:sample-project/src/main/resources/db/migration"), Map.of("EMBEDDING_DIM", "3",
                            "IVFFLAT_INDEX", "true", "IVFFLAT_LISTS", "100", "HNSW_M", "16", "HNSW_EF_CONSTRUCTION", "64"), server),
                    Map.of("memory_shards", rows), defaultRows, runs);
        }
    }

    private static MigrationPlan plan(List<String> locations, Map<String, String> placeholders, LocalCluster server) {
        Config config = new Config("benchmark", locations, Engine.FLYWAY, List.of(), Config.LATEST, new TreeMap<>(placeholders),
                List.of("public"), Isolation.PER_METHOD, new ServerSettings(ServerMode.LOCAL, "", Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), "postgres"));
        return MigrationPlan.prepare(config, LocksBenchmark.class.getClassLoader());
    }

    private static void measure(DatabaseManager manager, String title, MigrationPlan plan, Map<String, Long> rows,
            long defaultRows, int runs) {
        Stats plain = new Stats();
        Stats profiled = new Stats();
        int statements = 0;
        for (int r = 0; r < runs + 1; r++) { // the first round warms up
            long p = walk(manager, plan, rows, defaultRows, false, null);
            int[] n = new int[1];
            long o = walk(manager, plan, rows, defaultRows, true, n);
            statements = n[0];
            if (r > 0) {
                plain.add(p);
                profiled.add(o);
            }
        }
        System.out.println("  " + title);
        System.out.println("    applied unobserved (the statements alone): " + plain);
        System.out.println("    profiled by @VerifyLocks:                  " + profiled);
        System.out.printf("    ratio profiled / applied (median): %.2fx   target: <= 2.0x;  cost per statement %.1f ms (%d"
                + " statements)%n", profiled.median() / plain.median(), (profiled.median() - plain.median()) / statements, statements);
    }

    /** One walk over the chain; the sum of the revisions' times, in nanoseconds. */
    private static long walk(DatabaseManager manager, MigrationPlan plan, Map<String, Long> rows, long defaultRows,
            boolean observe, int[] statements) {
        LockWalk.Settings settings = new LockWalk.Settings(rows, defaultRows, Optional.empty(), Policies.NONE, Set.of(),
                Duration.ofMillis(10), observe, LocksBenchmark.class.getName());
        long total = 0;
        try (LockWalk walk = new LockWalk(manager, plan, settings, LocksBenchmark.class.getClassLoader())) {
            for (int i = 0; i < walk.size(); i++) {
                Outcome o = walk.outcome(i);
                if (o.status() != Outcome.Status.PASSED) {
                    throw new IllegalStateException(walk.displayNames().get(i) + " did not pass: " + o.message());
                }
                total += walk.time(i).toNanos();
                if (Boolean.getBoolean("verbose")) { // -Dverbose=true: each revision's time
                    System.out.printf("      %s %-45s %9.1f ms%n", observe ? "profiled" : "applied ", walk.displayNames().get(i),
                            walk.time(i).toNanos() / 1e6);
                }
                if (statements != null) {
                    statements[0] += walk.profile(i).statements().size();
                }
            }
        }
        return total;
    }
}
