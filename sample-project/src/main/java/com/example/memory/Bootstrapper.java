package com.example.memory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * The service's staged start: {@code migrations} (the database carries every migration of this build: Boot's Flyway
 * applied them before the application started, this stage validates) and {@code db_index_load} are critical (the
 * service answers requests once they are ready), {@code vector_seeding} loads the default memories in the background
 * and is optional. The readiness map ({@link #readiness()}) is what Actuator's readiness probe reports
 * ({@link BootstrapHealthIndicator}):
 * {@code {"level": "online_partial", "migrations": "ready", "db_index_load": "ready", "vector_seeding": "running"}}.
 */
public final class Bootstrapper implements AutoCloseable {
    public static final String MIGRATIONS = "migrations";
    public static final String DB_INDEX_LOAD = "db_index_load";
    public static final String VECTOR_SEEDING = "vector_seeding";

    private final DataSource dataSource;
    private final Flyway flyway;
    private final Seeder seeder;
    private final Map<String, String> stages = new ConcurrentHashMap<>();
    private volatile String level = "offline";
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vector-seeding");
        t.setDaemon(true);
        return t;
    });

    /** Loads the default memories; the service is useful without them. */
    @FunctionalInterface
    public interface Seeder {
        void seed(DataSource dataSource) throws Exception;
    }

    public Bootstrapper(DataSource dataSource, Flyway flyway, Seeder seeder) {
        this.dataSource = dataSource;
        this.flyway = flyway;
        this.seeder = seeder;
        stages.put(MIGRATIONS, "pending");
        stages.put(DB_INDEX_LOAD, "pending");
        stages.put(VECTOR_SEEDING, "pending");
    }

    /** Runs the critical stages, then starts seeding in the background. Throws when a critical stage fails. */
    public void start() throws SQLException {
        level = "online";
        stage(MIGRATIONS, flyway::validate);
        stage(DB_INDEX_LOAD, this::checkIndexes);
        level = "online_partial";
        stages.put(VECTOR_SEEDING, "running");
        background.submit(() -> {
            try {
                seeder.seed(dataSource);
                stages.put(VECTOR_SEEDING, "ready");
                level = "full_ready";
            } catch (Exception e) {
                stages.put(VECTOR_SEEDING, "failed"); // optional: the service stays online_partial
            }
        });
    }

    private interface Work {
        void run() throws Exception;
    }

    private void stage(String name, Work work) throws SQLException {
        stages.put(name, "running");
        try {
            work.run();
            stages.put(name, "ready");
        } catch (Exception e) {
            stages.put(name, "failed");
            level = "failed";
            throw new SQLException("stage " + name + " failed: " + e.getMessage(), e);
        }
    }

    private void checkIndexes() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_index WHERE NOT (indisvalid AND indisready)")) {
            rs.next();
            if (rs.getInt(1) > 0) {
                throw new SQLException(rs.getInt(1) + " indexes are not valid and ready");
            }
        }
    }

    /**
     * The readiness map, as the health endpoint returns it. The level is read before the stages: stages change before
     * the level does, so a reader never sees a level that its stages do not yet justify.
     */
    public Map<String, String> readiness() {
        String current = level;
        Map<String, String> map = new LinkedHashMap<>(stages);
        map.put("level", current);
        return map;
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
