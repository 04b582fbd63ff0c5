package io.github.schemaverify.internal.migration;

import java.sql.SQLException;

import io.github.schemaverify.MigrationException;

/**
 * The server ended the session a script ran on: it stopped, restarted or crashed, or another session ended it
 * ({@code pg_terminate_backend}). That is no verdict on the script, whose statement only happened to be running; a
 * {@link ScriptRunner.Failure} would blame it. Its message names the script, and the server's words with their SQLSTATE.
 */
public final class SessionEnded extends MigrationException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    SessionEnded(String script, int line, SQLException e) {
        this(script, line, e, reason(e));
    }

    private SessionEnded(String script, int line, SQLException e, String reason) {
        super("The server ended the session while " + script + " ran (" + (line > 0 ? "at its line " + line + "; " : "")
                + reason + "): the server stopped, restarted or crashed, another session ended this one"
                + " (pg_terminate_backend), or the connection was lost (the network, a pooler's limit). That is no verdict on "
                + script + "; where a statement of it crashed the server, the server's log says so. Run again once the"
                + " server takes sessions.", e);
        this.reason = reason;
    }

    /** The SQLSTATE and the server's (or the driver's) first line: {@code 57P01: terminating connection due to ...}. */
    public String reason() {
        return reason;
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
