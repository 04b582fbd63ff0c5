package io.github.schemaverify.internal.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.TestDatabase;
import io.github.schemaverify.internal.catalog.CatalogReader;
import io.github.schemaverify.internal.config.Config;
import io.github.schemaverify.schema.SchemaSnapshot;

/** One {@code sv_*} database handed to tests; closing it drops it. */
public final class ManagedDatabase implements TestDatabase, AutoCloseable {
    private final DatabaseManager manager;
    private final String name;
    private final Config config;
    private final SimpleDataSource dataSource;

    public ManagedDatabase(DatabaseManager manager, String name, Config config) {
        this.manager = manager;
        this.name = name;
        this.config = config;
        this.dataSource = new SimpleDataSource(manager.server(), name);
    }

    public DatabaseManager manager() {
        return manager;
    }

    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String jdbcUrl() {
        return manager.server().jdbcUrl(name);
    }

    @Override
    public String user() {
        return manager.server().user();
    }

    @Override
    public String password() {
        return manager.server().password();
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public Connection connect() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public SchemaSnapshot snapshot() {
        try (Connection c = connect()) {
            return new CatalogReader(config.schemas(), false, config.historyTable()).read(c);
        } catch (SQLException e) {
            throw new SchemaVerifyException("Reading the schema of " + name + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void execute(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        manager.release(name);
    }

    @Override
    public String toString() {
        return "TestDatabase[" + name + " on " + manager.server().describe() + "]";
    }
}
