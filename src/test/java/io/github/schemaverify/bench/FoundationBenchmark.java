package io.github.schemaverify.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.github.schemaverify.Engine;
import io.github.schemaverify.Isolation;
import io.github.schemaverify.ServerMode;
import io.github.schemaverify.internal.config.Config;
import io.github.schemaverify.internal.config.ServerSettings;
import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.db.Provisioner;
import io.github.schemaverify.internal.db.SimpleDataSource;
import io.github.schemaverify.internal.migration.MigrationPlan;
import io.github.schemaverify.internal.server.ContainerServer;
import io.github.schemaverify.internal.server.LocalCluster;

/**
 * Issue 2's figures, side by side in one run:
 * <ol>
 * <li>a fresh migrated database per test: template clone against a Flyway migrate of a fresh database (the sample's
 * migrations), same server, same run;</li>
 * <li>cold start to the first migrated database in a new JVM, LOCAL and CONTAINER.</li>
 * </ol>
 * Run: {@code scripts/bench.sh FoundationBenchmark}
 */
public final class FoundationBenchmark {
    static final String SAMPLE = "filesystem:sample-project/src/main/resources/db/migration";
    static final Map<String, String> PLACEHOLDERS = Map.of("EMBEDDING_DIM", "1536", "IVFFLAT_INDEX", "true", "IVFFLAT_LISTS", "100",
            "HNSW_M", "16", "HNSW_EF_CONSTRUCTION", "64");

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("cold")) {
            coldChild(ServerMode.valueOf(args[1]), args.length > 2 ? args[2] : "pgvector/pgvector:pg15");
            return;
        }
        int rounds = Integer.getInteger("rounds", 40);
        System.out.println("== Fresh migrated database per test (sample migrations, " + rounds + " rounds each, interleaved)");
        try (LocalCluster server = LocalCluster.start(Optional.empty(), "postgres", Optional.empty());
             DatabaseManager manager = new DatabaseManager(server)) {
            MigrationPlan plan = MigrationPlan.prepare(config(ServerMode.LOCAL, "unused"), FoundationBenchmark.class.getClassLoader());
            String template = manager.template(plan.hash(), name -> plan.migrate(new SimpleDataSource(server, name)));
            Stats clone = new Stats();
            Stats migrate = new Stats();
            Stats bootstrapped = new Stats();
            for (int i = 0; i < rounds + 5; i++) {
                long t0 = System.nanoTime();
                String c = manager.cloneOf(template);
                long t1 = System.nanoTime();
                manager.drop(c);
                long t2 = System.nanoTime();
                String m = manager.empty();
                plan.migrate(new SimpleDataSource(server, m));
                long t3 = System.nanoTime();
                manager.drop(m);
                long t4 = System.nanoTime();
                var bootstrap = io.github.schemaverify.internal.readiness.Bootstrap.run(manager, template, List.of("public"), List.of(),
                        () -> new io.github.schemaverify.internal.db.ManagedDatabase(manager, manager.cloneOf(template), plan.config()));
                long t5 = System.nanoTime();
                bootstrap.close();
                if (i >= 5) { // first rounds warm the JIT and the server's caches
                    clone.add(t1 - t0);
                    migrate.add(t3 - t2);
                    bootstrapped.add(t5 - t4);
                }
            }
            System.out.println("  template clone (CREATE DATABASE ... TEMPLATE" + (manager.serverVersionNum() >= 150000 ? " STRATEGY FILE_COPY" : "") + "): " + clone);
            System.out.println("  clone + readiness bootstrap (what a test gets): " + bootstrapped);
            System.out.println("  Flyway migrate of a fresh database:           " + migrate);
            System.out.printf("  ratio migrate/clone (median): %.1fx   target: clone median <= 60 ms and ratio >= 10x%n",
                    migrate.median() / clone.median());
            System.out.printf("  ratio migrate/(clone + bootstrap) (median): %.1fx%n", migrate.median() / bootstrapped.median());
        }
        System.out.println("== Cold start to the first migrated database in a new JVM (3 runs each, median)");
        for (ServerMode mode : List.of(ServerMode.LOCAL, ServerMode.CONTAINER)) {
            if (mode == ServerMode.CONTAINER && !ContainerServer.dockerAnswers()) {
                System.out.println("  CONTAINER: skipped, no Docker-API engine answers (DOCKER_HOST unset?)");
                continue;
            }
            Stats wall = new Stats();
            for (int i = 0; i < 3; i++) {
                wall.add(coldRun(mode));
            }
            System.out.printf("  %-9s %s%s%n", mode, wall, mode == ServerMode.LOCAL ? "   target: <= 1500 ms" : "");
        }
    }

    static Config config(ServerMode mode, String image) {
        return new Config("benchmark", List.of(SAMPLE), Engine.FLYWAY, List.of(), Config.LATEST, new TreeMap<>(PLACEHOLDERS),
                List.of("public"), Isolation.PER_METHOD, new ServerSettings(mode, image, Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), "postgres"));
    }

    /** Spawns a JVM that starts a server, builds the template, clones once; returns the wall time to that point. */
    private static long coldRun(ServerMode mode) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), FoundationBenchmark.class.getName(),
                "cold", mode.name(), System.getProperty("schemaverify.image", "pgvector/pgvector:pg15")).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        long ready = -1;
        StringBuilder log = new StringBuilder();
        while ((line = out.readLine()) != null) {
            log.append(line).append('\n');
            if (line.startsWith("READY")) {
                ready = System.nanoTime() - t0;
            }
        }
        p.waitFor();
        if (ready < 0) {
            throw new IllegalStateException("cold start child failed:\n" + log);
        }
        return ready;
    }

    private static void coldChild(ServerMode mode, String image) {
        try (Provisioner provisioner = new Provisioner()) {
            Config config = config(mode, image);
            MigrationPlan plan = MigrationPlan.prepare(config, FoundationBenchmark.class.getClassLoader());
            DatabaseManager manager = provisioner.manager(config.server());
            String db = manager.cloneOf(provisioner.template(manager, plan));
            System.out.println("READY " + db);
            System.out.flush();
        }
    }
}
