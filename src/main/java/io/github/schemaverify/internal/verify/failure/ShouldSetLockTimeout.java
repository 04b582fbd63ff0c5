package io.github.schemaverify.internal.verify.failure;

import io.github.schemaverify.internal.verify.Cause;
import io.github.schemaverify.internal.verify.Failure;

/** {@code no_lock_timeout}: a statement took ACCESS EXCLUSIVE on an existing table with no lock_timeout set. */
public final class ShouldSetLockTimeout {

    private ShouldSetLockTimeout() {
    }

    public static Failure create(LockHazard h) {
        return new Failure(Cause.NO_LOCK_TIMEOUT, "Expecting every statement that takes ACCESS EXCLUSIVE on an existing table"
                + " to run with a lock_timeout,\nbut line " + h.line() + " took ACCESS EXCLUSIVE on "
                + String.join(", ", h.relations()) + " with none, " + h.heldFor() + " (while it waits for a lock, every query"
                + " on " + h.table() + " queues behind it):\n" + h.excerpt() + "Set one before it, e.g. SET lock_timeout ="
                + " '5s' (SET LOCAL inside the script's transaction), and retry the migration when it gives up.");
    }
}
