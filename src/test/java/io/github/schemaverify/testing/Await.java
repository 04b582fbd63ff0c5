package io.github.schemaverify.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition outside this JVM's control (a server session, an OS process) with a deadline: for states that
 * send no event the test could wait on.
 */
public final class Await {
    private Await() {
    }

    /** Polls the condition until it holds; fails naming what it waited for when the deadline passes. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 5;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what + ", in vain");
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
            pause = Math.min(pause * 2, 100);
        }
    }
}
