package io.github.schemaverify.internal.verify;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.internal.catalog.SessionStart;
import io.github.schemaverify.internal.verify.failure.ShouldKeepSequencesAhead;

/**
 * Where the sequences of the schemas read stand, and the columns each one feeds: what "the next insert takes a value no
 * row holds" needs. A column is fed by a sequence when its default calls {@code nextval} on it (a {@code serial}
 * column) or when the sequence is its identity sequence; only integer and numeric columns of tables count.
 *
 * <p>A reading is one statement over {@code pg_sequence}; the rows of a column are looked at only for the sequences a
 * script made anew, moved back or gave a column to ({@link #behind}), so a walk pays for the others' positions alone.
 */
final class Sequences {
    /** A column a sequence feeds: {@code schema.table.column}, and the table and column quoted for SQL. */
    record Fed(String name, String table, String column) {
        // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
        @Override
        public boolean equals(Object other) {
            return other == this || other instanceof Fed o && name.equals(o.name) && table.equals(o.table)
                    && column.equals(o.column);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, table, column);
        }
    }

    /**
     * One sequence where it stands.
     *
     * @param next      the value {@code nextval} returns next (its start when never called); null when the walk's role
     *                  may not read it
     * @param ascending whether its increment is positive
     * @param quoted    its name quoted for SQL
     */
    record Position(long oid, String name, String quoted, BigDecimal next, boolean ascending, List<Fed> feeds) {
        /** Whether it stands before {@code earlier} did: it hands out again values it handed out. */
        boolean behind(Position earlier) {
            return next != null && earlier.next != null && (ascending ? next.compareTo(earlier.next) < 0
                    : next.compareTo(earlier.next) > 0);
        }
    }

    private static final String READ = "SELECT s.seqrelid, sn.nspname || '.' || sc.relname,"
            + " quote_ident(sn.nspname) || '.' || quote_ident(sc.relname), s.seqincrement > 0,"
            // pg_sequence_last_value is null before the first nextval (and for another role's sequence it fails)
            + " CASE WHEN has_sequence_privilege(s.seqrelid, 'SELECT, USAGE') THEN coalesce(pg_sequence_last_value(s.seqrelid)"
            + "   ::numeric + s.seqincrement, s.seqstart::numeric) END,"
            + " ARRAY(SELECT tn.nspname || '.' || tc.relname || '.' || a.attname || E'\\t' || quote_ident(tn.nspname) || '.'"
            + "     || quote_ident(tc.relname) || E'\\t' || quote_ident(a.attname)"
            + "   FROM (SELECT ad.adrelid AS rel, ad.adnum AS num FROM pg_depend d JOIN pg_attrdef ad ON ad.oid = d.objid"
            + "       WHERE d.classid = 'pg_attrdef'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = s.seqrelid"
            + "     UNION SELECT d.refobjid, d.refobjsubid FROM pg_depend d WHERE d.classid = 'pg_class'::regclass"
            + "       AND d.objid = s.seqrelid AND d.deptype = 'i' AND d.refobjsubid > 0) f"
            + "   JOIN pg_class tc ON tc.oid = f.rel JOIN pg_namespace tn ON tn.oid = tc.relnamespace"
            + "   JOIN pg_attribute a ON a.attrelid = f.rel AND a.attnum = f.num"
            + "   WHERE tc.relkind IN ('r', 'p') AND NOT tc.relispartition"
            + "     AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype, 'numeric'::regtype) ORDER BY 1)"
            + " FROM pg_sequence s JOIN pg_class sc ON sc.oid = s.seqrelid JOIN pg_namespace sn ON sn.oid = sc.relnamespace"
            + " WHERE sn.nspname = ANY(";

    private Sequences() {
    }

    /**
     * The sequences of {@code schemas} now, by name, read as the session started ({@code start}: a migration's {@code SET
     * ROLE} or {@code search_path} left on the connection changes nothing here).
     */
    static Map<String, Position> read(Connection c, List<String> schemas, SessionStart start) {
        Map<String, Position> out = new HashMap<>();
        StringBuilder names = new StringBuilder("ARRAY[");
        for (int k = 0; k < schemas.size(); k++) {
            names.append(k == 0 ? "" : ", ").append(TableRows.literal(schemas.get(k)));
        }
        String sql = READ + names + "]::text[])";
        try (Statement st = c.createStatement(); ResultSet rs = start.afterPin(st, sql)) {
            while (rs.next()) {
                List<Fed> feeds = new ArrayList<>();
                for (Object o : (Object[]) rs.getArray(6).getArray()) {
                    String[] parts = ((String) o).split("\t", 3);
                    feeds.add(new Fed(parts[0], parts[1], parts[2]));
                }
                out.put(rs.getString(2), new Position(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(5),
                        rs.getBoolean(4), List.copyOf(feeds)));
            }
        } catch (SQLException e) {
            throw new SchemaVerifyException("Reading where the sequences stand failed: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The columns whose next value from their sequence some row already holds, among those a script changed since
     * {@code earlier}: a sequence it created (or dropped and created again), moved back ({@code RESTART}, {@code
     * setval}), or gave a column it did not feed then. Columns whose sequence did not change since are not looked at:
     * their rows (a fixture's own keys) are not the script's doing; nor are those fed as they were before the revision
     * ({@code before}), by the same sequence, not moved back: an undo that puts back what was there then is not at
     * fault for where it stood.
     */
    static List<ShouldKeepSequencesAhead.Behind> behind(Connection c, SessionStart start, Map<String, Position> before,
            Map<String, Position> earlier, Map<String, Position> now) {
        Map<String, Position> fedBy = new LinkedHashMap<>();
        Map<String, Fed> columns = new LinkedHashMap<>();
        now.values().stream().sorted(java.util.Comparator.comparing(Position::name)).forEach(s -> {
            if (s.next() == null) {
                return;
            }
            Position was = earlier.get(s.name());
            Position then = before.get(s.name());
            boolean changed = was == null || was.oid() != s.oid() || s.behind(was);
            boolean asBefore = then != null && then.oid() == s.oid() && !s.behind(then);
            for (Fed f : s.feeds()) {
                if ((changed || !was.feeds().contains(f)) && !(asBefore && then.feeds().contains(f))) {
                    fedBy.putIfAbsent(f.name(), s);
                    columns.putIfAbsent(f.name(), f);
                }
            }
        });
        if (columns.isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder();
        List<String> names = new ArrayList<>(columns.keySet());
        for (int k = 0; k < names.size(); k++) {
            Fed f = columns.get(names.get(k));
            sql.append(k == 0 ? "" : " UNION ALL ").append("SELECT ").append(k).append(", ")
                    .append(fedBy.get(f.name()).ascending() ? "max(" : "min(").append(f.column()).append(")::numeric FROM ")
                    .append(f.table());
        }
        List<ShouldKeepSequencesAhead.Behind> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = start.afterPin(st, sql.toString())) {
            while (rs.next()) {
                BigDecimal held = rs.getBigDecimal(2);
                Fed f = columns.get(names.get(rs.getInt(1)));
                Position s = fedBy.get(f.name());
                if (held != null && (s.ascending() ? s.next().compareTo(held) <= 0 : s.next().compareTo(held) >= 0)) {
                    Position was = earlier.get(s.name());
                    out.add(new ShouldKeepSequencesAhead.Behind(s.name(), s.quoted(), f.name(), f.table(), f.column(),
                            s.ascending(), s.next().toPlainString(), held.toPlainString(),
                            was == null || was.oid() != s.oid() ? ShouldKeepSequencesAhead.How.NEW
                                    : s.behind(was) ? ShouldKeepSequencesAhead.How.MOVED_BACK : ShouldKeepSequencesAhead.How.FEEDS));
                }
            }
        } catch (SQLException e) {
            throw new SchemaVerifyException("Reading the values the rows hold of " + names + " failed: " + e.getMessage(), e);
        }
        out.sort(java.util.Comparator.comparing(ShouldKeepSequencesAhead.Behind::column));
        return out;
    }
}
