package io.github.schemaverify.internal.migration;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import io.github.schemaverify.MigrationException;
import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.internal.config.Config;
import io.github.schemaverify.internal.db.SecretNames;

/**
 * Applies SQL scripts that Flyway Community does not run for us (undo scripts, the walk's own applications,
 * {@code SQL_SCRIPTS}, fixtures) exactly as Flyway applies a migration:
 * <ul>
 * <li>split as Flyway's PostgreSQL parser splits ({@link SqlScript}), {@code COPY ... FROM STDIN} data included;</li>
 * <li>in one transaction unless a statement cannot run in one (then every statement on its own, in autocommit), a
 * mix of both refused as Flyway refuses it, and a script config file's {@code executeInTransaction} honoured;</li>
 * <li>with the default schema put first on the search_path when it is not, and the connection's role and search_path
 * restored afterwards, so that a script's {@code SET search_path} or {@code SET ROLE} does not reach the next one;</li>
 * <li>escape processing off, each statement sent as written.</li>
 * </ul>
 * A transactional script goes to the server in one round trip; when it fails, it runs again statement by statement
 * (rolled back) only to name the statement that fails.
 */
public final class ScriptRunner {

    /**
     * What Flyway reads from a connection before it migrates, and restores after each migration; and the data source its
     * configuration gives a Java migration.
     *
     * @param searchPath    the search_path the connection started with
     * @param role          the role it started with
     * @param defaultSchema Flyway's default schema: the first of its schemas setting, else the connection's current schema
     * @param database      the database's name
     * @param serverVersion {@code server_version_num}, e.g. 150004
     * @param mixed         Flyway's {@code mixed} setting, which lets a script mix statements that must run in a
     *                      transaction with statements that cannot, and runs it outside one
     * @param dataSource    new connections to the same database as the same user, which Flyway's configuration gives a
     *                      Java migration ({@code context.getConfiguration().getDataSource()}); null where none is known
     */
    public record Session(String searchPath, String role, String defaultSchema, String database, int serverVersion,
            boolean mixed, String historyTable, Kept kept, javax.sql.DataSource dataSource) {

        public Session(String searchPath, String role, String defaultSchema, String database, int serverVersion) {
            this(searchPath, role, defaultSchema, database, serverVersion, false, Config.DEFAULT_HISTORY_TABLE, new Kept(), null);
        }

        /**
         * Reads the session's starting state: call it on a new connection before any script ran on it, and again after
         * what Flyway runs when it connects (its {@code initSql}, {@code afterConnect} callbacks), whose state it adopts.
         */
        public static Session of(Connection c) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_setting('search_path'),"
                    + " current_user, coalesce(current_schema, ''), current_database(),"
                    + " current_setting('server_version_num')::int")) {
                rs.next();
                return new Session(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5));
            } catch (SQLException e) {
                throw new MigrationException("Could not read the session of a migration connection: " + e.getMessage(), e);
            }
        }

        /** This session with another default schema: Flyway's, when its {@code schemas} setting names one. */
        public Session withDefaultSchema(String schema) {
            return new Session(searchPath, role, schema, database, serverVersion, mixed, historyTable, kept, dataSource);
        }

        /** This session under Flyway's {@code mixed} setting. */
        public Session withMixed(boolean mixed) {
            return new Session(searchPath, role, defaultSchema, database, serverVersion, mixed, historyTable, kept, dataSource);
        }

        /** This session under Flyway's {@code table} setting: the name of its history table (${flyway:table}). */
        public Session withHistoryTable(String table) {
            return new Session(searchPath, role, defaultSchema, database, serverVersion, mixed, table, kept, dataSource);
        }

        /**
         * This session with the data source a Java migration gets from Flyway's configuration: Flyway's is the project's
         * own, which connects to the database being migrated.
         */
        public Session withDataSource(javax.sql.DataSource source) {
            return new Session(searchPath, role, defaultSchema, database, serverVersion, mixed, historyTable, kept, source);
        }

        /** What Flyway runs before a migration: its default schema first on the search_path, unless it is already. */
        String prologue() {
            if (defaultSchema.isEmpty() || searchPath.equals(defaultSchema) || searchPath.startsWith(defaultSchema + ",")) {
                return "";
            }
            // as Flyway: the search_path stays as it was while the schema does not exist
            return "SELECT set_config('search_path', CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = "
                    + literal(defaultSchema) + ") THEN " + literal(quoteIdent(defaultSchema) + "," + searchPath) + " ELSE "
                    + literal(searchPath) + " END, false)";
        }

        /** What Flyway runs after a migration: the role and the search_path the connection started with. */
        String epilogue() {
            return "SET ROLE " + literal(role) + ";\nSELECT set_config('search_path', " + literal(searchPath) + ", false)";
        }
    }

    /**
     * A script failed: which file, which statement, what the server said. Its message is the {@link #problem()} and
     * then the {@link #fix()}; verifications put the problem into their own wording.
     */
    public static final class Failure extends SchemaVerifyException {
        private static final long serialVersionUID = 1L;
        private final transient MigrationFile file;
        private final transient SqlScript.Statement statement;
        private final int line;
        private final String serverMessage;
        private final String problem;
        private final String fix;
        /** Whether the script ran in one transaction, so that its failure left nothing of it behind. */
        private final boolean rolledBack;

        Failure(MigrationFile file, SqlScript.Statement statement, int line, String serverMessage, String problem, String fix,
                Throwable cause) {
            this(file, statement, line, serverMessage, problem, fix, cause, false);
        }

        private Failure(MigrationFile file, SqlScript.Statement statement, int line, String serverMessage, String problem,
                String fix, Throwable cause, boolean rolledBack) {
            super(problem + "\n" + fix, cause);
            this.file = file;
            this.statement = statement;
            this.line = line;
            this.serverMessage = serverMessage;
            this.problem = problem;
            this.fix = fix;
            this.rolledBack = rolledBack;
        }

        public MigrationFile file() {
            return file;
        }

        /** This failure with a note after the server's words and the statement, before the fix. */
        Failure withNote(String note) {
            Failure noted = new Failure(file, statement, line, serverMessage, problem + "\n  (" + note + ")", fix, getCause(),
                    rolledBack);
            noted.setStackTrace(getStackTrace());
            return noted;
        }

        /**
         * This failure put down to something other than the script: {@code note} after the server's words and the
         * statement says what, and {@code fix} takes the place of the fix for the script.
         */
        public Failure notTheScripts(String note, String fix) {
            Failure other = new Failure(file, statement, line, serverMessage, problem + "\n  (" + note + ")", fix, getCause(),
                    rolledBack);
            other.setStackTrace(getStackTrace());
            return other;
        }

        /** This failure, of a script that ran in one transaction: nothing it did is left. */
        Failure rolledBack() {
            Failure whole = new Failure(file, statement, line, serverMessage, problem, fix, getCause(), true);
            whole.setStackTrace(getStackTrace());
            return whole;
        }

        /**
         * Whether the script ran in one transaction, rolled back as it failed: the database is as it was before it. A
         * script that ran outside a transaction keeps what ran before the failing statement.
         */
        public boolean leftNothing() {
            return rolledBack;
        }

        /** The failing statement, or null when the failure could not be pinned on one. */
        public SqlScript.Statement statement() {
            return statement;
        }

        /** The line of the file the error points at, or 0. */
        public int line() {
            return line;
        }

        /**
         * The SQLSTATE the server gave, or {@code ""}: class {@code 22} (data exception) and {@code 23} (integrity
         * constraint violation) say the rows in the tables made the statement fail.
         */
        public String sqlState() {
            for (Throwable t = getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof java.sql.SQLException e && e.getSQLState() != null) {
                    return e.getSQLState();
                }
            }
            return "";
        }

        /**
         * The table the server's error names ({@code public.t}: a NOT NULL, check, unique or foreign key violation names
         * it), or {@code ""}.
         */
        public String table() {
            ServerErrorMessage m = serverError();
            return m == null || m.getTable() == null || m.getSchema() == null ? "" : m.getSchema() + "." + m.getTable();
        }

        /**
         * The constraint (or unique index) the server's error names ({@code check constraint "c" of relation "t" is
         * violated by some row}), or {@code ""}.
         */
        public String constraint() {
            ServerErrorMessage m = serverError();
            return m == null || m.getConstraint() == null ? "" : m.getConstraint();
        }

        /** The column the server's error names ({@code column "c" of relation "t" contains null values}), or {@code ""}. */
        public String column() {
            ServerErrorMessage m = serverError();
            return m == null || m.getColumn() == null ? "" : m.getColumn();
        }

        /**
         * Whether the failing statement adds {@code column} as a generated column ({@code ADD COLUMN deleted boolean NOT
         * NULL GENERATED ALWAYS AS ((value ->> 'deleted')::boolean) STORED}): its value is made from each row's, so a NOT
         * NULL violation on it depends on the rows, where one on a column added without a value fails on every row.
         */
        public boolean addsGeneratedColumn(String column) {
            if (statement == null || column.isEmpty()) {
                return false;
            }
            // comments and literals out, so that neither can pass for a clause
            String sql = io.github.schemaverify.schema.diff.SqlText.masked(statement.sql());
            java.util.regex.Matcher added = ADDED_COLUMN.matcher(sql);
            while (added.find()) {
                if (!SqlScript.identifierName(added.group(1)).equals(column)) {
                    continue;
                }
                // the column's clause: up to the next ADD, ALTER or DROP of the statement
                java.util.regex.Matcher next = NEXT_CLAUSE.matcher(sql);
                int end = next.find(added.end()) ? next.start() : sql.length();
                return GENERATED_AS.matcher(sql).region(added.end(), end).find();
            }
            return false;
        }

        /**
         * Whether the failure is a NOT NULL violation (SQLSTATE 23502) on a column that its statement, an {@code INSERT
         * INTO t (a, b) SELECT ...} into that column's table, leaves out of its column list: the column takes its default
         * there, whatever the rows copied hold.
         */
        public boolean leftOutOfInsert() {
            if (statement == null || !sqlState().equals("23502") || column().isEmpty()) {
                return false;
            }
            java.util.regex.Matcher m = INSERT_COLUMNS.matcher(io.github.schemaverify.schema.diff.SqlText.masked(statement.sql()));
            if (!m.find() || !table().endsWith("." + SqlScript.identifierName(m.group(2)))
                    || m.group(1) != null && !table().equals(SqlScript.identifierName(m.group(1)) + "."
                    + SqlScript.identifierName(m.group(2)))) {
                return false;
            }
            java.util.regex.Matcher names = java.util.regex.Pattern.compile(SqlScript.IDENTIFIER).matcher(m.group(3));
            while (names.find()) {
                if (SqlScript.identifierName(names.group()).equals(column())) {
                    return false;
                }
            }
            return true;
        }

        /**
         * {@code INSERT INTO s.t (a, b) SELECT ...} (after a {@code WITH} of its own too, or with the query in parentheses):
         * its schema where written, its table and its columns as the server reads them.
         */
        private static final java.util.regex.Pattern INSERT_COLUMNS = java.util.regex.Pattern.compile("(?is)^\\s*(?:WITH\\b"
                + ".*?\\)\\s*)?INSERT\\s+INTO\\s+(?:(" + SqlScript.IDENTIFIER + ")\\s*\\.\\s*)?(" + SqlScript.IDENTIFIER
                + ")(?:\\s+(?:AS\\s+)?" + SqlScript.IDENTIFIER + ")?\\s*\\(([^()]*)\\)\\s*(?:OVERRIDING\\s+\\w+\\s+VALUE"
                + "\\s*)?\\(?\\s*(?:SELECT|WITH|TABLE)\\b");

        private static final java.util.regex.Pattern ADDED_COLUMN = java.util.regex.Pattern.compile(
                "(?is)\\bADD\\s+(?:COLUMN\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?(" + SqlScript.IDENTIFIER + ")\\s");
        private static final java.util.regex.Pattern NEXT_CLAUSE = java.util.regex.Pattern.compile("(?i),\\s*(?:ADD|ALTER|DROP)\\b");
        private static final java.util.regex.Pattern GENERATED_AS = java.util.regex.Pattern.compile(
                "(?is)\\bGENERATED\\s+ALWAYS\\s+AS\\s*\\(");

        /** The DETAIL of the server's error ({@code 6 objects in database sv_tpl_...}), or {@code ""}. */
        public String detail() {
            ServerErrorMessage m = serverError();
            return m == null || m.getDetail() == null ? "" : m.getDetail();
        }

        /** PostgreSQL's error with its fields, from the first cause that carries it, or null. */
        private ServerErrorMessage serverError() {
            for (Throwable t = getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof PSQLException p && p.getServerErrorMessage() != null) {
                    return p.getServerErrorMessage();
                }
            }
            return null;
        }

        /**
         * The tables the failure concerns, of {@code candidates} ({@code schema.table}): the one the server's error names
         * (with those the statement reads where it writes what it reads: {@code INSERT ... SELECT}), else, for an error
         * that names none ({@code invalid input syntax for type json} while an index's expression casts
         * a column), those the failing statement names where a table goes ({@code ON}, {@code FROM}, {@code JOIN}, {@code
         * UPDATE}, {@code INTO}, {@code TABLE}, {@code ONLY}, {@code EXISTS} before it; unquoted or quoted, with or without
         * their schema).
         */
        public List<String> tablesOf(java.util.Collection<String> candidates) {
            if (!table().isEmpty() && (statement == null || !fromQuery())) {
                return candidates.contains(table()) ? List.of(table()) : List.of();
            }
            if (statement == null) {
                return List.of();
            }
            java.util.Set<String> named = new java.util.HashSet<>(); // schema.table, or .table without a schema
            // comments and literals out: "-- copied FROM docs" names no table
            java.util.regex.Matcher m = RELATION.matcher(io.github.schemaverify.schema.diff.SqlText.masked(statement.sql()));
            while (m.find()) {
                String first = SqlScript.identifierName(m.group(1));
                named.add(m.group(2) == null ? "." + first : first + "." + SqlScript.identifierName(m.group(2)));
            }
            return candidates.stream().filter(t -> named.contains(t) || named.contains(t.substring(t.indexOf('.')))).sorted()
                    .toList();
        }

        /**
         * Whether the failing statement writes rows it reads from other tables ({@code INSERT INTO t SELECT ... FROM s},
         * {@code UPDATE t SET ... FROM s}): a row it refuses in the table the server's error names is made of their values.
         */
        private boolean fromQuery() {
            String k = statement.keywords();
            return (k.startsWith("INSERT ") || k.startsWith("UPDATE ") || k.startsWith("WITH ") || k.startsWith("MERGE "))
                    && k.contains(" FROM ");
        }

        /**
         * The tables of {@code candidates} (those holding rows the walk or the profile generated) a failure on their
         * values concerns: {@link #tablesOf}; where the error names no table and the statement names none of them (a
         * function it calls fails on a value), every candidate, since any of them may hold the value.
         */
        public List<String> tablesConcerned(java.util.Collection<String> candidates) {
            List<String> named = tablesOf(candidates);
            return !named.isEmpty() || !table().isEmpty() ? named : candidates.stream().sorted().toList();
        }

        private static final java.util.regex.Pattern RELATION = java.util.regex.Pattern.compile("(?i)\\b(?:ON|FROM|JOIN|UPDATE"
                + "|INTO|TABLE|ONLY|EXISTS)\\s+(" + SqlScript.IDENTIFIER + ")(?:\\s*\\.\\s*(" + SqlScript.IDENTIFIER + "))?");

        /** Whether the rows in the tables made the statement fail (SQLSTATE class 22 or 23). */
        public boolean byRows() {
            String state = sqlState();
            return state.startsWith("22") || state.startsWith("23");
        }

        /** PostgreSQL's (or Flyway's) words, one line. */
        public String serverMessage() {
            return serverMessage;
        }

        /** What went wrong: the file, the line, the server's words and the statement, on several lines. */
        public String problem() {
            return problem;
        }

        /** What to do, one line. */
        public String fix() {
            return fix;
        }
    }

    /**
     * What a script did to tables, by qualified name ({@code public.documents}; a partition counts as its root):
     * {@code written}, the tables it inserted, updated or deleted rows of (through triggers, functions and cascades
     * too), and {@code touched}, the tables whose catalog rows it changed (created, altered, truncated, rewritten, a
     * column renamed or dropped).
     * Each is null when unknown (a script that runs outside a transaction).
     */
    public record Writes(java.util.Set<String> written, java.util.Set<String> touched, java.util.Set<String> byCallbacks) {
        /** Nothing is known: every table may have changed. */
        public static final Writes UNKNOWN = new Writes(null, null, null);

        /**
         * @param byCallbacks the tables among {@code written} that the callbacks run around the script wrote rows to
         *                    ({@code afterEachMigrate.sql} keeping an audit), the script itself maybe too
         */
        public Writes {
            byCallbacks = byCallbacks == null ? java.util.Set.of() : java.util.Set.copyOf(byCallbacks);
        }

        /** What a script wrote and touched, with no callbacks around it. */
        public Writes(java.util.Set<String> written, java.util.Set<String> touched) {
            this(written, touched, java.util.Set.of());
        }

        public boolean known() {
            return written != null && touched != null;
        }

        Writes withCallbacks(java.util.Set<String> tables) {
            return tables.isEmpty() || !known() ? this : new Writes(written, touched, tables);
        }
    }

    /** What a script did: the notices it raised, and what it did to tables. */
    public record Applied(List<String> notices, Writes writes) {
    }

    /** The label of a probe's first column: its row is found among the results of the script's round trip. */
    private static final String WRITTEN = "schemaverify_written";

    /** The per-table row counters of the open transaction (PostgreSQL counts them until it sends them off). */
    private static final String COUNTS = "pg_stat_get_xact_tuples_inserted(k.oid) + pg_stat_get_xact_tuples_updated(k.oid)"
            + " + pg_stat_get_xact_tuples_deleted(k.oid)";
    private static final String USER_TABLES = "k.relkind IN ('r', 'p') AND k.relnamespace NOT IN ('pg_catalog'::regnamespace,"
            + " 'information_schema'::regnamespace)";
    private static final String ROOT = "CASE WHEN k.relispartition THEN pg_partition_root(k.oid)::oid ELSE k.oid END";
    /**
     * The tables ({@code c}) whose rows a read holds the rows of {@code k}: a partition's root (the walk reads roots), or
     * the table itself and every table it inherits from ({@code INHERITS}: a read of a parent holds its children's rows).
     */
    private static final String HOLDING = "(c.oid = " + ROOT + " OR NOT k.relispartition AND c.oid = ANY (ARRAY(WITH RECURSIVE"
            + " up(oid) AS (SELECT i.inhparent FROM pg_inherits i WHERE i.inhrelid = k.oid UNION SELECT i.inhparent FROM"
            + " pg_inherits i JOIN up ON i.inhrelid = up.oid) SELECT oid FROM up)))";
    /**
     * A table whose pg_class row the transaction changed (created, altered, truncated, rewritten, renamed); in a
     * subtransaction too (a {@code DO} block's {@code EXCEPTION} clause), whose newer xid has an age below 0.
     */
    private static final String CHANGED = "age(k.xmin) <= 0";
    /**
     * As {@link #CHANGED}, or one of whose columns' rows it changed: a {@code RENAME COLUMN}, {@code DROP COLUMN} or a
     * type change that rewrites nothing (varchar to text, timestamp to timestamptz in UTC) changes pg_attribute alone,
     * and the rows read through those columns with it. Asked only after a script that may do that (it costs about half a
     * millisecond on 200 tables). An enum label's {@code RENAME VALUE} changes pg_enum alone: the walk forgets every
     * table's rows after a script that names one (the types that may hold the enum, to any depth, cost a query whose
     * estimate alone made PostgreSQL compile it with JIT, half a second, at every script).
     */
    private static final String CHANGED_OR_COLUMNS = "(age(k.xmin) <= 0 OR EXISTS (SELECT 1 FROM pg_attribute a WHERE"
            + " a.attrelid = k.oid AND a.attnum > 0 AND age(a.xmin) <= 0))";

    /**
     * Marks, right after BEGIN, the row counters as they stand: they also hold counts of earlier transactions that
     * PostgreSQL has not sent off yet, so the tables a transaction wrote to are those whose counters grew since. The
     * mark lasts as long as the transaction: a script that ends it ({@code BEGIN; ... END;}, {@code COMMIT}) takes it
     * along, and then what the script wrote is not known ({@link #LOST}), where every table would read as written.
     */
    private static final String WRITES_MARK = mark("schemaverify.counts");

    /** Keeps the row counters as they stand in the transaction's {@code setting}, after an {@code m} that says it is there. */
    private static String mark(String setting) {
        return "SELECT set_config('" + setting + "', 'm' || coalesce((SELECT string_agg(k.oid::text || ':' || (" + COUNTS
                + ")::text, ',') FROM pg_class k WHERE " + USER_TABLES + " AND " + COUNTS + " > 0), ''), true)";
    }

    /** What a probe reads where the transaction that kept the mark has ended: nothing can be told. */
    private static final String LOST = "?";

    /**
     * The tables whose counters grew since the mark kept in {@code setting}, by name, a line each; '' for none; {@link
     * #LOST} where the mark is gone with the transaction that kept it.
     */
    private static String grownSince(String setting) {
        return "CASE WHEN left(current_setting('" + setting + "', true), 1) IS DISTINCT FROM 'm' THEN '" + LOST + "' ELSE"
                + " coalesce((SELECT string_agg(DISTINCT n.nspname || '.' || c.relname, E'\\n') FROM pg_class k JOIN pg_class c"
                + "   ON " + HOLDING + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " LEFT JOIN (SELECT split_part(x, ':', 1)::oid AS oid, split_part(x, ':', 2)::bigint AS n"
                + "   FROM unnest(string_to_array(nullif(substr(current_setting('" + setting + "', true), 2), ''), ',')) x) b"
                + " ON b.oid = k.oid WHERE " + USER_TABLES + " AND " + COUNTS + " > coalesce(b.n, 0)), '') END";
    }

    /** Keeps in a session setting the tables whose catalog rows the transaction changed ({@code changed}), by name. */
    private static String touched(String changed) {
        return "set_config('schemaverify.touched', coalesce((SELECT string_agg(DISTINCT n.nspname || '.' || c.relname,"
                + " E'\\n') FROM pg_class k JOIN pg_class c ON " + HOLDING + " JOIN pg_namespace n ON n.oid ="
                + " c.relnamespace WHERE " + USER_TABLES + " AND " + changed + "), ''), false)";
    }

    /** Reads, before COMMIT, which tables' catalog rows the transaction changed, for a script that writes no rows. */
    private static String touchedProbe(String changed) {
        return "SELECT set_config('schemaverify.written', '', false) AS " + WRITTEN + ", " + touched(changed);
    }

    /**
     * Reads, before COMMIT, which tables the transaction wrote rows to (counters grown since the mark) and whose catalog
     * rows it changed, into two session settings.
     */
    private static String writesProbe(String changed) {
        return "SELECT set_config('schemaverify.written', " + grownSince("schemaverify.counts") + ", false) AS " + WRITTEN
                + ", " + touched(changed);
    }

    private static final String TOUCHED_PROBE = touchedProbe(CHANGED);
    private static final String TOUCHED_COLUMNS_PROBE = touchedProbe(CHANGED_OR_COLUMNS);
    /** After rows the walk generates (no DDL). */
    private static final String WRITES_PROBE = writesProbe(CHANGED);
    /** After a script that may write rows, or run code (DO, CALL, a function) that may rename a column as well. */
    private static final String WRITES_COLUMNS_PROBE = writesProbe(CHANGED_OR_COLUMNS);

    /** The label of a callbacks probe's one column. */
    private static final String BY_CALLBACKS = "schemaverify_by_callbacks";

    /**
     * Marks the row counters again, before the callbacks that run after the script ({@code afterEachMigrate.sql}), into
     * a setting of its own: the tables they write to are those whose counters grow since.
     */
    private static final String CALLBACKS_MARK = mark("schemaverify.callback_counts");

    /**
     * Which tables grew since the mark kept in {@code setting}: run after the callbacks before the script (against the
     * transaction's mark) and after those after it (against {@link #CALLBACKS_MARK}).
     */
    private static String callbacksProbe(String setting) {
        return "SELECT " + grownSince(setting) + " AS " + BY_CALLBACKS;
    }

    // the names each session prepares them under: names no migration would give its own
    private static final String MARK_NAME = "schemaverify_writes_mark";
    private static final String WRITES_PROBE_NAME = "schemaverify_writes_probe";
    private static final String TOUCHED_PROBE_NAME = "schemaverify_touched_probe";
    private static final String TOUCHED_COLUMNS_PROBE_NAME = "schemaverify_touched_columns_probe";
    /**
     * The probe after a script: of rows written (and columns) where it may write rows or run code, else of catalog rows,
     * and of columns where it may rename or drop one.
     */
    private static String probeName(boolean rows, boolean columns) {
        return rows ? WRITES_PROBE_NAME : columns ? TOUCHED_COLUMNS_PROBE_NAME : TOUCHED_PROBE_NAME;
    }

    /** The mark and the probes by the names the sessions prepare them under. */
    private static final java.util.Map<String, String> PREPARED = java.util.Map.of(MARK_NAME, WRITES_MARK, WRITES_PROBE_NAME,
            WRITES_COLUMNS_PROBE, TOUCHED_PROBE_NAME, TOUCHED_PROBE, TOUCHED_COLUMNS_PROBE_NAME, TOUCHED_COLUMNS_PROBE);
    /** The words of commands that can remove a session's prepared statements. */
    private static final String[] DEALLOCATING = {"DEALLOCATE", "DISCARD"};

    /**
     * What a {@link Session} keeps for the scripts it runs (a session runs on one thread at a time): whether it holds
     * the mark and the probes prepared, and the statements of the scripts it ran last. Sent as text, the mark and the
     * probes were parsed and planned again at every script (800 times a walk of 200 revisions, 0.17 ms of planning
     * each: they read {@code pg_class} with joins), and their text, two thirds of a script's round trip, parsed by the
     * driver too; and a walk runs each script twice in a row (up, down, up).
     */
    public static final class Kept {
        private enum Probes { UNKNOWN, PREPARED, AS_TEXT }

        private Probes probes = Probes.UNKNOWN;
        private final java.util.Map<String, List<SqlScript.Statement>> parsed = new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<String, List<SqlScript.Statement>> eldest) {
                return size() > 8;
            }
        };

        /** The session may no longer hold them (a script may have deallocated them): looked up again before next use. */
        void forget() {
            if (probes == Probes.PREPARED) {
                probes = Probes.UNKNOWN;
            }
        }

        /** They could not be prepared, or went missing without a script naming why: text from now on. */
        void asText() {
            probes = Probes.AS_TEXT;
        }

        List<SqlScript.Statement> parsed(String sql) {
            return parsed.computeIfAbsent(sql, text -> List.copyOf(SqlScript.parse(text)));
        }

        @Override
        public String toString() {
            return "probes " + probes;
        }
    }

    /**
     * Whether the script names a command that can remove a session's prepared statements ({@code DEALLOCATE ALL},
     * {@code DISCARD ALL}) as a word, in any case; in a comment or a string too.
     */
    static boolean mayDeallocate(String script) {
        for (int i = 0; i < script.length(); i++) {
            char ch = script.charAt(i);
            if ((ch == 'd' || ch == 'D') && (i == 0 || !identifierPart(script.charAt(i - 1)))) {
                for (String word : DEALLOCATING) {
                    int end = i + word.length();
                    if (script.regionMatches(true, i, word, 0, word.length())
                            && (end == script.length() || !identifierPart(script.charAt(end)))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean identifierPart(char ch) {
        return Character.isLetterOrDigit(ch) || ch == '_' || ch == '$';
    }

    private ScriptRunner() {
    }

    /**
     * What runs the mark or probe {@code name} in a script's round trip on {@code c}: the session's prepared copy,
     * prepared at its first use there; or its text when the script {@linkplain #mayDeallocate may deallocate} prepared
     * statements ({@code asText}; the session looks them up again before its next script) or the session keeps none.
     */
    private static String probe(Connection c, Session session, String name, boolean asText) {
        Kept kept = session.kept();
        if (asText) {
            return PREPARED.get(name);
        }
        if (kept.probes == Kept.Probes.UNKNOWN) {
            try (Statement st = plain(c)) {
                java.util.Set<String> held = new java.util.HashSet<>();
                try (ResultSet rs = st.executeQuery("SELECT name FROM pg_prepared_statements WHERE name = ANY('{"
                        + String.join(",", PREPARED.keySet()) + "}')")) {
                    while (rs.next()) {
                        held.add(rs.getString(1));
                    }
                }
                for (java.util.Map.Entry<String, String> p : PREPARED.entrySet()) {
                    if (!held.contains(p.getKey())) {
                        st.execute("PREPARE " + p.getKey() + " AS " + p.getValue());
                    }
                }
                kept.probes = Kept.Probes.PREPARED;
            } catch (SQLException e) {
                kept.asText(); // a server or a pooler that keeps no prepared statements: the script is not to blame
            }
        }
        return kept.probes == Kept.Probes.AS_TEXT ? PREPARED.get(name) : "EXECUTE " + name;
    }

    /**
     * Forgets the session's prepared mark and probes when a statement of the script may deallocate them (it then runs
     * them as text, and the session's next script looks them up again); returns whether it may.
     */
    private static boolean forgetPreparedIfDeallocating(Session session, List<SqlScript.Statement> statements) {
        for (SqlScript.Statement statement : statements) {
            if (mayDeallocate(statement.sql())) {
                session.kept().forget();
                return true;
            }
        }
        return false;
    }

    /** Whether the failure is one of the session's prepared mark and probes gone missing (SQLSTATE 26000). */
    private static boolean probeMissing(SQLException e) {
        return "26000".equals(e.getSQLState()) && e.getMessage() != null && e.getMessage().contains("schemaverify_");
    }

    /** The statements of a script as they will run: placeholders replaced (unless its config says not), parsed. */
    public static List<SqlScript.Statement> statements(MigrationFile file, java.util.Map<String, String> placeholders,
            Session session) {
        return session.kept().parsed(text(file, placeholders, session));
    }

    /**
     * The script's text as it runs on the session: placeholders replaced where its settings say, Flyway's built-in
     * ones too ({@code ${flyway:defaultSchema}}; {@code ${flyway:timestamp}} is the time of this call); what the walk
     * reads of a script (the columns it renames) is read from this text, not the file's.
     */
    public static String text(MigrationFile file, java.util.Map<String, String> placeholders, Session session) {
        return Placeholders.text(file, placeholders, () -> Placeholders.builtins(file, session));
    }

    /**
     * Runs the script and returns the server notices it raised (e.g. pgvector's "ivfflat index created with little
     * data"), in order, each once.
     *
     * @throws Failure when the script fails (a transactional script then leaves nothing behind)
     */
    public static List<String> run(Connection connection, Session session, MigrationFile file,
            java.util.Map<String, String> placeholders) {
        return run(connection, session, file, placeholders, false).notices();
    }

    /**
     * Runs the script as {@link #run(Connection, Session, MigrationFile, java.util.Map)} does and, when asked, also
     * tells which tables it wrote rows to.
     */
    public static Applied run(Connection connection, Session session, MigrationFile file,
            java.util.Map<String, String> placeholders, boolean observeWrites) {
        return run(connection, session, file, List.of(), List.of(), placeholders, observeWrites);
    }

    /**
     * Runs the migration {@code file} with the callbacks Flyway runs around it on its session ({@code
     * beforeEachMigrate.sql} before, {@code afterEachMigrate.sql} after): as one script, in the migration's transaction
     * when it has one (the migration alone decides, as in Flyway), with no restore of the session between them, so that
     * what a callback sets ({@code SET ROLE}, {@code SET LOCAL}) holds for the migration. A failure names the file whose
     * statement failed.
     */
    public static Applied run(Connection connection, Session session, MigrationFile file, List<MigrationFile> before,
            List<MigrationFile> after, java.util.Map<String, String> placeholders, boolean observeWrites) {
        List<SqlScript.Statement> own = statements(file, placeholders, session);
        boolean transactional = transactional(file, own, session);
        Parts parts = Parts.of(file, own, before, after, placeholders, session);
        List<SqlScript.Statement> statements = parts.statements();
        List<String> notices = new ArrayList<>();
        try {
            if (!connection.getAutoCommit()) {
                throw new IllegalStateException("scripts run on connections in autocommit mode");
            }
            if (statements.isEmpty()) {
                return new Applied(notices, new Writes(java.util.Set.of(), java.util.Set.of()));
            }
            if (!transactional) {
                forgetPreparedIfDeallocating(session, statements);
                runEach(connection, session, parts, notices, null);
                return new Applied(notices, Writes.UNKNOWN);
            }
            boolean deallocating = forgetPreparedIfDeallocating(session, statements);
            Writes writes;
            try {
                writes = runInTransaction(connection, session, parts, notices, observeWrites, deallocating);
            } catch (Failure f) {
                throw f.rolledBack();
            }
            return new Applied(notices, !observeWrites ? Writes.UNKNOWN : writes != null ? writes : writes(connection));
        } catch (SQLException e) {
            throw new MigrationException(file.fileName() + " could not be run: " + serverMessage(e), e);
        }
    }

    /**
     * Runs the Java migration {@code migration} ({@code file}: its entry in the chain) on the connection as Flyway runs
     * one: its {@code migrate} given a context with the connection and Flyway's configuration, in a transaction of its
     * own unless the migration says it cannot run in one, after the session's prologue; the role and search_path are
     * restored after it, as after a script. The SQL callbacks Flyway runs before and after each migration ({@code
     * before}, {@code after}: {@code beforeEachMigrate.sql}, {@code afterEachMigrate.sql}) run on the same connection,
     * in that transaction, as Flyway runs them: a {@code SET ROLE} in one holds for the migration. A failure names the
     * class and what it threw (PostgreSQL's words, where an SQL statement of it failed), or the callback, its line and
     * statement.
     *
     * @throws Failure when the migration or a callback fails (a transactional one then leaves nothing behind)
     */
    public static Applied runJava(Connection connection, Session session, MigrationFile file, JavaMigration migration,
            Configuration configuration, List<MigrationFile> before, List<MigrationFile> after,
            java.util.Map<String, String> placeholders, boolean observeWrites) {
        List<String> notices = new ArrayList<>();
        boolean transactional = migration.canExecuteInTransaction();
        try {
            if (!connection.getAutoCommit()) {
                throw new IllegalStateException("scripts run on connections in autocommit mode");
            }
            String prologue = session.prologue();
            if (!prologue.isEmpty()) {
                try (Statement st = plain(connection)) {
                    st.execute(prologue);
                }
            }
        } catch (SQLException e) {
            throw new MigrationException(file.fileName() + " could not be run: " + serverMessage(e), e);
        }
        Writes writes = Writes.UNKNOWN;
        Throwable thrown = null;
        boolean committed = !transactional;
        try {
            if (transactional) {
                connection.setAutoCommit(false);
                if (observeWrites) {
                    markWrites(connection);
                }
            }
            runCallbacks(connection, session, before, placeholders, notices);
            migration.migrate(new Context() {
                @Override
                public Configuration getConfiguration() {
                    return configuration;
                }

                @Override
                public Connection getConnection() {
                    return connection;
                }
            });
            runCallbacks(connection, session, after, placeholders, notices);
            if (transactional) {
                // what the callbacks wrote (an audit row) is not the revision's: around them, the writes are not known
                if (observeWrites && before.isEmpty() && after.isEmpty()) {
                    writes = writesSoFar(connection);
                }
                connection.commit();
                committed = true;
            }
            collect(connection.getWarnings(), notices);
            connection.clearWarnings();
        } catch (Throwable t) {
            thrown = t;
        }
        // whatever it threw (an AssertionError too), nothing of a transactional one is committed: setAutoCommit(true)
        // commits what is open, so the rollback comes first; then the connection is as every script leaves it
        Throwable cleanup = null;
        if (!committed) {
            try {
                connection.rollback();
            } catch (SQLException e) {
                cleanup = e;
            }
        }
        try {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            restore(connection, session);
        } catch (SQLException | RuntimeException e) {
            cleanup = cleanup == null ? e : cleanup;
        }
        if (thrown != null) {
            // a callback's failure names the callback, its line and its statement; made after the rollback, so that the
            // refused row's columns can be read to mask its secrets
            Failure f = thrown instanceof CallbackFailed callback ? failure(connection, callback.file, callback.statement,
                    callback.error, null) : javaFailure(connection, file, thrown);
            if (cleanup != null) {
                f.addSuppressed(cleanup);
            }
            throw transactional && cleanup == null ? f.rolledBack() : f;
        }
        if (cleanup != null) {
            throw new MigrationException(file.fileName() + " ran, but its connection could not be set back as scripts leave"
                    + " it: " + cleanup.getMessage(), cleanup);
        }
        return new Applied(notices, writes);
    }

    /** Runs the statements of SQL callbacks one by one on the connection as it is (in a transaction or not). */
    private static void runCallbacks(Connection c, Session session, List<MigrationFile> callbacks,
            java.util.Map<String, String> placeholders, List<String> notices) {
        for (MigrationFile callback : callbacks) {
            for (SqlScript.Statement statement : statements(callback, placeholders, session)) {
                try {
                    execute(c, statement, notices);
                } catch (SQLException e) {
                    throw new CallbackFailed(callback, statement, e);
                }
            }
        }
    }

    /** A callback's statement failed around a Java migration: told once the transaction is rolled back. */
    private static final class CallbackFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient MigrationFile file;
        private final transient SqlScript.Statement statement;
        private final SQLException error;

        CallbackFailed(MigrationFile file, SqlScript.Statement statement, SQLException cause) {
            super(cause.getMessage(), cause, false, false);
            this.file = file;
            this.statement = statement;
            this.error = cause;
        }
    }

    /** The failure of a Java migration: PostgreSQL's, where a statement of it failed; else what it threw. */
    private static Failure javaFailure(Connection c, MigrationFile file, Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException e && e.getSQLState() != null) {
                return failure(c, file, null, e, null);
            }
        }
        return new Failure(file, null, 0, thrown.toString(), file.fileName() + " failed: it threw " + thrown,
                "Fix the Java migration " + file.javaClass() + ".", thrown);
    }

    /**
     * Runs SQL of SchemaVerify's own (generated rows) in one transaction, in one round trip, and tells which tables it
     * wrote rows to; its notices are added to {@code notices}.
     */
    public static Writes runObservingWrites(Connection c, String sql, List<String> notices) throws SQLException {
        Writes probed;
        try (Statement st = plain(c)) {
            probed = probed(st, st.execute("BEGIN;\n" + WRITES_MARK + ";\n" + sql + "\n;\n" + WRITES_PROBE + ";\nCOMMIT"));
            collect(st.getWarnings(), notices);
        } catch (SQLException e) {
            rollbackQuietly(c);
            throw e;
        }
        return probed != null ? probed : writes(c);
    }

    private static void rollbackQuietly(Connection c) {
        try (Statement st = plain(c)) {
            st.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // nothing to roll back
        }
    }

    /** Marks the row counters at the start of a transaction, for {@link #writesSoFar}. */
    public static void markWrites(Connection c) throws SQLException {
        try (Statement st = plain(c)) {
            st.execute(WRITES_MARK);
        }
    }

    /**
     * The tables the open transaction on {@code c} wrote rows to since {@link #markWrites} (their names; a partition
     * counts as its root), and whose catalog rows it changed. Call it before the commit.
     */
    public static Writes writesSoFar(Connection c) throws SQLException {
        try (Statement st = plain(c)) {
            st.execute(WRITES_COLUMNS_PROBE);
        }
        return writes(c);
    }

    /**
     * Watches a script applied statement by statement (see {@link #runObserved}). Its calls come on the thread that
     * runs the script, between the statements; it may run its own queries on the script's connection (inside the
     * script's transaction when the script is transactional), and must leave that connection's state as it found it.
     */
    public interface Observer {
        /**
         * Runs one statement: calls {@code step.run()} exactly once and lets its {@link SQLException} through, so the
         * statement fails as it would without an observer.
         *
         * @param transactional whether the statement runs inside the script's transaction (else in autocommit)
         */
        void statement(SqlScript.Statement statement, boolean transactional, Step step) throws SQLException;

        /** Commits a transactional script: calls {@code commit.run()} exactly once. */
        void commit(Step commit) throws SQLException;
    }

    /** One statement, or the commit, for an {@link Observer} to run. */
    @FunctionalInterface
    public interface Step {
        void run() throws SQLException;
    }

    /**
     * Runs the script as {@link #run(Connection, Session, MigrationFile, java.util.Map)} does, with the same transaction
     * rules, failures and restored session, but always statement by statement (as Flyway itself sends them), each one
     * through the observer. Written tables are not reported.
     *
     * @throws Failure when the script fails (a transactional script then leaves nothing behind)
     */
    public static Applied runObserved(Connection connection, Session session, MigrationFile file,
            java.util.Map<String, String> placeholders, Observer observer) {
        List<SqlScript.Statement> statements = statements(file, placeholders, session);
        boolean transactional = transactional(file, statements, session);
        List<String> notices = new ArrayList<>();
        try {
            if (!connection.getAutoCommit()) {
                throw new IllegalStateException("scripts run on connections in autocommit mode");
            }
            if (statements.isEmpty()) {
                return new Applied(notices, new Writes(java.util.Set.of(), java.util.Set.of()));
            }
            forgetPreparedIfDeallocating(session, statements);
            Parts parts = Parts.of(file, statements);
            if (!transactional) {
                runEach(connection, session, parts, notices, observer);
                return new Applied(notices, Writes.UNKNOWN);
            }
            Failure failure = runStepwise(connection, session, parts, notices, true, false, observer);
            if (failure != null) {
                throw failure.rolledBack();
            }
            return new Applied(notices, Writes.UNKNOWN);
        } catch (SQLException e) {
            throw new MigrationException(file.fileName() + " could not be run: " + serverMessage(e), e);
        }
    }

    /**
     * The statements of one run, each with the file it comes from: a migration's own, or with the callbacks Flyway runs
     * around it.
     */
    private record Parts(MigrationFile main, List<SqlScript.Statement> statements, List<MigrationFile> files, int before,
            int after) {
        static Parts of(MigrationFile file, List<SqlScript.Statement> statements) {
            return new Parts(file, statements, java.util.Collections.nCopies(statements.size(), file), 0, 0);
        }

        /** Whether callbacks run around the script. */
        boolean callbacks() {
            return before > 0 || after > 0;
        }

        /** The index of the first statement of the callbacks after the script. */
        int afterStart() {
            return statements.size() - after;
        }

        static Parts of(MigrationFile file, List<SqlScript.Statement> own, List<MigrationFile> before,
                List<MigrationFile> after, java.util.Map<String, String> placeholders, Session session) {
            if (before.isEmpty() && after.isEmpty()) {
                return of(file, own);
            }
            List<SqlScript.Statement> statements = new ArrayList<>();
            List<MigrationFile> files = new ArrayList<>();
            for (MigrationFile callback : before) {
                add(statements, files, callback, ScriptRunner.statements(callback, placeholders, session));
            }
            int beforeCount = statements.size();
            add(statements, files, file, own);
            int mainEnd = statements.size();
            for (MigrationFile callback : after) {
                add(statements, files, callback, ScriptRunner.statements(callback, placeholders, session));
            }
            return new Parts(file, statements, files, beforeCount, statements.size() - mainEnd);
        }

        private static void add(List<SqlScript.Statement> statements, List<MigrationFile> files, MigrationFile file,
                List<SqlScript.Statement> these) {
            statements.addAll(these);
            these.forEach(s -> files.add(file));
        }

        MigrationFile file(int statement) {
            return files.get(statement);
        }
    }

    private static Writes writes(Connection c) throws SQLException {
        try (Statement st = plain(c); ResultSet rs = st.executeQuery("SELECT current_setting('schemaverify.written', true),"
                + " current_setting('schemaverify.touched', true)")) {
            rs.next();
            return writes(rs.getString(1), rs.getString(2));
        }
    }

    /**
     * What a probe read: the tables written and touched, or nothing known where the script ended the transaction that
     * kept the mark (the tables it changed before its {@code COMMIT} are not the new transaction's).
     */
    private static Writes writes(String written, String touched) {
        return LOST.equals(written) ? Writes.UNKNOWN : new Writes(names(written), names(touched));
    }

    /** The names a probe read, a line each; none where it read {@link #LOST}. */
    private static java.util.Set<String> names(String list) {
        if (LOST.equals(list)) {
            return java.util.Set.of();
        }
        return list == null || list.isEmpty() ? java.util.Set.of() : java.util.Set.of(list.split("\n"));
    }

    /**
     * Whether the script runs in one transaction, as Flyway decides: a mix of both kinds fails as in Flyway, but under
     * its {@code mixed} setting, where the script runs outside a transaction.
     */
    private static boolean transactional(MigrationFile file, List<SqlScript.Statement> statements, Session session) {
        if (file.config().executeInTransaction().isPresent()) {
            return file.config().executeInTransaction().get();
        }
        if (statements.isEmpty()) {
            return true;
        }
        int mixed = SqlScript.mixedAt(statements, session.serverVersion());
        if (mixed >= 0 && session.mixed()) {
            return false;
        }
        if (mixed >= 0) {
            SqlScript.Statement offending = statements.get(mixed);
            String kind = offending.transactional(session.serverVersion()) ? "transactional" : "non-transactional";
            throw new Failure(file, offending, offending.line(), "mixes transactional and non-transactional statements",
                    file.fileName() + " mixes statements that must run in a transaction with statements that cannot (line "
                            + offending.line() + ": " + offending.excerpt().lines().findFirst().orElse("") + " [" + kind
                            + "]), and Flyway refuses to apply it (\"Detected both transactional and non-transactional"
                            + " statements within the same migration\").", "Move the statements that cannot run in a"
                            + " transaction (CREATE INDEX CONCURRENTLY, VACUUM, ...) into a migration of their own, or run the"
                            + " whole script outside a transaction with a " + file.fileName() + ".conf holding"
                            + " executeInTransaction=false (a failure then keeps what ran before it; a -- flyway: comment line"
                            + " in the script is no such setting to Flyway Community); " + MigrationPlan.MIXED_NOTE + ".", null);
        }
        return statements.get(0).transactional(session.serverVersion());
    }

    /**
     * Runs a transactional script; when observing writes, returns what the probe found if it could be read from the
     * script's own round trip (else null: read it from the session).
     */
    private static Writes runInTransaction(Connection c, Session session, Parts parts, List<String> notices,
            boolean observeWrites, boolean deallocating) throws SQLException {
        List<SqlScript.Statement> statements = parts.statements();
        String prologue = session.prologue();
        boolean stepwise = statements.stream().anyMatch(s -> s.copy() || s.atomic());
        // a script of DDL writes no rows: the cheap probe (catalog rows only) tells what it touched
        boolean rows = statements.stream().anyMatch(s -> !s.writesNoRows());
        boolean columns = statements.stream().anyMatch(SqlScript.Statement::mayChangeRowsInPlace);
        // which tables the callbacks around the script write to, told apart from the script's own by marks between them
        boolean byCallbacks = observeWrites && rows && parts.callbacks();
        if (!stepwise) {
            // the usual case in one round trip; "\n;" ends statements that end in a line comment
            String script = !byCallbacks ? sql(statements) : withCallbacksProbed(parts);
            SQLException fast = null;
            for (boolean asText = deallocating; fast == null; asText = true) {
                String text = (prologue.isEmpty() ? "" : prologue + ";\n") + "BEGIN;\n"
                        + (observeWrites && rows ? probe(c, session, MARK_NAME, asText) + ";\n" : "")
                        + script
                        + (observeWrites ? "\n;\n" + probe(c, session, probeName(rows, columns), asText) : "")
                        + "\n;\nCOMMIT;\n"
                        + session.epilogue();
                try (Statement st = plain(c)) {
                    Writes probed = probed(st, st.execute(text));
                    collect(st.getWarnings(), notices);
                    return probed;
                } catch (SQLException e) {
                    if (!asText && probeMissing(e)) {
                        // gone although the script names no DEALLOCATE (a function it calls, a pooler): not the
                        // script's failure; it runs again, rolled back first, with them as text from now on
                        session.kept().asText();
                        rollbackAndRestore(c, session);
                        continue;
                    }
                    if (SessionEnded.of(c, e)) {
                        throw ended(parts, e); // nothing to roll back
                    }
                    fast = e;
                }
            }
            session.kept().forget(); // whatever failed, the session's next script looks its prepared statements up again
            rollbackAndRestore(c, session);
            // run it again statement by statement, to name the one that fails, and roll that run back too
            Failure named = runStepwise(c, session, parts, new ArrayList<>(), false, false, null);
            if (named != null) {
                throw named;
            }
            throw failure(c, parts.main(), null, fast, "the failure did not repeat when the statements ran one by one");
        }
        java.util.Set<String> callbackWrites = byCallbacks ? new java.util.HashSet<>() : null;
        Failure failure = runStepwise(c, session, parts, notices, true, observeWrites, null, callbackWrites);
        if (failure != null) {
            throw failure;
        }
        return callbackWrites == null ? null : writes(c).withCallbacks(callbackWrites);
    }

    /**
     * The text of the script with its callbacks, a probe after those before it (against the transaction's mark), and a
     * mark and a probe around those after it.
     */
    private static String withCallbacksProbed(Parts parts) {
        List<SqlScript.Statement> statements = parts.statements();
        List<String> pieces = new ArrayList<>();
        if (parts.before() > 0) {
            pieces.add(sql(statements.subList(0, parts.before())));
            pieces.add(callbacksProbe("schemaverify.counts"));
        }
        if (parts.afterStart() > parts.before()) {
            pieces.add(sql(statements.subList(parts.before(), parts.afterStart())));
        }
        if (parts.after() > 0) {
            pieces.add(CALLBACKS_MARK);
            pieces.add(sql(statements.subList(parts.afterStart(), statements.size())));
            pieces.add(callbacksProbe("schemaverify.callback_counts"));
        }
        return String.join("\n;\n", pieces);
    }

    /** The statements' text, as one script. */
    private static String sql(List<SqlScript.Statement> statements) {
        return statements.stream().map(SqlScript.Statement::sql).collect(Collectors.joining("\n;\n"));
    }

    /** Runs a callbacks probe and adds the tables it names. */
    private static void probeCallbacks(Statement st, String setting, java.util.Set<String> into) throws SQLException {
        try (ResultSet rs = st.executeQuery(callbacksProbe(setting))) {
            if (rs.next()) {
                into.addAll(names(rs.getString(1)));
            }
        }
    }

    /**
     * The probe's row among the results of a multi-statement execution, with the tables the callbacks probes named, or
     * null when it has none.
     */
    private static Writes probed(Statement st, boolean isResult) throws SQLException {
        Writes found = null;
        java.util.Set<String> byCallbacks = new java.util.HashSet<>();
        while (isResult || st.getUpdateCount() != -1) {
            if (isResult) {
                try (ResultSet rs = st.getResultSet()) {
                    if (rs.getMetaData().getColumnCount() == 2 && WRITTEN.equals(rs.getMetaData().getColumnLabel(1)) && rs.next()) {
                        found = writes(rs.getString(1), rs.getString(2));
                    } else if (rs.getMetaData().getColumnCount() == 1 && BY_CALLBACKS.equals(rs.getMetaData().getColumnLabel(1))
                            && rs.next()) {
                        byCallbacks.addAll(names(rs.getString(1)));
                    }
                }
            }
            isResult = st.getMoreResults();
        }
        return found == null ? null : found.withCallbacks(byCallbacks);
    }

    /**
     * Runs the statements one by one in a transaction; commits when asked and all succeed, else rolls back. Returns
     * the failure of the statement that failed, or null.
     */
    private static Failure runStepwise(Connection c, Session session, Parts parts, List<String> notices, boolean commit,
            boolean observeWrites, Observer observer) throws SQLException {
        return runStepwise(c, session, parts, notices, commit, observeWrites, observer, null);
    }

    /** As above; {@code byCallbacks}, when not null, gets the tables the callbacks around the script write rows to. */
    private static Failure runStepwise(Connection c, Session session, Parts parts, List<String> notices, boolean commit,
            boolean observeWrites, Observer observer, java.util.Set<String> byCallbacks) throws SQLException {
        List<SqlScript.Statement> statements = parts.statements();
        c.setAutoCommit(false);
        try {
            String prologue = session.prologue();
            try (Statement st = plain(c)) {
                if (!prologue.isEmpty()) {
                    st.execute(prologue);
                }
                if (observeWrites) {
                    st.execute(WRITES_MARK);
                }
            }
            for (int i = 0; i < statements.size(); i++) {
                SqlScript.Statement statement = statements.get(i);
                if (byCallbacks != null && (i == parts.before() || i == parts.afterStart())) {
                    try (Statement st = plain(c)) {
                        if (i == parts.before() && i > 0) {
                            probeCallbacks(st, "schemaverify.counts", byCallbacks);
                        }
                        if (i == parts.afterStart()) {
                            st.execute(CALLBACKS_MARK);
                        }
                    }
                }
                try {
                    execute(c, statement, notices, observer, true);
                } catch (SQLException e) {
                    if (SessionEnded.of(c, e)) {
                        // nothing to roll back
                        throw SessionEnded.at(parts.file(i).fileName(), parts.file(i).origin(), statement, e);
                    }
                    c.rollback();
                    return failure(c, parts.file(i), statement, e, null);
                } catch (RuntimeException e) {
                    c.rollback(); // an observer's failure: switching autocommit back on must not commit the half script
                    throw e;
                }
            }
            if (commit) {
                if (observeWrites) {
                    try (Statement st = plain(c)) {
                        if (byCallbacks != null && parts.after() > 0) {
                            probeCallbacks(st, "schemaverify.callback_counts", byCallbacks);
                        } else if (byCallbacks != null && parts.before() == statements.size()) {
                            probeCallbacks(st, "schemaverify.counts", byCallbacks); // callbacks before a script of nothing
                        }
                        st.execute(WRITES_COLUMNS_PROBE); // statement by statement: a script with rows or code
                    }
                }
                if (observer == null) {
                    c.commit();
                } else {
                    observer.commit(c::commit);
                }
            } else {
                c.rollback();
            }
            return null;
        } finally {
            if (!c.isClosed()) { // else the session ended, which the error on its way out tells
                c.setAutoCommit(true);
            }
            restore(c, session);
        }
    }

    /**
     * Runs the script as {@link #run(Connection, Session, MigrationFile, List, List, java.util.Map, boolean)} would, in a
     * transaction that {@code setup} (SQL) opens, and rolls all of it back: what would happen to the script on the
     * database as {@code setup} leaves it: a {@link Tried} with the failure of the statement that failed, or none where
     * the script ran through. A script wrapped in a transaction of its own ({@code BEGIN;} first, {@code
     * COMMIT;} or {@code END;} last, as files written for golang-migrate are) is tried without the wrapper, which in
     * Flyway's transaction leaves its statements in one transaction as well. Not tried: a script that runs outside a
     * transaction or controls its transaction otherwise, one that prepares statements (which no rollback takes back,
     * and its own run would then find prepared), or a {@code setup} the database refuses.
     */
    public static Tried tryRolledBack(Connection c, Session session, MigrationFile file, List<MigrationFile> before,
            List<MigrationFile> after, java.util.Map<String, String> placeholders, String setup) {
        return tryRolledBack(c, session, List.of(new Trial(file, before, after)), placeholders, setup, null);
    }

    /** A script a trial runs ({@link #tryRolledBack}), with the callbacks Flyway runs before and after it. */
    public record Trial(MigrationFile file, List<MigrationFile> before, List<MigrationFile> after) {
    }

    /**
     * As {@link #tryRolledBack(Connection, Session, MigrationFile, List, List, java.util.Map, String)}, with several
     * scripts run in turn in the one transaction (a revision and its undo), then {@code check}, a query of one value
     * (or null for none), whose value the {@link Tried} holds where every script ran through. Not tried where one of the
     * scripts cannot be, or the database refuses {@code check}.
     */
    public static Tried tryRolledBack(Connection c, Session session, List<Trial> scripts, java.util.Map<String, String> placeholders,
            String setup, String check) {
        List<Parts> all = new ArrayList<>();
        for (Trial trial : scripts) {
            List<SqlScript.Statement> own;
            boolean transactional;
            try {
                own = statements(trial.file(), placeholders, session);
                transactional = transactional(trial.file(), own, session);
            } catch (RuntimeException e) {
                return Tried.NOT_TRIED; // a placeholder not given, statements that need both modes: the script's own run tells
            }
            if (own.size() >= 2 && own.get(0).keywords().matches("^(?:BEGIN|START TRANSACTION)(?: TRANSACTION| WORK)?$")
                    && own.get(own.size() - 1).keywords().matches("^(?:COMMIT|END)(?: TRANSACTION| WORK)?$")) {
                own = own.subList(1, own.size() - 1);
            }
            Parts parts = Parts.of(trial.file(), own, trial.before(), trial.after(), placeholders, session);
            if (!transactional || parts.statements().stream().map(SqlScript.Statement::keywords).anyMatch(k -> k.matches(
                    "^(?:BEGIN|START TRANSACTION|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE|PREPARE|DEALLOCATE|DISCARD)\\b.*"))) {
                return Tried.NOT_TRIED;
            }
            all.add(parts);
        }
        try {
            if (!c.getAutoCommit()) {
                throw new IllegalStateException("scripts run on connections in autocommit mode");
            }
            c.setAutoCommit(false);
            try {
                try (Statement st = plain(c)) {
                    String prologue = session.prologue();
                    if (!prologue.isEmpty()) {
                        st.execute(prologue);
                    }
                    st.execute(setup);
                } catch (SQLException refused) {
                    return Tried.NOT_TRIED; // rolled back below
                }
                List<String> notices = new ArrayList<>();
                for (Parts parts : all) {
                    for (int i = 0; i < parts.statements().size(); i++) {
                        SqlScript.Statement statement = parts.statements().get(i);
                        try {
                            execute(c, statement, notices, null, true);
                        } catch (SQLException e) {
                            if (SessionEnded.of(c, e)) {
                                // no trial's verdict
                                throw SessionEnded.at(parts.file(i).fileName(), parts.file(i).origin(), statement, e);
                            }
                            c.rollback(); // first: the failure reads the refused row's columns to mask its secrets
                            return new Tried(true, failure(c, parts.file(i), statement, e, null));
                        }
                    }
                }
                if (check == null) {
                    return new Tried(true, null); // rolled back below
                }
                try (Statement st = plain(c); ResultSet rs = st.executeQuery(check)) {
                    return new Tried(true, null, rs.next() ? rs.getString(1) : null);
                } catch (SQLException refused) {
                    return Tried.NOT_TRIED; // rolled back below
                }
            } finally {
                // whatever was thrown, nothing of the trial stays: setAutoCommit(true) would commit what is open (on a
                // session the server ended, nothing is open, and what ended it is on its way out)
                if (!c.isClosed()) {
                    try {
                        c.rollback();
                    } finally {
                        c.setAutoCommit(true);
                        restore(c, session);
                    }
                }
            }
        } catch (SQLException e) {
            throw new MigrationException(scripts.stream().map(t -> t.file().fileName()).collect(Collectors.joining(" and "))
                    + " could not be tried: " + serverMessage(e), e);
        }
    }

    /**
     * What {@link #tryRolledBack} found: whether the script could be tried, the failure of the statement that failed
     * (null where it ran through), and the value the check after the scripts gave (null where none ran).
     */
    public record Tried(boolean tried, Failure failure, String checked) {
        /** The script could not be tried so. */
        public static final Tried NOT_TRIED = new Tried(false, null);

        /** What a trial without a check found. */
        public Tried(boolean tried, Failure failure) {
            this(tried, failure, null);
        }
    }

    /** A script that cannot run in a transaction: every statement on its own, as Flyway runs it. */
    private static void runEach(Connection c, Session session, Parts parts, List<String> notices, Observer observer)
            throws SQLException {
        List<SqlScript.Statement> statements = parts.statements();
        try {
            String prologue = session.prologue();
            if (!prologue.isEmpty()) {
                try (Statement st = plain(c)) {
                    st.execute(prologue);
                }
            }
            for (int i = 0; i < statements.size(); i++) {
                SqlScript.Statement statement = statements.get(i);
                try {
                    execute(c, statement, notices, observer, false);
                } catch (SQLException e) {
                    throw failure(c, parts.file(i), statement, e, null);
                }
            }
        } finally {
            restore(c, session);
        }
    }

    private static void execute(Connection c, SqlScript.Statement statement, List<String> notices, Observer observer,
            boolean transactional) throws SQLException {
        if (observer == null) {
            execute(c, statement, notices);
        } else {
            observer.statement(statement, transactional, () -> execute(c, statement, notices));
        }
    }

    private static void execute(Connection c, SqlScript.Statement statement, List<String> notices) throws SQLException {
        if (statement.copy()) {
            try {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn(statement.sql(), new StringReader(statement.copyData()));
            } catch (IOException e) {
                throw new SQLException("COPY failed reading its data: " + e.getMessage(), e);
            }
            collect(c.getWarnings(), notices);
            c.clearWarnings();
            return;
        }
        try (Statement st = plain(c)) {
            st.execute(statement.sql());
            collect(st.getWarnings(), notices);
        }
    }

    private static Statement plain(Connection c) throws SQLException {
        Statement st = c.createStatement();
        st.setEscapeProcessing(false); // as Flyway: { and } are SQL, not JDBC escapes
        return st;
    }

    private static void rollbackAndRestore(Connection c, Session session) {
        try (Statement st = plain(c)) {
            st.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // nothing to roll back
        }
        restore(c, session);
    }

    private static void restore(Connection c, Session session) {
        try (Statement st = plain(c)) {
            st.execute(session.epilogue());
        } catch (SQLException e) {
            if (SessionEnded.by(e)) {
                // nothing to restore: the error that ended the script, on its way out, tells why (where the script ran
                // through, the session's next statement does)
                return;
            }
            throw new MigrationException("Could not restore the role and search_path of " + session.database()
                    + " after a script: " + e.getMessage(), e);
        }
    }

    /**
     * The session ended as {@code parts} ran in one round trip, at a statement not known: the first of them that ends
     * sessions without leaving its own out, where one does (the statements before it end none of its own); else the
     * script's, without a line.
     */
    private static SessionEnded ended(Parts parts, SQLException e) {
        for (int i = 0; i < parts.statements().size(); i++) {
            MigrationFile file = parts.file(i);
            Optional<SessionEnded> own = SessionEnded.byItself(file.fileName(), file.origin(), parts.statements().get(i), e);
            if (own.isPresent()) {
                return own.get();
            }
        }
        return SessionEnded.at(parts.main().fileName(), parts.main().origin(), null, e);
    }

    /**
     * The failure of a script's statement; {@code c}, rolled back (or in autocommit), reads the columns of a row a
     * constraint refused, so that PostgreSQL's detail prints no value of a secret column.
     */
    private static Failure failure(Connection c, MigrationFile file, SqlScript.Statement statement, SQLException e, String note) {
        if (SessionEnded.of(c, e)) {
            throw SessionEnded.at(file.fileName(), file.origin(), statement, e);
        }
        // a Java migration's text is not known: its rows are masked as where a secret column is named
        String server = serverMessage(e, detail -> SecretNames.maskedRow(detail, refusedRowColumns(c, e),
                file.isJava() || SecretNames.named(file.content())));
        int line = statement == null ? 0 : statement.line() + errorLineOffset(statement, e);
        StringBuilder message = new StringBuilder(file.fileName()).append(" failed");
        if (line > 0) {
            message.append(" at line ").append(line);
        }
        message.append(": ").append(server);
        if (statement != null) {
            // where PostgreSQL's words had a value masked, the statement's literals may hold it too
            message.append("\n  in the statement at line ").append(statement.line()).append(":\n    ")
                    .append(statement.excerpt(server.contains("********")).replace("\n", "\n    "));
            // a DO block's or a function's statement that failed: the one PostgreSQL names, where the block holds many
            innerStatement(e).ifPresent(inner -> message.append("\n  where it ran, inside it:\n    ").append(
                    new SqlScript.Statement(inner, 1, null, false).excerpt(server.contains("********")).replace("\n", "\n    ")));
        }
        if (note != null) {
            message.append("\n  (").append(note).append(")");
        }
        String fix = file.isJava() ? "Fix the Java migration " + file.javaClass() + "."
                : "Fix " + (statement == null ? "the script " : "the statement in ") + file.origin()
                + outsideTransaction(file, e).map(f -> ": " + f).orElse("") + ".";
        return new Failure(file, statement, line, server, message.toString(), fix, e);
    }

    /**
     * The statement inside a DO block or a function that failed, as PostgreSQL's context names it ({@code SQL statement
     * "ALTER TABLE ..."}, the innermost first); empty where the error came from the statement itself.
     */
    static Optional<String> innerStatement(SQLException e) {
        if (!(e instanceof PSQLException p) || p.getServerErrorMessage() == null || p.getServerErrorMessage().getWhere() == null) {
            return Optional.empty();
        }
        java.util.regex.Matcher m = INNER_STATEMENT.matcher(p.getServerErrorMessage().getWhere());
        return m.lookingAt() ? Optional.of(m.group(1).strip()).filter(sql -> !sql.isEmpty()) : Optional.empty();
    }

    /**
     * PostgreSQL's context of an error inside PL/pgSQL or an SQL function: its statement first, quoted without its
     * own quotes escaped, so it ends where the context's next line starts.
     */
    private static final java.util.regex.Pattern INNER_STATEMENT = java.util.regex.Pattern.compile(
            "(?s)SQL statement \"(.*?)\"(?=\n(?:PL/pgSQL function|SQL function|SQL statement)|\\z)");

    /**
     * For a statement PostgreSQL refuses in a transaction ({@code CREATE INDEX CONCURRENTLY} where Flyway does not tell,
     * {@code DETACH PARTITION ... CONCURRENTLY}, SQLSTATE 25001) in a script no config file takes out of one: how to run
     * it outside, as Flyway would.
     */
    static Optional<String> outsideTransaction(MigrationFile file, SQLException e) {
        // 25001 also says SET TRANSACTION came after a query: only a statement refusing a transaction block is this
        if (!"25001".equals(e.getSQLState()) || e.getMessage() == null || !e.getMessage().contains("inside a transaction block")
                || file.config().executeInTransaction().isPresent()) {
            return Optional.empty();
        }
        return Optional.of("Flyway runs a script in one transaction, and this statement refuses one; put"
                + " executeInTransaction=false in a file " + file.fileName() + ".conf beside the script, and Flyway (and"
                + " SchemaVerify) run its statements one by one, outside a transaction");
    }

    /**
     * PostgreSQL's message with its detail and hint, without the position (a line is given instead); a key's values on a
     * secret column masked, and a refused row's values all masked (its table's columns are not known here).
     */
    static String serverMessage(SQLException e) {
        return serverMessage(e, detail -> SecretNames.maskedRow(detail, List.of(), true));
    }

    /** As {@link #serverMessage(SQLException)}, a refused row's detail masked by {@code row}. */
    static String serverMessage(SQLException e, UnaryOperator<String> row) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            StringBuilder out = new StringBuilder(m.getSeverity() == null ? "ERROR" : m.getSeverity()).append(": ")
                    .append(m.getMessage());
            if (m.getDetail() != null) {
                out.append(" (").append(SecretNames.maskedKey(row.apply(m.getDetail()))).append(')');
            }
            if (m.getHint() != null) {
                out.append(" Hint: ").append(m.getHint());
            }
            return out.toString();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    }

    /** The columns of the table whose row a constraint refused, in order; empty when there is none or it is gone. */
    private static List<String> refusedRowColumns(Connection c, SQLException e) {
        if (!(e instanceof PSQLException p) || p.getServerErrorMessage() == null || p.getServerErrorMessage().getTable() == null
                || p.getServerErrorMessage().getDetail() == null || !p.getServerErrorMessage().getDetail().startsWith("Failing row")) {
            return List.of();
        }
        ServerErrorMessage m = p.getServerErrorMessage();
        // a row refused in a partition is printed in its root's column order where it came through the root
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname, a.attrelid = r.oid FROM pg_catalog.pg_class r"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace JOIN pg_catalog.pg_attribute a ON a.attrelid IN"
                + " (r.oid, CASE WHEN r.relispartition THEN pg_catalog.pg_partition_root(r.oid)::oid END)"
                + " WHERE r.relname = ? AND (n.nspname = ? OR ? IS NULL AND pg_catalog.pg_table_is_visible(r.oid))"
                + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid = r.oid DESC, a.attnum")) {
            ps.setString(1, m.getTable());
            ps.setString(2, m.getSchema());
            ps.setString(3, m.getSchema());
            List<String> own = new ArrayList<>();
            List<String> root = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    (rs.getBoolean(2) ? own : root).add(rs.getString(1));
                }
            }
            if (!root.isEmpty() && !root.equals(own)) {
                own.addAll(root); // both orders: the values split into neither, and a secret in either masks them all
            }
            return own;
        } catch (SQLException unread) {
            return List.of(); // then the script's own text decides
        }
    }

    /** Lines from the statement's first line to the error position PostgreSQL reports, or 0. */
    private static int errorLineOffset(SqlScript.Statement statement, SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null && p.getServerErrorMessage().getPosition() > 0) {
            int position = p.getServerErrorMessage().getPosition(); // 1-based, in characters
            return SqlScript.count(statement.sql(), 0, Math.min(position - 1, statement.sql().length()));
        }
        return 0;
    }

    public static void collect(SQLWarning warning, List<String> into) {
        for (SQLWarning w = warning; w != null; w = w.getNextWarning()) {
            String message = w.getMessage();
            if (message != null && !into.contains(message)) {
                into.add(message);
            }
        }
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** Quoted as Flyway quotes a schema name: always. */
    static String quoteIdent(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
