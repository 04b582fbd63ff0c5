package io.github.schemaverify.internal.verify;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.internal.catalog.SessionStart;

/**
 * Row count and a content hash per table: what "the data is unchanged" means; and a hash per column, to tell which
 * columns' values changed where the count did not.
 */
public final class DataFingerprint {

    /**
     * One table's data: its row count, an md5 over its rows in a stable order, and by column a digest of that column's
     * values whatever their order (the values it holds, whichever rows hold them: their count and the sum of their
     * hashes).
     */
    public record TableData(long rows, String hash, Map<String, String> columns) {
        public TableData {
            columns = Map.copyOf(columns);
        }

        public TableData(long rows, String hash) {
            this(rows, hash, Map.of());
        }

        @Override
        public String toString() {
            return rows + (rows == 1 ? " row" : " rows");
        }
    }

    /** How a table's data changed. */
    public enum Kind {
        /** More rows than before. */
        ADDED,
        /** Fewer rows than before, or the table is gone. */
        REMOVED,
        /** As many rows as before, with other content. */
        CHANGED
    }

    /**
     * A table whose data changed: how, the line that says it ({@code ~ table public.tenants: rows was 1, is 2}), and for
     * {@link Kind#CHANGED} the columns whose values changed, where the hashes by column tell (else none).
     */
    public record Change(String table, Kind kind, String line, List<String> columns) {
        public Change {
            columns = List.copyOf(columns);
        }

        /** The table's name without its schema. */
        public String name() {
            return table.substring(table.indexOf('.') + 1);
        }
    }

    private DataFingerprint() {
    }

    /**
     * Fingerprints every table of the schema, its rows read as the session started ({@code start}: that of the reader
     * that read the schema), each column too; a partitioned table's rows count once, through the parent.
     */
    public static Map<String, TableData> of(Connection c, io.github.schemaverify.schema.SchemaSnapshot schema,
            SessionStart start) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        schema.tables().stream().filter(t -> t.partitionOf().isEmpty()).forEach(t -> tables.put(t.qualifiedName(),
                t.columns().stream().map(io.github.schemaverify.schema.Column::name).toList()));
        return of(c, tables, start);
    }

    /** Fingerprints the given tables (qualified names), in one statement. */
    public static Map<String, TableData> of(Connection c, Collection<String> tables, SessionStart start) {
        Map<String, List<String>> none = new LinkedHashMap<>();
        tables.forEach(t -> none.put(t, List.of()));
        return of(c, none, start);
    }

    /** Fingerprints the given tables (qualified names) and their columns, in one statement. */
    private static Map<String, TableData> of(Connection c, Map<String, List<String>> tables, SessionStart start) {
        Map<String, TableData> out = new TreeMap<>();
        if (tables.isEmpty()) {
            return out;
        }
        StringBuilder sql = new StringBuilder();
        for (Map.Entry<String, List<String>> table : tables.entrySet()) {
            if (sql.length() > 0) {
                sql.append(" UNION ALL ");
            }
            String quoted = TableRows.quote(table.getKey());
            sql.append("SELECT '").append(table.getKey().replace("'", "''")).append("', count(*), coalesce(md5(string_agg(x::text, E'\\n' ORDER BY x::text)), ''), ARRAY[");
            List<String> columns = table.getValue();
            for (int i = 0; i < columns.size(); i++) {
                // the count of its values and the sum of their 64-bit hashes: the same for the same values in any order,
                // read in the scan the rows' hash makes (FingerprintBenchmark, 200,000 rows of 8 columns: 1.4x to 2.3x the
                // rows' hash alone, where an md5 per column over its values sorted took 2.6x to 2.9x); a NULL is no value
                // at all, left out of both; the text's bytes hashed (COLLATE "C"): under a nondeterministic collation the
                // hash is the sort key's, and 'Ann' made 'ann' would not change it
                String column = "x.\"" + columns.get(i).replace("\"", "\"\"") + "\"";
                sql.append(i == 0 ? "" : ", ").append("count(").append(column).append(") || ':' || coalesce(sum(hashtextextended(")
                        .append(column).append("::text COLLATE \"C\", 0)), 0)");
            }
            sql.append("]::text[] FROM ").append(quoted).append(" x");
        }
        // rows as text, as the session started: a script's SET TimeZone must not read as data changed
        try (Statement st = c.createStatement(); ResultSet rs = start.afterPin(st, sql.toString())) {
            while (rs.next()) {
                String table = rs.getString(1);
                List<String> columns = tables.get(table);
                String[] hashes = (String[]) rs.getArray(4).getArray();
                Map<String, String> byColumn = new LinkedHashMap<>();
                for (int i = 0; i < columns.size() && i < hashes.length; i++) {
                    byColumn.put(columns.get(i), hashes[i]);
                }
                out.put(table, new TableData(rs.getLong(2), rs.getString(3), byColumn));
            }
        } catch (SQLException e) {
            throw new SchemaVerifyException("Reading the data of " + tables.size() + " tables failed: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The tables that differ, each with a line such as {@code ~ table public.tenants: rows was 1, is 2} or {@code ~ table
     * public.tokens: 1 row, but the values of refreshed_at changed}.
     */
    public static List<Change> differences(Map<String, TableData> before, Map<String, TableData> after) {
        List<Change> out = new ArrayList<>();
        for (Map.Entry<String, TableData> e : before.entrySet()) {
            String table = e.getKey();
            TableData was = e.getValue();
            TableData now = after.get(table);
            if (now == null) {
                out.add(new Change(table, Kind.REMOVED, "~ table " + table + ": was " + was + ", is gone", List.of()));
            } else if (now.rows() != was.rows()) {
                out.add(new Change(table, now.rows() > was.rows() ? Kind.ADDED : Kind.REMOVED, "~ table " + table
                        + ": rows was " + was.rows() + ", is " + now.rows(), List.of()));
            } else if (!now.hash().equals(was.hash())) {
                List<String> columns = was.columns().keySet().stream().filter(now.columns()::containsKey)
                        .filter(col -> !was.columns().get(col).equals(now.columns().get(col))).toList();
                out.add(new Change(table, Kind.CHANGED, "~ table " + table + ": " + now + ", but " + (columns.isEmpty()
                        ? "their content changed" : "the values of " + String.join(", ", columns) + " changed"), columns));
            }
        }
        return out;
    }
}
