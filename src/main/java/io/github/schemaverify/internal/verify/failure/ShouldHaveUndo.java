package io.github.schemaverify.internal.verify.failure;

import java.util.List;

import io.github.schemaverify.internal.verify.Cause;
import io.github.schemaverify.internal.verify.Failure;

/** {@code missing_undo}: a reversible revision has no undo script. */
public final class ShouldHaveUndo {

    private ShouldHaveUndo() {
    }

    public static Failure create(String script, String version, List<String> locations) {
        return new Failure(Cause.MISSING_UNDO, "[" + script + ", up, down, up]\nExpecting an undo script for V" + version
                + ",\nbut there is none: create U" + script.substring(1) + " beside " + script + " (in "
                + String.join(", ", locations) + "), or mark V" + version + " irreversible (irreversible = \"" + version
                + "\", or a first line -- schemaverify:irreversible); a project that keeps no undo scripts walks each"
                + " revision up only with @VerifyRoundTrip(requireUndo = false).");
    }
}
