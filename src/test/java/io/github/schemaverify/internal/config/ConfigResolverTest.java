package io.github.schemaverify.internal.config;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.github.schemaverify.schema.diff.SchemaDiff;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import io.github.schemaverify.Isolation;
import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.ServerMode;

class ConfigResolverTest {

    @MigratedDatabase
    static class Defaults {
    }

    @MigratedDatabase(server = ServerMode.CONTAINER, image = "my/pgvector:1", locations = "classpath:a", placeholders = "K=V")
    static class Explicit {
    }

    @MigratedDatabase(server = ServerMode.AUTO, isolation = Isolation.PER_METHOD)
    static class ExplicitDefaults {
    }

    private static Config resolve(Class<?> c, Map<String, String> params, Map<String, String> env) {
        return new ConfigResolver(new Setting(k -> Optional.ofNullable(params.get(k)), k -> null, env::get))
                .resolve(c.getAnnotation(MigratedDatabase.class), c.getSimpleName());
    }

    @Test
    void defaults_apply_when_nothing_is_set() {
        Config config = resolve(Defaults.class, Map.of(), Map.of());
        assertThat(config.locations()).containsExactly("classpath:db/migration");
        assertThat(config.server().mode()).isEqualTo(ServerMode.AUTO);
        assertThat(config.server().image()).isEqualTo("pgvector/pgvector:pg18");
        assertThat(config.schemas()).containsExactly("public");
        assertThat(config.isolation()).isEqualTo(Isolation.PER_METHOD);
        assertThat(config.targetsLatest()).isTrue();
    }

    @Test
    void annotation_beats_property_beats_environment() {
        Map<String, String> params = Map.of("schemaverify.server", "LOCAL", "schemaverify.image", "p/img:1");
        Map<String, String> env = Map.of("SCHEMAVERIFY_SERVER", "EXTERNAL", "SCHEMAVERIFY_IMAGE", "e/img:1",
                "SCHEMAVERIFY_ISOLATION", "per_class");
        Config explicit = resolve(Explicit.class, params, env);
        assertThat(explicit.server().mode()).isEqualTo(ServerMode.CONTAINER);
        assertThat(explicit.server().image()).isEqualTo("my/pgvector:1");

        Config fromProperty = resolve(Defaults.class, params, env);
        assertThat(fromProperty.server().mode()).isEqualTo(ServerMode.LOCAL);
        assertThat(fromProperty.server().image()).isEqualTo("p/img:1");
        assertThat(fromProperty.isolation()).isEqualTo(Isolation.PER_CLASS);

        Config fromEnvironment = resolve(Defaults.class, Map.of(), Map.of("SCHEMAVERIFY_SERVER", "local"));
        assertThat(fromEnvironment.server().mode()).isEqualTo(ServerMode.LOCAL);
    }

    @Test
    void a_value_written_on_the_annotation_wins_even_when_it_is_the_default() {
        Map<String, String> params = Map.of("schemaverify.server", "LOCAL", "schemaverify.isolation", "PER_CLASS");

        Config written = resolve(ExplicitDefaults.class, params, Map.of());
        Config left = resolve(Defaults.class, params, Map.of());

        assertThat(written.server().mode()).isEqualTo(ServerMode.AUTO);
        assertThat(written.isolation()).isEqualTo(Isolation.PER_METHOD);
        assertThat(left.server().mode()).isEqualTo(ServerMode.LOCAL);
        assertThat(left.isolation()).isEqualTo(Isolation.PER_CLASS);
    }

    @Test
    void run_settings_come_from_configuration_parameters_and_refuse_what_they_do_not_take() {
        RunSettings run = RunSettings.resolve(new Setting(k -> Optional.ofNullable(Map.of("schemaverify.report.dir", "build/sv",
                "schemaverify.report", "false", "schemaverify.snapshot.update", "TRUE").get(k)), k -> null, k -> null));
        assertThat(run.reportDirectory()).isEqualTo(java.nio.file.Path.of("build/sv"));
        assertThat(run.reportEnabled()).isFalse();
        assertThat(run.snapshotUpdate()).isTrue();
        assertThat(run.fullStackTraces()).isFalse();
        assertThat(run.ignored()).isEmpty();
        assertThat(run.pauseC2()).as("C2 kept off SchemaVerify's work by default").isTrue();
        assertThat(RunSettings.resolve(new Setting(k -> Optional.empty(), k -> null,
                Map.of("SCHEMAVERIFY_JIT_PAUSEC2", "false")::get)).pauseC2()).isFalse();
        assertThat(RunSettings.resolve(new Setting(k -> Optional.ofNullable(Map.of("schemaverify.snapshot.tablespaces", "false",
                "schemaverify.snapshot.privileges", "false", "schemaverify.snapshot.columnOrder", "false").get(k)), k -> null,
                k -> null)).ignored()).containsExactlyInAnyOrder(SchemaDiff.Ignore.TABLESPACES, SchemaDiff.Ignore.PRIVILEGES,
                SchemaDiff.Ignore.COLUMN_ORDER);

        assertThatThrownBy(() -> RunSettings.resolve(new Setting(k -> Optional.ofNullable(Map.of("schemaverify.report", "yes")
                .get(k)), k -> null, k -> null))).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("property schemaverify.report is \"yes\", which is not true or false.");
        assertThatThrownBy(() -> RunSettings.resolve(new Setting(k -> Optional.ofNullable(Map.of("schemaverify.jit.pauseC2", "c1")
                .get(k)), k -> null, k -> null))).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("property schemaverify.jit.pauseC2 is \"c1\", which is not true or false.");
        assertThatThrownBy(() -> RunSettings.resolve(new Setting(k -> Optional.empty(), k -> null,
                Map.of("SCHEMAVERIFY_STACKTRACES", "long")::get))).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("environment variable SCHEMAVERIFY_STACKTRACES is \"long\", which is not short or full.");
    }

    @Test
    void clones_are_made_ahead_only_when_junit_runs_tests_in_parallel_twice_as_many_as_run_at_once() {
        assertThat(clonesAhead(Map.of())).isZero();
        assertThat(clonesAhead(Map.of("junit.jupiter.execution.parallel.enabled", "true"))).as("same_thread mode").isZero();
        assertThat(clonesAhead(Map.of("junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "4"))).isEqualTo(8);
        assertThat(clonesAhead(Map.of("junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "12"))).isEqualTo(16);
        assertThat(clonesAhead(Map.of("schemaverify.clones.ahead", "3", "junit.jupiter.execution.parallel.enabled", "true")))
                .isEqualTo(3);
        assertThatThrownBy(() -> clonesAhead(Map.of("schemaverify.clones.ahead", "many")))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("property schemaverify.clones.ahead is \"many\", which is not a whole number of 0 or more.");
        assertThatThrownBy(() -> RunSettings.resolve(new Setting(k -> Optional.ofNullable(Map.of("schemaverify.walk.lanes", "0")
                .get(k)), k -> null, k -> null))).hasMessage("property schemaverify.walk.lanes is \"0\", which is not a whole"
                + " number of 1 or more.");
    }

    private static int clonesAhead(Map<String, String> params) {
        return RunSettings.resolve(new Setting(k -> Optional.ofNullable(params.get(k)), k -> null, k -> null)).clonesAhead();
    }

    @Test
    void list_properties_split_on_commas() {
        Config config = resolve(Defaults.class, Map.of("schemaverify.locations", "classpath:a, filesystem:b",
                "schemaverify.placeholders", "A=1,B=x=y"), Map.of());
        assertThat(config.locations()).containsExactly("classpath:a", "filesystem:b");
        assertThat(config.placeholders()).containsExactly(Map.entry("A", "1"), Map.entry("B", "x=y"));
    }

    @MigratedDatabase(flywaySchemas = "bookstore")
    static class FlywaySchemas {
    }

    @MigratedDatabase(flywaySchemas = "bookstore", schemas = {"bookstore", "audit"})
    static class FlywaySchemasAndSchemas {
    }

    @MigratedDatabase(flywaySchemas = "bookstore", engine = io.github.schemaverify.Engine.SQL_SCRIPTS, scripts = "classpath:a.sql")
    static class FlywaySchemasWithScripts {
    }

    @Test
    void flyways_schemas_setting_is_what_snapshots_read_unless_schemas_says_otherwise() {
        assertThat(resolve(FlywaySchemas.class, Map.of(), Map.of()).schemas()).containsExactly("bookstore");
        assertThat(resolve(FlywaySchemas.class, Map.of(), Map.of()).flywaySchemas()).containsExactly("bookstore");
        assertThat(resolve(FlywaySchemasAndSchemas.class, Map.of(), Map.of()).schemas()).containsExactly("bookstore", "audit");
        Config fromProperty = resolve(Defaults.class, Map.of("schemaverify.flyway.schemas", "app, audit"), Map.of());
        assertThat(fromProperty.flywaySchemas()).containsExactly("app", "audit");
        assertThat(fromProperty.schemas()).containsExactly("app", "audit");
        assertThat(resolve(Defaults.class, Map.of(), Map.of()).flywaySchemas()).isEmpty();
    }

    @Test
    void flyways_schemas_setting_is_refused_where_flyway_does_not_run_or_names_nothing() {
        assertThatThrownBy(() -> resolve(FlywaySchemasWithScripts.class, Map.of(), Map.of()))
                .hasMessage("@MigratedDatabase on FlywaySchemasWithScripts: attribute 'flywaySchemas' expects engine = FLYWAY,"
                        + " whose setting it is, but found \"bookstore\" with engine = SQL_SCRIPTS. Remove flywaySchemas"
                        + " (SQL_SCRIPTS runs no Flyway), or use engine = FLYWAY.");
        assertThatThrownBy(() -> resolve(ScriptsOnly.class, Map.of("schemaverify.flyway.schemas", "app"), Map.of()))
                .hasMessage("@MigratedDatabase on ScriptsOnly: property schemaverify.flyway.schemas is set, Flyway's schemas"
                        + " setting, but engine = SQL_SCRIPTS runs no Flyway. Leave it unset for this class's run, or use"
                        + " engine = FLYWAY.");
        assertThatThrownBy(() -> resolve(Defaults.class, Map.of("schemaverify.flyway.schemas", "app, ,audit"), Map.of()))
                .hasMessage("@MigratedDatabase on Defaults: property schemaverify.flyway.schemas is \"app, ,audit\", which is"
                        + " not a list of schema names as Flyway's schemas setting has them: it holds an empty string. Remove"
                        + " the empty entry.");
        // once "attribute 'schemas' expects ...", for a value that came from the property
        assertThatThrownBy(() -> resolve(Defaults.class, Map.of("schemaverify.schemas", "public,Billing"), Map.of()))
                .hasMessage("@MigratedDatabase on Defaults: property schemaverify.schemas is \"public,Billing\", which is not"
                        + " a list of lower-case schema names such as \"public\": it holds \"Billing\". Name the schemas the"
                        + " migrations create objects in.");
    }

    @MigratedDatabase(mixed = true)
    static class Mixed {
    }

    @MigratedDatabase(mixed = true, engine = io.github.schemaverify.Engine.SQL_SCRIPTS, scripts = "classpath:a.sql")
    static class MixedWithScripts {
    }

    @Test
    void flyways_mixed_setting_comes_from_the_attribute_or_the_property_and_only_where_flyway_runs() {
        assertThat(resolve(Defaults.class, Map.of(), Map.of()).mixed()).isFalse();
        assertThat(resolve(Mixed.class, Map.of(), Map.of()).mixed()).isTrue();
        assertThat(resolve(Mixed.class, Map.of("schemaverify.flyway.mixed", "false"), Map.of()).mixed()).isTrue();
        assertThat(resolve(Defaults.class, Map.of("schemaverify.flyway.mixed", " TRUE "), Map.of()).mixed()).isTrue();
        assertThatThrownBy(() -> resolve(MixedWithScripts.class, Map.of(), Map.of()))
                .hasMessage("@MigratedDatabase on MixedWithScripts: attribute 'mixed' expects engine = FLYWAY, whose setting"
                        + " it is, but found mixed = true with engine = SQL_SCRIPTS. Remove mixed (SQL_SCRIPTS runs no"
                        + " Flyway), or use engine = FLYWAY.");
        assertThatThrownBy(() -> resolve(ScriptsOnly.class, Map.of("schemaverify.flyway.mixed", "true"), Map.of()))
                .hasMessage("@MigratedDatabase on ScriptsOnly: property schemaverify.flyway.mixed is true, Flyway's mixed"
                        + " setting, but engine = SQL_SCRIPTS runs no Flyway. Leave it unset for this class's run, or use"
                        + " engine = FLYWAY.");
        assertThatThrownBy(() -> resolve(ScriptsOnly.class, Map.of("schemaverify.flyway.initSql", "SET x.y = 1"), Map.of()))
                .hasMessage("@MigratedDatabase on ScriptsOnly: property schemaverify.flyway.initSql is set, Flyway's initSql"
                        + " setting, but engine = SQL_SCRIPTS runs no Flyway. Leave it unset for this class's run, or use"
                        + " engine = FLYWAY.");
        assertThat(resolve(Defaults.class, Map.of("schemaverify.flyway.initSql", " SET x.y = 1 "), Map.of()).initSql())
                .isEqualTo("SET x.y = 1");
    }

    @MigratedDatabase(flywayTable = "schema_version")
    static class HistoryTable {
    }

    @MigratedDatabase(flywayTable = "Schema Version")
    static class QuotedHistoryTable {
    }

    @MigratedDatabase(flywayTable = "schema_version", engine = io.github.schemaverify.Engine.SQL_SCRIPTS,
            scripts = "classpath:a.sql")
    static class HistoryTableWithScripts {
    }

    @Test
    void flyways_table_setting_comes_from_the_attribute_or_the_property_and_only_where_flyway_runs() {
        assertThat(resolve(Defaults.class, Map.of(), Map.of()).historyTable()).isEqualTo("flyway_schema_history");
        assertThat(resolve(HistoryTable.class, Map.of(), Map.of()).historyTable()).isEqualTo("schema_version");
        assertThat(resolve(Defaults.class, Map.of("schemaverify.flyway.table", " orders_history "), Map.of()).historyTable())
                .isEqualTo("orders_history");
        assertThatThrownBy(() -> resolve(QuotedHistoryTable.class, Map.of(), Map.of()))
                .hasMessage("@MigratedDatabase on QuotedHistoryTable: attribute 'flywayTable' expects a lower-case table"
                        + " name such as \"flyway_schema_history_orders\", but found \"Schema Version\". SchemaVerify does"
                        + " not support history table names that need quotes yet (Flyway does).");
        assertThatThrownBy(() -> resolve(Defaults.class, Map.of("schemaverify.flyway.table", "orders-history"), Map.of()))
                .hasMessage("@MigratedDatabase on Defaults: property schemaverify.flyway.table is \"orders-history\", which is"
                        + " not a lower-case table name such as flyway_schema_history_orders. SchemaVerify does not support"
                        + " history table names that need quotes yet (Flyway does).");
        assertThatThrownBy(() -> resolve(HistoryTableWithScripts.class, Map.of(), Map.of()))
                .hasMessage("@MigratedDatabase on HistoryTableWithScripts: attribute 'flywayTable' expects engine = FLYWAY,"
                        + " whose setting it is, but found \"schema_version\" with engine = SQL_SCRIPTS. Remove flywayTable"
                        + " (SQL_SCRIPTS runs no Flyway), or use engine = FLYWAY.");
        assertThatThrownBy(() -> resolve(ScriptsOnly.class, Map.of("schemaverify.flyway.table", "schema_version"), Map.of()))
                .hasMessage("@MigratedDatabase on ScriptsOnly: property schemaverify.flyway.table is set, Flyway's table"
                        + " setting, but engine = SQL_SCRIPTS runs no Flyway. Leave it unset for this class's run, or use"
                        + " engine = FLYWAY.");
    }

    @MigratedDatabase(engine = io.github.schemaverify.Engine.SQL_SCRIPTS, scripts = "classpath:a.sql")
    static class ScriptsOnly {
    }

    @Test
    void an_unknown_mode_in_the_environment_names_its_origin() {
        assertThatThrownBy(() -> resolve(Defaults.class, Map.of(), Map.of("SCHEMAVERIFY_SERVER", "kubernetes")))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@MigratedDatabase on Defaults: environment variable SCHEMAVERIFY_SERVER is \"kubernetes\","
                        + " which is not a ServerMode. Use one of: AUTO, CONTAINER, LOCAL, EXTERNAL.");
    }

    @Test
    void a_non_postgres_url_is_refused_with_the_password_redacted() {
        assertThatThrownBy(() -> resolve(Defaults.class, Map.of("schemaverify.url", "jdbc:mysql://h/db?password=s3cret"), Map.of()))
                .hasMessage("@MigratedDatabase on Defaults: property schemaverify.url is \"jdbc:mysql://h/db?password=***\","
                        + " which is not a PostgreSQL JDBC URL. Use one such as jdbc:postgresql://localhost:5432/postgres.");
    }

    @Test
    void server_settings_never_print_the_password() {
        Config config = resolve(Defaults.class, Map.of("schemaverify.url", "jdbc:postgresql://h/db",
                "schemaverify.password", "s3cret-pw"), Map.of());
        assertThat(config.toString()).doesNotContain("s3cret-pw").contains("password=***");
    }

    @Test
    void redaction_covers_url_parameters_and_user_info() {
        assertThat(Redaction.url("jdbc:postgresql://u:pw@h:5432/db?password=x&ssl=true"))
                .isEqualTo("jdbc:postgresql://u:***@h:5432/db?password=***&ssl=true");
    }
}
