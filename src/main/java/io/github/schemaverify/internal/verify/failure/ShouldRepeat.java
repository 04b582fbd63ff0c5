package io.github.schemaverify.internal.verify.failure;

import io.github.schemaverify.internal.migration.ScriptRunner;
import io.github.schemaverify.internal.verify.Cause;
import io.github.schemaverify.internal.verify.Failure;
import io.github.schemaverify.schema.diff.SchemaDiff;

/**
 * {@code not_repeatable}: the undo restored the schema before the revision exactly, but applying the revision again
 * fails or gives another schema. The revision is at fault, not its undo.
 */
public final class ShouldRepeat {

    private ShouldRepeat() {
    }

    /** Applied again, the revision gives another schema (a timestamp frozen into a view, say). */
    public static Failure differs(String location, String name, String script, SchemaDiff drift) {
        return new Failure(Cause.NOT_REPEATABLE, location + "\nExpecting the schema after applying " + name + " again to equal"
                + " the schema after applying it the first time,\nbut it differs, although the undo restored the schema before "
                + name + " exactly:\n" + drift.render("  ") + script
                + " gives another schema each time it runs: a value computed when it runs is kept in the schema (now() or"
                + " 'now' frozen into a view, a default or a function body; a random or dated name). Make " + script
                + " depend only on the schema it starts from.");
    }

    /** Applied again, the revision fails. */
    public static Failure fails(String location, String name, String undoFile, ScriptRunner.Failure failure) {
        return new Failure(Cause.NOT_REPEATABLE, location + "\nExpecting " + name + " to apply again after its undo,\nbut "
                + failure.problem() + "\nalthough the undo restored the schema before " + name + " exactly. " + name
                + " depends on something the undo does not take back and the schema snapshot does not show (roles, rows,"
                + " sequence values, settings): make " + undoFile + " take it back too, or make " + name + " tolerate it"
                + " (IF NOT EXISTS, ON CONFLICT DO NOTHING).");
    }
}
