package io.github.schemaverify.internal.verify.failure;

import io.github.schemaverify.internal.verify.Cause;
import io.github.schemaverify.internal.verify.Failure;
import io.github.schemaverify.schema.diff.SchemaDiff;

/** {@code baseline_drift}: a legacy database, baselined and migrated, fails or does not reach a fresh migrate's schema. */
public final class ShouldMatchBaseline {

    private ShouldMatchBaseline() {
    }

    /** Flyway failed to baseline or migrate the legacy database. */
    public static Failure failed(String location, String baselineVersion, String message) {
        boolean exists = message.contains("already exists");
        return new Failure(Cause.BASELINE_DRIFT, location + "\nExpecting Flyway to baseline the legacy database at version "
                + baselineVersion + " and migrate it to head,\nbut it failed:\n" + message
                + (exists ? "\nThe legacy schema already has what a migration after version " + baselineVersion
                + " creates: set baselineVersion to the last version the legacy schema contains, or make that"
                + " migration tolerate existing objects (IF NOT EXISTS)." : ""));
    }

    /** The migrated legacy database differs from a fresh migrate. */
    public static Failure drifted(String location, String legacyFile, SchemaDiff drift) {
        return new Failure(Cause.BASELINE_DRIFT, location + "\nExpecting the baselined legacy database to have the schema of"
                + " a fresh migrate to head,\nbut it drifted (- only after a fresh migrate, + only in the legacy database, ~ was fresh, is legacy):\n"
                + drift.render("  ") + "Add a migration that aligns existing databases (or fix " + legacyFile
                + " if it does not match production).");
    }
}
