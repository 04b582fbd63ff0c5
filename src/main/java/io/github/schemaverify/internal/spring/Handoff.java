package io.github.schemaverify.internal.spring;

import java.util.function.Supplier;

/**
 * Passes a {@link ContextSource} from SchemaVerify's JUnit callback into the Spring context it makes Spring load, on
 * the same thread and only for the duration of that call: Spring's loading machinery takes no argument of ours, and
 * the context's start (Boot's Flyway, JPA, the application's runners) needs the database before any test runs. Read
 * in exactly one place, {@link DatabaseCustomizer#customizeContext}; never holds anything after the call returns.
 */
final class Handoff {
    private static final ThreadLocal<ContextSource> CURRENT = new ThreadLocal<>();

    private Handoff() {
    }

    static <T> T during(ContextSource source, Supplier<T> load) {
        ContextSource outer = CURRENT.get();
        CURRENT.set(source);
        try {
            return load.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    static ContextSource current() {
        return CURRENT.get();
    }
}
