package io.github.schemaverify;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.regex.Pattern;

import org.apiguardian.api.API;

import io.github.schemaverify.internal.catalog.CatalogReader;
import io.github.schemaverify.schema.SchemaSnapshot;

/**
 * Reads the schema of any PostgreSQL database you can connect to: the same snapshot a migrated test database gives,
 * so {@link io.github.schemaverify.schema.diff.SchemaDiff} compares a live database (staging, a production replica)
 * with the head of the migrations.
 *
 * <pre>{@code
 * try (Connection staging = DriverManager.getConnection(url, user, password)) {
 *     SchemaDiff drift = SchemaDiff.between(head, SchemaSnapshots.read(staging, "public"),
 *             SchemaDiff.Ignore.OWNERS, SchemaDiff.Ignore.PRIVILEGES);
 *     assertThat(drift).isEmpty();
 * }
 * }</pre>
 *
 * <p>The reading only reads {@code pg_catalog} (and {@code pg_settings}), in two round trips, so any role that may
 * connect may read (a hot standby too). Values are written as the session started (its time zone, interval and float
 * styles, ...), whatever {@code SET} ran on the connection since. It leaves the connection as it found it: with
 * auto-commit off, it runs inside a savepoint that it rolls back. Roles are not read: they belong to the server,
 * which others share.
 *
 * @since 0.3
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public final class SchemaSnapshots {
    private static final Pattern NAME = Pattern.compile("[^\\x00]{1,63}");

    private SchemaSnapshots() {
    }

    /**
     * The snapshot of these schemas ({@code public} when none is named), read through {@code connection}.
     *
     * @throws SQLException         when the catalog cannot be read (the connection is closed, the server is not
     *                              PostgreSQL 13 or later)
     * @throws IllegalArgumentException when a schema name is empty or longer than PostgreSQL allows (63 bytes)
     */
    public static SchemaSnapshot read(Connection connection, String... schemas) throws SQLException {
        List<String> names = schemas.length == 0 ? List.of("public") : List.of(schemas);
        for (String name : names) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("SchemaSnapshots.read: schema name " + (name == null ? "null" : "\"" + name
                        + "\"") + " is not a PostgreSQL schema name (1 to 63 characters, no NUL); name the schemas to read,"
                        + " e.g. read(connection, \"public\", \"app\").");
            }
        }
        CatalogReader reader = new CatalogReader(names);
        if (connection.getAutoCommit()) {
            return reader.read(connection); // the settings it makes end with its implicit transaction
        }
        // inside the caller's transaction: its search_path setting would last until that ends
        Savepoint savepoint = connection.setSavepoint();
        try {
            return reader.read(connection);
        } finally {
            connection.rollback(savepoint);
            connection.releaseSavepoint(savepoint);
        }
    }
}
