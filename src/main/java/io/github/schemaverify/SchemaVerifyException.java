package io.github.schemaverify;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.apiguardian.api.API;

import io.github.schemaverify.internal.config.StackTraces;
import io.github.schemaverify.internal.db.SecretNames;

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
        String trace = printed();
        synchronized (s) {
            s.print(trace);
        }
    }

    @Override
    public void printStackTrace(PrintWriter s) {
        String trace = printed();
        synchronized (s) {
            s.print(trace);
        }
    }

    /**
     * This exception with its frames, its causes on one line each or ({@code schemaverify.stackTraces=full}) with all
     * their frames; PostgreSQL's detail of a server error masked in the causes wherever quoted (a refused row lists every
     * column's value, a password hash's too; this exception's own message masks it by column where it quotes it).
     */
    private String printed() {
        String trace;
        if (StackTraces.full()) {
            StringWriter out = new StringWriter();
            super.printStackTrace(new PrintWriter(out));
            trace = out.toString();
        } else {
            trace = shortTrace();
        }
        String own = toString();
        return trace.startsWith(own) ? own + SecretNames.maskedDetails(trace.substring(own.length()), this)
                : SecretNames.maskedDetails(trace, this);
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
