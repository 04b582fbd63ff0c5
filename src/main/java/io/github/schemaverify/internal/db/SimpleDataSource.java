package io.github.schemaverify.internal.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.github.schemaverify.internal.config.Redaction;
import io.github.schemaverify.internal.server.PgServer;

/**
 * A non-pooling {@link DataSource} for one database: every connection is a new one, so nothing holds a connection to
 * a template after its build, and a closed connection really is closed before the database is dropped.
 */
public final class SimpleDataSource implements DataSource {
    /** The driver's properties of a connection that runs the project's migrations: see {@link #forMigrations}. */
    private static final Map<String, String> MIGRATIONS = Map.of("logServerErrorDetail", "false");

    private final PgServer server;
    private final String database;
    private final Optional<Duration> statementTimeout;
    private final Map<String, String> properties;
    private int loginTimeout;

    public SimpleDataSource(PgServer server, String database) {
        this(server, database, Optional.empty());
    }

    /** A data source whose sessions cancel any statement that runs longer than {@code statementTimeout}. */
    public SimpleDataSource(PgServer server, String database, Optional<Duration> statementTimeout) {
        this(server, database, statementTimeout, Map.of());
    }

    private SimpleDataSource(PgServer server, String database, Optional<Duration> statementTimeout,
            Map<String, String> properties) {
        this.server = server;
        this.database = database;
        this.statementTimeout = statementTimeout;
        this.properties = properties;
    }

    /**
     * A data source for SchemaVerify's own runs of the project's migrations with Flyway: the driver's exceptions say
     * PostgreSQL's message without its detail ({@code logServerErrorDetail=false}), since a refused row's detail lists
     * every value of the row and those exceptions are the causes of SchemaVerify's, which a framework that wraps it
     * (Spring's test context) prints unmasked. SchemaVerify's own message quotes the detail, masked.
     */
    public static SimpleDataSource forMigrations(PgServer server, String database, Optional<Duration> statementTimeout) {
        return new SimpleDataSource(server, database, statementTimeout, MIGRATIONS);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return timed(server.connect(database, properties), statementTimeout);
    }

    /**
     * {@code c} with {@code statement_timeout} set to {@code timeout}, if one is given: a session that runs migrations; a
     * connection that cannot set it is closed.
     */
    public static Connection timed(Connection c, Optional<Duration> timeout) throws SQLException {
        if (timeout.isPresent()) {
            try (Statement st = c.createStatement()) {
                st.execute("SET statement_timeout = " + timeout.get().toMillis());
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("SchemaVerify's DataSource connects as the configured user only");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // not used
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        // jdbcUrl never holds the password; redacting again costs nothing and keeps it so if that ever changes
        return "SchemaVerify DataSource for " + Redaction.url(server.jdbcUrl(database));
    }
}
