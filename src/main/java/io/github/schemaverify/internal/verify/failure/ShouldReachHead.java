package io.github.schemaverify.internal.verify.failure;

import io.github.schemaverify.internal.verify.Cause;
import io.github.schemaverify.internal.verify.Failure;
import io.github.schemaverify.schema.diff.SchemaDiff;

/** {@code head_differs}: Flyway applying the whole chain to a fresh database does not reach the walk's head. */
public final class ShouldReachHead {

    private ShouldReachHead() {
    }

    /**
     * @param callbacks the Flyway SQL callbacks of the locations ({@code afterMigrate.sql}): Flyway runs them, the walk's
     *                  own steps do not, so what they create or change shows as Flyway's
     */
    public static Failure create(SchemaDiff drift, java.util.List<String> callbacks) {
        boolean one = callbacks.size() == 1;
        return new Failure(Cause.HEAD_DIFFERS, "[re-apply all]\nExpecting Flyway, applying every migration to a fresh"
                + " database, to reach the head of the walk,\nbut it differs (- only in the walk, + only after Flyway):\n"
                + drift.render("  ") + (callbacks.isEmpty() ? "Look" : "Flyway ran the callback" + (one ? " " : "s ")
                + String.join(", ", callbacks) + ", which the walk's own steps do not run: what " + (one
                ? "it creates or changes" : "they create or change") + " shows here as Flyway's. Else look")
                + " for scripts whose schema depends on the rows of their tables (the walk's hold a generated row, a fresh"
                + " database's none) or on session state, and for repeatable or Java migrations (left out of the walk).");
    }
}
