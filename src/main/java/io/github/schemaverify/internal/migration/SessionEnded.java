package io.github.schemaverify.internal.migration;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import io.github.schemaverify.MigrationException;
import io.github.schemaverify.schema.diff.SqlText;

/**
 * The server ended the session a script ran on: it stopped, restarted or crashed, or another session ended it
 * ({@code pg_terminate_backend}). That is no verdict on the script, whose statement only happened to be running; a
 * {@link ScriptRunner.Failure} would blame it. Its message names the script, and the server's words with their SQLSTATE.
 * <p>
 * Unless the statement that was running ended it itself ({@link #byItself()}): it calls {@code pg_terminate_backend}
 * and leaves out no session as its own ({@code pid <> pg_backend_pid()}), and an administrator's command ended the
 * session. Flyway's session ends there too: that is the script's defect, and the message says so.
 */
public final class SessionEnded extends MigrationException {
    private static final long serialVersionUID = 1L;
    private static final Pattern TERMINATES = Pattern.compile("\\bpg_terminate_backend\\s*\\(");
    private static final Pattern LEAVES_OWN_OUT = Pattern.compile("(?:<>|!=)\\s*pg_backend_pid\\s*\\(\\s*\\)"
            + "|pg_backend_pid\\s*\\(\\s*\\)\\s*(?:<>|!=)|\\bnot\\s+in\\s*\\(\\s*pg_backend_pid\\s*\\(");
    /** A statement that defines a routine: its body runs where it is called, not here. */
    private static final Pattern DEFINES_ROUTINE = Pattern.compile("^CREATE (?:OR REPLACE )?(?:FUNCTION|PROCEDURE)\\b");
    /** The session's own end, asked for by name. */
    private static final Pattern ITSELF = Pattern.compile("pg_terminate_backend\\s*\\(\\s*pg_backend_pid\\s*\\(\\s*\\)\\s*[,)]");
    private final String reason;
    private final String script;
    private final boolean byItself;

    private SessionEnded(String script, int line, SQLException e) {
        super(message(script, line, e), e);
        this.reason = reason(e);
        this.script = script;
        this.byItself = false;
    }

    private SessionEnded(String script, String origin, SqlScript.Statement statement, SQLException e) {
        super(ownMessage(script, origin, statement, e), e);
        this.reason = reason(e);
        this.script = script;
        this.byItself = true;
    }

    /**
     * The session ended while {@code statement} (null where not known) of {@code script} ran: by its own doing where
     * {@link #byItself} says so. {@code origin} is where the script is, to name in the fix.
     */
    static SessionEnded at(String script, String origin, SqlScript.Statement statement, SQLException e) {
        return statement == null ? new SessionEnded(script, 0, e)
                : byItself(script, origin, statement, e).orElseGet(() -> new SessionEnded(script, statement.line(), e));
    }

    /**
     * The session ended while {@code statement} of {@code script} ran, by that statement's own doing: an administrator's
     * command ended it ({@code 57P01}), and the statement calls {@code pg_terminate_backend} leaving out no session as
     * the one that runs it. Empty where another may have ended it.
     */
    static Optional<SessionEnded> byItself(String script, String origin, SqlScript.Statement statement, SQLException e) {
        return "57P01".equals(e.getSQLState()) && endsOwnSession(statement)
                ? Optional.of(new SessionEnded(script, origin, statement, e)) : Optional.empty();
    }

    /**
     * Whether {@code statement} ends sessions with {@code pg_terminate_backend} as it runs (in its code, not a comment or
     * literal; a DO block's too, not a routine it only defines) and leaves none out as the one that runs it.
     */
    private static boolean endsOwnSession(SqlScript.Statement statement) {
        if (DEFINES_ROUTINE.matcher(statement.keywords()).find()) {
            return false;
        }
        String code = SqlText.masked(statement.sql()).toLowerCase(Locale.ROOT);
        return TERMINATES.matcher(code).find() && !LEAVES_OWN_OUT.matcher(code).find();
    }

    private static String ownMessage(String script, String origin, SqlScript.Statement own, SQLException e) {
        boolean itself = ITSELF.matcher(SqlText.masked(own.sql()).toLowerCase(Locale.ROOT)).find();
        return script + " ended its own session at line " + own.line() + " (" + reason(e) + "): the statement calls"
                + " pg_terminate_backend, and the sessions it ends include the one that runs it. Flyway's session ends so too,"
                + " and the migration fails there.\n  in the statement at line " + own.line() + ":\n    "
                + own.excerpt().replace("\n", "\n    ") + "\n" + (itself ? "Take that statement out of " + origin
                : "Leave the session that runs the script out (pid <> pg_backend_pid()) in " + origin)
                + ": a migration cannot end its own session.";
    }

    private static String message(String script, int line, SQLException e) {
        return "The server ended the session while " + script + " ran (" + (line > 0 ? "at its line " + line + "; " : "")
                + reason(e) + "): the server stopped, restarted or crashed, another session ended this one"
                + " (pg_terminate_backend), or the connection was lost (the network, a pooler's limit). That is no verdict on "
                + script + "; where a statement of it crashed the server, the server's log says so. Run again once the"
                + " server takes sessions.";
    }

    /** The SQLSTATE and the server's (or the driver's) first line: {@code 57P01: terminating connection due to ...}. */
    public String reason() {
        return reason;
    }

    /** The script that ran as the session ended, e.g. {@code U6__users.sql}. */
    public String script() {
        return script;
    }

    /**
     * Whether the statement that ran ended the session itself ({@code pg_terminate_backend} on its own): a verdict on
     * {@link #script()}, which fails so under Flyway too.
     */
    public boolean byItself() {
        return byItself;
    }

    /**
     * Whether {@code e} says the session is gone: the connection lost or closed ({@code 08006}, {@code 08003}) or an
     * operator's intervention that ends it ({@code 57P01} to {@code 57P05}: shut down, crashed, the database dropped, an
     * idle session's timeout); not a statement cancelled ({@code 57014}), which leaves it, nor a connection a statement
     * made elsewhere and could not ({@code 08001} of dblink). Where the connection is at hand, {@link #of} asks it too.
     */
    static boolean by(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.equals("08006") || state.equals("08003") || state.startsWith("57P");
    }

    /**
     * Whether {@code e}, from a statement on {@code c}, ended the session: {@link #by} it, and {@code c} no longer
     * answers (a remote server's lost connection that postgres_fdw reports as {@code 08006} leaves it).
     */
    static boolean of(java.sql.Connection c, SQLException e) {
        if (!by(e)) {
            return false;
        }
        try {
            return c.isClosed() || !c.isValid(2);
        } catch (SQLException gone) {
            return true;
        }
    }

    private static String reason(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        return e.getSQLState() + ": " + message.replaceFirst("^(?:FATAL|ERROR): ", "");
    }
}
