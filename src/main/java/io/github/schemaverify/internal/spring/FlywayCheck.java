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
        if (!boots.equals(source.flywaySchemas())) {
            // Boot's Flyway would look for its history, and the scripts' objects would be, in other schemas
            throw new SchemaVerifyException("SchemaVerify: Boot's Flyway has schemas = " + named(boots) + " (spring.flyway.schemas),"
                    + " but " + source.where() + " migrated the test's database with flywaySchemas = "
                    + named(source.flywaySchemas()) + ". Give SchemaVerify Boot's setting (" + (boots.isEmpty()
                    ? "flywaySchemas left unset" : Misuse.listSetting("flywaySchemas",
                    MigratedDatabase.FLYWAY_SCHEMAS_PROPERTY, boots))
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

    private static String named(java.util.List<String> schemas) {
        return schemas.isEmpty() ? "none" : String.join(", ", schemas);
    }
}
