package io.github.schemaverify.internal.verify.failure;

import java.time.Duration;

import io.github.schemaverify.internal.verify.Cause;
import io.github.schemaverify.internal.verify.Failure;

/** {@code writes_blocked}: a revision blocked writes on a table that holds rows for longer than the policy allows. */
public final class ShouldNotBlockWrites {

    private ShouldNotBlockWrites() {
    }

    /**
     * @param limit         the policy's bound
     * @param untilCommit   whether the lock was held until the revision's commit (a transactional script)
     */
    public static Failure create(LockHazard h, Duration limit, boolean untilCommit) {
        return new Failure(Cause.WRITES_BLOCKED, "Expecting " + h.revision() + " not to block writes on a table that holds"
                + " rows for more than " + limit.toMillis() + " ms,\nbut from line " + h.line() + " writes on "
                + h.tableWithRows() + " waited " + LockHazard.millis(h.held()) + " behind " + h.lock().sql()
                + (untilCommit ? " (held until the commit)" : "") + ":\n" + h.excerpt() + h.fix());
    }
}
