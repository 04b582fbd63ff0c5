package io.github.schemaverify.internal.verify.failure;

import java.nio.file.Path;

import io.github.schemaverify.internal.verify.Cause;
import io.github.schemaverify.internal.verify.Failure;
import io.github.schemaverify.schema.diff.SchemaDiff;

/** {@code snapshot_drift}: the migrated schema differs from the committed golden file. */
public final class ShouldMatchSnapshot {

    private ShouldMatchSnapshot() {
    }

    /**
     * @param fileName     the golden file's name, for the location
     * @param file         the golden file as the user names it
     * @param versionsNote what differs in the server's versions from when the file was recorded, or {@code ""}
     * @param draft        where the schema's text now was written, to compare or to take
     */
    public static Failure create(String fileName, String file, SchemaDiff drift, String property, String versionsNote,
            Path draft) {
        return new Failure(Cause.SNAPSHOT_DRIFT, "[@MatchesSchemaSnapshot " + fileName + "]\nExpecting the migrated schema to"
                + " match " + file + ",\nbut it differs (- only in the file, + only in the migrated schema, ~ was the file,"
                + " is the migrated schema):\n" + drift.render("  ") + (versionsNote.isEmpty() ? "" : versionsNote + "\n")
                + "If the change is intended, run with -D" + property + "=true and commit the file (the new text is in "
                + draft + ").");
    }

    /**
     * {@code snapshot_missing}: the first run, before the file was committed.
     *
     * @param directory where the file was looked for, absolute
     * @param draft     where the text the file would hold was written
     */
    public static Failure missing(String fileName, String file, Path directory, String property, Path draft) {
        return new Failure(Cause.SNAPSHOT_MISSING, "[@MatchesSchemaSnapshot " + fileName + "]\nThere is no schema snapshot at "
                + file + " (looked in " + directory + ").\nCreate it: run this test once with -D" + property + "=true, review"
                + " the file and commit it. The text it would hold is in " + draft + ".");
    }
}
