package io.github.schemaverify.internal.verify.failure;

import java.util.List;
import java.util.Map;

import io.github.schemaverify.internal.verify.Cause;
import io.github.schemaverify.internal.verify.Failure;
import io.github.schemaverify.schema.diff.SchemaDiff;

/** {@code not_idempotent}: migrating again, or running a script again, failed or changed the schema or the data. */
public final class ShouldBeIdempotent {
    static final String HOW_TO_REPEAT = "Make every statement safe to repeat: CREATE ... IF NOT EXISTS, CREATE OR REPLACE,"
            + " DROP ... IF EXISTS before CREATE TRIGGER, INSERT ... ON CONFLICT DO NOTHING.";

    private ShouldBeIdempotent() {
    }

    /** A second migrate applied migrations. */
    public static Failure appliedAgain(String location, int count, List<String> files) {
        return new Failure(Cause.NOT_IDEMPOTENT, location + "\nExpecting a second migrate to apply nothing,\nbut it applied "
                + count + ": " + String.join(", ", files) + "\nA repeatable migration whose content changes on every run (a"
                + " placeholder such as ${flyway:timestamp}) runs on every migrate.");
    }

    /**
     * Running again failed; {@code expecting} e.g. {@code running R__x.sql again to change nothing}, {@code origin} the
     * script that failed.
     */
    public static Failure failed(String location, String expecting, String problem, String origin) {
        return new Failure(Cause.NOT_IDEMPOTENT, location + "\nExpecting " + expecting + ",\nbut " + problem + "\n"
                + HOW_TO_REPEAT.replace("Make every statement", "Make every statement of " + origin));
    }

    /**
     * Running again changed the schema; {@code callbacks}: the SQL callbacks a second migrate that applied nothing ran,
     * which made the change (none for a script run again).
     */
    public static Failure schemaChanged(String location, String what, SchemaDiff diff, List<String> callbacks) {
        return new Failure(Cause.NOT_IDEMPOTENT, location + "\nExpecting " + what + " to change nothing,\nbut the schema"
                + " changed:\n" + diff.render("  ") + byCallbacks(callbacks) + HOW_TO_REPEAT);
    }

    /**
     * Who made the change of a second migrate that applied no migration: the callbacks Flyway runs on every migrate
     * ({@code afterMigrate.sql}), not the migrations, which the text otherwise points to.
     */
    private static String byCallbacks(List<String> callbacks) {
        return callbacks.isEmpty() ? "" : "Flyway applied no migration the second time: the change comes from "
                + (callbacks.size() == 1 ? callbacks.get(0) + ", the callback" : "the callbacks " + String.join(", ", callbacks)
                + ", which") + " it runs on every migrate. ";
    }

    /**
     * Running again created schemas that the clone did not have ({@code created}: by schema, one line per object, as
     * {@code UnreadSchemas} writes them); every schema it had is compared in full.
     */
    public static Failure newSchemas(String location, String what, Map<String, List<String>> created) {
        List<String> schemas = List.copyOf(created.keySet());
        StringBuilder out = new StringBuilder(location).append("\nExpecting ").append(what).append(" to change nothing,\nbut it")
                .append(" created ").append(Unread.named(schemas)).append(", which the database did not have before:");
        return new Failure(Cause.NOT_IDEMPOTENT, Unread.lines(out, created).append('\n').append(HOW_TO_REPEAT).toString());
    }

    /** Running again changed the data: one line per table; {@code callbacks} as for {@link #schemaChanged}. */
    public static Failure dataChanged(String location, String what, List<String> tables, List<String> callbacks) {
        return new Failure(Cause.NOT_IDEMPOTENT, location + "\nExpecting " + what + " to change nothing,\nbut the data"
                + " changed:\n  " + String.join("\n  ", tables) + "\n" + byCallbacks(callbacks) + "Guard the inserts: INSERT ... SELECT ... WHERE NOT EXISTS (...) on"
                + " the columns that tell a row, or INSERT ... ON CONFLICT DO NOTHING where a unique key covers them (a serial or"
                + " identity key alone never conflicts: each insert takes a new value).");
    }
}
