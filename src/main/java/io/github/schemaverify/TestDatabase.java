package io.github.schemaverify;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.apiguardian.api.API;

import io.github.schemaverify.schema.SchemaSnapshot;

/**
 * The database one test works on: a clone of the migrated template, dropped after the test (or the class, with
 * {@link Isolation#PER_CLASS}). Resolvable as a test parameter under {@link MigratedDatabase}.
 *
 * <pre>{@code
 * @Test
 * void seeds(TestDatabase db) {
 *     db.execute("INSERT INTO tenants(name) VALUES ('acme')");
 *     assertThat(db.snapshot()).table("tenants").hasColumn("name");
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface TestDatabase {

    /** The database name, always starting with {@code sv_}. */
    String name();

    /** A JDBC URL that reaches this database. */
    String jdbcUrl();

    /** The user to connect as. */
    String user();

    /** The password to connect with (never printed by SchemaVerify). */
    String password();

    /** A {@link DataSource} for this database; each {@code getConnection()} opens a new connection. */
    DataSource dataSource();

    /** Opens a new connection; the caller closes it. */
    Connection connect() throws SQLException;

    /** Reads the current schema of the migration-owned schemas from the catalog. */
    SchemaSnapshot snapshot();

    /**
     * Runs SQL (one or more statements, separated by semicolons) in autocommit mode.
     *
     * @throws IllegalStateException wrapping the {@link SQLException}, with the server's message
     */
    void execute(String sql);
}
