package io.github.schemaverify.internal.verify.failure;

import io.github.schemaverify.internal.migration.ScriptRunner;
import io.github.schemaverify.internal.verify.Cause;
import io.github.schemaverify.internal.verify.Failure;

/** {@code up_failed}: a revision's up script (or a fixture run with it) did not apply. */
public final class ShouldApply {

    private ShouldApply() {
    }

    /**
     * @param location   e.g. {@code [V3__add_embedding.sql, up]}
     * @param what       what was applied, e.g. {@code V3}, or {@code the fixture before_V3.sql}
     * @param failure    the script's failure
     * @param consequence what this stops, e.g. {@code the revisions after V3 cannot be walked until it applies}
     */
    public static Failure create(String location, String what, ScriptRunner.Failure failure, String consequence) {
        return new Failure(Cause.UP_FAILED, location + "\nExpecting " + what + " to apply,\nbut " + failure.problem() + "\n"
                + withConsequence(failure.fix(), consequence));
    }

    /**
     * A script applied with a revision ended its own session ({@code ended}: {@link
     * io.github.schemaverify.internal.migration.SessionEnded}'s words, which name the statement and the fix).
     *
     * @param location e.g. {@code [V3__sessions.sql, up]}; {@code what} e.g. {@code V3}
     */
    public static Failure endedItsSession(String location, String what, String ended) {
        return new Failure(Cause.UP_FAILED, location + "\nExpecting " + what + " to apply,\nbut " + ended);
    }

    /** Flyway's own failure while applying the chain (its message already names the file and the fix). */
    public static Failure byFlyway(String location, String message) {
        return new Failure(Cause.UP_FAILED, location + "\nExpecting Flyway to apply every migration to a fresh database,\nbut "
                + message);
    }

    /**
     * A revision's {@code at_V<v>.sql} fixture did not apply when run again after the revision's undo and the revision
     * applied again: the rows it wrote to tables the revision did not create are still there, as the undo must keep them.
     *
     * @param fixture the fixture's file name, e.g. {@code at_V4.sql}
     * @param name    the revision, e.g. {@code V4}
     */
    public static Failure again(String fixture, String name, ScriptRunner.Failure failure) {
        return new Failure(Cause.UP_FAILED, "[" + fixture + ", fixture at " + name + ", up again]\nExpecting the fixture " + fixture
                + " to apply again after " + name + " is applied again,\nbut " + failure.problem() + "\nThe fixture runs right after "
                + name + " and again after its undo and " + name + " applied again, and the undo keeps the rows the fixture wrote"
                + " to tables " + name + " did not create: make " + fixture + " tolerate its own rows (ON CONFLICT DO NOTHING, WHERE"
                + " NOT EXISTS), or write those rows in the fixture of an earlier revision.");
    }

    /**
     * The revisions before a walk's first (applied once into its base, not verified) did not apply.
     *
     * @param range   e.g. {@code V1 to V199}
     * @param first   the walk's first revision, e.g. {@code V200}
     * @param failure Flyway's message (naming the file, line and statement), or a fixture's problem and fix
     */
    public static Failure base(String range, String first, String failure) {
        return new Failure(Cause.UP_FAILED, "[base: " + range + "]\nExpecting the revisions before " + first + " to apply, as"
                + " the base the walk starts from,\nbut " + failure + "\nNo revision can be walked until the base applies: fix"
                + " the file named, or start the walk earlier (from).");
    }

    static String withConsequence(String fix, String consequence) {
        if (consequence == null || consequence.isEmpty()) {
            return fix;
        }
        return (fix.endsWith(".") ? fix.substring(0, fix.length() - 1) : fix) + "; " + consequence + ".";
    }
}
