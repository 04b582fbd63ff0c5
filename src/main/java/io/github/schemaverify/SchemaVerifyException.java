package io.github.schemaverify;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.apiguardian.api.API;

import io.github.schemaverify.internal.config.StackTraces;

/**
 * SchemaVerify could not do its own work: no server could be started or reached, the migrations could not be found,
 * read or applied, a readiness stage failed. The message names the cause and the fix and never carries a password.
 * Misuse (a bad annotation value, an unresolvable parameter) is JUnit's {@code ExtensionConfigurationException} or
 * {@code ParameterResolutionException} instead; a failed verification is an {@code AssertionFailedError}.
 *
 * <p>The message quotes what matters from the causes (PostgreSQL's words, Flyway's location), so a printed stack trace
 * shows each cause on one line without its frames; {@link #getCause()} keeps the whole chain, and
 * {@code schemaverify.stackTraces=full} prints it in full.
 *
 * @since 0.2
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public class SchemaVerifyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SchemaVerifyException(String message) {
        super(message);
    }

    public SchemaVerifyException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public void printStackTrace(PrintStream s) {
        if (StackTraces.full()) {
            super.printStackTrace(s);
        } else {
            synchronized (s) {
                s.print(shortTrace());
            }
        }
    }

    @Override
    public void printStackTrace(PrintWriter s) {
        if (StackTraces.full()) {
            super.printStackTrace(s);
        } else {
            synchronized (s) {
                s.print(shortTrace());
            }
        }
    }

    /** This exception with its frames; each cause and suppressed exception on one line. */
    private String shortTrace() {
        String nl = System.lineSeparator();
        StringBuilder out = new StringBuilder(toString()).append(nl);
        for (StackTraceElement frame : getStackTrace()) {
            out.append("\tat ").append(frame).append(nl);
        }
        for (Throwable suppressed : getSuppressed()) {
            out.append("\tSuppressed: ").append(oneLine(suppressed)).append(nl);
        }
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(this);
        boolean any = false;
        for (Throwable cause = getCause(); cause != null && seen.add(cause); cause = cause.getCause()) {
            out.append("Caused by: ").append(oneLine(cause)).append(nl);
            any = true;
        }
        if (any) {
            out.append("\t(the causes' frames are left out; getCause() has them, ").append(StackTraces.PROPERTY)
                    .append("=full prints them)").append(nl);
        }
        return out.toString();
    }

    private static String oneLine(Throwable t) {
        String message = t.getMessage();
        if (message == null) {
            return t.getClass().getName();
        }
        String first = message.strip().lines().findFirst().orElse("");
        return t.getClass().getName() + ": " + first + (message.strip().lines().count() > 1 ? " ..." : "");
    }
}
