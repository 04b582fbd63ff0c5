package io.github.schemaverify.internal.config;

/**
 * Sets printed traces back to their default after a test ran with {@code schemaverify.stackTraces=full}: the setting
 * lasts until the next run resolves its settings, and tests print other exceptions in between.
 */
public final class StackTracesReset {

    private StackTracesReset() {
    }

    public static void toDefault() {
        StackTraces.full(false);
    }
}
