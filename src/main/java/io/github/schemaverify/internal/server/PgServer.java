package io.github.schemaverify.internal.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

import io.github.schemaverify.ServerMode;

/** A running PostgreSQL server that SchemaVerify may create {@code sv_*} databases on. */
public interface PgServer extends AutoCloseable {

    ServerMode mode();

    String host();

    int port();

    String user();

    String password();

    /** The database SchemaVerify connects to for administration (never changed or dropped). */
    String maintenanceDatabase();

    /** Extra JDBC URL parameters the user gave (EXTERNAL), starting with '?' or empty. */
    default String urlParameters() {
        return "";
    }

    /** True when the server lives only for this run, so leftover databases need no dropping. */
    boolean ephemeral();

    /**
     * True when no one but this run uses the server while it runs, so what belongs to the whole server (roles) is the
     * run's to read: an ephemeral server, or a LOCAL cluster kept between runs, which one run at a time uses.
     */
    default boolean exclusive() {
        return ephemeral();
    }

    /** A short description for messages: "LOCAL PostgreSQL 15 at 127.0.0.1:54012". */
    String describe();

    /**
     * Where the server is, without its mode or version, for the run's summary: {@code 127.0.0.1:54012, binaries in
     * /usr/lib/postgresql/15/bin}; a URL never shows its password.
     */
    String location();

    default String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database + urlParameters();
    }

    default Connection connect(String database) throws SQLException {
        return connect(database, java.util.Map.of());
    }

    /** A connection with extra pgjdbc properties (for example {@code flushCacheOnDdl}). */
    default Connection connect(String database, java.util.Map<String, String> properties) throws SQLException {
        Properties props = new Properties();
        props.putAll(properties);
        props.setProperty("user", user());
        if (password() != null) {
            props.setProperty("password", password());
        }
        props.setProperty("ApplicationName", "schemaverify");
        return Pgjdbc.connect(jdbcUrl(database), props);
    }

    @Override
    void close();
}
