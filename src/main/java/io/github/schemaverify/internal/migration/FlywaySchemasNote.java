package io.github.schemaverify.internal.migration;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.schemaverify.Engine;
import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.internal.config.Config;
import io.github.schemaverify.internal.config.Misuse;

/**
 * The note for a script that names a schema nobody created ({@code ERROR: schema "bookstore" does not exist}): a
 * project's Flyway may create it through its {@code schemas} setting, which SchemaVerify's Flyway has only when told
 * ({@code flywaySchemas}). Given by Flyway's failures and by SchemaVerify's own runs of the scripts alike.
 */
final class FlywaySchemasNote {
    private static final Pattern MISSING_SCHEMA = Pattern.compile("schema \"([^\"]+)\" does not exist");

    private FlywaySchemasNote() {
    }

    /** The note for this failure under this configuration; empty unless a schema is missing and Flyway could create it. */
    static Optional<String> of(Throwable failure, Config config) {
        if (config.engine() != Engine.FLYWAY) {
            return Optional.empty();
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException e && "3F000".equals(e.getSQLState()) && e.getMessage() != null) {
                Matcher named = MISSING_SCHEMA.matcher(e.getMessage());
                if (!named.find() || config.flywaySchemas().contains(named.group(1))) {
                    return Optional.empty();
                }
                String schema = named.group(1);
                List<String> all = new ArrayList<>(config.flywaySchemas());
                all.add(schema);
                String setting = Misuse.listSetting("flywaySchemas", MigratedDatabase.FLYWAY_SCHEMAS_PROPERTY, all);
                return Optional.of(config.flywaySchemas().isEmpty()
                        ? "if your Flyway creates this schema through its schemas setting, flyway.schemas or"
                                + " spring.flyway.schemas, give SchemaVerify the same: " + setting
                        : "if your Flyway's schemas setting creates this schema too, add it to flywaySchemas: " + setting);
            }
        }
        return Optional.empty();
    }
}
