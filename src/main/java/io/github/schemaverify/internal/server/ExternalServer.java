package io.github.schemaverify.internal.server;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.ServerMode;
import io.github.schemaverify.internal.SchemaVerifyException;
import io.github.schemaverify.internal.config.Redaction;

/**
 * A server the user already runs. SchemaVerify only creates and drops {@code sv_*} databases it created itself, and
 * never changes the database named in the URL.
 */
public final class ExternalServer implements PgServer {
    private final String url;
    private final String host;
    private final int port;
    private final String database;
    private final String parameters;
    private final String user;
    private final String password;

    private ExternalServer(String url, String host, int port, String database, String parameters, String user, String password) {
        this.url = url;
        this.host = host;
        this.port = port;
        this.database = database;
        this.parameters = parameters;
        this.user = user;
        this.password = password;
    }

    public static ExternalServer connect(String url, Optional<String> user, Optional<String> password) {
        URI uri = URI.create(url.substring("jdbc:".length()));
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String path = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String effectiveUser = user.orElse(System.getProperty("user.name"));
        ExternalServer server = new ExternalServer(url, host, port, path, query, effectiveUser, password.orElse(null));
        server.check();
        return server;
    }

    private void check() {
        String where = "Server EXTERNAL at " + Redaction.url(url);
        try (Connection c = connect(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user")) {
            if (rs.next() && !rs.getBoolean(1)) {
                throw new SchemaVerifyException(where + ": the role '" + user + "' may not create databases, and SchemaVerify"
                        + " creates one sv_* database per test. Grant it (ALTER ROLE " + user + " CREATEDB), or set "
                        + MigratedDatabase.USER_PROPERTY + " to a role that has CREATEDB. Nothing was created or changed.");
            }
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String message = Redaction.text(e.getMessage(), password);
            if (state.equals("28P01") || state.equals("28000")) {
                throw new SchemaVerifyException(where + ": authentication failed for user '" + user + "' (" + message
                        + "). Set the right password with " + MigratedDatabase.PASSWORD_PROPERTY
                        + " or SCHEMAVERIFY_PASSWORD, and the user with " + MigratedDatabase.USER_PROPERTY + ".");
            }
            if (state.startsWith("08")) {
                throw new SchemaVerifyException(where + ": cannot connect (" + message + "). Start the server, or fix "
                        + MigratedDatabase.URL_PROPERTY + " / SCHEMAVERIFY_URL; to let SchemaVerify start a server instead, "
                        + "unset the URL and use server LOCAL or CONTAINER.");
            }
            throw new SchemaVerifyException(where + ": " + message + " (SQL state " + state + ").");
        }
    }

    @Override
    public ServerMode mode() {
        return ServerMode.EXTERNAL;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public String maintenanceDatabase() {
        return database;
    }

    @Override
    public String urlParameters() {
        return parameters;
    }

    @Override
    public boolean ephemeral() {
        return false;
    }

    @Override
    public String describe() {
        return "EXTERNAL " + Redaction.url(url);
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
