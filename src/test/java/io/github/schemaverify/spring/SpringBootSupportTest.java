package io.github.schemaverify.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestReporter;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.TestDatabase;
import io.github.schemaverify.VerifyIdempotent;
import io.github.schemaverify.VerifyRoundTrip;
import io.github.schemaverify.internal.spring.SchemaVerifyContextCustomizerFactory;
import io.github.schemaverify.testing.EngineRun;

/**
 * {@code @MigratedDatabase} on Spring Boot tests (Boot 3.5 here; Boot 4.0 in the user project spring-boot-4.0 and the
 * sample): the application's DataSource is the test's clone, the context is started once for the classes that share
 * its configuration, Boot's Flyway never migrates, slices, {@code @FlywayDataSource}, parallel classes. Runs in the
 * Surefire execution {@code spring}, with the Flyway Boot 3.5 manages.
 */
@Tag("spring")
class SpringBootSupportTest {

    @BeforeEach
    void resetCounter() {
        SpringFixtures.STARTS.set(0);
    }

    /** Writes a row through the application's JdbcTemplate and reports what it saw: a fresh clone has none. */
    abstract static class RowsFixture {
        @Autowired
        JdbcTemplate jdbc;
        @Autowired
        ApplicationContext application;

        @Test
        void first(TestDatabase db, TestReporter reporter) {
            writeAndReport(db, reporter);
        }

        @Test
        void second(TestDatabase db, TestReporter reporter) {
            writeAndReport(db, reporter);
        }

        private void writeAndReport(TestDatabase db, TestReporter reporter) {
            reporter.publishEntry(Map.of("context", Integer.toString(System.identityHashCode(application)),
                    "rows", Integer.toString(jdbc.queryForObject("SELECT count(*) FROM documents", Integer.class)),
                    "same", Boolean.toString(SpringFixtures.database(jdbc).equals(db.name())), "database", db.name()));
            jdbc.update("INSERT INTO documents (title, content_hash) VALUES ('written by a test', md5(random()::text))");
        }
    }

    @SpringBootTest(classes = SpringFixtures.App.class)
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class RowsA extends RowsFixture {
    }

    // Spring's annotation first: SchemaVerify switches the database before Spring's callbacks all the same
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    @SpringBootTest(classes = SpringFixtures.App.class)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class RowsB extends RowsFixture {
    }

    @SpringBootTest(classes = SpringFixtures.App.class)
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class RowsC extends RowsFixture {
        @Nested
        class Inner extends RowsFixture {
        }
    }

    @Test
    void one_context_serves_several_classes_while_every_test_gets_its_own_clone() {
        EngineExecutionResults results = EngineRun.of(RowsA.class, RowsB.class, RowsC.class).execute();
        assertThat(EngineRun.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(8).failed(0));
        assertThat(EngineRun.entries(results, "context")).hasSize(8).containsOnly(EngineRun.entries(results, "context").get(0));
        assertThat(SpringFixtures.STARTS).as("application contexts started").hasValue(1);
        assertThat(EngineRun.entries(results, "rows")).as("rows a test found before writing its own").containsOnly("0");
        assertThat(EngineRun.entries(results, "same")).as("the application's database is the test's").containsOnly("true");
        assertThat(EngineRun.entries(results, "database")).doesNotHaveDuplicates();
    }

    /** Spring closes the context after each test; the next one is a new context with a new database of its own. */
    @SpringBootTest(classes = SpringFixtures.App.class, properties = "fixture=dirties")
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    @org.springframework.test.annotation.DirtiesContext(classMode = org.springframework.test.annotation.DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class Dirtied extends RowsFixture {
    }

    /** One test instance for the class: Spring injects it before the class's callbacks run. */
    @SpringBootTest(classes = SpringFixtures.App.class)
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    @org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class PerClassLifecycle extends RowsFixture {
    }

    @Test
    void a_dirtied_context_starts_again_on_a_database_of_its_own() {
        EngineExecutionResults results = EngineRun.of(Dirtied.class).execute();
        assertThat(EngineRun.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(SpringFixtures.STARTS).hasValue(2);
        assertThat(EngineRun.entries(results, "rows")).containsOnly("0");
        assertThat(EngineRun.entries(results, "same")).containsOnly("true");
    }

    @Test
    void a_per_class_test_instance_is_injected_from_a_context_on_schemaverifys_database() {
        EngineExecutionResults results = EngineRun.of(PerClassLifecycle.class, RowsA.class).execute();
        assertThat(EngineRun.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(4).failed(0));
        assertThat(SpringFixtures.STARTS).hasValue(1);
        assertThat(EngineRun.entries(results, "rows")).containsOnly("0");
        assertThat(EngineRun.entries(results, "same")).containsOnly("true");
    }

    @Test
    void with_conditions_deactivated_spring_first_fails_before_touching_another_database_and_schemaverify_first_works() {
        EngineExecutionResults springFirst = EngineRun.of(RowsA.class)
                .param("junit.jupiter.conditions.deactivate", "io.github.schemaverify.*").execute();
        assertThat(EngineRun.failures(springFirst)).hasSize(2).allSatisfy(m -> assertThat(m).isEqualTo("SchemaVerify: Spring's"
                + " callbacks for io.github.schemaverify.spring.SpringBootSupportTest$RowsA#" + (m.contains("#first") ? "first" : "second")
                + " ran before @MigratedDatabase pointed the application at the test's database (JUnit's conditions are deactivated"
                + " for SchemaVerify's extension, and Spring's extension is registered first). Write @MigratedDatabase before"
                + " @SpringBootTest (or the slice annotation), or let JUnit evaluate SchemaVerify's condition."));

        EngineExecutionResults schemaVerifyFirst = EngineRun.of(RowsB.class)
                .param("junit.jupiter.conditions.deactivate", "io.github.schemaverify.*").execute();
        assertThat(EngineRun.failures(schemaVerifyFirst)).isEmpty();
        assertThat(EngineRun.entries(schemaVerifyFirst, "same")).containsExactly("true", "true");
    }

    @Test
    void classes_that_share_a_context_run_in_parallel_and_take_turns() {
        EngineExecutionResults results = EngineRun.of(RowsA.class, RowsB.class, RowsC.class)
                .param("junit.jupiter.execution.parallel.enabled", "true")
                .param("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .param("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .param("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .param("junit.jupiter.execution.parallel.config.fixed.parallelism", "4").execute();
        assertThat(EngineRun.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(8).failed(0));
        assertThat(SpringFixtures.STARTS).hasValue(1);
        assertThat(EngineRun.entries(results, "rows")).containsOnly("0");
        assertThat(EngineRun.entries(results, "same")).containsOnly("true");
    }

    /** Reports the clone's Flyway history as the application sees it. */
    abstract static class HistoryFixture {
        @Autowired
        JdbcTemplate jdbc;

        /** Where Flyway's history is: its default schema's table. */
        String historyTable() {
            return "flyway_schema_history";
        }

        @Test
        void history(TestReporter reporter) {
            // a row Flyway writes for the schemas it created has no version: its type (SCHEMA) stands in
            reporter.publishEntry("history", String.join(",", jdbc.queryForList(
                    "SELECT coalesce(version, type) FROM " + historyTable() + " ORDER BY installed_rank", String.class)));
            reporter.publishEntry("extra", Boolean.toString(jdbc.queryForObject("SELECT to_regclass('extra') IS NOT NULL", Boolean.class)));
        }
    }

    @SpringBootTest(classes = SpringFixtures.App.class)
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class History extends HistoryFixture {
    }

    /** Boot's Flyway is told about one migration more than SchemaVerify applied: migrating would apply it. */
    @SpringBootTest(classes = SpringFixtures.App.class,
            properties = "spring.flyway.locations=classpath:db/migration,classpath:fixtures/spring/extra")
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class ExtraMigration extends HistoryFixture {
    }

    /** The same, in a context of its own (Spring remembers that the first one failed to start). */
    @SpringBootTest(classes = SpringFixtures.App.class, properties = {
            "spring.flyway.locations=classpath:db/migration,classpath:fixtures/spring/extra", "fixture=skipped"})
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class ExtraMigrationSkipped extends HistoryFixture {
    }

    /** Boot's Flyway keeps its history in a schema of its own; SchemaVerify was not told. */
    @SpringBootTest(classes = SpringFixtures.App.class, properties = "spring.flyway.schemas=bookstore")
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class BootSchemas extends HistoryFixture {
    }

    /** Boot's Flyway works in a default schema of its own; SchemaVerify was not told. */
    @SpringBootTest(classes = SpringFixtures.App.class, properties = "spring.flyway.default-schema=bookstore")
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class BootDefaultSchema extends HistoryFixture {
    }

    /** A default schema and other schemas: SchemaVerify was told of one of them only. */
    @SpringBootTest(classes = SpringFixtures.App.class, properties = {"spring.flyway.default-schema=bookstore",
            "spring.flyway.schemas=shelf,bookstore"})
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3", flywaySchemas = "bookstore")
    static class BootDefaultSchemaAndSchemas extends HistoryFixture {
    }

    /** Boot's default schema is the first of SchemaVerify's: its history is there, and Boot's Flyway finds it valid. */
    @SpringBootTest(classes = SpringFixtures.App.class, properties = {"spring.flyway.default-schema=bookstore",
            "spring.flyway.schemas=shelf"})
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3", flywaySchemas = {"bookstore", "shelf"})
    static class BootDefaultSchemaMirrored extends HistoryFixture {
        @Override
        String historyTable() {
            return "bookstore.flyway_schema_history";
        }
    }

    /** Boot's Flyway allows migrations of both kinds of statement; SchemaVerify was not told. */
    @SpringBootTest(classes = SpringFixtures.App.class, properties = "spring.flyway.mixed=true")
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class BootMixed extends HistoryFixture {
    }

    /** Boot's Flyway replaces no placeholder; SchemaVerify was not told (and replaced EMBEDDING_DIM). */
    @SpringBootTest(classes = SpringFixtures.App.class, properties = "spring.flyway.placeholder-replacement=false")
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class BootNoPlaceholders extends HistoryFixture {
    }

    /** Boot's Flyway starts every connection with statements of its own; SchemaVerify was told the same. */
    @SpringBootTest(classes = SpringFixtures.App.class, properties = {"spring.flyway.init-sqls=SET lock_timeout = '5s'",
            "spring.flyway.mixed=true"})
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3", initSql = "SET lock_timeout = '5s'", mixed = true)
    static class BootInitSqlMirrored extends HistoryFixture {
    }

    /** Boot's Flyway starts every connection with statements of its own; SchemaVerify was not told. */
    @SpringBootTest(classes = SpringFixtures.App.class, properties = "spring.flyway.init-sqls=SET lock_timeout = '5s'")
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class BootInitSql extends HistoryFixture {
    }

    /** Boot's Flyway keeps its history in a table of another name (Flyway's name before version 5). */
    @SpringBootTest(classes = SpringFixtures.App.class, properties = "spring.flyway.table=schema_version")
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class BootHistoryTable extends HistoryFixture {
    }

    /** The same, SchemaVerify told: its Flyway keeps the history under that name, and Boot's finds it valid. */
    @SpringBootTest(classes = SpringFixtures.App.class, properties = "spring.flyway.table=schema_version")
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3", flywayTable = "schema_version")
    static class BootHistoryTableMirrored extends HistoryFixture {
        @Override
        String historyTable() {
            return "schema_version";
        }
    }

    /** Boot's Flyway told to use a server of its own: it validates SchemaVerify's clone all the same. */
    @SpringBootTest(classes = SpringFixtures.App.class, properties = {"spring.flyway.url=jdbc:postgresql://nowhere.invalid/app",
            "spring.flyway.user=migrator"})
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class FlywayUrl extends HistoryFixture {
    }

    @Test
    void boots_flyway_validates_the_clone_even_when_spring_flyway_url_names_another_server() {
        EngineExecutionResults results = EngineRun.of(FlywayUrl.class).execute();
        assertThat(EngineRun.failures(results)).isEmpty();
        assertThat(EngineRun.entries(results, "history")).containsExactly("1,2,3");
    }

    @Test
    void boots_flyway_validates_the_clone_and_adds_no_history() {
        EngineExecutionResults results = EngineRun.of(History.class).execute();
        assertThat(EngineRun.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(EngineRun.entries(results, "history")).containsExactly("1,2,3");
    }

    @Test
    void boots_flyway_never_migrates_and_a_mismatch_fails_validation_with_the_fix() {
        EngineExecutionResults validated = EngineRun.of(ExtraMigration.class).execute();
        assertThat(rootCause(validated)).satisfies(m -> assertThat(m).startsWith(
                "SchemaVerify: Boot's Flyway configuration (spring.flyway.*) does not match the migrations @MigratedDatabase on"
                + " io.github.schemaverify.spring.SpringBootSupportTest$ExtraMigration applied to the test's database: "),
                m -> assertThat(m).contains("Detected resolved migration not applied to database: 4"),
                m -> assertThat(m).endsWith(". Make spring.flyway.locations (and placeholders) name the same migrations as @MigratedDatabase, or set"
                + " schemaverify.spring.flyway=skip to leave Boot's Flyway out."));

        EngineExecutionResults skipped = EngineRun.of(ExtraMigrationSkipped.class).param(MigratedDatabase.SPRING_FLYWAY_PROPERTY, "skip").execute();
        assertThat(EngineRun.failures(skipped)).isEmpty();
        skipped.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(EngineRun.entries(skipped, "history")).containsExactly("1,2,3");
        assertThat(EngineRun.entries(skipped, "extra")).as("V4 applied by Boot's Flyway").containsExactly("false");
    }

    @Test
    void boots_flyway_with_a_schemas_setting_that_schemaverify_lacks_fails_naming_the_setting() {
        EngineExecutionResults results = EngineRun.of(BootSchemas.class).execute();
        assertThat(rootCause(results)).isEqualTo("SchemaVerify: Boot's Flyway has schemas = bookstore (spring.flyway.schemas),"
                + " but @MigratedDatabase on io.github.schemaverify.spring.SpringBootSupportTest$BootSchemas migrated the test's"
                + " database with flywaySchemas = none. Give SchemaVerify Boot's setting (@MigratedDatabase(flywaySchemas ="
                + " \"bookstore\"), or the property schemaverify.flyway.schemas=bookstore), or set schemaverify.spring.flyway=skip"
                + " to leave Boot's Flyway out.");
    }

    @Test
    void boots_flyway_with_a_default_schema_that_schemaverify_lacks_fails_naming_the_setting() {
        assertThat(rootCause(EngineRun.of(BootDefaultSchema.class).execute())).isEqualTo("SchemaVerify: Boot's Flyway has"
                + " default-schema = bookstore (spring.flyway.default-schema), but @MigratedDatabase on"
                + " io.github.schemaverify.spring.SpringBootSupportTest$BootDefaultSchema migrated the test's database with"
                + " flywaySchemas = none. Give SchemaVerify Boot's setting (@MigratedDatabase(flywaySchemas = \"bookstore\"),"
                + " or the property schemaverify.flyway.schemas=bookstore), or set schemaverify.spring.flyway=skip to leave"
                + " Boot's Flyway out.");
        assertThat(rootCause(EngineRun.of(BootDefaultSchemaAndSchemas.class).execute())).isEqualTo("SchemaVerify: Boot's"
                + " Flyway has default-schema = bookstore (spring.flyway.default-schema) and schemas = shelf, bookstore"
                + " (spring.flyway.schemas), but @MigratedDatabase on"
                + " io.github.schemaverify.spring.SpringBootSupportTest$BootDefaultSchemaAndSchemas migrated the test's database"
                + " with flywaySchemas = bookstore. Give SchemaVerify Boot's setting (@MigratedDatabase(flywaySchemas ="
                + " {\"bookstore\", \"shelf\"}), or the property schemaverify.flyway.schemas=bookstore,shelf), or set"
                + " schemaverify.spring.flyway=skip to leave Boot's Flyway out.");
    }

    @Test
    void boots_flyway_with_a_mixed_init_sql_or_placeholder_setting_that_schemaverify_lacks_fails_naming_the_setting() {
        assertThat(rootCause(EngineRun.of(BootMixed.class).execute())).isEqualTo("SchemaVerify: Boot's Flyway has mixed = true"
                + " (spring.flyway.mixed), but @MigratedDatabase on io.github.schemaverify.spring.SpringBootSupportTest$BootMixed"
                + " migrated the test's database with mixed = false. Give SchemaVerify Boot's setting (@MigratedDatabase(mixed"
                + " = true), or the property schemaverify.flyway.mixed=true), or set schemaverify.spring.flyway=skip to leave"
                + " Boot's Flyway out.");
        assertThat(rootCause(EngineRun.of(BootInitSql.class).execute())).isEqualTo("SchemaVerify: Boot's Flyway has initSql ="
                + " \"SET lock_timeout = '5s'\" (spring.flyway.init-sqls), but @MigratedDatabase on"
                + " io.github.schemaverify.spring.SpringBootSupportTest$BootInitSql migrated the test's database with initSql ="
                + " none. Give SchemaVerify Boot's statements (@MigratedDatabase(initSql = ...), or the property"
                + " schemaverify.flyway.initSql, one statement per line as Boot joins them), or set"
                + " schemaverify.spring.flyway=skip to leave Boot's Flyway out.");

        assertThat(rootCause(EngineRun.of(BootNoPlaceholders.class).execute())).isEqualTo("SchemaVerify: Boot's Flyway has"
                + " placeholderReplacement = false (spring.flyway.placeholder-replacement), but @MigratedDatabase on"
                + " io.github.schemaverify.spring.SpringBootSupportTest$BootNoPlaceholders migrated the test's database with"
                + " placeholderReplacement = true. Give SchemaVerify Boot's setting (@MigratedDatabase(placeholderReplacement"
                + " = false), or the property schemaverify.flyway.placeholderReplacement=false), or set"
                + " schemaverify.spring.flyway=skip to leave Boot's Flyway out.");

        EngineExecutionResults mirrored = EngineRun.of(BootInitSqlMirrored.class).execute();
        assertThat(EngineRun.failures(mirrored)).isEmpty();
        assertThat(EngineRun.entries(mirrored, "history")).containsExactly("1,2,3");
    }

    @Test
    void boots_flyway_with_a_history_table_of_another_name_fails_naming_the_setting() {
        assertThat(rootCause(EngineRun.of(BootHistoryTable.class).execute())).isEqualTo("SchemaVerify: Boot's Flyway keeps its"
                + " history in the table schema_version (spring.flyway.table), but @MigratedDatabase on"
                + " io.github.schemaverify.spring.SpringBootSupportTest$BootHistoryTable migrated the test's database with"
                + " its history in flyway_schema_history. Give SchemaVerify Boot's setting (@MigratedDatabase(flywayTable ="
                + " \"schema_version\"), or the property schemaverify.flyway.table=schema_version), or set"
                + " schemaverify.spring.flyway=skip to leave Boot's Flyway out.");

        EngineExecutionResults mirrored = EngineRun.of(BootHistoryTableMirrored.class).execute();
        assertThat(EngineRun.failures(mirrored)).isEmpty();
        assertThat(EngineRun.entries(mirrored, "history")).containsExactly("1,2,3");
    }

    @Test
    void boots_default_schema_given_first_in_flyway_schemas_is_mirrored() {
        EngineExecutionResults results = EngineRun.of(BootDefaultSchemaMirrored.class).execute();
        assertThat(EngineRun.failures(results)).isEmpty();
        // Flyway created the schemas (its SCHEMA row) and applied the migrations there
        assertThat(EngineRun.entries(results, "history")).containsExactly("SCHEMA,1,2,3");
    }

    /** A JDBC slice: transactional tests (the transaction starts in Spring's beforeEach) on the test's clone. */
    abstract static class SliceFixture {
        @Autowired
        JdbcTemplate jdbc;

        @Test
        void first(TestDatabase db, TestReporter reporter) {
            report(db, reporter);
        }

        @Test
        void second(TestDatabase db, TestReporter reporter) {
            report(db, reporter);
        }

        private void report(TestDatabase db, TestReporter reporter) {
            reporter.publishEntry(Map.of("same", Boolean.toString(SpringFixtures.database(jdbc).equals(db.name())),
                    "rows", Integer.toString(jdbc.queryForObject("SELECT count(*) FROM documents", Integer.class))));
            jdbc.update("INSERT INTO documents (title, content_hash) VALUES ('slice', md5(random()::text))");
        }
    }

    // Boot's default @AutoConfigureTestDatabase would replace the DataSource with an embedded one (none is here)
    @JdbcTest
    @ContextConfiguration(classes = SpringFixtures.App.class)
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class JdbcSlice extends SliceFixture {
    }

    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    @JdbcTest
    @AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
    @ContextConfiguration(classes = SpringFixtures.App.class)
    static class JdbcSliceReplaceNone extends SliceFixture {
    }

    @Test
    void jdbc_slices_run_their_transactions_on_the_clone_with_or_without_replace_none() {
        EngineExecutionResults results = EngineRun.of(JdbcSlice.class, JdbcSliceReplaceNone.class).execute();
        assertThat(EngineRun.failures(results).isEmpty() ? "" : rootCause(results)).isEmpty();
        assertThat(EngineRun.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(4).failed(0));
        assertThat(EngineRun.entries(results, "same")).containsExactly("true", "true", "true", "true");
        assertThat(EngineRun.entries(results, "rows")).containsOnly("0");
    }

    @SpringBootTest(classes = SpringFixtures.TwoDataSources.class)
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class FlywayDataSourceFixture {
        @Autowired
        DataSource application;
        @Autowired
        @Qualifier("migrations")
        DataSource migrations;

        @Test
        void both(TestDatabase db, TestReporter reporter) throws Exception {
            reporter.publishEntry("application", Boolean.toString(SpringFixtures.database(application).equals(db.name())));
            reporter.publishEntry("migrations", Boolean.toString(SpringFixtures.database(migrations).equals(db.name())));
        }
    }

    @Test
    void a_flyway_data_source_points_at_the_clone_too() {
        EngineExecutionResults results = EngineRun.of(FlywayDataSourceFixture.class).execute();
        assertThat(EngineRun.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(EngineRun.entries(results, "application")).containsExactly("true");
        assertThat(EngineRun.entries(results, "migrations")).containsExactly("true");
    }

    @SpringBootTest(classes = SpringFixtures.Ambiguous.class)
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class AmbiguousFixture {
        @Test
        void test() {
        }
    }

    @Test
    void two_data_sources_without_a_primary_fail_with_the_fix() {
        EngineExecutionResults results = EngineRun.of(AmbiguousFixture.class).execute();
        assertThat(EngineRun.failures(results)).hasSize(1);
        assertThat(rootCause(results)).isEqualTo("@MigratedDatabase on io.github.schemaverify.spring.SpringBootSupportTest$AmbiguousFixture"
                + " needs to know which DataSource of the application context to point at the test's database, but the context"
                + " has 2 and none is @Primary: orders, reports. Mark the one the migrations own @Primary (the others are left"
                + " as they are).");
    }

    /** A bootstrapper that leaves out SchemaVerify's registration in META-INF/spring.factories. */
    static class NoSchemaVerifyBootstrapper extends org.springframework.boot.test.context.SpringBootTestContextBootstrapper {
        @Override
        protected List<org.springframework.test.context.ContextCustomizerFactory> getContextCustomizerFactories() {
            return super.getContextCustomizerFactories().stream().filter(f -> !(f instanceof SchemaVerifyContextCustomizerFactory)).toList();
        }
    }

    @SpringBootTest(classes = SpringFixtures.App.class, properties = {"spring.datasource.url=jdbc:postgresql://nowhere.invalid/app",
            "spring.flyway.enabled=false"})
    @org.springframework.test.context.BootstrapWith(NoSchemaVerifyBootstrapper.class)
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class CustomBootstrapper {
        @Test
        void test() {
        }
    }

    @Test
    void a_bootstrapper_that_ignores_the_registration_fails_with_what_happened() {
        EngineExecutionResults results = EngineRun.of(CustomBootstrapper.class).param(MigratedDatabase.SPRING_FLYWAY_PROPERTY, "skip")
                .execute();
        assertThat(EngineRun.failures(results)).hasSize(1).first().isEqualTo("SchemaVerify: the application context of"
                + " io.github.schemaverify.spring.SpringBootSupportTest$CustomBootstrapper has no SchemaVerify DataSource although"
                + " @MigratedDatabase on io.github.schemaverify.spring.SpringBootSupportTest$CustomBootstrapper asks for one:"
                + " Spring's test framework did not apply META-INF/spring.factories of the SchemaVerify jar (a custom"
                + " TestContextBootstrapper that ignores ContextCustomizerFactory registrations?).");
    }

    /** The verifications run inside a Spring test as anywhere else. */
    @SpringBootTest(classes = SpringFixtures.App.class)
    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class VerificationsFixture {
        @VerifyRoundTrip
        void round_trip() {
        }

        @VerifyIdempotent
        void idempotent() {
        }
    }

    @Test
    void verifications_work_inside_a_spring_test() {
        EngineExecutionResults results = EngineRun.of(VerificationsFixture.class).execute();
        results.testEvents().assertStatistics(s -> s.failed(0));
        assertThat(results.testEvents().succeeded().count()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void a_spring_test_without_migrated_database_gets_no_customizer() {
        assertThat(new SchemaVerifyContextCustomizerFactory().createContextCustomizer(Plain.class, List.of())).isNull();
        assertThat(new SchemaVerifyContextCustomizerFactory().createContextCustomizer(RowsA.class, List.of())).isNotNull()
                .isEqualTo(new SchemaVerifyContextCustomizerFactory().createContextCustomizer(RowsB.class, List.of()));
    }

    @SpringBootTest(classes = SpringFixtures.App.class)
    static class Plain {
    }

    private static String rootCause(EngineExecutionResults results) {
        Throwable t = results.allEvents().stream().map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class))
                .flatMap(java.util.Optional::stream).flatMap(r -> r.getThrowable().stream()).findFirst().orElseThrow();
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
