package io.github.schemaverify.internal.catalog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The schemas that no snapshot reads (those the {@code schemas} setting leaves out, other than PostgreSQL's and
 * SchemaVerify's own), and their objects listed by name, so that a check can tell what a script created or dropped
 * there; what changed in place there, and rows, do not show in a listing.
 *
 * <p>A listing is a set of lines, each an object's schema, a tab, then its kind and name as {@code pg_identify_object}
 * writes them ({@code audit\ttable audit.log}); {@link #changes} turns two of them into the lines a failure shows.
 */
public final class UnreadSchemas {

    /** The order of a schema's lines: by object, then {@code -} before {@code +} before {@code ~}. */
    public static final Comparator<String> ORDER = Comparator.comparing((String line) -> line.substring(2))
            .thenComparing(Comparator.naturalOrder());

    /**
     * Schemas, relations, routines, types, constraints, triggers, policies, rules, statistics objects and collations.
     * An extension's own objects are left out, and so are the indexes, constraints, triggers, policies and rules of its
     * tables; an identity column's sequence is its table's (snapshots leave it out too), a view's {@code _RETURN} rule
     * its view's, a NOT NULL constraint (PostgreSQL 18 lists them) its column's.
     */
    private static final String LISTING = """
            WITH unread AS (
              SELECT oid, nspname FROM pg_namespace n WHERE %s
            ), members AS (
              SELECT objid FROM pg_depend WHERE classid = 'pg_class'::regclass AND deptype = 'e'
            )
            SELECT x.nspname || chr(9) || i.type || ' ' || i.identity FROM (
              SELECT u.nspname, 'pg_namespace'::regclass AS classid, u.oid AS objid FROM unread u
              UNION ALL SELECT u.nspname, 'pg_class'::regclass, c.oid FROM pg_class c JOIN unread u ON u.oid = c.relnamespace
                  LEFT JOIN pg_index ix ON ix.indexrelid = c.oid
                  WHERE c.relkind <> 't' AND NOT coalesce(ix.indrelid IN (SELECT objid FROM members), false)
                    AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                        AND d.objid = c.oid AND d.deptype = 'i'))
              UNION ALL SELECT u.nspname, 'pg_proc'::regclass, p.oid FROM pg_proc p JOIN unread u ON u.oid = p.pronamespace
              UNION ALL SELECT u.nspname, 'pg_type'::regclass, t.oid FROM pg_type t JOIN unread u ON u.oid = t.typnamespace
                  WHERE t.typtype IN ('d', 'e', 'r', 'm')
              UNION ALL SELECT u.nspname, 'pg_constraint'::regclass, o.oid FROM pg_constraint o JOIN unread u ON u.oid = o.connamespace
                  WHERE o.contype <> 'n' AND o.conrelid NOT IN (SELECT objid FROM members)
              UNION ALL SELECT u.nspname, 'pg_trigger'::regclass, g.oid FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
                  JOIN unread u ON u.oid = c.relnamespace WHERE NOT g.tgisinternal AND g.tgrelid NOT IN (SELECT objid FROM members)
              UNION ALL SELECT u.nspname, 'pg_policy'::regclass, p.oid FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
                  JOIN unread u ON u.oid = c.relnamespace WHERE p.polrelid NOT IN (SELECT objid FROM members)
              UNION ALL SELECT u.nspname, 'pg_rewrite'::regclass, r.oid FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
                  JOIN unread u ON u.oid = c.relnamespace WHERE r.rulename <> '_RETURN' AND r.ev_class NOT IN (SELECT objid FROM members)
              UNION ALL SELECT u.nspname, 'pg_statistic_ext'::regclass, s.oid FROM pg_statistic_ext s
                  JOIN unread u ON u.oid = s.stxnamespace WHERE s.stxrelid NOT IN (SELECT objid FROM members)
              UNION ALL SELECT u.nspname, 'pg_collation'::regclass, o.oid FROM pg_collation o JOIN unread u ON u.oid = o.collnamespace) x
            CROSS JOIN LATERAL pg_identify_object(x.classid, x.objid, 0) i
            WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = x.classid AND d.objid = x.objid AND d.deptype = 'e')
            """;

    private UnreadSchemas() {
    }

    /**
     * An SQL condition, true for a schema that is the user's: neither PostgreSQL's (its catalogs, TOAST and temporary
     * schemas) nor SchemaVerify's. The one list for the DDL log's triggers and for {@link #list}.
     *
     * @param column the SQL expression of the schema's name
     */
    static String userSchema(String column) {
        return column + " NOT IN ('pg_catalog', 'information_schema', 'pg_toast', 'pg_temp', '" + DdlLog.SCHEMA + "')"
                + " AND NOT starts_with(" + column + ", 'pg_temp_') AND NOT starts_with(" + column + ", 'pg_toast_temp_')";
    }

    /**
     * The condition on {@code pg_namespace n} for a schema of the user's that is not {@code read} and not an
     * extension's own.
     */
    private static String other(List<String> read) {
        return "n.nspname <> ALL(" + CatalogReader.textArray(read) + "::text[]) AND " + userSchema("n.nspname")
                + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid"
                + " AND d.deptype = 'e')";
    }

    /** The objects now in the user's schemas that are not {@code read}: the listing {@link #changes} compares. */
    public static Set<String> list(Connection c, List<String> read) throws SQLException {
        Set<String> objects = new HashSet<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(String.format(LISTING, other(read)))) {
            while (rs.next()) {
                objects.add(rs.getString(1));
            }
        }
        return objects;
    }

    /**
     * The schemas {@code read}, then every other schema of the user's that the database has (not an extension's own),
     * in name order: what a check that must see everything compares in full.
     */
    public static List<String> withOthers(Connection c, List<String> read) throws SQLException {
        List<String> all = new ArrayList<>(read);
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT n.nspname FROM pg_namespace n WHERE " + other(read) + " ORDER BY 1")) {
            while (rs.next()) {
                all.add(rs.getString(1));
            }
        }
        return List.copyOf(all);
    }

    /**
     * What differs between two listings, by schema in name order: {@code + table audit.log} only in {@code after},
     * {@code - ...} only in {@code before}, each schema's lines in {@link #ORDER}.
     */
    public static Map<String, List<String>> changes(Set<String> before, Set<String> after) {
        Map<String, List<String>> changed = new TreeMap<>();
        for (String o : after) {
            if (!before.contains(o)) {
                add(changed, "+ ", o);
            }
        }
        for (String o : before) {
            if (!after.contains(o)) {
                add(changed, "- ", o);
            }
        }
        changed.values().forEach(lines -> lines.sort(ORDER));
        return changed;
    }

    private static void add(Map<String, List<String>> changed, String marker, String listed) {
        int tab = listed.indexOf('\t');
        changed.computeIfAbsent(listed.substring(0, tab), s -> new ArrayList<>()).add(marker + listed.substring(tab + 1));
    }
}
