package io.github.schemaverify.internal.verify.failure;

import io.github.schemaverify.internal.verify.Cause;
import io.github.schemaverify.internal.verify.Failure;
import io.github.schemaverify.schema.diff.SchemaDiff;

/** {@code incremental_mismatch}: the walk's incremental snapshots disagree with a full reading at head. */
public final class ShouldReadIncrementally {

    private ShouldReadIncrementally() {
    }

    public static Failure create(SchemaDiff disagreement, String property) {
        return new Failure(Cause.INCREMENTAL_MISMATCH, "[undo all]\nExpecting the walk's incremental snapshots to equal a"
                + " full reading at head,\nbut they differ (- only in the full reading, + only in the incremental one):\n"
                + disagreement.render("  ") + "The revisions' verdicts above may be wrong. A migration that writes to"
                + " pg_catalog directly, or disables SchemaVerify's event triggers, causes this; otherwise it is a defect in"
                + " SchemaVerify. Set " + property + "=full to read every snapshot in full.");
    }
}
