package io.github.schemaverify.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import io.github.schemaverify.internal.server.LocalCluster;

/**
 * A password-protected PostgreSQL + pgvector cluster that plays "a server the user already runs" for EXTERNAL-mode
 * tests: one per test run, in the root store, resolvable as a parameter.
 */
public final class TestCluster implements AutoCloseable {
    public static final String PASSWORD = "Sv-secret-7f3a9c";
    private final LocalCluster cluster;

    private TestCluster(LocalCluster cluster) {
        this.cluster = cluster;
    }

    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + cluster.port() + "/postgres";
    }

    public String user() {
        return cluster.user();
    }

    public String password() {
        return PASSWORD;
    }

    public int port() {
        return cluster.port();
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user(), PASSWORD);
    }

    public void execute(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sets {@code setting} for the sessions the cluster starts from now on ({@code ALTER SYSTEM}), until the returned
     * handle is closed, which resets it; each returns once a new session starts with the value (the postmaster reloads
     * its configuration a moment after {@code pg_reload_conf()} asks, and tells no one: a new session is asked).
     */
    public Configured configure(String setting, String value) {
        String before = startingValue(setting);
        reconfigure("ALTER SYSTEM SET " + setting + " = '" + value.replace("'", "''") + "'", setting, value);
        return () -> reconfigure("ALTER SYSTEM RESET " + setting, setting, before);
    }

    /** A setting changed by {@link #configure}; closing it sets it back. */
    public interface Configured extends AutoCloseable {
        @Override
        void close();
    }

    private void reconfigure(String alter, String setting, String expected) {
        execute(alter);
        execute("SELECT pg_reload_conf()");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (!startingValue(setting).equals(expected)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(setting + " is not " + expected + " in a new session 5 s after pg_reload_conf()");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The value of {@code setting} in a session started now. */
    private String startingValue(String setting) {
        try (Connection c = connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_setting('" + setting + "')")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Names of all databases, sorted. */
    public List<String> databases() {
        List<String> names = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT datname FROM pg_database ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    public List<String> svDatabases() {
        return databases().stream().filter(n -> n.startsWith("sv_")).toList();
    }

    @Override
    public void close() {
        cluster.close();
    }

    /** Resolves {@link TestCluster} parameters, starting the cluster once per run. */
    public static final class Resolver implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
            return p.getParameter().getType() == TestCluster.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext c) {
            // get and put, which every supported JUnit has (getOrComputeIfAbsent is deprecated in 6)
            ExtensionContext.Store store = c.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
            synchronized (TestCluster.class) {
                TestCluster cluster = store.get(TestCluster.class, TestCluster.class);
                if (cluster == null) {
                    // the binaries the run names (-Dschemaverify.pg.bin, as CI's runs on other PostgreSQL versions do)
                    cluster = new TestCluster(LocalCluster.start(Optional.ofNullable(System.getProperty("schemaverify.pg.bin")),
                            "postgres", Optional.of(PASSWORD)));
                    store.put(TestCluster.class, cluster);
                }
                return cluster;
            }
        }
    }
}
