package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestReporter;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;

@MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
class MigratedDatabaseTest {

    @Test
    void resolves_every_parameter_type_for_the_same_database(DataSource dataSource, Connection connection, TestDatabase db,
            Flyway flyway, SchemaSnapshot schema) throws SQLException {
        assertThat(connection.getCatalog()).isEqualTo(db.name());
        try (Connection c = dataSource.getConnection()) {
            assertThat(c.getCatalog()).isEqualTo(db.name());
        }
        assertThat(flyway.info().applied()).extracting(i -> i.getVersion().getVersion()).containsExactly("1", "2", "3");
        assertThat(schema.table("documents")).isPresent();
        assertThat(db.jdbcUrl()).endsWith("/" + db.name());
    }

    @Test
    void the_database_has_pgvector_and_takes_vectors(TestDatabase db) throws SQLException {
        db.execute("INSERT INTO documents (title, content_hash, embedding) VALUES ('a', 'h1', '[1,0,0]'), ('b', 'h2', '[0,1,0]')");
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT title FROM documents ORDER BY embedding <=> '[0.9,0.1,0]' LIMIT 1")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("a");
        }
    }

    @Test
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=8", target = "2")
    void a_method_annotation_overrides_the_class(SchemaSnapshot schema) {
        assertThat(schema.table("documents").orElseThrow().column("embedding").orElseThrow().type()).isEqualTo("vector(8)");
        assertThat(schema.indexes()).extracting(i -> i.name()).doesNotContain("documents_embedding_idx");
    }

    @Nested
    class NestedTests {
        @Test
        void nested_classes_inherit_the_enclosing_annotation(TestDatabase db) {
            assertThat(db.snapshot().table("documents")).isPresent();
        }
    }

    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3", isolation = Isolation.PER_CLASS)
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class PerClassFixture {
        @Test
        void first(TestDatabase db, TestReporter reporter) {
            reporter.publishEntry("database", db.name());
            db.execute("INSERT INTO documents (title, content_hash) VALUES ('kept', 'k')");
        }

        @Test
        void second(TestDatabase db, TestReporter reporter) throws SQLException {
            reporter.publishEntry("database", db.name());
            try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM documents")) {
                rs.next();
                reporter.publishEntry("rows", Integer.toString(rs.getInt(1)));
            }
        }
    }

    @Test
    void per_class_isolation_shares_one_database_across_methods() {
        EngineExecutionResults results = EngineRun.of(PerClassFixture.class).execute();
        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        List<String> databases = EngineRun.entries(results, "database");
        assertThat(databases).hasSize(2).containsOnly(databases.get(0));
        assertThat(EngineRun.entries(results, "rows")).as("the second test sees the row of the first").containsExactly("1");
    }

    /** The first test takes a connection; the second, on the same instance, reports whether it is closed by then. */
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class ConnectionFixture {
        private Connection fromTheFirstTest;

        @Test
        void first_takes_a_connection(Connection connection) {
            fromTheFirstTest = connection;
        }

        @Test
        void second_reports_whether_it_is_closed(TestReporter reporter) throws SQLException {
            reporter.publishEntry("closed", Boolean.toString(fromTheFirstTest.isClosed()));
        }
    }

    @Test
    void a_resolved_connection_is_closed_after_the_test() {
        EngineExecutionResults results = EngineRun.of(ConnectionFixture.class).execute();
        results.testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(EngineRun.entries(results, "closed")).containsExactly("true");
    }

    @MigratedDatabase
    static class DatabaseSettingsFixture {
        @Test
        void first(TestDatabase db, TestReporter reporter) throws SQLException {
            settings(db, reporter);
        }

        @Test
        void second(TestDatabase db, TestReporter reporter) throws SQLException {
            settings(db, reporter);
        }

        private static void settings(TestDatabase db, TestReporter reporter) throws SQLException {
            try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT current_setting('work_mem')"
                    + " || ' | ' || current_setting('search_path') || ' | ' || current_setting('app.tenant') || ' | '"
                    + " || current_setting('lock_timeout') || ' | ' || current_setting('statement_timeout')")) {
                rs.next();
                reporter.publishEntry("settings", rs.getString(1));
            }
        }
    }

    @Test
    void each_clone_has_the_settings_the_migrations_gave_the_database_which_create_database_does_not_copy() {
        Chain chain = Chain.empty().with("V1__settings.sql", "CREATE SCHEMA \"My App\";\n"
                + "ALTER DATABASE ${flyway:database} SET work_mem = '64MB';\n"
                + "ALTER DATABASE ${flyway:database} SET search_path = \"My App\", public;\n"
                + "ALTER DATABASE ${flyway:database} SET app.tenant = 'it''s 100%';\n"
                + "ALTER DATABASE ${flyway:database} SET lock_timeout = '3s';\n"
                + "ALTER ROLE CURRENT_USER IN DATABASE ${flyway:database} SET statement_timeout = '5min';\n");
        for (String parallel : List.of("false", "true")) { // clones made when asked, and made ahead by the pool
            EngineExecutionResults results = EngineRun.of(DatabaseSettingsFixture.class)
                    .param("schemaverify.locations", chain.location())
                    .param("junit.jupiter.execution.parallel.enabled", parallel)
                    .param("junit.jupiter.execution.parallel.mode.default", "concurrent").execute();
            results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
            assertThat(EngineRun.entries(results, "settings")).as("parallel " + parallel).containsExactly(
                    "64MB | \"My App\", public | it's 100% | 3s | 5min", "64MB | \"My App\", public | it's 100% | 3s | 5min");
        }
    }

    @Test
    void a_migration_whose_session_the_server_ends_is_not_told_to_be_fixed() {
        // Flyway's run (the template's build): the statement that was running when the session ended is no verdict on its
        // script, and "Fix the statement" sent the user to a script with nothing wrong in it (a function whose call does not
        // show that it ends the session stands for another session's ending it: ExternalServerTest ends one from outside)
        Chain chain = Chain.empty().with("V1__t.sql", "CREATE TABLE t (id int);\nCREATE FUNCTION bye() RETURNS boolean"
                + " LANGUAGE sql AS 'SELECT pg_terminate_backend(pg_backend_pid())';\n")
                .with("V2__ended.sql", "CREATE INDEX t_id ON t (id);\nSELECT bye();\n");
        EngineExecutionResults results = EngineRun.of(DatabaseSettingsFixture.class).param("schemaverify.locations",
                chain.location()).execute();
        assertThat(EngineRun.failures(results)).singleElement().asString().isEqualTo("The server ended the session while"
                + " V2__ended.sql ran (at its line 2; 57P01: terminating connection due to administrator command): the server"
                + " stopped, restarted or crashed, another session ended this one (pg_terminate_backend), or the connection"
                + " was lost (the network, a pooler's limit). That is no verdict on V2__ended.sql; where a statement of it"
                + " crashed the server, the server's log says so. Run again once the server takes sessions.");
    }

    @Test
    void a_migration_that_ends_its_own_session_is_told_to_be_fixed() {
        // a re-walk of real histories: a script that ends its database's sessions with its own among them fails so under
        // Flyway on every run, and "run again" was no advice
        Chain chain = Chain.empty().with("V1__t.sql", "CREATE TABLE t (id int);\n")
                .with("V2__ended.sql", "CREATE INDEX t_id ON t (id);\nSELECT pg_terminate_backend(pg_backend_pid());\n");
        EngineExecutionResults results = EngineRun.of(DatabaseSettingsFixture.class).param("schemaverify.locations",
                chain.location()).execute();
        assertThat(EngineRun.failures(results)).singleElement().asString().isEqualTo("V2__ended.sql ended its own session at"
                + " line 2 (57P01: terminating connection due to administrator command): the statement calls"
                + " pg_terminate_backend, and the sessions it ends include the one that runs it. Flyway's session ends so too,"
                + " and the migration fails there.\n  in the statement at line 2:\n    SELECT"
                + " pg_terminate_backend(pg_backend_pid())\nTake that statement out of " + chain.location() + "/V2__ended.sql:"
                + " a migration cannot end its own session.");
    }

    @MigratedDatabase(engine = Engine.SQL_SCRIPTS, scripts = "classpath:fixtures/scripts/schema.sql")
    static class ScriptsFixture {
        @Test
        void test(TestDatabase db) throws SQLException {
            try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT value FROM settings")) {
                rs.next();
                if (!rs.getString(1).equals("test")) {
                    throw new AssertionError(rs.getString(1));
                }
            }
        }
    }

    @Test
    void sql_scripts_engine_builds_the_schema_from_scripts() {
        EngineRun.of(ScriptsFixture.class).execute().testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void parallel_tests_each_get_their_own_database() {
        EngineExecutionResults results = EngineRun.of(FiftyTestsFixture.class)
                .param("junit.jupiter.execution.parallel.enabled", "true")
                .param("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .param("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .param("junit.jupiter.execution.parallel.config.fixed.parallelism", "8").execute();
        results.testEvents().assertStatistics(s -> s.succeeded(50).failed(0));
        assertThat(EngineRun.entries(results, "database")).hasSize(50).doesNotHaveDuplicates();
    }
}
