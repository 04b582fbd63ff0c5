package io.github.schemaverify.internal.verify.failure;

import java.util.List;
import java.util.Map;

import io.github.schemaverify.MigratedDatabase;
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
        return create("[" + script + ", up]", revision, script, read, unread, ".", flywaySchemas, "the round trip");
    }

    /** The script of a revision walked up only (no undo script) did it: none of its own checks reads those schemas. */
    public static Failure upOnly(String script, String revision, List<String> read, Map<String, List<String>> unread,
            List<String> flywaySchemas) {
        return create("[" + script + ", up]", revision, script, read, unread, ".", flywaySchemas, "the walk");
    }

    /** Its undo did it. */
    public static Failure down(String undo, String revision, List<String> read, Map<String, List<String>> unread,
            List<String> flywaySchemas) {
        return create("[" + undo + ", down]", "the undo of " + revision, undo, read, unread, ", or make " + undo
                + " leave " + (unread.size() == 1 ? "it" : "them") + " alone.", flywaySchemas, "the round trip");
    }

    private static Failure create(String location, String who, String script, List<String> read,
            Map<String, List<String>> unread, String end, List<String> flywaySchemas, String reader) {
        List<String> schemas = List.copyOf(unread.keySet());
        StringBuilder out = new StringBuilder(location).append("\nExpecting ").append(who)
                .append(" to change only the schemas ").append(reader).append(" reads (").append(String.join(", ", read))
                .append("),\nbut ").append(script).append(" changed objects in ").append(Unread.named(schemas))
                .append(", which no snapshot reads:");
        Unread.lines(out, unread).append("\nAdd ").append(Unread.and(schemas)).append(" to the schemas read: ")
                .append(Unread.setting(read, schemas)).append(end);
        if (unread.containsKey("public") && flywaySchemas.isEmpty()) {
            // unqualified names land in public when SchemaVerify's Flyway lacks the project's schemas setting
            out.append("\nIf the project's Flyway has a schemas setting (spring.flyway.schemas) that puts these objects elsewhere,"
                    + " give SchemaVerify the same instead: @MigratedDatabase(flywaySchemas = ...), or the property "
                    + MigratedDatabase.FLYWAY_SCHEMAS_PROPERTY + ".");
        }
        return new Failure(Cause.OUTSIDE_SCHEMAS, out.toString());
    }
}
