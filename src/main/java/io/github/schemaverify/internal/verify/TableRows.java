package io.github.schemaverify.internal.verify;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.internal.catalog.SessionStart;
import io.github.schemaverify.internal.migration.ScriptRunner;
import io.github.schemaverify.internal.verify.failure.RowText;

/**
 * The rows of some tables, each read through a projection (a list of columns), as text: what "the rows survived"
 * means. A table's rows are kept one by one when there are few (so a message can show the row that was lost), and
 * always as a count and an md5 over them in a stable order.
 *
 * <p>An instance remembers what it read, and reads a table again only when a script may have changed it: wrote rows
 * to it, or changed its catalog row (created it again, truncated or altered it), as {@link #changed} is told. So a
 * long walk reads the rows of the few tables each revision touches, not of every table each time.
 */
final class TableRows {
    /** Up to this many rows of a table are kept one by one. */
    static final int KEPT = 200;

    /**
     * One table's rows.
     *
     * @param oid      the table's oid when read (a table dropped and created again has another)
     * @param filenode its file (TRUNCATE and rewrites give it another)
     * @param rows     the rows as text, sorted, or null when there are more than {@link #KEPT}
     * @param parent   whether the table had partitions or inheritance children, whose rows it reads with its own
     */
    record Rows(long oid, long filenode, long count, String hash, List<String> rows, String asWritten, boolean parent) {
        boolean sameAs(Rows other) {
            return count == other.count && hash.equals(other.hash);
        }

        /**
         * Whether these rows, the same as {@code other}'s ({@link #sameAs}), also write their numbers as they did: a
         * {@code numeric} value is compared as a number ({@code 1} and {@code 1.00} are the same row), and this tells
         * the scale it is written with apart.
         */
        boolean writtenAs(Rows other) {
            return asWritten.equals(other.asWritten);
        }

        /**
         * Whether these rows of {@code table}, read later than {@code before}, must equal them: no script wrote rows to
         * the table ({@code written}: their names) and it was not truncated or rewritten in place; a table dropped and
         * created again must keep its rows too, unless rows were written to it.
         */
        boolean mustEqual(Rows before, String table, java.util.Set<String> written) {
            if (written.contains(table)) {
                return false;
            }
            return before.oid != oid || before.filenode == filenode;
        }
    }

    /**
     * A projection of a table: its qualified name and the columns read (in this order), and of those the ones of type
     * {@code numeric}, read as numbers: without the trailing zeros of their scale ({@code trim_scale}), the text an
     * integer of the same value has.
     */
    record Projection(String table, List<String> columns, Set<String> numeric) {
        String key() {
            return table + "(" + String.join(",", columns) + ")";
        }

        // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
        @Override
        public boolean equals(Object other) {
            return other == this || other instanceof Projection o
                    && Objects.equals(table, o.table)
                    && Objects.equals(columns, o.columns)
                    && Objects.equals(numeric, o.numeric);
        }

        @Override
        public int hashCode() {
            return Objects.hash(table, columns, numeric);
        }
    }

    /**
     * The fewest of {@code candidates} without whose values {@code same} holds of two readings of rows (the columns a row
     * trigger set, found by putting each back in turn); empty where it does not hold even without them all, or holds
     * with them.
     */
    static Optional<List<String>> differIn(List<String> candidates, java.util.function.Predicate<List<String>> same) {
        if (candidates.isEmpty() || !same.test(candidates)) {
            return Optional.empty();
        }
        List<String> needed = new ArrayList<>(candidates);
        for (String column : candidates) {
            List<String> fewer = new ArrayList<>(needed);
            fewer.remove(column);
            if (same.test(fewer)) {
                needed = fewer;
            }
        }
        return needed.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(needed));
    }

    /** {@code rows} of {@code p} without the values of {@code columns}, sorted again. */
    static List<String> without(List<String> rows, Projection p, List<String> columns) {
        Set<Integer> positions = new java.util.HashSet<>();
        for (String column : columns) {
            positions.add(p.columns().indexOf(column));
        }
        return rows.stream().map(r -> RowText.without(r, positions)).sorted().toList();
    }

    private final Map<Projection, Rows> known = new HashMap<>();
    private final SessionStart sessionStart;

    /** Rows read as the sessions started, as {@code sessionStart} knows them (the walk reader's: same connections). */
    TableRows(SessionStart sessionStart) {
        this.sessionStart = sessionStart;
    }

    /**
     * What a script did to tables: the rows of those it wrote to or whose catalog row it changed are read again, and of
     * every table with partitions or inheritance children.
     */
    void changed(ScriptRunner.Writes writes) {
        if (!writes.known()) {
            known.clear();
            return;
        }
        // a parent's rows too: a partition detached or dropped, or an inheritance child dropped, takes rows from it and
        // leaves no trace in its catalog rows (pg_inherits' row is gone)
        known.entrySet().removeIf(e -> e.getValue().parent() || writes.written().contains(e.getKey().table())
                || writes.touched().contains(e.getKey().table()));
    }

    /**
     * Forgets every table's rows: after a script that renames an enum's label ({@code RENAME VALUE}), which changes how
     * the rows of every table holding the enum read (in a column of it, an array, a domain or a composite type) and
     * none of their catalog rows.
     */
    void forgetAll() {
        known.clear();
    }

    /** Rows known to be in the tables now (kept when the database was prepared). */
    void remember(Map<Projection, Rows> rows) {
        known.putAll(rows);
    }

    /** The rows of the tables now: remembered ones where no script may have changed them since, the others read. */
    Map<Projection, Rows> read(Connection c, List<Projection> projections) {
        List<Projection> stale = projections.stream().filter(p -> !known.containsKey(p)).toList();
        known.putAll(fetch(c, stale, sessionStart));
        Map<Projection, Rows> out = new LinkedHashMap<>();
        for (Projection p : projections) {
            Rows r = known.get(p);
            if (r != null) {
                out.put(p, r);
            }
        }
        return out;
    }

    /**
     * Reads the tables through their projections in one statement, as the session started ({@code start}); a table that
     * does not exist is left out.
     */
    static Map<Projection, Rows> fetch(Connection c, List<Projection> projections, SessionStart start) {
        try {
            return fetch(c, projections, start, true);
        } catch (SchemaVerifyException e) {
            if (!undefinedFunction(e) || projections.size() == 1 && projections.get(0).numeric().isEmpty()) {
                throw e;
            }
        }
        // a column a projection took for numeric is not (a difference the settings ignore): that table's rows as written,
        // the others' as numbers still
        Map<Projection, Rows> out = new LinkedHashMap<>();
        for (Projection p : projections) {
            try {
                out.putAll(fetch(c, List.of(p), start, true));
            } catch (SchemaVerifyException e) {
                if (!undefinedFunction(e)) {
                    throw e;
                }
                out.putAll(fetch(c, List.of(p), start, false));
            }
        }
        return out;
    }

    private static boolean undefinedFunction(SchemaVerifyException e) {
        return e.getCause() instanceof SQLException q && "42883".equals(q.getSQLState());
    }

    private static Map<Projection, Rows> fetch(Connection c, List<Projection> projections, SessionStart start,
            boolean asNumbers) {
        Map<Projection, Rows> out = new LinkedHashMap<>();
        if (projections.isEmpty()) {
            return out;
        }
        Map<String, Projection> byKey = new HashMap<>();
        StringBuilder sql = new StringBuilder();
        for (Projection p : projections) {
            byKey.put(p.key(), p);
            if (sql.length() > 0) {
                sql.append("\nUNION ALL ");
            }
            String table = quote(p.table());
            List<String> written = new ArrayList<>();
            List<String> read = new ArrayList<>();
            for (String column : p.columns()) {
                String quoted = quoteIdent(column);
                written.add(quoted);
                read.add(asNumbers && p.numeric().contains(column) ? "trim_scale(" + quoted + ")" : quoted);
            }
            boolean numbers = !read.equals(written);
            // quoted in the regclass literals too: unquoted, public.odd.name reads as a name in another database
            sql.append("SELECT ").append(literal(p.key())).append(", ").append(literal(table)).append("::regclass::oid,")
                    .append(" pg_relation_filenode(").append(literal(table)).append("::regclass),")
                    .append(" count(*), coalesce(md5(string_agg(r, E'\\n' ORDER BY r)), ''),")
                    .append(" CASE WHEN count(*) <= ").append(KEPT).append(" THEN array_agg(r ORDER BY r) END, ")
                    .append(numbers ? "coalesce(md5(string_agg(w, E'\\n' ORDER BY w)), '')" : "NULL")
                    .append(", EXISTS (SELECT 1 FROM pg_catalog.pg_inherits WHERE inhparent = ").append(literal(table))
                    .append("::regclass)")
                    .append(" FROM (SELECT ROW(").append(String.join(", ", read)).append(")::text AS r")
                    .append(numbers ? ", ROW(" + String.join(", ", written) + ")::text AS w" : "")
                    .append(" FROM ").append(table).append(") y");
        }
        // rows as text, as the session started: a migration's SET TimeZone must not read as rows changed
        try (Statement st = c.createStatement(); ResultSet rs = start.afterPin(st, sql.toString())) {
            while (rs.next()) {
                Array array = rs.getArray(6);
                List<String> rows = null;
                if (array != null) {
                    rows = new ArrayList<>();
                    for (Object o : (Object[]) array.getArray()) {
                        rows.add(String.valueOf(o));
                    }
                } else if (rs.getLong(4) == 0) {
                    rows = List.of();
                }
                String hash = rs.getString(5);
                String asWritten = rs.getString(7);
                out.put(byKey.get(rs.getString(1)), new Rows(rs.getLong(2), rs.getLong(3), rs.getLong(4), hash, rows,
                        asWritten == null ? hash : asWritten, rs.getBoolean(8)));
            }
        } catch (SQLException e) {
            throw new SchemaVerifyException("Reading the rows of " + projections.size() + " tables failed: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The rows of {@code p}'s table for which {@code condition} (a check constraint's expression on its columns) is false,
     * as {@link #fetch} reads rows (numbers as numbers), as the session started ({@code start}); sorted.
     */
    static List<String> failing(Connection c, Projection p, String condition, SessionStart start) {
        String read = String.join(", ", p.columns().stream().map(column -> p.numeric().contains(column)
                ? "trim_scale(" + quoteIdent(column) + ")" : quoteIdent(column)).toList());
        List<String> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = start.afterPin(st, "SELECT ROW(" + read + ")::text AS r FROM "
                + quote(p.table()) + " WHERE (" + condition + ") IS FALSE ORDER BY r LIMIT " + KEPT)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new SchemaVerifyException("Reading the rows of " + p.table() + " that break " + condition + " failed: "
                    + e.getMessage(), e);
        }
        return rows;
    }

    /** {@code a} with the rows of {@code b} taken out (multiset difference), or null when either is not kept. */
    static List<String> minus(List<String> a, List<String> b) {
        if (a == null || b == null) {
            return null;
        }
        Map<String, Integer> counts = new TreeMap<>();
        b.forEach(r -> counts.merge(r, 1, Integer::sum));
        List<String> out = new ArrayList<>();
        for (String r : a) {
            Integer n = counts.get(r);
            if (n == null || n == 0) {
                out.add(r);
            } else {
                counts.put(r, n - 1);
            }
        }
        return out;
    }

    /** {@code a} and {@code b} together, sorted, or null when either is not kept. */
    static List<String> plus(List<String> a, List<String> b) {
        if (a == null || b == null) {
            return null;
        }
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        Collections.sort(out);
        return out;
    }

    static String quote(String qualified) {
        int dot = qualified.indexOf('.');
        return quoteIdent(qualified.substring(0, dot)) + "." + quoteIdent(qualified.substring(dot + 1));
    }

    static String quoteIdent(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
