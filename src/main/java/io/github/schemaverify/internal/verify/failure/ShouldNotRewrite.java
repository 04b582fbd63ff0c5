package io.github.schemaverify.internal.verify.failure;

import io.github.schemaverify.internal.verify.Cause;
import io.github.schemaverify.internal.verify.Failure;

/** {@code table_rewrite}: a revision rewrote a table (or its TOAST table) that holds rows. */
public final class ShouldNotRewrite {

    private ShouldNotRewrite() {
    }

    /** One rewrite, without a location (see {@link ShouldBeSafeToDeploy}). */
    public static Failure create(LockHazard h) {
        return new Failure(Cause.TABLE_REWRITE, "Expecting " + h.revision() + " not to rewrite tables that hold rows,\nbut line "
                + h.line() + " rewrote " + h.tableWithRows() + " under " + h.lock().sql() + ", " + h.heldFor() + ":\n"
                + h.excerpt() + h.fix());
    }
}
