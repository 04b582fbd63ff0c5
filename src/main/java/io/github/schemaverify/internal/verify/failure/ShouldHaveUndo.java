package io.github.schemaverify.internal.verify.failure;

import java.util.List;

import io.github.schemaverify.internal.verify.Cause;
import io.github.schemaverify.internal.verify.Failure;

/** {@code missing_undo}: a reversible revision has no undo script. */
public final class ShouldHaveUndo {

    private ShouldHaveUndo() {
    }

    /**
     * @param misnamed undo scripts with the revision's description whose version no versioned migration has ({@code
     *                 U52__x.sql} beside {@code V25__x.sql}): a typo in the version, most likely
     */
    public static Failure create(String script, String version, List<String> locations, List<String> misnamed) {
        // a Java migration (V2__add_flag, a class): its undo is a SQL file of the same name in a location, and no first
        // line of a class marks it
        boolean java = !script.regionMatches(true, script.length() - 4, ".sql", 0, 4);
        String undo = "U" + script.substring(1) + (java ? ".sql" : "");
        return new Failure(Cause.MISSING_UNDO, "[" + script + ", up, down, up]\nExpecting an undo script for V" + version
                + ",\nbut there is none" + (misnamed.isEmpty() ? ": create " + undo + (java ? " for the Java migration "
                + script + " in " : " beside " + script + " (in ") + String.join(", ", locations) + (java ? "" : ")")
                : " (" + String.join(", ", misnamed) + (misnamed.size() == 1 ? " has" : " have") + " its description, but undo"
                + (misnamed.size() == 1 ? "es" : "") + " a version no migration has): rename " + (misnamed.size() == 1 ? "it"
                : "the one meant") + " " + undo) + ", or mark V" + version + " irreversible (irreversible = \"" + version
                + (java ? "\")" : "\", or a first line -- schemaverify:irreversible)") + "; a project that keeps no undo scripts"
                + " walks each revision up only with @VerifyRoundTrip(requireUndo = false).");
    }
}
