package io.github.schemaverify.internal.config;

/**
 * Whether {@code SchemaVerifyException} prints its causes in full: {@value #PROPERTY}{@code =full}. Set from the run's
 * settings when they are resolved (an exception has no test context to read them from).
 */
public final class StackTraces {

    /** {@code short} (default: each cause on one line) or {@code full}. */
    public static final String PROPERTY = "schemaverify.stackTraces";

    private static volatile boolean full;

    private StackTraces() {
    }

    public static boolean full() {
        return full;
    }

    static void full(boolean value) {
        full = value;
    }
}
