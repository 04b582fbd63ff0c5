package io.github.schemaverify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.diff.SchemaDiff;

/**
 * {@link SchemaSnapshots#read}: any database read as a migrated one is, so a live database's drift from the head of
 * the migrations is a diff.
 */
@MigratedDatabase(locations = "classpath:fixtures/catalog", schemas = {"public", "app"})
class SchemaSnapshotsTest {

    @Test
    void a_database_read_through_a_plain_connection_equals_the_migrated_snapshot(SchemaSnapshot head, Connection c)
            throws SQLException {
        assertThat(SchemaSnapshots.read(c, "public", "app")).isEqualTo(head);
    }

    @Test
    void drift_of_a_live_database_from_the_head_of_the_migrations_is_a_diff(SchemaSnapshot head, Connection live)
            throws SQLException {
        // what a hotfix applied by hand on staging looks like
        try (Statement st = live.createStatement()) {
            st.execute("CREATE INDEX tenants_email_idx ON tenants (email); GRANT DELETE ON tenants TO sv_catalog_reader;"
                    + " ALTER TABLE memory_shards OWNER TO sv_catalog_owner");
        }

        SchemaDiff drift = SchemaDiff.between(head, SchemaSnapshots.read(live, "public", "app"));

        assertThat(drift.render("")).isEqualTo("~ table public.memory_shards: owner was " + live.getMetaData().getUserName()
                + ", is sv_catalog_owner\n"
                + "~ table public.tenants: privileges was sv_catalog_reader: INSERT, SELECT, is sv_catalog_reader: DELETE, INSERT,"
                + " SELECT\n"
                + "+ index public.tenants_email_idx (btree on tenants (email))\n");
        // compared across environments, where other roles own and are granted
        assertThat(SchemaDiff.between(head, SchemaSnapshots.read(live, "public", "app"), SchemaDiff.Ignore.OWNERS,
                SchemaDiff.Ignore.PRIVILEGES).render("")).isEqualTo("+ index public.tenants_email_idx (btree on tenants (email))\n");
    }

    @Test
    void inside_a_transaction_it_leaves_the_session_as_it_was(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL search_path = app, public");
            SchemaSnapshots.read(c, "public", "app");
            try (ResultSet rs = st.executeQuery("SELECT current_setting('search_path')")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("app, public");
            }
            // the transaction is still usable
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM tenants")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    @Test
    void without_schemas_it_reads_public_and_a_bad_name_is_refused(Connection c) throws SQLException {
        SchemaSnapshot publicOnly = SchemaSnapshots.read(c);
        assertThat(publicOnly.schemas()).extracting(s -> s.name()).containsExactly("public");
        assertThat(publicOnly.table("audit_log")).isPresent();
        assertThat(publicOnly.sequence("app.ticket_seq")).isEmpty();
        assertThatThrownBy(() -> SchemaSnapshots.read(c, "public", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SchemaSnapshots.read: schema name \"\" is not a PostgreSQL schema name (1 to 63 characters, no NUL);"
                        + " name the schemas to read, e.g. read(connection, \"public\", \"app\").");
    }
}
