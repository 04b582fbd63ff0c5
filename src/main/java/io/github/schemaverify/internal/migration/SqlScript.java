package io.github.schemaverify.internal.migration;

import static io.github.schemaverify.schema.diff.SqlText.blockCommentEnd;
import static io.github.schemaverify.schema.diff.SqlText.isDollarTag;
import static io.github.schemaverify.schema.diff.SqlText.isIdentifierPart;
import static io.github.schemaverify.schema.diff.SqlText.quotedEnd;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.github.schemaverify.schema.diff.SqlText;

/**
 * A PostgreSQL migration script split into statements the way Flyway's PostgreSQL parser splits it, so that
 * SchemaVerify applies every script exactly as Flyway would: a semicolon ends a statement except inside quotes
 * ({@code '...'}, {@code E'...'} with backslash escapes, {@code "..."}), comments ({@code --} and nested
 * {@code /* *\/}), dollar-quoted bodies ({@code $tag$ ... $tag$}), parentheses (a rule's {@code DO (...; ...)}) and
 * {@code BEGIN ATOMIC ... END} bodies (with their {@code CASE ... END}); {@code COPY ... FROM STDIN;} takes the lines
 * after it up to {@code \.} as its data. Whether a statement may run in a transaction follows Flyway's rules.
 *
 * <p>Flyway's own parser is not public API, so SchemaVerify keeps this one and proves it against Flyway: its test
 * suite applies a corpus of tricky scripts once with Flyway and once with SchemaVerify's runner and compares the
 * resulting schemas and data.
 */
public final class SqlScript {

    /** Statements PostgreSQL refuses inside a transaction block, as Flyway detects them (on the leading keywords). */
    private static final List<Pattern> NON_TRANSACTIONAL = List.of(
            Pattern.compile("^(CREATE|DROP) (DATABASE|TABLESPACE|SUBSCRIPTION)\\b.*"),
            Pattern.compile("^ALTER SYSTEM\\b.*"),
            Pattern.compile("^(CREATE|DROP)( UNIQUE)? INDEX CONCURRENTLY\\b.*"),
            Pattern.compile("^REINDEX( VERBOSE)? (SCHEMA|DATABASE|SYSTEM)\\b.*"),
            Pattern.compile("^VACUUM\\b.*"),
            Pattern.compile("^DISCARD ALL\\b.*"));
    /** Before PostgreSQL 12, {@code ALTER TYPE ... ADD VALUE} cannot run in a transaction either. */
    private static final Pattern ALTER_TYPE_ADD_VALUE = Pattern.compile("^ALTER TYPE( .*)? ADD VALUE\\b.*");
    private static final Pattern COPY_FROM_STDIN = Pattern.compile("^COPY( .*)? FROM STDIN\\b.*");
    /**
     * {@code CREATE TABLE ... AS SELECT} (or {@code VALUES}, {@code TABLE}, {@code WITH}, {@code EXECUTE}): a table
     * made with rows, as a table dropped and made again from a query is (a cache of another table's rows).
     */
    private static final Pattern CREATE_TABLE_AS = Pattern.compile(
            "^CREATE( (GLOBAL|LOCAL))?( (TEMP|TEMPORARY|UNLOGGED))? TABLE .*\\bAS (SELECT|VALUES|TABLE|WITH|EXECUTE)\\b.*");
    /**
     * {@code ALTER TABLE ... RENAME ...}, {@code ... DROP ...} or {@code ... TYPE ...}: a column renamed, dropped or
     * given another type, perhaps; read in the whole statement (a long {@code ALTER TABLE} may drop a column at its end).
     */
    private static final Pattern IN_PLACE = Pattern.compile("(?is)^\\s*ALTER\\s+(FOREIGN\\s+)?TABLE\\b.*\\b(RENAME|DROP|TYPE)\\b.*");
    /** Statements that never write rows to tables that exist before them. */
    private static final java.util.Set<String> NO_ROWS = java.util.Set.of("CREATE", "ALTER", "DROP", "COMMENT", "GRANT",
            "REVOKE", "SET", "RESET", "ANALYZE", "VACUUM", "REINDEX", "LOCK", "SECURITY", "CLUSTER", "DISCARD");

    /**
     * One statement.
     *
     * @param sql      the statement without its terminating semicolon (comments before it are not part of it)
     * @param line     the line (1-based) it starts on
     * @param copyData for {@code COPY ... FROM STDIN}, the data lines that follow it (each ending in a newline), else
     *                 {@code null}
     * @param atomic   whether it holds a {@code BEGIN ATOMIC} body (pgjdbc splits a multi-statement text around those
     *                 differently, so such a statement is sent on its own)
     * @param keywords the statement's words in upper case, comments and literals removed, single spaces: for keyword
     *                 rules (read once: every rule asks for them, for every run of the script)
     */
    public record Statement(String sql, int line, String copyData, boolean atomic, String keywords) {

        public Statement(String sql, int line, String copyData, boolean atomic) {
            this(sql, line, copyData, atomic, SqlScript.keywords(sql));
        }

        /** Whether PostgreSQL (of this version, e.g. 150004) lets the statement run inside a transaction. */
        public boolean transactional(int serverVersionNum) {
            String k = keywords();
            if (NON_TRANSACTIONAL.stream().anyMatch(p -> p.matcher(k).matches())) {
                return false;
            }
            return serverVersionNum >= 120000 || !ALTER_TYPE_ADD_VALUE.matcher(k).matches();
        }

        public boolean copy() {
            return copyData != null;
        }

        /**
         * Whether the statement cannot write rows to existing tables: DDL, comments, grants, settings, maintenance, but
         * {@code CREATE TABLE ... AS SELECT}, whose table may take the place of one dropped before it. ({@code DO},
         * {@code SELECT}, {@code CALL} and DML can, directly or through the functions they call.)
         */
        public boolean writesNoRows() {
            if (copy()) {
                return false;
            }
            String k = keywords();
            if (CREATE_TABLE_AS.matcher(k).matches()) {
                return false;
            }
            int space = k.indexOf(' ');
            String first = space < 0 ? k : k.substring(0, space);
            return NO_ROWS.contains(first);
        }

        /**
         * Whether it may change how a table's rows read without changing the table's row of pg_class: rename, drop or
         * give another type to a column without rewriting the table ({@code ALTER TABLE ... RENAME}, {@code ... DROP},
         * {@code ... TYPE}, which change pg_attribute alone).
         */
        public boolean mayChangeRowsInPlace() {
            return IN_PLACE.matcher(sql).matches();
        }

        /**
         * The statement for messages: its first lines, as written; where its code (not a literal or a comment) names a
         * column whose name says it holds secrets, its string literals as {@code '********'}.
         */
        public String excerpt() {
            return excerpt(false);
        }

        /**
         * As {@link #excerpt()}; with {@code secrets} (the script names a secret column, as the refused row's masking
         * decides) every string literal reads {@code '********'} too, whatever the statement names.
         */
        public String excerpt(boolean secrets) {
            // the literals of a statement that may write a secret column may be secrets: a fixture's token, say
            String shownSql = secrets ? literalsMasked(sql) : shown(sql);
            List<String> lines = shownSql.lines().toList();
            int shown = Math.min(lines.size(), 6);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < shown; i++) {
                out.append(i == 0 ? "" : "\n").append(lines.get(i).stripTrailing());
            }
            if (lines.size() > shown) {
                out.append("\n... (").append(lines.size() - shown).append(" more lines)");
            }
            return out.toString();
        }
    }

    private SqlScript() {
    }

    /**
     * SQL as it may be printed: where its code (not a literal or a comment) names a password or a column whose name says
     * it holds secrets ({@code CREATE ROLE app LOGIN PASSWORD 'x'}, {@code UPDATE users SET api_token = 'x'}), its string
     * literals as {@code '********'}; else as it is. Also for a statement read from {@code pg_stat_activity}, whose text
     * the server may have cut short (an unclosed literal is masked to the end).
     */
    public static String shown(String sql) {
        String code = SqlText.masked(sql);
        return io.github.schemaverify.internal.db.SecretNames.named(code) || SECRET_IN_LITERAL.matcher(literals(sql, code))
                .find() ? literalsMasked(sql) : sql;
    }

    /**
     * A literal that holds a password wherever the code names none: a connection string ({@code CREATE SUBSCRIPTION ...
     * CONNECTION 'host=db password=x'}, {@code dblink_connect('... password=x')}, a URL's {@code user:x@}), or a
     * statement built from literals ({@code format('ALTER ROLE %I PASSWORD %L', r, 'x')}, {@code EXECUTE 'ALTER ROLE r
     * PASSWORD ''x'''}); not a text that only says the word ({@code 'reset your password'}).
     */
    private static final Pattern SECRET_IN_LITERAL = Pattern.compile(
            "(?i)\\b(?:password|passwd|pwd)\\s*(?:=|%|''|E'')|://[^/@:\\s]*:[^/@\\s]*@");

    /** The characters of {@code sql}'s string literals ({@code code} is {@link SqlText#masked} of it), others as spaces. */
    private static String literals(String sql, String code) {
        String withLiterals = SqlText.withoutComments(sql);
        StringBuilder out = new StringBuilder(sql.length());
        for (int i = 0; i < sql.length(); i++) {
            out.append(code.charAt(i) != withLiterals.charAt(i) ? sql.charAt(i) : ' ');
        }
        return out.toString();
    }

    /**
     * The SQL with each string literal ({@code 'gho_x'}, {@code E'a\\'b'}, a dollar-quoted string that is no body of
     * code) as {@code '********'}: the literals are found as {@link SqlText#masked} finds them.
     */
    static String literalsMasked(String sql) {
        String blank = SqlText.masked(sql);
        String code = SqlText.withoutComments(sql); // a comment's apostrophe starts no literal
        StringBuilder out = new StringBuilder();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            boolean literal = blank.charAt(i) != c && code.charAt(i) == c && (c == '\'' || c == '$'
                    || (c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'');
            if (!literal) {
                out.append(c);
                i++;
                continue;
            }
            // to its last blanked character: the literal's own spaces read the same in both
            int end = i;
            for (int k = i + 1; k < n && (sql.charAt(k) != blank.charAt(k) && code.charAt(k) == sql.charAt(k)
                    || Character.isWhitespace(sql.charAt(k))); k++) {
                if (sql.charAt(k) != blank.charAt(k)) {
                    end = k;
                }
            }
            out.append("'********'");
            i = end + 1;
        }
        return out.toString();
    }

    /** An identifier in SQL text, quoted ({@code "Order"}, with {@code ""} inside) or not; a regex without a group. */
    public static final String IDENTIFIER = "(?:\"(?:[^\"]++|\"\")++\"|[\\p{L}_][\\p{L}\\p{N}_$]*)";

    /** An identifier of {@link #IDENTIFIER} as the server reads it: a quoted one as written, an unquoted one in lower case. */
    public static String identifierName(String identifier) {
        return identifier.startsWith("\"") ? identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"")
                : identifier.toLowerCase(java.util.Locale.ROOT);
    }

    /** A table's name after {@code CREATE [GLOBAL|LOCAL] [TEMP|UNLOGGED] TABLE [IF NOT EXISTS]}. */
    private static final Pattern TABLE_MADE = Pattern.compile("(?is)^\\s*CREATE\\s+(?:(?:GLOBAL|LOCAL)\\s+)?(?:(?:TEMP|TEMPORARY"
            + "|UNLOGGED)\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(" + IDENTIFIER + "(?:\\s*\\.\\s*" + IDENTIFIER + ")?)");
    /** Text that may hold a {@code CREATE TABLE ... AS}: the scripts without one are not split to find out. */
    private static final Pattern MAY_MAKE_FROM_QUERY = Pattern.compile("(?i)\\bTABLE\\b");

    /**
     * A table a statement makes from a query.
     *
     * @param name        as written, schema and all ({@code cache}, {@code app."Cache"})
     * @param ifNotExists whether the statement says {@code IF NOT EXISTS} (it makes nothing where the table exists)
     */
    public record Made(String name, boolean ifNotExists) {

        /** The table's own name as the server reads it ({@code Cache} for {@code app."Cache"}). */
        public String bareName() {
            java.util.regex.Matcher last = LAST_NAME.matcher(name);
            return last.find() ? identifierName(last.group(1)) : name;
        }
    }

    /** The last identifier of a qualified name. */
    private static final Pattern LAST_NAME = Pattern.compile("(" + IDENTIFIER + ")$");

    /**
     * The tables other than temporary ones that the script's statements make from a query ({@code CREATE TABLE ... AS
     * SELECT}): their rows are the query's, as a cache's are, whether it gives any or none. Not those a {@code DO} block
     * or a function makes, nor {@code SELECT ... INTO}.
     */
    public static List<Made> tablesMadeFromQueries(String script) {
        if (!MAY_MAKE_FROM_QUERY.matcher(script).find()) {
            return List.of();
        }
        List<Made> made = new ArrayList<>();
        for (Statement s : parse(script)) {
            java.util.regex.Matcher ctas = CREATE_TABLE_AS.matcher(s.keywords());
            // a temporary table is the session's alone (its persistence, group 4: TEMP, TEMPORARY or UNLOGGED)
            if (ctas.matches() && !"TEMP".equals(ctas.group(4)) && !"TEMPORARY".equals(ctas.group(4))) {
                java.util.regex.Matcher m = TABLE_MADE.matcher(s.sql());
                if (m.find()) {
                    made.add(new Made(m.group(1).replaceAll("\\s*\\.\\s*", "."),
                            s.keywords().contains(" IF NOT EXISTS ")));
                }
            }
        }
        return made;
    }

    /**
     * A column a statement renames ({@code ALTER TABLE [IF EXISTS] [ONLY] t RENAME [COLUMN] a TO b}, a view's, a
     * materialized view's or a foreign table's too).
     *
     * @param schema the schema as the server reads it, or empty where the statement does not name one
     * @param table  the table's name as the server reads it
     * @param from   the column's name before, as the server reads it
     * @param to     its name after
     */
    public record ColumnRename(String schema, String table, String from, String to) {
    }

    private static final Pattern RENAME_COLUMN = Pattern.compile("(?i)\\bALTER\\s+(?:TABLE|VIEW|MATERIALIZED\\s+VIEW|FOREIGN"
            + "\\s+TABLE)\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?(?:(" + IDENTIFIER + ")\\s*\\.\\s*)?(" + IDENTIFIER
            + ")\\s*(?:\\*\\s*)?\\s+RENAME\\s+(?:COLUMN\\s+)?(?!TO\\s)(" + IDENTIFIER + ")\\s+TO\\s+(" + IDENTIFIER + ")");

    /**
     * The columns the script renames, in the order written: its statements', a {@code DO} block's or a function's
     * body's alike (not in comments or literals, nor what dynamic SQL builds).
     */
    public static List<ColumnRename> columnRenames(String script) {
        if (!script.toLowerCase(java.util.Locale.ROOT).contains("rename")) {
            return List.of();
        }
        List<ColumnRename> renames = new ArrayList<>();
        java.util.regex.Matcher m = RENAME_COLUMN.matcher(SqlText.masked(script));
        while (m.find()) {
            renames.add(new ColumnRename(m.group(1) == null ? "" : identifierName(m.group(1)), identifierName(m.group(2)),
                    identifierName(m.group(3)), identifierName(m.group(4))));
        }
        return renames;
    }

    /**
     * A table a script renames: {@code ALTER TABLE [schema.]from RENAME TO to}.
     *
     * @param schema the schema as the server reads it, or empty where the statement does not name one
     * @param from   the table's name before, as the server reads it
     * @param to     its name after
     */
    public record TableRename(String schema, String from, String to) {
    }

    private static final Pattern RENAME_TABLE = Pattern.compile("(?i)\\bALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?(?:("
            + IDENTIFIER + ")\\s*\\.\\s*)?(" + IDENTIFIER + ")\\s+RENAME\\s+TO\\s+(" + IDENTIFIER + ")");

    /** The tables the script renames, in the order written (not in comments or literals, nor what dynamic SQL builds). */
    public static List<TableRename> tableRenames(String script) {
        if (!script.toLowerCase(java.util.Locale.ROOT).contains("rename")) {
            return List.of();
        }
        List<TableRename> renames = new ArrayList<>();
        java.util.regex.Matcher m = RENAME_TABLE.matcher(SqlText.masked(script));
        while (m.find()) {
            renames.add(new TableRename(m.group(1) == null ? "" : identifierName(m.group(1)), identifierName(m.group(2)),
                    identifierName(m.group(3))));
        }
        return renames;
    }

    /** Splits a script (placeholders already replaced, byte order mark removed) into its statements. */
    public static List<Statement> parse(String script) {
        return new Splitter(script).run();
    }

    /** The first statement that mixes transaction modes with the first one, as Flyway reports it, or -1. */
    public static int mixedAt(List<Statement> statements, int serverVersionNum) {
        boolean first = statements.isEmpty() || statements.get(0).transactional(serverVersionNum);
        for (int i = 1; i < statements.size(); i++) {
            if (statements.get(i).transactional(serverVersionNum) != first) {
                return i;
            }
        }
        return -1;
    }

    /** Upper-cased words of a statement, without comments, quoted text or punctuation other than single spaces. */
    static String keywords(String sql) {
        StringBuilder out = new StringBuilder();
        int n = sql.length();
        int i = 0;
        while (i < n && out.length() < 400) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = blockCommentEnd(sql, i);
            } else if (c == '\'' || c == '"') {
                i = quotedEnd(sql, i, c, false);
                out.append(out.length() == 0 || out.charAt(out.length() - 1) == ' ' ? "" : " ").append('?');
            } else if (Character.isLetterOrDigit(c) || c == '_') {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_' || sql.charAt(j) == '$')) {
                    j++;
                }
                if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
                    out.append(' ');
                }
                out.append(sql.substring(i, j).toUpperCase(Locale.ROOT));
                i = j;
            } else {
                if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
                    out.append(' ');
                }
                i++;
            }
        }
        return out.toString().strip();
    }

    /** One pass over the script: the state of a small lexer, statement by statement. */
    private static final class Splitter {
        private final String s;
        private final int n;
        private final List<Statement> out = new ArrayList<>();
        private int i;
        private int line = 1;
        private int start = -1;
        private int startLine;
        private int parens;
        private int atomic;
        private boolean sawAtomic;
        private String previousWord = "";

        Splitter(String script) {
            this.s = script;
            this.n = script.length();
        }

        List<Statement> run() {
            while (i < n) {
                char c = s.charAt(i);
                char next = i + 1 < n ? s.charAt(i + 1) : '\0';
                if (c == '-' && next == '-') {
                    int end = s.indexOf('\n', i);
                    i = end < 0 ? n : end; // the newline is counted below
                } else if (c == '/' && next == '*') {
                    advanceTo(blockCommentEnd(s, i));
                } else if (Character.isWhitespace(c)) {
                    if (c == '\n') {
                        line++;
                    }
                    i++;
                } else if (c == ';' && parens == 0 && atomic == 0) {
                    end(i);
                    i++;
                } else {
                    begin();
                    token(c);
                }
            }
            if (start >= 0) {
                add(s.substring(start, n).strip(), null);
            }
            return out;
        }

        private void begin() {
            if (start < 0) {
                start = i;
                startLine = line;
                parens = 0;
                atomic = 0;
                sawAtomic = false;
                previousWord = "";
            }
        }

        private void token(char c) {
            if (c == '\'') {
                boolean escapes = i > 0 && (s.charAt(i - 1) == 'E' || s.charAt(i - 1) == 'e')
                        && (i < 2 || !isIdentifierPart(s.charAt(i - 2)));
                advanceTo(quotedEnd(s, i, '\'', escapes));
                previousWord = "";
            } else if (c == '"') {
                advanceTo(quotedEnd(s, i, '"', false));
                previousWord = "";
            } else if (c == '$' && (i == 0 || !isIdentifierPart(s.charAt(i - 1)))) {
                int close = s.indexOf('$', i + 1);
                String tag = close < 0 ? null : s.substring(i, close + 1);
                if (tag != null && isDollarTag(tag)) {
                    int stop = s.indexOf(tag, close + 1);
                    advanceTo(stop < 0 ? n : stop + tag.length());
                } else {
                    i++;
                }
                previousWord = "";
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < n && isIdentifierPart(s.charAt(j))) {
                    j++;
                }
                String word = s.substring(i, j).toUpperCase(Locale.ROOT);
                if (word.equals("ATOMIC") && previousWord.equals("BEGIN")) {
                    atomic++;
                    sawAtomic = true;
                } else if (atomic > 0 && word.equals("CASE")) {
                    atomic++;
                } else if (atomic > 0 && word.equals("END")) {
                    atomic--;
                }
                previousWord = word;
                i = j;
            } else {
                if (c == '(') {
                    parens++;
                } else if (c == ')' && parens > 0) {
                    parens--;
                }
                previousWord = "";
                i++;
            }
        }

        /** Ends the statement at the semicolon at {@code at}; a COPY FROM STDIN takes its data lines. */
        private void end(int at) {
            if (start < 0) {
                return;
            }
            String sql = s.substring(start, at).strip();
            if (COPY_FROM_STDIN.matcher(keywords(sql)).matches()) {
                // as Flyway: the rest of this line is skipped, then lines up to one that reads \. are the data
                int eol = s.indexOf('\n', at);
                int pos = eol < 0 ? n : eol + 1;
                StringBuilder data = new StringBuilder();
                while (pos < n) {
                    int lineEnd = s.indexOf('\n', pos);
                    int stop = lineEnd < 0 ? n : lineEnd + 1;
                    String dataLine = s.substring(pos, stop);
                    pos = stop;
                    if (dataLine.strip().equals("\\.")) {
                        break;
                    }
                    data.append(dataLine);
                }
                add(sql, data.toString());
                line += count(s, at, pos);
                i = pos - 1; // the caller steps over one character
                return;
            }
            add(sql, null);
        }

        private void add(String sql, String copyData) {
            if (!sql.isEmpty()) {
                out.add(new Statement(sql, startLine, copyData, sawAtomic));
            }
            start = -1;
        }

        private void advanceTo(int end) {
            line += count(s, i, end);
            i = end;
        }

    }

    static int count(String s, int from, int to) {
        int lines = 0;
        for (int k = from; k < to && k < s.length(); k++) {
            if (s.charAt(k) == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
