package io.github.schemaverify.internal.verify;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.internal.catalog.CatalogReader;
import io.github.schemaverify.internal.catalog.SessionStart;
import io.github.schemaverify.internal.verify.failure.ShouldKeepSequencesAhead;
import io.github.schemaverify.schema.Column;
import io.github.schemaverify.schema.Identity;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.Table;

/**
 * Where the sequences stand and the columns each one feeds: what "the next insert takes a value no row holds" needs.
 * A column is fed by a sequence when its default calls {@code nextval} on it (a {@code serial} column) or when the
 * sequence is its identity sequence; only integer and numeric columns of tables (not partitions: their parent's rows
 * hold theirs) count.
 *
 * <p>A reading is one statement over {@code pg_sequence}, by oid alone (names cost a lookup per sequence); which columns
 * a sequence feeds comes from the snapshot of the same moment. Names, and the rows of a column, are looked up only for
 * what a script changed ({@link #behind}), which few revisions do.
 */
final class Sequences {
    /**
     * One sequence where it stands.
     *
     * @param next      the value {@code nextval} returns next (its start when never called); null when the walk's role
     *                  may not read it
     * @param ascending whether its increment is positive
     */
    record Position(BigDecimal next, boolean ascending) {
        /** Whether it stands before {@code earlier} did: it hands out again values it handed out. */
        boolean behind(Position earlier) {
            return next != null && earlier.next != null && (ascending ? next.compareTo(earlier.next) < 0
                    : next.compareTo(earlier.next) > 0);
        }
    }

    /** The sequences at one moment, by oid, and the snapshot read at the same moment. */
    static final class State {
        private final Map<Long, Position> positions;
        private final SchemaSnapshot snapshot;
        private Map<String, Table> tables;

        State(Map<Long, Position> positions, SchemaSnapshot snapshot) {
            this.positions = positions;
            this.snapshot = snapshot;
        }

        Map<Long, Position> positions() {
            return positions;
        }

        SchemaSnapshot snapshot() {
            return snapshot;
        }

        /** The snapshot's table named {@code schema.name}, looked up in a map built once (the walk asks often). */
        Optional<Table> table(String qualifiedName) {
            if (tables == null) {
                Map<String, Table> byName = new HashMap<>();
                snapshot.tables().forEach(t -> byName.put(t.qualifiedName(), t));
                tables = byName;
            }
            return Optional.ofNullable(tables.get(qualifiedName));
        }
    }

    // by oid alone, prepared once per connection, as the role the session is now (a migration's SET ROLE): another
    // role's sequence reads as null and is left out. Names are looked up only where something changed (names)
    private static final String READ = "SELECT seqrelid, seqincrement > 0,"
            // pg_sequence_last_value is null before the first nextval (and for another role's sequence it fails)
            + " CASE WHEN has_sequence_privilege(seqrelid, 'SELECT, USAGE') THEN coalesce(pg_sequence_last_value(seqrelid)"
            + "::numeric + seqincrement, seqstart::numeric) END FROM pg_sequence";

    /** The names of the sequences, qualified on an empty search path (set before it in the same transaction). */
    private static final String NAMES = "SELECT set_config('search_path', '', true);\n"
            + "SELECT seqrelid, seqrelid::regclass::text FROM pg_sequence";

    /** {@code nextval('app.orders_id_seq'::regclass)} as a default reads: the name as a string literal's content. */
    private static final Pattern NEXTVAL = Pattern.compile("nextval\\('((?:[^']|'')+)'::regclass\\)");

    private static final Set<String> NUMBERS = Set.of("smallint", "integer", "bigint", "numeric");

    private Sequences() {
    }

    /**
     * Where the sequences stand now, with {@code snapshot}, read at the same moment: numbers alone, which no setting of
     * the session writes otherwise (the session's role decides which sequences it may read; the others are left out).
     */
    static State read(Connection c, SchemaSnapshot snapshot) {
        Map<Long, Position> positions = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(READ); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                positions.put(rs.getLong(1), new Position(rs.getBigDecimal(3), rs.getBoolean(2)));
            }
        } catch (SQLException e) {
            throw new SchemaVerifyException("Reading where the sequences stand failed: " + e.getMessage(), e);
        }
        return new State(positions, snapshot);
    }

    /** The oids of the sequences now, by {@code schema.name}, read as the session started ({@code start}). */
    private static Map<String, Long> names(Connection c, SessionStart start) {
        Map<String, Long> out = new HashMap<>();
        try (Statement st = c.createStatement()) {
            start.afterPin(st, NAMES).close(); // the search path's row
            if (!st.getMoreResults()) {
                throw new SQLException("no rows after the search path was set");
            }
            try (ResultSet rs = st.getResultSet()) {
                while (rs.next()) {
                    out.put(qualified(rs.getString(2)), rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new SchemaVerifyException("Reading the names of the sequences failed: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The sequence that feeds {@code col} of {@code t} ({@code schema.name}), by its identity or its default, or null.
     */
    static String fedBy(Table t, Column col) {
        if (!t.partitionOf().isEmpty()) {
            return null;
        }
        String type = col.type();
        int paren = type.indexOf('(');
        if (!NUMBERS.contains(paren < 0 ? type : type.substring(0, paren))) {
            return null;
        }
        if (col.identity() != Identity.NONE) {
            return t.schema() + "." + (col.identitySequence().isEmpty()
                    ? CatalogReader.defaultSequenceName(t.name(), col.name()) : col.identitySequence());
        }
        Matcher m = NEXTVAL.matcher(col.defaultValue());
        return m.find() ? qualified(m.group(1).replace("''", "'")) : null;
    }

    /**
     * {@code schema.name} of a sequence as a snapshot's default or {@code regclass} names it: qualified unless in {@code
     * public} (the snapshot's search path), each part quoted where it must be.
     */
    static String qualified(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int k = 0; k < text.length(); k++) {
            char ch = text.charAt(k);
            if (ch == '"') {
                if (quoted && k + 1 < text.length() && text.charAt(k + 1) == '"') {
                    part.append('"');
                    k++;
                } else {
                    quoted = !quoted;
                }
            } else if (ch == '.' && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(ch);
            }
        }
        parts.add(part.toString());
        return parts.size() == 1 ? "public." + parts.get(0) : parts.get(parts.size() - 2) + "." + parts.get(parts.size() - 1);
    }

    /** A column a sequence feeds, with the sequence's name. */
    private record Fed(Table table, Column column, String sequence) {
        String name() {
            return table.qualifiedName() + "." + column.name();
        }
    }

    /**
     * The columns whose next value from their sequence some row already holds, among those a script changed since
     * {@code earlier}: a sequence it created (or dropped and created again), moved back ({@code RESTART}, {@code
     * setval}), or gave a column it did not feed then. Columns whose sequence did not change since are not looked at:
     * their rows (a fixture's own keys) are not the script's doing; nor are those fed as they were before the revision
     * ({@code before}), by the same sequence, not moved back: an undo that puts back what was there then is not at
     * fault for where it stood; nor the columns of {@code leftOut}, tables a fixture wrote to since, nor of tables
     * created since that the script wrote no row to ({@code wrote}: the tables it wrote to, null when not known).
     */
    static List<ShouldKeepSequencesAhead.Behind> behind(Connection c, SessionStart start, State before, State earlier,
            State now, Set<String> leftOut, Set<String> wrote) {
        List<Long> changed = new ArrayList<>();
        now.positions().forEach((oid, p) -> {
            Position was = earlier.positions().get(oid);
            if (p.next() != null && (was == null || p.behind(was))) {
                changed.add(oid);
            }
        });
        // columns fed otherwise than before: only in tables whose reading changed
        List<Fed> fedAnew = new ArrayList<>();
        for (Table t : now.snapshot().tables()) {
            Optional<Table> old = earlier.table(t.qualifiedName());
            if (old.isPresent() && old.get().equals(t)) {
                continue;
            }
            for (Column col : t.columns()) {
                String sequence = fedBy(t, col);
                if (sequence != null && !sequence.equals(old.flatMap(o -> o.column(col.name())).map(o -> fedBy(old.get(), o))
                        .orElse(null))) {
                    fedAnew.add(new Fed(t, col, sequence));
                }
            }
        }
        if (changed.isEmpty() && fedAnew.isEmpty()) {
            return List.of();
        }
        Map<String, Fed> columns = new TreeMap<>();
        fedAnew.forEach(f -> columns.put(f.name(), f));
        if (!changed.isEmpty()) {
            for (Table t : now.snapshot().tables()) {
                for (Column col : t.columns()) {
                    String sequence = fedBy(t, col);
                    if (sequence != null) {
                        columns.putIfAbsent(t.qualifiedName() + "." + col.name(), new Fed(t, col, sequence));
                    }
                }
            }
        }
        columns.keySet().removeIf(k -> {
            String table = columns.get(k).table().qualifiedName();
            // a table created since holds only the rows the script wrote to it
            return leftOut.contains(table) || wrote != null && !wrote.contains(table) && earlier.table(table).isEmpty();
        });
        if (columns.isEmpty()) {
            return List.of();
        }
        Map<String, Long> oids = names(c, start);
        List<Fed> candidates = new ArrayList<>();
        for (Fed f : columns.values()) {
            Long oid = oids.get(f.sequence());
            Position p = oid == null ? null : now.positions().get(oid);
            if (p == null || p.next() == null || !(changed.contains(oid) || fedAnew.contains(f))) {
                continue;
            }
            Position then = before.positions().get(oid);
            boolean asBefore = then != null && !p.behind(then) && before.table(f.table().qualifiedName())
                    .flatMap(t -> t.column(f.column().name()).map(o -> f.sequence().equals(fedBy(t, o)))).orElse(false);
            if (!asBefore) {
                candidates.add(f);
            }
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder();
        for (int k = 0; k < candidates.size(); k++) {
            Fed f = candidates.get(k);
            Position p = now.positions().get(oids.get(f.sequence()));
            sql.append(k == 0 ? "" : "\nUNION ALL ").append("SELECT ").append(k).append(", ")
                    .append(p.ascending() ? "max(" : "min(").append(TableRows.quoteIdent(f.column().name())).append(")::numeric,")
                    // as PostgreSQL quotes them, for the statement the failure gives
                    .append(" quote_ident(").append(TableRows.literal(f.table().schema())).append(") || '.' || quote_ident(")
                    .append(TableRows.literal(f.table().name())).append("), quote_ident(")
                    .append(TableRows.literal(f.column().name())).append("), ").append(quoted(f.sequence()))
                    .append(" FROM ").append(TableRows.quote(f.table().qualifiedName()));
        }
        List<ShouldKeepSequencesAhead.Behind> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = start.afterPin(st, sql.toString())) {
            while (rs.next()) {
                BigDecimal held = rs.getBigDecimal(2);
                Fed f = candidates.get(rs.getInt(1));
                long oid = oids.get(f.sequence());
                Position p = now.positions().get(oid);
                if (held != null && (p.ascending() ? p.next().compareTo(held) <= 0 : p.next().compareTo(held) >= 0)) {
                    Position was = earlier.positions().get(oid);
                    out.add(new ShouldKeepSequencesAhead.Behind(f.sequence(), rs.getString(5), f.name(), rs.getString(3),
                            rs.getString(4), p.ascending(), p.next().toPlainString(), held.toPlainString(),
                            was == null ? ShouldKeepSequencesAhead.How.NEW
                                    : p.behind(was) ? ShouldKeepSequencesAhead.How.MOVED_BACK : ShouldKeepSequencesAhead.How.FEEDS));
                }
            }
        } catch (SQLException e) {
            throw new SchemaVerifyException("Reading the values the rows hold of " + candidates.stream().map(Fed::name).toList()
                    + " failed: " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(ShouldKeepSequencesAhead.Behind::column));
        return out;
    }

    /** {@code quote_ident(schema) || '.' || quote_ident(name)} of {@code schema.name}. */
    private static String quoted(String sequence) {
        int dot = sequence.indexOf('.');
        return "quote_ident(" + TableRows.literal(sequence.substring(0, dot)) + ") || '.' || quote_ident("
                + TableRows.literal(sequence.substring(dot + 1)) + ")";
    }
}
