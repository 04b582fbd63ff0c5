package io.github.schemaverify.internal.verify.failure;

import io.github.schemaverify.internal.verify.Cause;
import io.github.schemaverify.internal.verify.Failure;
import io.github.schemaverify.schema.diff.SchemaDiff;

/** {@code head_differs}: Flyway applying the whole chain to a fresh database does not reach the walk's head. */
public final class ShouldReachHead {

    private ShouldReachHead() {
    }

    public static Failure create(SchemaDiff drift) {
        return new Failure(Cause.HEAD_DIFFERS, "[re-apply all]\nExpecting Flyway, applying every migration to a fresh"
                + " database, to reach the head of the walk,\nbut it differs (- only in the walk, + only after Flyway):\n"
                + drift.render("  ") + "Look for repeatable or Java migrations (left out of the walk) and for scripts that"
                + " depend on session state.");
    }
}
