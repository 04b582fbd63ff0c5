package io.github.schemaverify.internal.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.github.schemaverify.MigrationException;
import io.github.schemaverify.internal.config.ServerSettings;

/**
 * Watches migration scripts that run on one server session and says what they are doing when they take long:
 * every {@code progress} interval ({@value ServerSettings#PROGRESS_PROPERTY}, 10 s by default) one line such as
 * <pre>SchemaVerify: still migrating V7__backfill.sql (line 12: UPDATE documents SET ...) for 20 s</pre>
 * read from {@code pg_stat_activity} on a session of its own, opened only once a script has run longer than the first
 * look. With a statement timeout ({@value ServerSettings#STATEMENT_TIMEOUT_PROPERTY}), {@link #explain} turns the
 * server's "canceling statement due to statement timeout" into a failure naming the script, the line, the statement
 * and the property. The watch does not set the timeout: the caller sets it on the migrating session
 * ({@code SET statement_timeout}), for example through {@code SimpleDataSource}.
 *
 * <p>Use, for any engine that runs scripts on one connection at a time:
 * <pre>{@code
 * try (MigrationWatch watch = new MigrationWatch(monitor, settings.progress(), settings.statementTimeout(), System.out::println)) {
 *     for (MigrationFile script : scripts) {
 *         watch.begin(script.fileName(), sqlAsSent, backendPid);   // PGConnection#getBackendPID
 *         try {
 *             run(script);
 *         } catch (RuntimeException e) {
 *             throw watch.explain(e);
 *         } finally {
 *             watch.end();
 *         }
 *     }
 * }
 * }</pre>
 * Thread-safe; one script at a time.
 */
public final class MigrationWatch implements AutoCloseable {
    /** Opens a session on the same server for reading {@code pg_stat_activity} (any database). */
    @FunctionalInterface
    public interface Monitor {
        Connection open() throws SQLException;
    }

    private static final Duration LONGEST_LOOK = Duration.ofSeconds(1);

    private final Monitor monitor;
    private final Duration progress;
    private final Optional<Duration> statementTimeout;
    private final Consumer<String> console;
    private final ScheduledExecutorService looks;
    private final long lookMillis;

    private volatile Running running;
    /** The last script begun, and what was last seen running in it: what a timeout failure names. */
    private volatile Running last;
    private Connection session; // touched by the look thread only, and by close()

    /** What runs now: the script, its text as sent to the server (for line numbers), the session, what was seen. */
    private static final class Running {
        final String revision;
        final String script;
        final int pid;
        final long startNanos = System.nanoTime();
        volatile long nextProgressMillis;
        volatile String statement;

        Running(String revision, String script, int pid, long firstProgressMillis) {
            this.revision = revision;
            this.script = script;
            this.pid = pid;
            this.nextProgressMillis = firstProgressMillis;
        }
    }

    /**
     * @param progress         interval between progress lines; {@link Duration#ZERO} for none
     * @param statementTimeout the timeout the caller set on the migrating session, if any (for {@link #explain})
     * @param console          where progress lines go, one line per call
     */
    public MigrationWatch(Monitor monitor, Duration progress, Optional<Duration> statementTimeout, Consumer<String> console) {
        this.monitor = monitor;
        this.progress = progress;
        this.statementTimeout = statementTimeout;
        this.console = console;
        Duration look = LONGEST_LOOK;
        if (!progress.isZero() && progress.compareTo(look) < 0) {
            look = progress;
        }
        // a statement cancelled by the timeout ran for the whole timeout: looks twice as often see it at least once
        if (statementTimeout.isPresent() && statementTimeout.get().dividedBy(2).compareTo(look) < 0) {
            look = statementTimeout.get().dividedBy(2);
        }
        this.lookMillis = Math.max(20, look.toMillis());
        if (progress.isZero() && statementTimeout.isEmpty()) {
            this.looks = null; // nothing to say, ever
        } else {
            this.looks = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "schemaverify-migration-watch");
                t.setDaemon(true);
                return t;
            });
            looks.scheduleWithFixedDelay(this::look, lookMillis, lookMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** A watch that says nothing: no progress lines, no timeout. */
    public static MigrationWatch none() {
        return new MigrationWatch(() -> {
            throw new SQLException("no monitor");
        }, Duration.ZERO, Optional.empty(), line -> { });
    }

    /**
     * A script starts on the session with backend process id {@code pid}.
     *
     * @param revision the name shown ({@code V7__backfill.sql})
     * @param script   its text as sent to the server (placeholders replaced), for line numbers; may be null
     */
    public void begin(String revision, String script, int pid) {
        Running r = new Running(revision, script, pid, progress.isZero() ? Long.MAX_VALUE : progress.toMillis());
        running = r;
        last = r;
    }

    /** The script has ended (applied or failed). */
    public void end() {
        running = null;
    }

    /**
     * When {@code failure} is the server cancelling a statement for the statement timeout, a failure that names the
     * script, the line, the statement and the property; otherwise {@code failure} itself.
     */
    public RuntimeException explain(RuntimeException failure) {
        Running r = last;
        if (statementTimeout.isEmpty() || r == null || !timedOut(failure)) {
            return failure;
        }
        String timeout = ServerSettings.STATEMENT_TIMEOUT_PROPERTY + " (" + ServerSettings.format(statementTimeout.get()) + ")";
        String statement = r.statement;
        String head = statement == null
                ? "Migration " + r.revision + " was cancelled after a statement ran longer than " + timeout + ".\n" + failure.getMessage()
                : "Migration " + r.revision + " was cancelled" + line(r.script, statement).map(l -> " at line " + l).orElse("")
                + " after running longer than " + timeout + ": " + oneLine(statement, 200);
        return new MigrationException(head + "\nThe migrations after it were not applied. If the statement is meant to take"
                + " this long, raise " + ServerSettings.STATEMENT_TIMEOUT_PROPERTY + " (or unset it); otherwise make it faster,"
                + " for example with CREATE INDEX CONCURRENTLY or a backfill in batches.", failure);
    }

    private static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException e && "57014".equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("statement timeout")) {
                return true;
            }
        }
        return false;
    }

    private void look() {
        Running r = running;
        if (r == null) {
            return;
        }
        long elapsed = (System.nanoTime() - r.startNanos) / 1_000_000;
        if (elapsed < lookMillis) {
            return;
        }
        String statement = current(r.pid);
        if (statement != null && running == r) {
            r.statement = statement;
        }
        if (elapsed >= r.nextProgressMillis && running == r) {
            while (r.nextProgressMillis <= elapsed) {
                r.nextProgressMillis += progress.toMillis();
            }
            String what = r.statement == null ? ""
                    : " (" + line(r.script, r.statement).map(l -> "line " + l + ": ").orElse("") + oneLine(r.statement, 60) + ")";
            console.accept("SchemaVerify: still migrating " + r.revision + what + " for " + seconds(elapsed));
        }
    }

    /** The statement the session is running, or null when it runs none (or cannot be read). */
    private String current(int pid) {
        try {
            if (session == null || session.isClosed()) {
                session = monitor.open();
            }
            try (PreparedStatement ps = session.prepareStatement("SELECT query FROM pg_stat_activity WHERE pid = ? AND state = 'active'")) {
                ps.setInt(1, pid);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        } catch (SQLException e) {
            return null; // progress is a courtesy: a monitor that cannot read stays silent
        }
    }

    /** The line of the script on which the statement starts, when it can be found in the script. */
    static Optional<Integer> line(String script, String statement) {
        if (script == null || statement == null) {
            return Optional.empty();
        }
        String s = statement.strip();
        int at = script.indexOf(s);
        if (at < 0) {
            String firstLine = s.lines().findFirst().orElse("").strip();
            at = firstLine.isEmpty() ? -1 : script.indexOf(firstLine);
        }
        if (at < 0) {
            return Optional.empty();
        }
        return Optional.of(1 + (int) script.substring(0, at).chars().filter(c -> c == '\n').count());
    }

    static String oneLine(String sql, int max) {
        String line = sql.replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }

    private static String seconds(long millis) {
        return millis < 10_000 ? String.format(Locale.ROOT, "%.1f s", millis / 1000.0) : (millis / 1000) + " s";
    }

    @Override
    public void close() {
        running = null;
        if (looks != null) {
            looks.shutdownNow();
            try {
                looks.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (session != null) {
            try {
                session.close();
            } catch (SQLException ignored) {
                // closing
            }
        }
    }
}
