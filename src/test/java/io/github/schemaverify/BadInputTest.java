package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.testing.EngineRun.failures;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.schemaverify.internal.config.StackTracesReset;
import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;

/** Misuse and broken input: each gets a message naming the cause and the fix, before any server starts where possible. */
class BadInputTest {

    @MigratedDatabase(locations = "classpath:fixtures/broken_sql")
    static class BrokenMigrationFixture {
        @Test
        void first(DataSource ds) {
        }

        @Test
        void second(DataSource ds) {
        }
    }

    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class HealthyFixture {
        @Test
        void works(TestDatabase db) {
            db.execute("INSERT INTO documents (title, content_hash) VALUES ('a', 'h')");
        }
    }

    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class WrongParameterFixture {
        @Test
        void pooled(org.postgresql.ds.PGSimpleDataSource ds) {
        }

        @Test
        void step(RevisionStep step) {
        }

        @Test
        void table(io.github.schemaverify.schema.Table table) {
        }
    }

    @Test
    void a_parameter_no_resolver_gives_gets_the_list_of_those_that_work() {
        String where = "@MigratedDatabase on " + WrongParameterFixture.class.getName();
        String list = " cannot be given. A test of a @MigratedDatabase class can take DataSource, Connection, TestDatabase,"
                + " Flyway, SchemaSnapshot or ReadinessTimeline.";
        assertThat(failures(EngineRun.of(WrongParameterFixture.class).execute())).containsExactlyInAnyOrder(
                where + "#pooled: parameter 'ds' of type org.postgresql.ds.PGSimpleDataSource" + list
                        + " Declare it as javax.sql.DataSource.",
                where + "#step: parameter 'step' of type io.github.schemaverify.RevisionStep" + list
                        + " A RevisionStep is given to a @VerifyRoundTrip method.",
                where + "#table: parameter 'table' of type io.github.schemaverify.schema.Table" + list
                        + " Take a SchemaSnapshot and navigate to it (schema.table(\"...\")).");
    }

    @Test
    void migration_with_a_sql_error_fails_naming_file_line_and_postgres_message_and_other_classes_go_on() {
        EngineExecutionResults results = EngineRun.of(BrokenMigrationFixture.class, HealthyFixture.class).execute();

        assertThat(failures(results)).containsExactly("""
                Migration V2__broken.sql failed at line 3: ERROR: syntax error at or near "TABLEX"
                  in the statement at line 3:
                    CREATE TABLEX bots_typo (id bigint)
                Fix the statement in classpath:fixtures/broken_sql/V2__broken.sql; the migrations after it were not applied.""");
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        results.containerEvents().assertStatistics(s -> s.failed(1));
    }

    @Test
    void junit_told_not_to_close_what_extensions_keep_fails_every_test_before_any_server_starts() {
        // an unreachable EXTERNAL server: had anything tried to connect, the message would be about the connection
        EngineExecutionResults results = EngineRun.of(BrokenMigrationFixture.class)
                .param("junit.jupiter.extensions.store.close.autocloseable.enabled", "false")
                .param("schemaverify.server", "EXTERNAL").param("schemaverify.url", "jdbc:postgresql://127.0.0.1:1/postgres")
                .execute();

        assertThat(failures(results)).containsExactly("SchemaVerify needs JUnit to close what extensions keep for the run, but"
                + " the configuration parameter junit.jupiter.extensions.store.close.autocloseable.enabled is false: the"
                + " servers, containers and databases SchemaVerify starts would be left behind. Remove the parameter (from"
                + " junit-platform.properties, the build's configurationParameters or"
                + " -Djunit.jupiter.extensions.store.close.autocloseable.enabled), or set it to true.");
        results.testEvents().assertStatistics(s -> s.succeeded(0).started(0));
    }

    @MigratedDatabase(locations = "classpath:fixtures/placeholder")
    static class UnresolvedPlaceholderFixture {
        @Test
        void test(DataSource ds) {
        }
    }

    @Test
    void unresolved_placeholder_fails_before_any_server_starts() {
        // an unreachable EXTERNAL server: had anything tried to connect, the message would be about the connection
        EngineExecutionResults results = EngineRun.of(UnresolvedPlaceholderFixture.class).param("schemaverify.server", "EXTERNAL")
                .param("schemaverify.url", "jdbc:postgresql://127.0.0.1:1/postgres").execute();

        assertThat(failures(results)).containsExactly("@MigratedDatabase on " + UnresolvedPlaceholderFixture.class.getName()
                + ": V1__dims.sql line 4 uses the placeholder ${UNDEFINED_DIM}, which has no value, and Flyway fails on it."
                + " Add placeholders = \"UNDEFINED_DIM=<value>\" to @MigratedDatabase (or the property"
                + " schemaverify.placeholders); if the text is not meant as a placeholder, turn replacement off for the script"
                + " (V1__dims.sql.conf holding placeholderReplacement=false), or for every script if the project's Flyway"
                + " has it off (@MigratedDatabase(placeholderReplacement = false), or the property"
                + " schemaverify.flyway.placeholderReplacement=false).");
    }

    @MigratedDatabase
    static class ChainFixture {
        @Test
        void test(DataSource ds) {
        }
    }

    @Test
    void unresolved_placeholder_in_a_callback_that_migrate_runs_fails_before_any_server_starts() {
        // Flyway fails on a callback's placeholder when it runs it, as on a migration's
        Chain chain = Chain.empty().with("V1__docs.sql", "CREATE TABLE docs (id int);\n")
                .with("afterMigrate.sql", "-- grants\nGRANT SELECT ON ALL TABLES IN SCHEMA public TO ${READER};\n");
        EngineExecutionResults results = EngineRun.of(ChainFixture.class).param("schemaverify.locations", chain.location())
                .param("schemaverify.server", "EXTERNAL").param("schemaverify.url", "jdbc:postgresql://127.0.0.1:1/postgres")
                .execute();

        assertThat(failures(results)).containsExactly("@MigratedDatabase on " + ChainFixture.class.getName()
                + ": afterMigrate.sql line 2 uses the placeholder ${READER}, which has no value, and Flyway fails on it."
                + " Add placeholders = \"READER=<value>\" to @MigratedDatabase (or the property schemaverify.placeholders); if"
                + " the text is not meant as a placeholder, turn replacement off for the script (afterMigrate.sql.conf holding"
                + " placeholderReplacement=false), or for every script if the project's Flyway has it off"
                + " (@MigratedDatabase(placeholderReplacement = false), or the property"
                + " schemaverify.flyway.placeholderReplacement=false).");
    }

    @Test
    void a_full_stack_trace_shows_no_value_of_a_refused_row_in_its_causes() {
        // the driver's exception and Flyway's quoted PostgreSQL's detail, which lists every value of the row: the hash
        // would have been in the CI log of a build run with schemaverify.stackTraces=full, or of one whose failure a
        // framework wraps (EngineRun.everything prints it wrapped too), so SchemaVerify's migrations run without it
        Chain chain = Chain.empty().with("V1__account.sql", "CREATE TABLE account (id int PRIMARY KEY, name text NOT NULL,"
                + " password_hash text);\nINSERT INTO account SELECT 1, NULL, 'pbkdf2$' || md5('x');\n");
        try {
            EngineExecutionResults results = EngineRun.of(ChainFixture.class).param("schemaverify.locations", chain.location())
                    .param("schemaverify.stackTraces", "full").execute();

            assertThat(failures(results)).singleElement().asString().startsWith("Migration V1__account.sql failed at line 2:"
                    + " ERROR: null value in column \"name\" of relation \"account\" violates not-null constraint (Failing row"
                    + " contains (********).)");
            // the script's text is no secret (it is in the repository); the value it computed is
            assertThat(EngineRun.everything(results)).doesNotContain("9dd4e461268c8034f5c8564e155c67a6")
                    .contains("Caused by: org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException")
                    .contains("Caused by: org.postgresql.util.PSQLException: ERROR: null value in column \"name\" of relation"
                            + " \"account\" violates not-null constraint\n\tat ")
                    .contains("Caused by: io.github.schemaverify.MigrationException: Migration V1__account.sql failed");
        } finally {
            StackTracesReset.toDefault();
        }
    }

    @Test
    void a_placeholder_in_a_callback_that_migrate_never_runs_is_left_to_the_command_that_runs_it() {
        // Flyway's migrate runs neither afterMigrateError.sql (when it succeeds) nor the undo callbacks
        Chain chain = Chain.empty().with("V1__docs.sql", "CREATE TABLE docs (id int);\n")
                .with("afterMigrateError.sql", "SELECT '${ALERT_CHANNEL}';\n")
                .with("beforeEachUndo.sql", "SET ROLE ${OWNER};\n");
        EngineExecutionResults results = EngineRun.of(ChainFixture.class).param("schemaverify.locations", chain.location())
                .execute();

        assertThat(failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(1));
    }

    @MigratedDatabase(locations = "")
    static class EmptyLocationFixture {
        @Test
        void test(DataSource ds) {
        }
    }

    @MigratedDatabase(locations = "classpath:fixtures/empty")
    static class NoMigrationsFixture {
        @Test
        void test(DataSource ds) {
        }
    }

    @MigratedDatabase(locations = "classpath:fixtures/does_not_exist")
    static class MissingLocationFixture {
        @Test
        void test(DataSource ds) {
        }
    }

    @MigratedDatabase(locations = "filesystem:no/such/dir")
    static class MissingFilesystemLocationFixture {
        @Test
        void test(DataSource ds) {
        }
    }

    @Test
    void empty_or_missing_locations_fail_with_the_fix() {
        String cwd = java.nio.file.Path.of("").toAbsolutePath().toString();
        assertThat(failures(unreachable(EmptyLocationFixture.class))).containsExactly("@MigratedDatabase on "
                + EmptyLocationFixture.class.getName() + ": attribute 'locations' expects a Flyway location such as"
                + " \"classpath:db/migration\", but found an empty string. Remove the empty entry or name the folder that"
                + " holds your V<version>__<description>.sql files.");
        assertThat(failures(unreachable(NoMigrationsFixture.class))).containsExactly("@MigratedDatabase on "
                + NoMigrationsFixture.class.getName() + ": no migrations found in classpath:fixtures/empty. Flyway reads"
                + " files named V<version>__<description>.sql (and R__<description>.sql); add them there, or point"
                + " 'locations' at the folder that holds them.");
        assertThat(failures(unreachable(MissingLocationFixture.class))).containsExactly("Location classpath:fixtures/does_not_exist"
                + " is not on the test classpath. Put the migrations under src/main/resources/fixtures/does_not_exist (or"
                + " src/test/resources/fixtures/does_not_exist), or fix 'locations' on @MigratedDatabase.");
        assertThat(failures(unreachable(MissingFilesystemLocationFixture.class))).containsExactly("Location"
                + " filesystem:no/such/dir does not exist (looked for " + cwd + "/no/such/dir). Fix 'locations' on"
                + " @MigratedDatabase; filesystem paths are relative to " + cwd + ".");
    }

    @MigratedDatabase(engine = Engine.SQL_SCRIPTS)
    static class ScriptsWithoutScriptsFixture {
        @Test
        void test(DataSource ds) {
        }
    }

    @Test
    void sql_scripts_without_scripts_is_a_contradiction() {
        assertThat(failures(unreachable(ScriptsWithoutScriptsFixture.class))).containsExactly("@MigratedDatabase on "
                + ScriptsWithoutScriptsFixture.class.getName() + ": attribute 'scripts' expects at least one script with"
                + " engine = SQL_SCRIPTS, but found no scripts. List the scripts in the order your application runs them,"
                + " e.g. scripts = \"classpath:db/schema.sql\", or use engine = FLYWAY for versioned migrations.");
    }

    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class PlainFixture {
        @Test
        void test(DataSource ds) {
        }
    }

    @Test
    void unknown_server_mode_in_a_property_names_the_allowed_values() {
        EngineExecutionResults results = EngineRun.of(PlainFixture.class).param("schemaverify.server", "DOCKER").execute();
        assertThat(failures(results)).containsExactly("@MigratedDatabase on " + PlainFixture.class.getName()
                + ": property schemaverify.server is \"DOCKER\", which is not a ServerMode. Use one of: AUTO, CONTAINER,"
                + " LOCAL, EXTERNAL.");
    }

    @MigratedDatabase
    static class PropertiesOnlyFixture {
        @Test
        void test(DataSource ds) {
        }
    }

    @Test
    void a_migration_that_names_a_schema_nobody_created_is_told_about_flyways_schemas_setting() {
        Chain chain = Chain.empty().with("V1__customer.sql", "CREATE TABLE app.customer (id int PRIMARY KEY);\n");
        String failed = """
                Migration V1__customer.sql failed at line 1: ERROR: schema "app" does not exist
                  in the statement at line 1:
                    CREATE TABLE app.customer (id int PRIMARY KEY)
                  (%s)
                Fix the statement in filesystem:""";

        EngineExecutionResults without = EngineRun.of(PropertiesOnlyFixture.class).param("schemaverify.locations",
                chain.location()).execute();
        assertThat(failures(without)).singleElement().asString().startsWith(failed.formatted("if your Flyway creates this"
                + " schema through its schemas setting, flyway.schemas or spring.flyway.schemas, give SchemaVerify the same:"
                + " @MigratedDatabase(flywaySchemas = \"app\"), or the property schemaverify.flyway.schemas=app"));

        EngineExecutionResults another = EngineRun.of(PropertiesOnlyFixture.class).param("schemaverify.locations",
                chain.location()).param("schemaverify.flyway.schemas", "billing").execute();
        assertThat(failures(another)).singleElement().asString().startsWith(failed.formatted("if your Flyway's schemas"
                + " setting creates this schema too, add it to flywaySchemas: @MigratedDatabase(flywaySchemas = {\"billing\","
                + " \"app\"}), or the property schemaverify.flyway.schemas=billing,app"));

        EngineExecutionResults with = EngineRun.of(PropertiesOnlyFixture.class).param("schemaverify.locations",
                chain.location()).param("schemaverify.flyway.schemas", "app").execute();
        with.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void two_migrations_with_one_version_are_named_before_any_server_starts() {
        Chain chain = Chain.empty().with("V1__notes.sql", "CREATE TABLE notes (id int PRIMARY KEY);\n")
                .with("V1_0__tags.sql", "CREATE TABLE tags (id int PRIMARY KEY);\n");
        EngineExecutionResults files = EngineRun.of(PropertiesOnlyFixture.class).param("schemaverify.server", "EXTERNAL")
                .param("schemaverify.url", "jdbc:postgresql://127.0.0.1:1/postgres")
                .param("schemaverify.locations", chain.location()).execute();
        assertThat(failures(files)).containsExactly("@MigratedDatabase on " + PropertiesOnlyFixture.class.getName() + ": "
                + chain.location() + "/V1_0__tags.sql and " + chain.location() + "/V1__notes.sql both have version 1, and"
                + " Flyway refuses two migrations with one version. Give one of them the next free version (rename the"
                + " file), or remove the copy.");

        // a Java migration's version too: the walk ran both, where Flyway refuses the chain
        EngineExecutionResults java = EngineRun.of(PropertiesOnlyFixture.class).param("schemaverify.server", "EXTERNAL")
                .param("schemaverify.url", "jdbc:postgresql://127.0.0.1:1/postgres")
                .param("schemaverify.locations", "classpath:fixtures/javaduplicate").execute();
        assertThat(failures(java)).containsExactly("@MigratedDatabase on " + PropertiesOnlyFixture.class.getName() + ":"
                + " classpath:fixtures/javaduplicate/V2_0__title.sql and the Java migration fixtures.javaduplicate.V2__add_flag"
                + " both have"
                + " version 2, and Flyway refuses two migrations with one version. Give one of them the next free version"
                + " (rename the file or the class), or remove the copy.");
    }

    @Test
    void a_malformed_placeholder_and_an_unknown_target_are_named() {
        EngineExecutionResults bad = EngineRun.of(PropertiesOnlyFixture.class).param("schemaverify.server", "EXTERNAL")
                .param("schemaverify.url", "jdbc:postgresql://127.0.0.1:1/postgres")
                .param("schemaverify.placeholders", "EMBEDDING_DIM").execute();
        assertThat(failures(bad)).containsExactly("@MigratedDatabase on " + PropertiesOnlyFixture.class.getName()
                + ": attribute 'placeholders' expects KEY=VALUE pairs such as \"EMBEDDING_DIM=1536\", but found"
                + " \"EMBEDDING_DIM\". Write each placeholder as NAME=VALUE; the migrations refer to it as ${NAME}.");
        EngineExecutionResults target = EngineRun.of(PlainFixture.class).param("schemaverify.server", "EXTERNAL")
                .param("schemaverify.url", "jdbc:postgresql://127.0.0.1:1/postgres")
                .param("schemaverify.target", "9").execute();
        assertThat(failures(target)).containsExactly("@MigratedDatabase on " + PlainFixture.class.getName()
                + ": target 9 is not the version of any migration in classpath:db/migration (versions: 1, 2, 3). Use one"
                + " of them, or \"latest\".");
    }

    @Test
    void external_without_url_says_how_to_set_it() {
        EngineExecutionResults results = EngineRun.of(PlainFixture.class).param("schemaverify.server", "EXTERNAL").execute();
        assertThat(failures(results)).containsExactly("@MigratedDatabase on " + PlainFixture.class.getName()
                + ": server EXTERNAL needs the server's JDBC URL, but none is set. Set the property schemaverify.url or the"
                + " environment variable SCHEMAVERIFY_URL (e.g. jdbc:postgresql://localhost:5432/postgres), with"
                + " schemaverify.user and schemaverify.password.");
    }

    @Test
    void local_without_binaries_lists_the_places_searched() {
        EngineExecutionResults results = EngineRun.of(PlainFixture.class).param("schemaverify.server", "LOCAL")
                .param("schemaverify.pg.bin", "/opt/no-postgres/bin").execute();
        assertThat(failures(results)).containsExactly("Server LOCAL needs PostgreSQL server binaries (initdb, pg_ctl,"
                + " postgres), but found none. Searched: /opt/no-postgres/bin (from schemaverify.pg.bin). Install them"
                + " (Debian/Ubuntu: apt-get install postgresql), or set schemaverify.pg.bin to the directory that holds initdb.");
    }

    @Test
    void the_renamed_base_cache_property_fails_naming_its_successor_before_any_server_starts() {
        // set to 0 and ignored, it would keep templates on a shared server its user asked to keep none on
        EngineExecutionResults results = EngineRun.of(PlainFixture.class).param("schemaverify.roundtrip.baseCache", "0")
                .param("schemaverify.server", "EXTERNAL").param("schemaverify.url", "jdbc:postgresql://127.0.0.1:1/postgres")
                .execute();
        assertThat(failures(results)).containsExactly("property schemaverify.roundtrip.baseCache is no longer read: it became"
                + " schemaverify.templateCache, which bounds every template kept between runs (the bases of round trips"
                + " and the migrated templates). Set schemaverify.templateCache instead (SCHEMAVERIFY_TEMPLATECACHE), and"
                + " remove schemaverify.roundtrip.baseCache.");
    }

    private static EngineExecutionResults unreachable(Class<?> fixture) {
        return EngineRun.of(fixture).param("schemaverify.server", "EXTERNAL")
                .param("schemaverify.url", "jdbc:postgresql://127.0.0.1:1/postgres").execute();
    }

}
