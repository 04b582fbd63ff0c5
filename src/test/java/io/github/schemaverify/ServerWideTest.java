package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.testing.EngineRun.failures;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.db.SimpleDataSource;
import io.github.schemaverify.internal.server.ExternalServer;
import io.github.schemaverify.testing.EngineRun;
import io.github.schemaverify.testing.TestCluster;

/** Issue 13 item 10: what migrations do to a shared server beyond their database, and what they need from it. */
@ExtendWith(TestCluster.Resolver.class)
class ServerWideTest {

    @Test
    void a_migration_that_changes_the_shared_server_is_reported_in_one_warning_line(TestCluster cluster) {
        List<String> console = new CopyOnWriteArrayList<>();
        try (DatabaseManager manager = new DatabaseManager(ExternalServer.connect(cluster.url(), Optional.of(cluster.user()),
                Optional.of(cluster.password())), console::add)) {
            String template = manager.template("5d".repeat(32), name -> {
                try (Connection c = new SimpleDataSource(manager.server(), name).getConnection(); Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE notes (id int)"); // inside its database: not a server change
                    st.execute("ALTER DATABASE " + name + " SET work_mem = '12MB'"); // nor this
                    st.execute("CREATE ROLE sv_side_reader LOGIN");
                    st.execute("ALTER SYSTEM SET work_mem = '77MB'");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });

            assertThat(console).singleElement().asString()
                    .startsWith("SchemaVerify: WARNING: while run " + manager.runToken() + " (host ")
                    .endsWith(") migrated " + template + ", the server EXTERNAL " + cluster.url() + " changed outside the sv_"
                            + " databases: + role sv_side_reader (LOGIN); + setting work_mem = 77MB (ALTER SYSTEM). These changes"
                            + " stay on the shared server after the run. If a migration made them on purpose, make it skip them"
                            + " where they exist, or move them out of the migrations into the server's setup.");
        } finally {
            cluster.execute("ALTER SYSTEM RESET work_mem");
            cluster.execute("DROP ROLE IF EXISTS sv_side_reader");
        }
    }

    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class VectorFixture {
        @Test
        void test(DataSource ds) {
        }
    }

    @Test
    void a_role_that_may_not_create_pgvector_is_told_so_before_any_migration_runs(TestCluster cluster) {
        cluster.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sv_creator') THEN"
                + " CREATE ROLE sv_creator LOGIN PASSWORD 'Creator-pass-4410' CREATEDB NOSUPERUSER; END IF; END $$");
        List<String> before = cluster.databases();

        EngineExecutionResults results = EngineRun.of(VectorFixture.class).on(cluster)
                .param("schemaverify.user", "sv_creator").param("schemaverify.password", "Creator-pass-4410").execute();

        assertThat(failures(results)).containsExactly("Extension \"vector\" can be created only by a superuser (its control"
                + " file, version 0.8.0, does not mark it trusted), and V1__extensions.sql creates it, but the role 'sv_creator'"
                + " on EXTERNAL " + cluster.url() + " is not a superuser. SchemaVerify creates each database from template0 and"
                + " never creates extensions itself, so run it as a superuser on this server (schemaverify.user /"
                + " SCHEMAVERIFY_USER; a CI service container's POSTGRES_USER is one), or have an administrator mark the"
                + " extension trusted (trusted = true in vector.control). Nothing was created.");
        assertThat(cluster.databases()).isEqualTo(before);
    }
}
