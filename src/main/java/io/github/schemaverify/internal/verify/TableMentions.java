package io.github.schemaverify.internal.verify;

import java.util.Locale;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.schemaverify.internal.migration.SqlScript;
import io.github.schemaverify.schema.diff.SqlText;

/**
 * What a script's text says it does to a table's rows, by the table's name: deletes, empties, truncates, inserts or
 * writes them. A name counts unqualified, or qualified with the table's own schema or a placeholder; a table of the
 * same name in another schema is another table.
 */
final class TableMentions {
    /** A statement that creates a routine, whose body may never run. */
    private static final Pattern ROUTINE = Pattern.compile("^CREATE (?:OR REPLACE )?(?:FUNCTION|PROCEDURE)\\b");

    /**
     * A {@code TRUNCATE} statement to its semicolon, where a statement starts (a privilege of that name, {@code GRANT
     * TRUNCATE ON t}, or a trigger's event, {@code BEFORE TRUNCATE ON t}, is none).
     */
    private static final Pattern TRUNCATE = Pattern.compile(
            "(?is)(?:^|;|\\b(?:BEGIN|THEN|ELSE|LOOP)\\b)\\s*\\bTRUNCATE\\b[^;]*");

    /** The blanks around a dot. */
    private static final Pattern DOT = Pattern.compile("\\s*\\.\\s*");

    private TableMentions() {
    }

    /**
     * Whether a script's text (comments and literals masked) adds rows to {@code table} by name ({@code INSERT INTO},
     * {@code COPY}): a revision that fills the table, not one that converts its rows.
     */
    static boolean insertsRows(String script, String table) {
        return Pattern.compile("(?<![\\w$])(?:insert\\s+into|copy)\\s+" + named(table),
                Pattern.CASE_INSENSITIVE).matcher(masked(script)).find();
    }

    /**
     * Whether a script's text (comments and literals masked), as it runs, writes rows to {@code table} by name ({@code
     * UPDATE}, {@code INSERT INTO}, {@code DELETE FROM}, {@code MERGE INTO}, {@code COPY}): what it does to the table's
     * rows where PostgreSQL's counters saw none (the table was empty when it ran).
     */
    static boolean writesRows(String script, String table) {
        return Pattern.compile("(?<![\\w$])(?:update|insert\\s+into|delete\\s+from|merge\\s+into|copy)"
                + "\\s+(?:only\\s+)?" + named(table), Pattern.CASE_INSENSITIVE).matcher(masked(script)).find();
    }

    /** Whether {@code script} deletes rows of {@code table} by name ({@code DELETE FROM}). */
    static boolean deletesFrom(String script, String table) {
        return deletes(masked(script), table);
    }

    /** {@link #deletesFrom} on a text already {@link #masked}. */
    private static boolean deletes(String masked, String table) {
        return masked.toLowerCase(Locale.ROOT).contains("delete")
                && Pattern.compile("(?i)(?<![\\w$])delete\\s+from\\s+(?:only\\s+)?" + named(table))
                        .matcher(masked).find();
    }

    /**
     * Whether {@code script} deletes every row of {@code table} (qualified) by name: {@code TRUNCATE} it, or {@code
     * DELETE FROM} it without a {@code WHERE}, unqualified or qualified with its schema; not in the body of a routine
     * it creates (which may never run).
     */
    static boolean emptiesTable(String script, String table) {
        String name = named(table);
        Pattern empties = Pattern.compile("(?is)^(?:truncate\\s+(?:table\\s+)?(?:only\\s+)?"
                + "(?:[^;]*?,\\s*(?:only\\s+)?)?" + name + "|delete\\s+from\\s+(?:only\\s+)?" + name
                + "(?:\\s+(?:as\\s+)?(?!where\\b|returning\\b|using\\b)[\\w$]+)?\\s*(?:;|$|returning\\b))");
        return SqlScript.parse(script).stream().filter(st -> !ROUTINE.matcher(st.keywords()).find())
                .anyMatch(st -> empties.matcher(masked(st.sql()).strip()).find());
    }

    /** Whether {@code script} deletes rows of {@code table} by name: {@code DELETE FROM} it, or {@code TRUNCATE} it. */
    static boolean takesRows(String script, String table) {
        String masked = masked(script);
        return deletes(masked, table) || truncations(masked, table).findAny().isPresent();
    }

    /**
     * Whether {@code script} truncates {@code table} with {@code CASCADE}, which empties every table referring to it.
     */
    static boolean truncatesCascading(String script, String table) {
        return truncations(masked(script), table).anyMatch(t -> t.matches("(?is).*\\bcascade\\s*$"));
    }

    /** The {@code TRUNCATE} statements of a text already {@link #masked} that name {@code table}. */
    private static Stream<String> truncations(String masked, String table) {
        Pattern names = Pattern.compile("(?i)(?<![\\w$])" + named(table));
        return TRUNCATE.matcher(masked).results().map(MatchResult::group)
                .filter(t -> names.matcher(t).find());
    }

    /**
     * {@code table} (qualified or not) as a script may name it: unqualified, or qualified with its own schema or a
     * placeholder (Flyway's {@code ${flyway:defaultSchema}}, a project's {@code ${schema}}); never with another
     * schema, whose table of the same name is another table. A part quoted in the script is the name as it is, case
     * and all; one unquoted is folded to lower case, as PostgreSQL folds it (for a pattern matched without regard to
     * case).
     */
    static String named(String table) {
        int dot = table.indexOf('.');
        String qualifier = dot < 0 ? "(?-i:\"[^\"]+\")|[\\w$]+" : identifier(table.substring(0, dot));
        return "(?:(?:" + qualifier + "|\\$\\{[^}]+\\})\\s*\\.\\s*|(?<![.\\w$]))"
                + identifier(table.substring(dot + 1));
    }

    /** {@code name} quoted as it is, or unquoted where it is what PostgreSQL folds an unquoted name to. */
    private static String identifier(String name) {
        String quoted = "(?-i:\"" + Pattern.quote(name.replace("\"", "\"\"")) + "\")";
        return name.matches("[\\p{Ll}_][\\p{Ll}\\d_$]*") ? "(?:" + quoted + "|" + Pattern.quote(name) + "(?![\\w$]))"
                : quoted;
    }

    /**
     * A script's text with its comments and literals masked, and no blanks around the dot of a qualified name: what
     * {@link #named} is matched in ({@code audit. orders}, or a comment between, names {@code audit.orders}).
     */
    private static String masked(String script) {
        return DOT.matcher(SqlText.masked(script)).replaceAll(".");
    }
}
