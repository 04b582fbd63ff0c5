package io.github.schemaverify.internal.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.github.schemaverify.internal.config.Redaction;
import io.github.schemaverify.internal.server.PgServer;

/**
 * A non-pooling {@link DataSource} for one database: every connection is a new one, so nothing holds a connection to
 * a template after its build, and a closed connection really is closed before the database is dropped.
 */
public final class SimpleDataSource implements DataSource {
    private final PgServer server;
    private final String database;
    private int loginTimeout;

    public SimpleDataSource(PgServer server, String database) {
        this.server = server;
        this.database = database;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return server.connect(database);
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
