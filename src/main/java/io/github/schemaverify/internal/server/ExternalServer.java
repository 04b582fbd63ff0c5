package io.github.schemaverify.internal.server;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;

import org.postgresql.Driver;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.ServerException;
import io.github.schemaverify.ServerMode;
import io.github.schemaverify.internal.config.Redaction;

/**
 * A server the user already runs. SchemaVerify only creates and drops {@code sv_*} databases it created itself, and
 * never changes the database named in the URL.
 *
 * <p>The URL is read by the PostgreSQL driver's own parser ({@link Driver#parseURL}), so whatever the driver accepts
 * works here too: several hosts ({@code jdbc:postgresql://h1:5432,h2:5432/app}), percent-encoded parameter values,
 * parameters such as {@code sslmode}. URLs shown to tests and in messages never hold the password.
 */
public final class ExternalServer implements PgServer {
    private static final Set<String> ADDRESS = Set.of("PGHOST", "PGPORT", "PGDBNAME", "user", "password");

    private final String url;
    private final List<String> hosts;
    private final List<Integer> ports;
    private final String database;
    private final SortedMap<String, String> parameters;
    private final String user;
    private final String password;

    private ExternalServer(String url, List<String> hosts, List<Integer> ports, String database, SortedMap<String, String> parameters,
            String user, String password) {
        this.url = url;
        this.hosts = hosts;
        this.ports = ports;
        this.database = database;
        this.parameters = parameters;
        this.user = user;
        this.password = password;
    }

    /**
     * Reads the URL as the PostgreSQL driver does and checks that the role may create databases. The user and password
     * settings win over {@code user=} and {@code password=} in the URL.
     */
    public static ExternalServer connect(String url, Optional<String> user, Optional<String> password) {
        Properties parsed = Driver.parseURL(url, new Properties());
        if (parsed == null) {
            throw new ServerException("Server EXTERNAL: " + MigratedDatabase.URL_PROPERTY + " / SCHEMAVERIFY_URL is not"
                    + " a URL the PostgreSQL driver can read: " + Redaction.url(url) + ". Write it as"
                    + " jdbc:postgresql://host:port/database (several hosts: jdbc:postgresql://host1:port1,host2:port2/database),"
                    + " with parameter values percent-encoded (% as %25, & as %26); keep the password out of the URL, in"
                    + " SCHEMAVERIFY_PASSWORD.");
        }
        List<String> hosts = List.of(parsed.getProperty("PGHOST", "").split(","));
        List<Integer> ports = new ArrayList<>();
        for (String port : parsed.getProperty("PGPORT", "").split(",")) {
            ports.add(Integer.parseInt(port)); // the driver has checked them
        }
        hosts = hosts.stream().map(h -> h.isEmpty() ? "localhost" : h).toList();
        String database = parsed.getProperty("PGDBNAME", "");
        SortedMap<String, String> parameters = new TreeMap<>();
        for (String key : parsed.stringPropertyNames()) {
            if (!ADDRESS.contains(key)) {
                parameters.put(key, parsed.getProperty(key));
            }
        }
        if (hosts.size() > 1) {
            // several hosts: every session must reach the one server that can create databases, or a clone made on one
            // host would be looked for on another
            String type = parameters.getOrDefault("targetServerType", "primary");
            if (!type.equals("primary") && !type.equals("master")) {
                throw new ServerException("Server EXTERNAL at " + Redaction.url(url) + ": the URL names " + hosts.size()
                        + " hosts with targetServerType=" + type + ", so SchemaVerify's sessions could reach different servers"
                        + " (or a read-only standby), and a database created on one would be missing on another. Remove"
                        + " targetServerType (SchemaVerify then connects with targetServerType=primary), set it to primary, or"
                        + " name one host.");
            }
            parameters.put("targetServerType", "primary");
        }
        String effectiveUser = user.or(() -> Optional.ofNullable(parsed.getProperty("user"))).orElse(System.getProperty("user.name"));
        String effectivePassword = password.or(() -> Optional.ofNullable(parsed.getProperty("password"))).orElse(null);
        ExternalServer server = new ExternalServer(url, hosts, List.copyOf(ports), database.isEmpty() ? "postgres" : database,
                Collections.unmodifiableSortedMap(parameters), effectiveUser, effectivePassword);
        server.check();
        return server;
    }

    private void check() {
        String where = "Server EXTERNAL at " + Redaction.url(url);
        try (Connection c = connect(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user")) {
            if (rs.next() && !rs.getBoolean(1)) {
                throw new ServerException(where + ": the role '" + user + "' may not create databases, and SchemaVerify"
                        + " creates one sv_* database per test. Grant it (ALTER ROLE " + user + " CREATEDB), or set "
                        + MigratedDatabase.USER_PROPERTY + " to a role that has CREATEDB. Nothing was created or changed.");
            }
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String message = Redaction.text(e.getMessage(), password);
            if (state.equals("28P01") || state.equals("28000")) {
                throw new ServerException(where + ": authentication failed for user '" + user + "' (" + message
                        + "). Set the right password with " + MigratedDatabase.PASSWORD_PROPERTY
                        + " or SCHEMAVERIFY_PASSWORD, and the user with " + MigratedDatabase.USER_PROPERTY + ".");
            }
            if (state.startsWith("08")) {
                // pgjdbc says "The connection attempt failed." and keeps why in its cause: name an unknown host
                for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                    if (cause instanceof java.net.UnknownHostException) {
                        throw new ServerException(where + ": unknown host " + host() + " (the name does not resolve). Fix"
                                + " the host in " + MigratedDatabase.URL_PROPERTY + " / SCHEMAVERIFY_URL; to let SchemaVerify"
                                + " start a server instead, unset the URL and use server LOCAL or CONTAINER.", e);
                    }
                }
                throw new ServerException(where + ": cannot connect (" + message + "). Start the server, or fix "
                        + MigratedDatabase.URL_PROPERTY + " / SCHEMAVERIFY_URL; to let SchemaVerify start a server instead, "
                        + "unset the URL and use server LOCAL or CONTAINER.");
            }
            throw new ServerException(where + ": " + message + " (SQL state " + state + ").");
        }
    }

    @Override
    public ServerMode mode() {
        return ServerMode.EXTERNAL;
    }

    /** The first host the URL names. */
    @Override
    public String host() {
        return hosts.get(0);
    }

    /** The first host's port. */
    @Override
    public int port() {
        return ports.get(0);
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

    /** The URL's parameters but user and password, percent-encoded, starting with '?', or empty. */
    @Override
    public String urlParameters() {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        parameters.forEach((k, v) -> query.add(encode(k) + "=" + encode(v)));
        return query.toString();
    }

    /** All hosts of the URL, the database, and its parameters but user and password. */
    @Override
    public String jdbcUrl(String database) {
        StringJoiner addresses = new StringJoiner(",");
        for (int i = 0; i < hosts.size(); i++) {
            addresses.add(hosts.get(i) + ":" + ports.get(i));
        }
        return "jdbc:postgresql://" + addresses + "/" + database + urlParameters();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public boolean ephemeral() {
        return false;
    }

    @Override
    public String location() {
        return Redaction.url(url);
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
