package io.github.schemaverify.internal.verify.failure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.internal.config.Misuse;
import io.github.schemaverify.internal.verify.Cause;
import io.github.schemaverify.internal.verify.Failure;

/**
 * {@code outside_schemas}: a revision, or its undo, changed objects in schemas that the settings do not name. No
 * snapshot reads them, so no comparison shows what happens there: the schemas are to be read too (or, for an undo,
 * the undo is to leave them alone). One line per object: {@code +} created, {@code ~} changed, {@code -} dropped.
 */
public final class ShouldStayInSchemasRead {

    private ShouldStayInSchemasRead() {
    }

    /**
     * The revision's script did it.
     *
     * @param flywaySchemas Flyway's schemas setting as given to SchemaVerify ({@code flywaySchemas}), maybe none
     */
    public static Failure up(String script, String revision, List<String> read, Map<String, List<String>> unread,
            List<String> flywaySchemas) {
        return create("[" + script + ", up]", revision, script, read, unread, ".", flywaySchemas);
    }

    /** Its undo did it. */
    public static Failure down(String undo, String revision, List<String> read, Map<String, List<String>> unread,
            List<String> flywaySchemas) {
        return create("[" + undo + ", down]", "the undo of " + revision, undo, read, unread, ", or make " + undo
                + " leave " + (unread.size() == 1 ? "it" : "them") + " alone.", flywaySchemas);
    }

    private static Failure create(String location, String who, String script, List<String> read,
            Map<String, List<String>> unread, String end, List<String> flywaySchemas) {
        List<String> schemas = List.copyOf(unread.keySet());
        StringBuilder out = new StringBuilder(location).append("\nExpecting ").append(who)
                .append(" to change only the schemas the round trip reads (").append(String.join(", ", read))
                .append("),\nbut ").append(script).append(" changed objects in ").append(named(schemas))
                .append(", which no snapshot reads:");
        unread.values().forEach(lines -> lines.forEach(l -> out.append("\n  ").append(l)));
        out.append("\nAdd ").append(and(schemas)).append(" to the schemas read: ").append(readToo(read, schemas)).append(end);
        if (unread.containsKey("public") && flywaySchemas.isEmpty()) {
            // unqualified names land in public when SchemaVerify's Flyway lacks the project's schemas setting
            out.append("\nIf the project's Flyway has a schemas setting (spring.flyway.schemas) that puts these objects elsewhere,"
                    + " give SchemaVerify the same instead: @MigratedDatabase(flywaySchemas = ...), or the property "
                    + MigratedDatabase.FLYWAY_SCHEMAS_PROPERTY + ".");
        }
        return new Failure(Cause.OUTSIDE_SCHEMAS, out.toString());
    }

    /** {@code the schema audit}, {@code the schemas audit and billing}. */
    static String named(List<String> schemas) {
        return (schemas.size() == 1 ? "the schema " : "the schemas ") + and(schemas);
    }

    /** The setting that reads {@code schemas} besides those {@code read}. */
    static String readToo(List<String> read, List<String> schemas) {
        List<String> all = new ArrayList<>(read);
        schemas.stream().filter(s -> !all.contains(s)).forEach(all::add);
        return Misuse.listSetting("schemas", MigratedDatabase.SCHEMAS_PROPERTY, all);
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}. */
    static String and(List<String> names) {
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
