package io.github.schemaverify.internal.readiness;

import java.lang.reflect.InvocationTargetException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.db.ManagedDatabase;
import io.github.schemaverify.readiness.Gate;
import io.github.schemaverify.readiness.GateState;
import io.github.schemaverify.readiness.ReadinessLevel;

/**
 * The staged bootstrap of one test database, recorded as gates: {@code server}, {@code database} (reachability),
 * {@code extensions}, {@code migrations}, {@code db_index_load} (critical), then the project's stages,
 * {@code vector_seeding} and {@code analyze} (optional unless a stage says otherwise). Synchronous stages run before
 * the test; asynchronous ones on a background thread that {@link #close()} waits for.
 */
public final class Bootstrap implements AutoCloseable {
    public static final String SERVER = "server";
    public static final String DATABASE = "database";
    public static final String EXTENSIONS = "extensions";
    public static final String MIGRATIONS = "migrations";
    public static final String DB_INDEX_LOAD = "db_index_load";
    public static final String VECTOR_SEEDING = "vector_seeding";
    public static final String ANALYZE = "analyze";

    private final MutableTimeline timeline;
    private ManagedDatabase database;
    private ExecutorService background;

    private Bootstrap(MutableTimeline timeline) {
        this.timeline = timeline;
    }

    public MutableTimeline timeline() {
        return timeline;
    }

    /** The database the bootstrap created; {@link #close()} drops it after the background stages end. */
    public ManagedDatabase database() {
        return database;
    }

    /**
     * Runs the bootstrap: {@code server} and {@code migrations} come from the run-wide server and template (whose
     * build checked up front that the server offers every extension the migrations create), the clone is made by
     * {@code createDatabase}. Returns the bootstrap with its database; when a critical gate fails, throws its failure
     * after dropping the database.
     */
    public static Bootstrap run(DatabaseManager manager, String template, List<String> schemas, List<Stage> stages,
            Supplier<ManagedDatabase> createDatabase) {
        MutableTimeline timeline = new MutableTimeline();
        Bootstrap bootstrap = new Bootstrap(timeline);
        timeline.declareReachability(SERVER).declareReachability(DATABASE).declare(EXTENSIONS, true).declare(MIGRATIONS, true)
                .declare(DB_INDEX_LOAD, true);
        Optional<Stage> seeding = stages.stream().filter(s -> s.name().equals(VECTOR_SEEDING)).findFirst();
        timeline.declare(VECTOR_SEEDING, seeding.map(Stage::critical).orElse(false));
        List<Stage> custom = stages.stream().filter(s -> !s.name().equals(VECTOR_SEEDING)).toList();
        for (Stage s : custom) {
            timeline.declare(s.name(), s.critical());
        }
        timeline.declare(ANALYZE, false);

        timeline.start(SERVER);
        timeline.ready(SERVER); // started (or reused) before the class; its failures fail the class there
        timeline.start(DATABASE);
        ManagedDatabase db = createDatabase.get();
        bootstrap.database = db;
        timeline.ready(DATABASE);
        // the template's build checked the extensions the migrations create against the server, before migrating
        timeline.start(EXTENSIONS);
        timeline.ready(EXTENSIONS);
        // a clone's catalog is a copy of its template's: this check runs once per template
        timeline.start(MIGRATIONS);
        timeline.ready(MIGRATIONS); // the clone of template carries them
        gate(timeline, DB_INDEX_LOAD, () -> manager.templateCheck(template, DB_INDEX_LOAD, () -> failure(() -> checkIndexes(db, schemas)))
                .ifPresent(Bootstrap::fail));

        List<Stage> ordered = new ArrayList<>();
        ordered.addAll(custom);
        seeding.ifPresent(ordered::add);
        boolean anyAsync = false;
        for (Stage stage : ordered) {
            if (stage.async() || anyAsync) {
                anyAsync = true;
                bootstrap.background().submit(() -> runStage(timeline, stage, db));
            } else {
                runStage(timeline, stage, db);
            }
        }
        if (seeding.isEmpty()) {
            timeline.skip(VECTOR_SEEDING);
        }
        Runnable analyze = () -> gate(timeline, ANALYZE, () -> {
            if (seeding.isPresent()) { // the template's statistics are current unless seeding added rows
                db.execute("ANALYZE");
            }
        });
        if (anyAsync) {
            bootstrap.background().submit(analyze);
        } else {
            analyze.run();
        }
        if (timeline.level() == ReadinessLevel.FAILED) {
            String failures = String.join("; ", timeline.gates().stream().filter(g -> g.critical() && g.state() == GateState.FAILED)
                    .map(g -> g.name() + ": " + g.failure().orElse("failed")).toList());
            bootstrap.close();
            throw new SchemaVerifyException("The database bootstrap failed at a critical gate (" + failures + ").\n"
                    + timeline.describe());
        }
        return bootstrap;
    }

    private ExecutorService background() {
        if (background == null) {
            background = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "schemaverify-readiness-stages");
                t.setDaemon(true);
                return t;
            });
        }
        return background;
    }

    private interface Work {
        void run() throws Exception;
    }

    private static void gate(MutableTimeline timeline, String gate, Work work) {
        timeline.start(gate);
        try {
            work.run();
            timeline.ready(gate);
        } catch (Exception e) {
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            timeline.fail(gate, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
    }

    private static Optional<String> failure(Work work) {
        try {
            work.run();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of(e.getMessage());
        }
    }

    private static void fail(String message) {
        throw new IllegalStateException(message);
    }

    private static void runStage(MutableTimeline timeline, Stage stage, ManagedDatabase db) {
        List<String> after = stage.after().isEmpty() ? List.of(DB_INDEX_LOAD) : stage.after();
        for (String dependency : after) {
            Gate g = timeline.awaitGate(dependency, Duration.ofMinutes(10));
            if (g.state() == GateState.FAILED && g.critical()) {
                timeline.skip(stage.name());
                return;
            }
        }
        gate(timeline, stage.name(), () -> stage.action().run(db));
    }

    private static void checkIndexes(ManagedDatabase db, List<String> schemas) throws SQLException {
        try (Connection c = db.connect(); var ps = c.prepareStatement("SELECT n.nspname || '.' || ic.relname, ic.relkind = 'I'"
                + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace"
                + " WHERE n.nspname = ANY(?) AND NOT (i.indisvalid AND i.indisready) ORDER BY 1")) {
            ps.setArray(1, c.createArrayOf("text", schemas.toArray()));
            List<String> failed = new ArrayList<>();
            List<String> partitioned = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    (rs.getBoolean(2) ? partitioned : failed).add(rs.getString(1));
                }
            }
            List<String> causes = new ArrayList<>();
            if (!failed.isEmpty()) {
                String them = failed.size() == 1 ? "it" : "them";
                causes.add(String.join(", ", failed) + " (a failed CREATE INDEX CONCURRENTLY leaves " + them + ": drop and"
                        + " create " + them + " again)");
            }
            if (!partitioned.isEmpty()) {
                causes.add(String.join(", ", partitioned) + " (a partitioned table's index created ON ONLY stays so until"
                        + " every partition has an index attached to it: ALTER INDEX ... ATTACH PARTITION the missing ones)");
            }
            if (!causes.isEmpty()) {
                throw new IllegalStateException("indexes not valid and ready: " + String.join("; ", causes));
            }
        }
    }

    /** Waits for background stages (up to a minute), then drops the database. */
    @Override
    public void close() {
        try {
            awaitBackground();
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    private void awaitBackground() {
        if (background != null) {
            background.shutdown();
            try {
                if (!background.awaitTermination(60, TimeUnit.SECONDS)) {
                    background.shutdownNow();
                }
            } catch (InterruptedException e) {
                background.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
