package io.github.schemaverify.internal.locks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.schemaverify.locks.LockMode;

/**
 * What the migration's own session sees at one point of a revision, read in one round trip on that session (inside
 * its transaction when there is one): the relations of the migrations' schemas with their TOAST tables and indexes
 * (file node, owner, sequential scans so far, validity), the relation locks the session holds, and its
 * {@code lock_timeout}. Comparing two points tells what a statement locked, rewrote, created and scanned.
 *
 * @param relations   by oid
 * @param locks       the locks the session holds, by relation oid (relations it dropped keep their oid here)
 * @param lockTimeout the session's {@code lock_timeout}
 */
record Point(Map<Long, Relation> relations, Map<Long, Set<LockMode>> locks, Duration lockTimeout) {

    /**
     * One relation.
     *
     * @param kind     {@code pg_class.relkind}: {@code r} table, {@code p} partitioned table, {@code m} materialized view,
     *                 {@code i}/{@code I} index, {@code t} TOAST table, {@code S} sequence
     * @param name     as reports name it: {@code documents}, {@code app.documents}, {@code documents (toast)},
     *                 {@code documents (toast index)}
     * @param qualified quoted and schema-qualified, for SQL (a TOAST relation: its owner's)
     * @param table    the oid of the table it belongs to (itself for a table, the indexed table, a TOAST table's owner)
     * @param scans    sequential scans of it counted so far ({@code pg_stat_get_xact_numscans} in a transaction)
     * @param valid    for an index: {@code pg_index.indisvalid}; else true
     * @param toast    whether it is a TOAST table or the index of one
     * @param changes  rows inserted and deleted so far ({@code pg_stat_get_xact_tuples_inserted} and {@code _deleted})
     */
    record Relation(long oid, long fileNode, char kind, String name, String qualified, long table, long scans, boolean valid,
            boolean toast, long changes) {

        boolean isTable() {
            return kind == 'r' || kind == 'p' || kind == 'm';
        }

        boolean isIndex() {
            return kind == 'i' || kind == 'I';
        }
    }

    /** The three queries of a point, in one text; the schemas as an array literal. */
    private static String query(List<String> schemas) {
        String array = "ARRAY[" + schemas.stream().map(s -> "'" + s.replace("'", "''") + "'").collect(Collectors.joining(", "))
                + "]::name[]";
        return "WITH own AS (SELECT c.oid, c.relkind, n.nspname, c.relname, c.reltoastrelid, c.oid AS tbl"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ANY(" + array + ") AND c.relkind IN ('r', 'p', 'm', 'S')),"
                + " rels AS (SELECT oid, relkind, nspname, relname, '' AS suffix, tbl FROM own"
                + " UNION ALL SELECT i.indexrelid, x.relkind, o.nspname, x.relname, '', o.oid FROM own o"
                + "   JOIN pg_index i ON i.indrelid = o.oid JOIN pg_class x ON x.oid = i.indexrelid"
                + " UNION ALL SELECT o.reltoastrelid, 't', o.nspname, o.relname, ' (toast)', o.oid FROM own o WHERE o.reltoastrelid <> 0"
                + " UNION ALL SELECT i.indexrelid, 'i', o.nspname, o.relname, ' (toast index)', o.oid FROM own o"
                + "   JOIN pg_index i ON i.indrelid = o.reltoastrelid WHERE o.reltoastrelid <> 0)"
                + " SELECT r.oid, coalesce(pg_relation_filenode(r.oid), 0), r.relkind, r.nspname, r.relname, r.suffix, r.tbl,"
                + " coalesce(pg_stat_get_xact_numscans(r.oid), 0), coalesce(ix.indisvalid, true),"
                + " coalesce(pg_stat_get_xact_tuples_inserted(r.oid) + pg_stat_get_xact_tuples_deleted(r.oid), 0)"
                + " FROM rels r LEFT JOIN pg_index ix ON ix.indexrelid = r.oid;\n"
                + "SELECT relation, mode FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation' AND granted"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database());\n"
                + "SELECT CASE WHEN current_setting('lock_timeout') ~ '^[0-9]+$' THEN current_setting('lock_timeout')::bigint"
                + " ELSE (extract(epoch FROM current_setting('lock_timeout')::interval) * 1000)::bigint END";
    }

    /**
     * Reads points on one session with its queries prepared once on the server: planning the catalog query costs more
     * than running it, and a profile reads a point after every statement. (The session's pgjdbc must not drop prepared
     * statements on DDL: {@code flushCacheOnDdl=false}; the queries have no parameters, so their plan is generic.)
     */
    static final class Reader implements AutoCloseable {
        private final PreparedStatement statement;

        Reader(Connection c, List<String> schemas) throws SQLException {
            this.statement = c.prepareStatement(query(schemas));
            statement.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(1);
        }

        Point read() throws SQLException {
            return Point.read(statement);
        }

        @Override
        public void close() throws SQLException {
            statement.close();
        }
    }

    /** Reads the point on the migration's session (unprepared). */
    static Point read(Connection c, List<String> schemas) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(query(schemas))) {
            return read(st);
        }
    }

    private static Point read(PreparedStatement st) throws SQLException {
        Map<Long, Relation> relations = new HashMap<>();
        Map<Long, Set<LockMode>> locks = new HashMap<>();
        long timeout;
        {
            st.execute();
            try (ResultSet rs = st.getResultSet()) {
                while (rs.next()) {
                    String schema = rs.getString(4);
                    String relname = rs.getString(5);
                    String suffix = rs.getString(6);
                    String shown = (schema.equals("public") ? "" : schema + ".") + relname + suffix;
                    Relation r = new Relation(rs.getLong(1), rs.getLong(2), rs.getString(3).charAt(0), shown,
                            quote(schema) + "." + quote(relname), rs.getLong(7), rs.getLong(8), rs.getBoolean(9),
                            !suffix.isEmpty(), rs.getLong(10));
                    relations.put(r.oid(), r);
                }
            }
            st.getMoreResults();
            try (ResultSet rs = st.getResultSet()) {
                while (rs.next()) {
                    try {
                        locks.computeIfAbsent(rs.getLong(1), k -> EnumSet.noneOf(LockMode.class))
                                .add(LockMode.ofPgLocks(rs.getString(2)));
                    } catch (IllegalArgumentException e) {
                        // not a table-level mode (none are, on relations): nothing to report
                    }
                }
            }
            st.getMoreResults();
            try (ResultSet rs = st.getResultSet()) {
                rs.next();
                timeout = rs.getLong(1);
            }
        }
        return new Point(relations, locks, Duration.ofMillis(timeout));
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** The tables (tables, partitioned tables, materialized views) of the point. */
    List<Relation> tables() {
        return relations.values().stream().filter(Relation::isTable).toList();
    }
}
