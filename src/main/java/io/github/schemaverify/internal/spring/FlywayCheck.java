package io.github.schemaverify.internal.spring;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.ValidateResult;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.internal.config.Config;
import io.github.schemaverify.internal.config.Misuse;

/**
 * What Boot's Flyway does at start-up in place of {@code migrate()} (the body of a {@code FlywayMigrationStrategy},
 * whose type Boot 3 and Boot 4 name differently): the context's database is a clone of a template SchemaVerify
 * migrated already, so migrating again would at best add nothing. By default it validates the clone against the
 * application's own Flyway configuration ({@code spring.flyway.*}, on SchemaVerify's {@code DataSource} whatever URL that
 * configuration names), which proves that the application and {@code @MigratedDatabase} agree on the migrations; with
 * {@code schemaverify.spring.flyway=skip} (and for {@code engine = SQL_SCRIPTS}) it does nothing. Either way no row is
 * added to the clone's history.
 */
final class FlywayCheck implements InvocationHandler {
    private final ContextDatabases databases;

    FlywayCheck(ContextDatabases databases) {
        this.databases = databases;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "migrate" -> {
                check((Flyway) args[0]);
                return null;
            }
            case "equals" -> {
                return proxy == args[0];
            }
            case "hashCode" -> {
                return System.identityHashCode(proxy);
            }
            case "toString" -> {
                return "SchemaVerify's Flyway check (validate, never migrate)";
            }
            default -> throw new UnsupportedOperationException(method.toString());
        }
    }

    private void check(Flyway applications) {
        ContextSource source = databases.source();
        if (source == null || !source.validate()) {
            return;
        }
        java.util.List<String> boots = java.util.List.of(applications.getConfiguration().getSchemas());
        String defaultSchema = applications.getConfiguration().getDefaultSchema();
        defaultSchema = defaultSchema == null || defaultSchema.isEmpty() ? null : defaultSchema;
        java.util.List<String> effective = schemas(defaultSchema, boots);
        if (!sameSchemas(effective, source.flywaySchemas())) {
            // Boot's Flyway would look for its history, and the scripts' objects would be, in other schemas
            java.util.List<String> settings = new java.util.ArrayList<>();
            if (defaultSchema != null) {
                settings.add("default-schema = " + defaultSchema + " (spring.flyway.default-schema)");
            }
            if (defaultSchema == null || !boots.isEmpty()) {
                settings.add("schemas = " + named(boots) + " (spring.flyway.schemas)");
            }
            throw new SchemaVerifyException("SchemaVerify: Boot's Flyway has " + String.join(" and ", settings)
                    + ", but " + source.where() + " migrated the test's database with flywaySchemas = "
                    + named(source.flywaySchemas()) + ". Give SchemaVerify Boot's setting (" + (effective.isEmpty()
                    ? "flywaySchemas left unset" : Misuse.listSetting("flywaySchemas",
                    MigratedDatabase.FLYWAY_SCHEMAS_PROPERTY, effective))
                    + "), or set schemaverify.spring.flyway=skip to leave Boot's Flyway out.");
        }
        String table = applications.getConfiguration().getTable();
        if (!source.historyTable().equals(table)) {
            // Boot's Flyway would find no history and report every migration as pending, blaming the locations
            throw new SchemaVerifyException("SchemaVerify: Boot's Flyway keeps its history in the table " + table
                    + " (spring.flyway.table), but " + source.where() + " migrated the test's database with its history in "
                    + source.historyTable() + ". Give SchemaVerify Boot's setting (" + (Config.DEFAULT_HISTORY_TABLE.equals(
                    table) ? "flywayTable left unset" : "@MigratedDatabase(flywayTable = \"" + table + "\"), or the property "
                    + MigratedDatabase.FLYWAY_TABLE_PROPERTY + "=" + table) + "), or set schemaverify.spring.flyway=skip to"
                    + " leave Boot's Flyway out.");
        }
        boolean bootsMixed = applications.getConfiguration().isMixed();
        if (bootsMixed != source.mixed()) {
            // one of the two applies migrations the other refuses
            throw new SchemaVerifyException("SchemaVerify: Boot's Flyway has mixed = " + bootsMixed + " (spring.flyway.mixed),"
                    + " but " + source.where() + " migrated the test's database with mixed = " + source.mixed() + ". Give"
                    + " SchemaVerify Boot's setting (" + (bootsMixed ? "@MigratedDatabase(mixed = true), or the property "
                    + MigratedDatabase.MIXED_PROPERTY + "=true" : "mixed left unset") + "), or set schemaverify.spring.flyway=skip"
                    + " to leave Boot's Flyway out.");
        }
        boolean bootsReplacement = applications.getConfiguration().isPlaceholderReplacement();
        if (bootsReplacement != source.placeholderReplacement()) {
            // the two read the same script as different SQL where it holds ${...}
            throw new SchemaVerifyException("SchemaVerify: Boot's Flyway has placeholderReplacement = " + bootsReplacement
                    + " (spring.flyway.placeholder-replacement), but " + source.where() + " migrated the test's database with"
                    + " placeholderReplacement = " + source.placeholderReplacement() + ". Give SchemaVerify Boot's setting ("
                    + (bootsReplacement ? "placeholderReplacement left unset, and the property "
                    + MigratedDatabase.PLACEHOLDER_REPLACEMENT_PROPERTY + " unset or true" : "@MigratedDatabase("
                    + "placeholderReplacement = false), or the property " + MigratedDatabase.PLACEHOLDER_REPLACEMENT_PROPERTY
                    + "=false") + "), or set schemaverify.spring.flyway=skip to leave Boot's Flyway out.");
        }
        String bootsInitSql = applications.getConfiguration().getInitSql() == null ? ""
                : applications.getConfiguration().getInitSql().strip();
        if (!bootsInitSql.equals(source.initSql())) {
            // the migrations ran on sessions Boot's Flyway would start otherwise
            throw new SchemaVerifyException("SchemaVerify: Boot's Flyway has initSql = " + (bootsInitSql.isEmpty() ? "none"
                    : "\"" + bootsInitSql.replace("\n", "\\n") + "\"") + " (spring.flyway.init-sqls), but " + source.where()
                    + " migrated the test's database with initSql = " + (source.initSql().isEmpty() ? "none" : "\""
                    + source.initSql().replace("\n", "\\n") + "\"") + ". Give SchemaVerify Boot's statements ("
                    + (bootsInitSql.isEmpty() ? "initSql left unset" : "@MigratedDatabase(initSql = ...), or the property "
                    + MigratedDatabase.INIT_SQL_PROPERTY + ", one statement per line as Boot joins them")
                    + "), or set schemaverify.spring.flyway=skip to leave Boot's Flyway out.");
        }
        var configuration = Flyway.configure(applications.getConfiguration().getClassLoader())
                .configuration(applications.getConfiguration()).dataSource(databases.dataSource());
        if (!Config.LATEST.equalsIgnoreCase(source.flywayTarget())) {
            configuration.target(source.flywayTarget());
        }
        ValidateResult result = configuration.load().validateWithResult();
        if (!result.validationSuccessful) {
            throw new SchemaVerifyException("SchemaVerify: Boot's Flyway configuration (spring.flyway.*) does not match the"
                    + " migrations " + source.where() + " applied to the test's database: "
                    + result.getAllErrorMessages().strip().replaceAll("\\.+$", "") + ". Make spring.flyway.locations (and placeholders) name the same migrations as @MigratedDatabase, or"
                    + " set schemaverify.spring.flyway=skip to leave Boot's Flyway out.");
        }
    }

    /**
     * Flyway's schemas as {@code flywaySchemas} spells them, the default one first: {@code defaultSchema} (which Flyway
     * creates and works in as the first of its schemas when {@code schemas} leaves it out), if set, then the others.
     */
    private static java.util.List<String> schemas(String defaultSchema, java.util.List<String> schemas) {
        if (defaultSchema == null) {
            return schemas;
        }
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(defaultSchema));
        schemas.stream().filter(s -> !s.equals(defaultSchema)).forEach(all::add);
        return all;
    }

    /** The same default schema and the same others, in any order: all a migration's session depends on. */
    private static boolean sameSchemas(java.util.List<String> boots, java.util.List<String> ours) {
        return boots.isEmpty() ? ours.isEmpty() : !ours.isEmpty() && boots.get(0).equals(ours.get(0))
                && new java.util.HashSet<>(boots).equals(new java.util.HashSet<>(ours));
    }

    private static String named(java.util.List<String> schemas) {
        return schemas.isEmpty() ? "none" : String.join(", ", schemas);
    }
}
