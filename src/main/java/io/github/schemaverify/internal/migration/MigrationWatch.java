package io.github.schemaverify.internal.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.postgresql.PGConnection;

import io.github.schemaverify.MigrationException;
import io.github.schemaverify.internal.config.ServerSettings;
import io.github.schemaverify.schema.diff.SqlText;

/**
 * Watches migration scripts, each on a server session of its own, and says what they are doing when they take long:
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
 * Thread-safe: threads run scripts side by side (a walk's lanes, Flyway's run beside them), one at a time each.
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
    private final long lookMillis;
    /** Whether there is anything to say, ever: progress lines or a timeout. */
    private final boolean watching;
    /** Started when the first script begins, so that a watch that runs no script starts no thread. */
    private ScheduledExecutorService looks; // guarded by this
    private boolean closed; // guarded by this

    /** What runs now, by the thread that runs it (the lanes of a walk run scripts side by side). */
    private final Map<Thread, Running> running = new ConcurrentHashMap<>();
    /** The last script each thread began, and what was last seen of it: what a timeout failure names. */
    private final Map<Thread, Running> last = new ConcurrentHashMap<>();
    private volatile Connection session; // touched by the look thread, and by close() once it has ended

    /** What runs now: the script, its text as sent to the server (for line numbers), the session, what was seen. */
    private static final class Running {
        final String revision;
        /** Whose run it is, after the name in a progress line: {@code ""}, or {@code " in the round trip"}. */
        final String where;
        final int pid;
        final long startNanos = System.nanoTime();
        /** The file and the placeholders its text is made from when a line number is first needed; else null. */
        private final MigrationFile file;
        private final Map<String, String> placeholders;
        private String script;
        volatile long nextProgressMillis;
        volatile String statement;
        /** Another session of the same database that waits for a lock this script's transaction holds: pid and query. */
        volatile String waitedBy;
        /** The session this script waits for a lock from: pid and query. */
        volatile String waitsFor;

        Running(String revision, String where, String script, MigrationFile file, Map<String, String> placeholders, int pid,
                long firstProgressMillis) {
            this.revision = revision;
            this.where = where;
            this.script = script;
            this.file = file;
            this.placeholders = placeholders;
            this.pid = pid;
            this.nextProgressMillis = firstProgressMillis;
        }

        /**
         * The script's text as sent to the server, or null (a Java migration's is code): placeholders replaced where
         * its settings say, the built-in ones left as written (they would be read on the script's own session, in the
         * middle of its transaction).
         */
        String script() {
            if (script == null && file != null && !file.isJava()) {
                script = Placeholders.text(file, placeholders, Map::of);
            }
            return script;
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
        // a statement cancelled by the timeout ran for the whole timeout: a look at half of it sees it (looks run four
        // times an interval)
        if (statementTimeout.isPresent() && statementTimeout.get().dividedBy(2).compareTo(look) < 0) {
            look = statementTimeout.get().dividedBy(2);
        }
        this.lookMillis = Math.max(20, look.toMillis());
        this.watching = !progress.isZero() || statementTimeout.isPresent();
    }

    /** A watch that says nothing: no progress lines, no timeout. */
    public static MigrationWatch none() {
        return new MigrationWatch(() -> {
            throw new SQLException("no monitor");
        }, Duration.ZERO, Optional.empty(), line -> { });
    }

    /**
     * A script starts on the session with backend process id {@code pid}, on this thread.
     *
     * @param revision the name shown ({@code V7__backfill.sql})
     * @param script   its text as sent to the server (placeholders replaced), for line numbers; may be null
     */
    public void begin(String revision, String script, int pid) {
        begin(new Running(revision, "", script, null, null, pid, firstProgress()));
    }

    /**
     * The migration {@code file} starts on the session with backend process id {@code pid}, on this thread; its text
     * with {@code placeholders} replaced is made only if a line of it is to be named.
     */
    public void begin(MigrationFile file, Map<String, String> placeholders, int pid) {
        begin(file, placeholders, pid, "");
    }

    /**
     * As {@link #begin(MigrationFile, Map, int)}, where {@code where} says whose run it is after the name in progress
     * lines ({@code " in the round trip"}), when runs of the same migrations go on side by side.
     */
    public void begin(MigrationFile file, Map<String, String> placeholders, int pid, String where) {
        begin(new Running(file.fileName(), where, null, file, placeholders, pid, firstProgress()));
    }

    private long firstProgress() {
        return progress.isZero() ? Long.MAX_VALUE : progress.toMillis();
    }

    private void begin(Running r) {
        Thread thread = Thread.currentThread();
        running.put(thread, r);
        last.put(thread, r);
        if (watching) {
            synchronized (this) {
                if (looks == null && !closed) {
                    Looker looker = new Looker();
                    looks = Executors.newSingleThreadScheduledExecutor(looker);
                    // four looks in every interval: a script whose statement the timeout cancels is read while it runs
                    // (its session opened at the first look), whenever it began
                    long every = Math.max(10, lookMillis / 4);
                    looks.scheduleWithFixedDelay(looker, every, every, TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    /**
     * A run of scripts starts on this thread: what it ran before is not what a failure of this run names
     * ({@link #explain}, {@link #noted}).
     */
    public void startRun() {
        last.remove(Thread.currentThread());
    }

    /** The script this thread began has ended (applied or failed). */
    public void end() {
        running.remove(Thread.currentThread());
    }

    /** The look thread, and what it does: a class rather than lambdas, which a cold JVM would spin for every run. */
    private final class Looker implements Runnable, java.util.concurrent.ThreadFactory {
        @Override
        public void run() {
            for (Map.Entry<Thread, Running> e : running.entrySet()) {
                look(e.getKey(), e.getValue());
            }
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "schemaverify-migration-watch");
            t.setDaemon(true);
            return t;
        }
    }

    /**
     * When {@code failure} is the server cancelling a statement for the statement timeout, a failure that names the
     * script, the line, the statement and the property; otherwise {@code failure} itself.
     */
    public RuntimeException explain(RuntimeException failure) {
        Running r = cancelled(failure);
        if (r == null) {
            return failure;
        }
        String timeout = ServerSettings.STATEMENT_TIMEOUT_PROPERTY + " (" + ServerSettings.format(statementTimeout.get()) + ")";
        String statement = r.statement;
        String head = statement == null
                ? "Migration " + r.revision + " was cancelled after a statement ran longer than " + timeout + ".\n" + failure.getMessage()
                : "Migration " + r.revision + " was cancelled" + line(r.script(), statement).map(l -> " at line " + l).orElse("")
                + " after running longer than " + timeout + ": " + oneLine(statement, 200);
        String waitedBy = r.waitedBy;
        if (waitedBy != null) {
            // raising the timeout would only wait longer for what never ends
            return new MigrationException(head + "\nMeanwhile " + waitedBy(waitedBy, "waited", "held") + ".\nThe migrations"
                    + " after it were not applied.", failure);
        }
        return new MigrationException(head + "\nThe migrations after it were not applied. If the statement is meant to take"
                + " this long, raise " + ServerSettings.STATEMENT_TIMEOUT_PROPERTY + " (or unset it); otherwise make it faster,"
                + " for example with CREATE INDEX CONCURRENTLY or a backfill in batches.", failure);
    }

    /**
     * The script this thread ran last, when {@code failure} is the statement timeout cancelling it; else null. A script
     * cancelled sooner than the timeout was cancelled by a timeout of the project's own ({@code SET statement_timeout}
     * in a script, which holds for the scripts after it in its session).
     */
    private Running cancelled(RuntimeException failure) {
        Running r = last.get(Thread.currentThread());
        return statementTimeout.isEmpty() || r == null || !timedOut(failure)
                || (System.nanoTime() - r.startNanos) / 1_000_000 < statementTimeout.get().toMillis() ? null : r;
    }

    private static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException e && "57014".equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("statement timeout")) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code failure} of the script this thread ran last, with a note when the statement timeout cancelled it: the
     * property and its value, and a session of its database that waited for the script's locks meanwhile (a Java
     * migration waiting for a connection it opened itself); otherwise {@code failure} itself.
     */
    public ScriptRunner.Failure noted(ScriptRunner.Failure failure) {
        Running r = cancelled(failure);
        if (r == null) {
            return failure;
        }
        String waitedBy = r.waitedBy;
        String cancelled = "cancelled after running longer than " + ServerSettings.STATEMENT_TIMEOUT_PROPERTY + " ("
                + ServerSettings.format(statementTimeout.get()) + ")";
        return failure.withNote(waitedBy == null ? cancelled + "; if the statement is meant to take this long, raise "
                + ServerSettings.STATEMENT_TIMEOUT_PROPERTY + " (or unset it)" : cancelled + ", while " + waitedBy(waitedBy, "waited", "held"));
    }

    private void look(Thread thread, Running r) {
        long elapsed = (System.nanoTime() - r.startNanos) / 1_000_000;
        if (elapsed < lookMillis || !seen(r)) {
            return; // not long yet, or cannot be read
        }
        if (elapsed >= r.nextProgressMillis && running.get(thread) == r) {
            while (r.nextProgressMillis <= elapsed) {
                r.nextProgressMillis += progress.toMillis();
            }
            String statement = r.statement;
            String what = statement == null ? ""
                    : " (" + line(r.script(), statement).map(l -> "line " + l + ": ").orElse("") + oneLine(statement, 60) + ")";
            String waitsFor = r.waitsFor;
            String waitedBy = r.waitedBy;
            console.accept("SchemaVerify: still migrating " + r.revision + r.where + what + " for " + seconds(elapsed)
                    + (waitsFor == null ? "" : "; it waits for a lock that another session holds (" + waitsFor + ")")
                    + (waitedBy == null ? "" : "; " + waitedBy(waitedBy, "waits", "holds")));
        }
    }

    /**
     * What a session that waits for the script's locks says: most likely a connection the migration opened itself,
     * which waits for the migration, while the migration waits for it.
     */
    private static String waitedBy(String session, String waits, String holds) {
        return "another session of its database " + waits + " for a lock its transaction " + holds + " (" + session + "): if"
                + " the migration opened that session (a Java migration's connection from Flyway's data source), the migration"
                + " waits for itself and would never end, under Flyway too; run that statement on the migration's own"
                + " connection (context.getConnection())";
    }

    /**
     * Reads what the script's session runs now, which session it waits for and which session of its database waits
     * for it; false when it cannot be read (progress is a courtesy: a monitor that cannot read stays silent).
     */
    private boolean seen(Running r) {
        try {
            if (session == null || session.isClosed()) {
                session = monitor.open();
            }
            try (PreparedStatement ps = session.prepareStatement(SEEN)) {
                ps.setInt(1, r.pid);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    if (rs.getString(1) != null) {
                        r.statement = rs.getString(1);
                    }
                    // what was seen is kept: the session that waited is gone once the timeout cancelled its statement,
                    // before the failure is told
                    if (rs.getString(2) != null) {
                        r.waitsFor = session(rs.getString(2));
                    }
                    if (rs.getString(3) != null) {
                        r.waitedBy = session(rs.getString(3));
                    }
                    return true;
                }
            }
        } catch (SQLException e) {
            return false;
        }
    }

    private static String session(String pidAndQuery) {
        int space = pidAndQuery.indexOf(' ');
        return "pid " + pidAndQuery.substring(0, space) + ": " + oneLine(pidAndQuery.substring(space + 1), 60);
    }

    /**
     * The statement the session runs (null when it runs none), the first session it waits for a lock from, and the
     * first session of its database waiting for a lock it holds (each {@code pid query}).
     */
    private static final String SEEN = "SELECT CASE WHEN a.state = 'active' THEN a.query END,"
            + " (SELECT b.pid || ' ' || coalesce(b.query, '') FROM pg_catalog.pg_stat_activity b"
            + " WHERE b.pid = ANY (pg_catalog.pg_blocking_pids(a.pid)) ORDER BY b.pid LIMIT 1),"
            + " (SELECT w.pid || ' ' || coalesce(w.query, '') FROM pg_catalog.pg_stat_activity w"
            + " WHERE w.datid = a.datid AND w.pid <> a.pid AND a.pid = ANY (pg_catalog.pg_blocking_pids(w.pid)) ORDER BY w.pid LIMIT 1)"
            + " FROM pg_catalog.pg_stat_activity a WHERE a.pid = ?";

    /** The backend process id of a PostgreSQL connection, or -1 (whose session the watch then never finds). */
    public static int backendPid(Connection c) {
        try {
            return c.isWrapperFor(PGConnection.class) ? c.unwrap(PGConnection.class).getBackendPID() : -1;
        } catch (SQLException e) {
            return -1;
        }
    }

    /** The line of the script on which the statement starts, when it can be found in the script. */
    static Optional<Integer> line(String script, String statement) {
        if (script == null || statement == null) {
            return Optional.empty();
        }
        // the server's text starts where the statement does, comments before it too (Flyway sends them with it)
        String code = SqlText.withoutComments(statement);
        int first = 0;
        while (first < code.length() && Character.isWhitespace(code.charAt(first))) {
            first++;
        }
        String s = statement.substring(first).strip();
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

    /**
     * The statement on one line without its comments, cut at {@code max} characters; its literals masked where it names
     * a secret.
     */
    static String oneLine(String sql, int max) {
        String line = SqlText.withoutComments(SqlScript.shown(sql)).replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }

    private static String seconds(long millis) {
        return millis < 10_000 ? String.format(Locale.ROOT, "%.1f s", millis / 1000.0) : (millis / 1000) + " s";
    }

    @Override
    public void close() {
        running.clear();
        ScheduledExecutorService started;
        synchronized (this) {
            closed = true;
            started = looks;
        }
        if (started != null) {
            started.shutdownNow();
            try {
                started.awaitTermination(5, TimeUnit.SECONDS);
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
