package io.github.schemaverify.internal.verify.failure;

import io.github.schemaverify.internal.verify.Cause;
import io.github.schemaverify.internal.verify.Failure;
import io.github.schemaverify.schema.diff.SchemaDiff;

/** {@code undo_incomplete} of the whole chain: undoing every revision from head leaves a trace. */
public final class ShouldReachBase {

    private ShouldReachBase() {
    }

    /**
     * @param target e.g. {@code the base schema (before the first migration)}
     * @param atHead what the walk ran at head before undoing, as Flyway's migrate does after its last versioned migration
     *               (repeatable migrations, {@code afterMigrate.sql}); the trace leaves out what they changed there, or
     *               change on a copy of the base
     */
    public static Failure create(String target, SchemaDiff trace, AtHead atHead) {
        return new Failure(Cause.UNDO_INCOMPLETE, "[undo all]\nExpecting the schema after undoing every revision to equal "
                + target + ",\nbut it differs:\n" + trace.render("  ") + "Each undo passed on its own, so an undo depends on"
                + " state that a later revision changed; check the undo scripts of the objects listed." + (atHead.isEmpty()
                ? "" : " (The walk " + atHead.ran() + "; what " + (atHead.one() ? "it" : "they") + " changed there, or would"
                + " change on the base, is not listed.)"));
    }
}
