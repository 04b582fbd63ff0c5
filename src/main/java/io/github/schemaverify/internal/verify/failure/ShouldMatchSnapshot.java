package io.github.schemaverify.internal.verify.failure;

import io.github.schemaverify.internal.verify.Cause;
import io.github.schemaverify.internal.verify.Failure;
import io.github.schemaverify.schema.diff.SchemaDiff;

/** {@code snapshot_drift}: the migrated schema differs from the committed golden file. */
public final class ShouldMatchSnapshot {

    private ShouldMatchSnapshot() {
    }

    /** @param file the golden file as the user names it; {@code property} the update switch */
    public static Failure create(String fileName, String file, SchemaDiff drift, String property) {
        return new Failure(Cause.SNAPSHOT_DRIFT, "[@MatchesSchemaSnapshot " + fileName + "]\nExpecting the migrated schema to"
                + " match " + file + ",\nbut it differs (- only in the file, + only in the migrated schema, ~ was the file,"
                + " is the migrated schema):\n" + drift.render("  ") + "If the change is intended, run with -D" + property
                + "=true and commit the file.");
    }
}
