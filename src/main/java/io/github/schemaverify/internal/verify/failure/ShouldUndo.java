package io.github.schemaverify.internal.verify.failure;

import io.github.schemaverify.internal.migration.ScriptRunner;
import io.github.schemaverify.internal.verify.Cause;
import io.github.schemaverify.internal.verify.Failure;

/** {@code undo_failed}: an undo script did not apply. */
public final class ShouldUndo {

    private ShouldUndo() {
    }

    /** @param location e.g. {@code [U3__add_embedding.sql, down]}; {@code what} e.g. {@code the undo of V3} */
    public static Failure create(String location, String what, ScriptRunner.Failure failure) {
        return create(location, what, failure, "");
    }

    /**
     * As above, with {@code note} (where not empty) after the server's words and the statement, before the fix: what
     * made the statement fail where the script itself did it (an earlier statement that dropped what it names).
     */
    public static Failure create(String location, String what, ScriptRunner.Failure failure, String note) {
        return new Failure(Cause.UNDO_FAILED, location + "\nExpecting " + what + " to apply,\nbut " + failure.problem() + "\n"
                + (note.isEmpty() ? "" : "  (" + note + ")\n") + failure.fix());
    }

    /**
     * The undo ended its own session ({@code ended}: {@link io.github.schemaverify.internal.migration.SessionEnded}'s
     * words, which name the statement and the fix).
     *
     * @param location e.g. {@code [U3__sessions.sql, down]}; {@code what} e.g. {@code the undo of V3}
     */
    public static Failure endedItsSession(String location, String what, String ended) {
        return new Failure(Cause.UNDO_FAILED, location + "\nExpecting " + what + " to apply,\nbut " + ended);
    }
}
