package io.github.schemaverify.internal.verify;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.internal.catalog.SessionStart;

/** Row count and a content hash per table: what "the data is unchanged" means. */
public final class DataFingerprint {

    /** One table's data: its row count and an md5 over its rows in a stable order. */
    public record TableData(long rows, String hash) {
        @Override
        public String toString() {
            return rows + (rows == 1 ? " row" : " rows");
        }
    }

    private DataFingerprint() {
    }

    /**
     * Fingerprints every table of the schema, its rows read as the session started ({@code start}: that of the reader
     * that read the schema); a partitioned table's rows count once, through the parent.
     */
    public static Map<String, TableData> of(Connection c, io.github.schemaverify.schema.SchemaSnapshot schema,
            SessionStart start) {
        return of(c, schema.tables().stream().filter(t -> t.partitionOf().isEmpty())
                .map(io.github.schemaverify.schema.Table::qualifiedName).toList(), start);
    }

    /** Fingerprints the given tables (qualified names), in one statement. */
    public static Map<String, TableData> of(Connection c, Collection<String> tables, SessionStart start) {
        Map<String, TableData> out = new TreeMap<>();
        if (tables.isEmpty()) {
            return out;
        }
        StringBuilder sql = new StringBuilder();
        for (String table : tables) {
            if (sql.length() > 0) {
                sql.append(" UNION ALL ");
            }
            String quoted = quote(table);
            sql.append("SELECT '").append(table.replace("'", "''")).append("', count(*), coalesce(md5(string_agg(x::text, E'\\n' ORDER BY x::text)), '')")
                    .append(" FROM ").append(quoted).append(" x");
        }
        // rows as text, as the session started: a script's SET TimeZone must not read as data changed
        try (Statement st = c.createStatement(); ResultSet rs = start.afterPin(st, sql.toString())) {
            while (rs.next()) {
                out.put(rs.getString(1), new TableData(rs.getLong(2), rs.getString(3)));
            }
        } catch (SQLException e) {
            throw new SchemaVerifyException("Reading the data of " + tables.size() + " tables failed: " + e.getMessage(), e);
        }
        return out;
    }

    /** Lines such as {@code ~ table public.tenants: 3 rows, was 3 rows with other content} for tables that differ. */
    public static Map<String, String> differences(Map<String, TableData> before, Map<String, TableData> after) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, TableData> e : before.entrySet()) {
            TableData now = after.get(e.getKey());
            if (now == null) {
                out.put(e.getKey(), "~ table " + e.getKey() + ": was " + e.getValue() + ", is gone");
            } else if (now.rows() != e.getValue().rows()) {
                out.put(e.getKey(), "~ table " + e.getKey() + ": rows was " + e.getValue().rows() + ", is " + now.rows());
            } else if (!now.hash().equals(e.getValue().hash())) {
                out.put(e.getKey(), "~ table " + e.getKey() + ": " + now + ", but their content changed");
            }
        }
        return out;
    }

    static String quote(String qualified) {
        int dot = qualified.indexOf('.');
        return "\"" + qualified.substring(0, dot).replace("\"", "\"\"") + "\".\"" + qualified.substring(dot + 1).replace("\"", "\"\"") + "\"";
    }
}
