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

    /** Flyway's own failure while applying the chain (its message already names the file and the fix). */
    public static Failure byFlyway(String location, String message) {
        return new Failure(Cause.UP_FAILED, location + "\nExpecting Flyway to apply every migration to a fresh database,\nbut "
                + message);
    }

    static String withConsequence(String fix, String consequence) {
        if (consequence == null || consequence.isEmpty()) {
            return fix;
        }
        return (fix.endsWith(".") ? fix.substring(0, fix.length() - 1) : fix) + "; " + consequence + ".";
    }
}
