package io.github.schemaverify.internal.verify.failure;

import java.util.List;
import java.util.Map;

import io.github.schemaverify.internal.verify.Cause;
import io.github.schemaverify.internal.verify.DataFingerprint;
import io.github.schemaverify.internal.verify.Failure;
import io.github.schemaverify.schema.diff.SchemaDiff;

/** {@code not_idempotent}: migrating again, or running a script again, failed or changed the schema or the data. */
public final class ShouldBeIdempotent {
    static final String HOW_TO_REPEAT = "Make every statement safe to repeat: CREATE ... IF NOT EXISTS, CREATE OR REPLACE,"
            + " DROP ... IF EXISTS before CREATE TRIGGER, INSERT ... ON CONFLICT DO NOTHING.";

    private ShouldBeIdempotent() {
    }

    /**
     * A second migrate applied migrations ({@code applied}), or a repeatable migration names {@code ${flyway:timestamp}}
     * ({@code timestamped}), which Flyway applies on every migrate whether or not it did here (it does when the second
     * migrate falls in another second than the first); {@code runs}: how many more times each script runs in its own check.
     */
    public static Failure appliedAgain(String location, List<String> applied, List<String> timestamped, int runs) {
        StringBuilder out = new StringBuilder(location).append("\nExpecting a second migrate to apply nothing,\nbut ");
        if (!applied.isEmpty()) {
            out.append("it applied ").append(applied.size()).append(": ").append(String.join(", ", applied));
            out.append(timestamped.isEmpty() ? "\n" : ",\nand ");
        }
        if (!timestamped.isEmpty()) {
            boolean one = timestamped.size() == 1;
            out.append(String.join(", ", timestamped)).append(one ? " names" : " name").append(" ${flyway:timestamp}: Flyway"
                    + " applies ").append(one ? "it" : "them").append(" again on every migrate (the checksum changes with the"
                    + " time).\n");
        }
        if (!applied.isEmpty()) {
            out.append("A repeatable migration whose content changes on every run (a placeholder such as ${flyway:timestamp})"
                    + " runs on every migrate.");
        }
        if (!timestamped.isEmpty()) {
            out.append(applied.isEmpty() ? "" : " ").append("Leave ${flyway:timestamp} out unless the migration is to run on"
                    + " every migrate; what running it again does is judged by ").append(judgedBy(timestamped, runs));
        }
        return new Failure(Cause.NOT_IDEMPOTENT, out.toString());
    }

    /**
     * The check of each script run again on its own, named by the first script's ({@code "R__a.sql run 2 more times changes
     * nothing" and its likes.}).
     */
    private static String judgedBy(List<String> scripts, int runs) {
        return "\"" + scripts.get(0) + " run " + runs + " more " + (runs == 1 ? "time" : "times") + " changes nothing\""
                + (scripts.size() == 1 ? "." : " and its likes.");
    }

    /**
     * The note of a check on a copy of the migrated database where {@code scripts} name {@code ${flyway:database}},
     * which reads the copy's name there: what was done so that the name alone is not judged.
     *
     * @param reapplied true for a second migrate (Flyway applied them again for their new checksum), false for a script
     *                  run on its own
     */
    public static String databaseNamed(List<String> scripts, boolean reapplied, int runs) {
        boolean one = scripts.size() == 1;
        String names = String.join(", ", scripts) + (one ? " names" : " name") + " ${flyway:database}, which reads the name of"
                + " this copy of the migrated database, not the one the migration ran under; a database keeps its name in"
                + " production.";
        return reapplied ? names + " Flyway applied " + (one ? "it" : "them") + " again for that alone, which is not counted as"
                + " applied: the check migrated once more and compared that migrate; what running " + (one ? "it" : "them")
                + " again does is judged by " + judgedBy(scripts, runs)
                : names + " " + (one ? "It" : "They") + " ran once on the copy before the runs compared, as a migrate runs "
                + (one ? "it" : "them") + " under the database's own name.";
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

    /** The fix for rows added: guard the inserts. */
    static final String GUARD_INSERTS = "Guard the inserts: INSERT ... SELECT ... WHERE NOT EXISTS (...) on the columns that"
            + " tell a row, or INSERT ... ON CONFLICT DO NOTHING where a unique key covers them (a serial or identity key alone"
            + " never conflicts: each insert takes a new value).";

    /**
     * Running again changed the data: one line per table, and a fix for each way it changed: rows added (guard the
     * inserts), rows whose values changed (make the updates conditional), rows removed (a delete, or a table dropped and
     * made again), and a table the scripts that ran do not name ({@code unnamed}: something they set off wrote it, a
     * trigger); {@code by}: the files that ran, {@code callbacks} as for
     * {@link #schemaChanged}.
     */
    public static Failure dataChanged(String location, String what, List<DataFingerprint.Change> changes,
            java.util.Set<String> unnamed, List<String> by, List<String> callbacks) {
        java.util.EnumSet<DataFingerprint.Kind> kinds = java.util.EnumSet.noneOf(DataFingerprint.Kind.class);
        List<String> triggered = new java.util.ArrayList<>();
        java.util.Set<String> columns = new java.util.LinkedHashSet<>();
        for (DataFingerprint.Change change : changes) {
            if (unnamed.contains(change.table())) {
                triggered.add(change.table());
            } else {
                kinds.add(change.kind());
                if (change.kind() == DataFingerprint.Kind.CHANGED) {
                    columns.addAll(change.columns());
                }
            }
        }
        List<String> fixes = new java.util.ArrayList<>();
        if (kinds.contains(DataFingerprint.Kind.ADDED)) {
            fixes.add(GUARD_INSERTS);
        }
        if (kinds.contains(DataFingerprint.Kind.CHANGED)) {
            String these = columns.isEmpty() ? "(...)" : "(" + String.join(", ", columns) + ")";
            String excluded = columns.isEmpty() ? "(excluded....)" : "(" + String.join(", ", columns.stream()
                    .map(c -> "excluded." + c).toList()) + ")";
            fixes.add("Make the updates conditional: an UPDATE or an upsert's DO UPDATE writes the rows again on every run;"
                    + " write only where the values differ (UPDATE ... WHERE " + these + " IS DISTINCT FROM (...), INSERT ..."
                    + " ON CONFLICT (...) DO UPDATE SET ... WHERE " + these + " IS DISTINCT FROM " + excluded + "), and no value"
                    + " that differs on every run (now(), random()).");
        }
        if (kinds.contains(DataFingerprint.Kind.REMOVED)) {
            fixes.add("Keep the application's rows: a DELETE or TRUNCATE, or a DROP TABLE that makes the table again, wipes"
                    + " them on every run; create a table only if it does not exist (CREATE TABLE IF NOT EXISTS, ALTER TABLE"
                    + " ... ADD COLUMN IF NOT EXISTS), and delete only rows the script itself wrote.");
        }
        if (!triggered.isEmpty()) {
            boolean one = triggered.size() == 1;
            boolean single = by.size() == 1;
            fixes.add(String.join(", ", triggered) + (one ? " is" : " are") + " not named in " + String.join(", ", by)
                    + ": a trigger on a table " + (single ? "it writes, or a function it calls" : "they write, or a function"
                    + " they call") + ", wrote " + (one ? "it" : "them") + ". A row trigger fires on every row written, even"
                    + " one whose values stay the same: write only rows that differ (ON CONFLICT (...) DO UPDATE SET ... WHERE"
                    + " (...) IS DISTINCT FROM (excluded....)), or have the trigger skip updates that change nothing (WHEN"
                    + " (OLD.* IS DISTINCT FROM NEW.*)).");
        }
        return new Failure(Cause.NOT_IDEMPOTENT, location + "\nExpecting " + what + " to change nothing,\nbut the data"
                + " changed:\n  " + String.join("\n  ", changes.stream().map(DataFingerprint.Change::line).toList()) + "\n"
                + byCallbacks(callbacks) + String.join("\n", fixes));
    }
}
