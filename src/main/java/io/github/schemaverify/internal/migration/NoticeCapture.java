package io.github.schemaverify.internal.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;

/**
 * Collects the server notices Flyway logs while it migrates ("DB: ivfflat index created with little data ..."), so
 * they can be shown with the revision that raised them. Flyway logs on the migrating thread, so a thread-bound
 * collector scoped to one call is enough; outside such a call, Flyway's messages go nowhere but warnings and errors,
 * which go to standard error as Flyway's console logger would print them.
 */
public final class NoticeCapture implements LogCreator {
    static final String LOG_CREATOR = NoticeCapture.class.getName();
    private static final ThreadLocal<List<String>> CURRENT = new ThreadLocal<>();

    public NoticeCapture() {
        // instantiated by Flyway by class name
    }

    /** Runs the action and returns the notices Flyway logged during it (the action's result is dropped). */
    public static List<String> during(Supplier<?> action) {
        List<String> previous = CURRENT.get();
        List<String> notices = new ArrayList<>();
        CURRENT.set(notices);
        try {
            action.get();
            return notices;
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    @Override
    public Log createLogger(Class<?> clazz) {
        return new Log() {
            // abstract in Flyway before 11.x (a default method since): without it those versions fail on the first call
            @Override
            @SuppressWarnings("deprecation") // deprecated in newer Flyway, which no longer calls it
            public boolean isDebugEnabled() {
                return false;
            }

            @Override
            public void debug(String message) {
            }

            @Override
            public void info(String message) {
                capture(message);
            }

            @Override
            public void warn(String message) {
                if (!capture(message)) {
                    System.err.println("WARNING: " + message);
                }
            }

            @Override
            public void error(String message) {
                // Flyway's errors also reach the caller as exceptions, which SchemaVerify reports
            }

            @Override
            public void error(String message, Exception e) {
            }

            @Override
            public void notice(String message) {
                capture(message);
            }
        };
    }

    private static boolean capture(String message) {
        List<String> notices = CURRENT.get();
        if (message == null || !message.startsWith("DB: ")) {
            return notices != null && message != null && message.contains("were detected but not run");
        }
        if (notices != null) {
            String text = message.substring(4).replaceAll(" \\(SQL State: .*\\)$", "").strip();
            if (!notices.contains(text)) {
                notices.add(text);
            }
            return true;
        }
        return false;
    }
}
