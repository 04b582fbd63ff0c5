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
import java.util.HashSet;
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
     * @param next      the value {@code nextval} returns next when it was called since it was created, restarted or set
     *                  with {@code is_called} false; else null (then it stands at a value only the sequence itself tells)
     * @param ascending whether its increment is positive
     */
    record Position(BigDecimal next, boolean ascending) {
        /** Whether it stands before {@code earlier} did: it hands out again values it handed out. */
        boolean behind(Position earlier) {
            return next != null && earlier.next != null && (ascending ? next.compareTo(earlier.next) < 0
                    : next.compareTo(earlier.next) > 0);
        }

        /** Whether it was restarted since {@code earlier} ({@code RESTART}, {@code setval(s, n, false)}). */
        boolean restarted(Position earlier) {
            return next == null && earlier.next != null;
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

    // by oid alone, prepared once per connection, as the role the session is now (a migration's SET ROLE): a sequence it
    // may not read, or another session's temporary one, is left out. Names are looked up only where something changed
    private static final String READ = "SELECT seqrelid, seqincrement > 0, readable,"
            // null before the first nextval, and after RESTART or setval(..., false)
            + " CASE WHEN readable THEN pg_sequence_last_value(seqrelid)::numeric + seqincrement END"
            + " FROM (SELECT seqrelid, seqincrement, has_sequence_privilege(seqrelid, 'SELECT')"
            + "   AND (SELECT relpersistence FROM pg_class WHERE oid = seqrelid) <> 't' AS readable FROM pg_sequence) s";

    /**
     * {@code before}, with the sequences created since that {@code since} has, where they stand there: the baseline an undo
     * is measured from, under which a sequence that stood before the revision counts from where it stood then (an undo
     * that puts it back there is not at fault), and one the revision created and the undo keeps (renamed back, say) is
     * not one the undo made anew.
     */
    static State withCreated(State before, State since) {
        Map<Long, Position> positions = new HashMap<>(before.positions());
        since.positions().forEach(positions::putIfAbsent);
        return new State(positions, before.snapshot());
    }

    /** The names of the sequences, qualified on an empty search path (set before it in the same transaction). */
    private static final String NAMES = "SELECT set_config('search_path', '', true);\n"
            + "SELECT seqrelid, seqrelid::regclass::text FROM pg_sequence";

    /** {@code nextval('app.orders_id_seq'::regclass)} as a default reads: the name as a string literal's content. */
    private static final Pattern NEXTVAL = Pattern.compile("nextval\\('((?:[^']++|'')++)'::regclass\\)");

    private static final Set<String> NUMBERS = Set.of("smallint", "integer", "bigint", "numeric");

    private Sequences() {
    }

    /**
     * Where the sequences stand now, with {@code snapshot}, read at the same moment: numbers alone, which no setting of
     * the session writes otherwise (the session's role decides which sequences it may read; the others are left out, as
     * are temporary ones).
     */
    static State read(Connection c, SchemaSnapshot snapshot) {
        Map<Long, Position> positions = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(READ); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (rs.getBoolean(3)) {
                    positions.put(rs.getLong(1), new Position(rs.getBigDecimal(4), rs.getBoolean(2)));
                }
            }
        } catch (SQLException e) {
            throw new SchemaVerifyException("Reading where the sequences stand failed: " + e.getMessage(), e);
        }
        return new State(positions, snapshot);
    }

    /**
     * The sequences now, by oid: their names as {@code regclass} writes them on an empty search path (qualified, quoted
     * where they must be), read as the session started ({@code start}).
     */
    private static Map<Long, String> names(Connection c, SessionStart start) {
        Map<Long, String> out = new HashMap<>();
        try (Statement st = c.createStatement()) {
            start.afterPin(st, NAMES).close(); // the search path's row
            if (!st.getMoreResults()) {
                throw new SQLException("no rows after the search path was set");
            }
            try (ResultSet rs = st.getResultSet()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getString(2));
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

    /** The columns sequences feed in {@code tables}, by the sequence's name. */
    private static Map<String, List<Fed>> feeds(Iterable<Table> tables) {
        Map<String, List<Fed>> out = new HashMap<>();
        for (Table t : tables) {
            for (Column col : t.columns()) {
                String sequence = fedBy(t, col);
                if (sequence != null) {
                    out.computeIfAbsent(sequence, k -> new ArrayList<>()).add(new Fed(t, col, sequence));
                }
            }
        }
        return out;
    }

    /** The tables of {@code a} that {@code b} does not have as they are (changed, renamed, new). */
    private static List<Table> changed(State a, State b) {
        List<Table> out = new ArrayList<>();
        for (Table t : a.snapshot().tables()) {
            Optional<Table> other = b.table(t.qualifiedName());
            if (other.isEmpty() || !other.get().equals(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * The columns whose next value from their sequence some row already holds, among those a script changed since
     * {@code earlier}: a sequence it created (or dropped and created again), moved back ({@code RESTART}, {@code
     * setval}), or made to feed more columns than it did then (a column renamed, or its table, feeds as it did). Columns
     * whose sequence did not change since are not looked at: their rows (a fixture's own keys) are not the script's
     * doing; nor is a sequence made to feed a column as it did before the revision ({@code before}), not moved back
     * since: an undo that puts back what was there then is not at fault for where it stood; nor the columns of {@code
     * leftOut}, tables a fixture wrote to since, nor of tables created since that the script wrote no row to ({@code
     * wrote}: the tables it wrote to, null when not known).
     */
    static List<ShouldKeepSequencesAhead.Behind> behind(Connection c, SessionStart start, State before, State earlier,
            State now, Set<String> leftOut, Set<String> wrote) {
        Set<Long> changed = new HashSet<>();
        now.positions().forEach((oid, p) -> {
            Position was = earlier.positions().get(oid);
            if (was == null || p.behind(was) || p.restarted(was)) {
                changed.add(oid);
            }
        });
        // sequences that feed more columns than they did: only the tables whose reading changed can tell
        Map<String, List<Fed>> fedNow = feeds(changed(now, earlier));
        Map<String, List<Fed>> fedThen = feeds(changed(earlier, now));
        Set<String> feedMore = new HashSet<>();
        fedNow.forEach((sequence, columns) -> {
            if (columns.size() > fedThen.getOrDefault(sequence, List.of()).size()) {
                feedMore.add(sequence);
            }
        });
        if (changed.isEmpty() && feedMore.isEmpty()) {
            return List.of();
        }
        Map<String, Fed> columns = new TreeMap<>();
        Map<String, List<Fed>> all = changed.isEmpty() ? fedNow : feeds(now.snapshot().tables());
        all.forEach((sequence, fed) -> fed.forEach(f -> columns.put(f.name(), f)));
        columns.values().removeIf(f -> {
            String table = f.table().qualifiedName();
            // a table created since holds only the rows the script wrote to it
            return leftOut.contains(table) || wrote != null && !wrote.contains(table) && earlier.table(table).isEmpty();
        });
        if (columns.isEmpty()) {
            return List.of();
        }
        Named named = Named.read(c, start);
        List<Fed> candidates = new ArrayList<>();
        List<Long> candidateOids = new ArrayList<>();
        for (Fed f : columns.values()) {
            Long oid = named.oid(f.sequence());
            if (oid == null || !now.positions().containsKey(oid)) {
                continue; // not a sequence, or one the session may not read
            }
            if (!changed.contains(oid)) {
                if (!feedMore.contains(f.sequence()) || asBefore(f, oid, before, now)) {
                    continue;
                }
            }
            candidates.add(f);
            candidateOids.add(oid);
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<ShouldKeepSequencesAhead.Behind> out = new ArrayList<>();
        for (Measured m : measure(c, start, now, candidates, candidateOids, named.names())) {
            if (m.behind()) {
                Position was = earlier.positions().get(m.oid());
                out.add(m.behind(was == null ? ShouldKeepSequencesAhead.How.NEW : changed.contains(m.oid())
                        ? ShouldKeepSequencesAhead.How.MOVED_BACK : ShouldKeepSequencesAhead.How.FEEDS));
            }
        }
        out.sort(Comparator.comparing(ShouldKeepSequencesAhead.Behind::column));
        return out;
    }

    /**
     * A column a sequence feeds, measured: where the sequence stands ({@code next}) and what the column holds at most (at
     * least, counting down; null when empty), with the names as PostgreSQL quotes them.
     */
    private record Measured(Fed fed, long oid, String quotedSequence, String table, String column, boolean ascending,
            BigDecimal next, BigDecimal held) {
        /** Whether the sequence hands out next a value the column holds. */
        boolean behind() {
            return held != null && next != null && (ascending ? next.compareTo(held) <= 0 : next.compareTo(held) >= 0);
        }

        ShouldKeepSequencesAhead.Behind behind(ShouldKeepSequencesAhead.How how) {
            return new ShouldKeepSequencesAhead.Behind(fed.sequence(), quotedSequence, fed.name(), table, column, ascending,
                    next.toPlainString(), held.toPlainString(), how);
        }
    }

    /** Measures the {@code columns} (with their sequences' oids) in one statement, as the session started. */
    private static List<Measured> measure(Connection c, SessionStart start, State now, List<Fed> columns, List<Long> oids,
            Map<Long, String> names) {
        StringBuilder sql = new StringBuilder();
        for (int k = 0; k < columns.size(); k++) {
            Fed f = columns.get(k);
            long oid = oids.get(k);
            sql.append(k == 0 ? "" : "\nUNION ALL ").append("SELECT ").append(k).append(", ")
                    .append(now.positions().get(oid).ascending() ? "max(" : "min(")
                    .append(TableRows.quoteIdent(f.column().name())).append(")::numeric,")
                    // as PostgreSQL quotes them, for the statement the failure gives
                    .append(" quote_ident(").append(TableRows.literal(f.table().schema())).append(") || '.' || quote_ident(")
                    .append(TableRows.literal(f.table().name())).append("), quote_ident(")
                    .append(TableRows.literal(f.column().name())).append("),")
                    // where it stands, from the sequence itself: also after RESTART or setval(..., false)
                    .append(" (SELECT CASE WHEN q.is_called THEN q.last_value::numeric + p.seqincrement ELSE q.last_value END")
                    .append(" FROM ").append(names.get(oid)).append(" q, pg_sequence p WHERE p.seqrelid = ").append(oid)
                    .append(") FROM ").append(TableRows.quote(f.table().qualifiedName()));
        }
        List<Measured> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = start.afterPin(st, sql.toString())) {
            while (rs.next()) {
                int k = rs.getInt(1);
                long oid = oids.get(k);
                out.add(new Measured(columns.get(k), oid, names.get(oid), rs.getString(3), rs.getString(4),
                        now.positions().get(oid).ascending(), rs.getBigDecimal(5), rs.getBigDecimal(2)));
            }
        } catch (SQLException e) {
            throw new SchemaVerifyException("Reading the values the rows hold of " + columns.stream().map(Fed::name).toList()
                    + " failed: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The columns of {@code tables} that sequences feed, measured now; where the session may not read a sequence, or a
     * name does not resolve, left out.
     */
    private static List<Measured> measureIn(Connection c, SessionStart start, State now, Set<String> tables) {
        List<Fed> columns = new ArrayList<>();
        for (String table : new java.util.TreeSet<>(tables)) {
            now.table(table).ifPresent(t -> feeds(List.of(t)).values().forEach(columns::addAll));
        }
        if (columns.isEmpty()) {
            return List.of();
        }
        Named named = Named.read(c, start);
        List<Fed> resolved = new ArrayList<>();
        List<Long> oids = new ArrayList<>();
        for (Fed f : columns) {
            Long oid = named.oid(f.sequence());
            if (oid != null && now.positions().containsKey(oid)) {
                resolved.add(f);
                oids.add(oid);
            }
        }
        return resolved.isEmpty() ? List.of() : measure(c, start, now, resolved, oids, named.names());
    }

    /**
     * Before a script that writes rows to {@code tables} runs: the columns there whose sequence hands out a value no row
     * holds ({@code schema.table.column}). A column already behind then is not the script's doing.
     */
    static Set<String> ahead(Connection c, SessionStart start, State now, Set<String> tables) {
        Set<String> out = new HashSet<>();
        measureIn(c, start, now, tables).stream().filter(m -> !m.behind()).forEach(m -> out.add(m.fed().name()));
        return out;
    }

    /**
     * After the script: the columns of {@code tables} that were {@code ahead} before it and are behind now, without the
     * sequence having moved back: the script wrote rows with keys of its own past the sequence ({@code INSERT ... (id,
     * ...) VALUES (100, ...)}), and the next insert that takes the default takes one of them.
     */
    static List<ShouldKeepSequencesAhead.Behind> passed(Connection c, SessionStart start, State now, Set<String> tables,
            Set<String> ahead) {
        if (ahead.isEmpty()) {
            return List.of();
        }
        List<ShouldKeepSequencesAhead.Behind> out = new ArrayList<>();
        measureIn(c, start, now, tables).stream().filter(m -> m.behind() && ahead.contains(m.fed().name()))
                .forEach(m -> out.add(m.behind(ShouldKeepSequencesAhead.How.PASSED)));
        out.sort(Comparator.comparing(ShouldKeepSequencesAhead.Behind::column));
        return out;
    }

    /**
     * The sequences now, by oid ({@code names}, as {@code regclass} writes them), and by the {@code schema.name} a
     * snapshot's default names them with ({@code byName}) or by their bare name ({@code byRelname}).
     */
    private record Named(Map<Long, String> names, Map<String, Long> byName, Map<String, List<Long>> byRelname) {
        static Named read(Connection c, SessionStart start) {
            Map<Long, String> names = Sequences.names(c, start);
            Map<String, Long> byName = new HashMap<>();
            Map<String, List<Long>> byRelname = new HashMap<>();
            names.forEach((oid, text) -> {
                String name = qualified(text);
                byName.put(name, oid);
                byRelname.computeIfAbsent(name.substring(name.indexOf('.') + 1), k -> new ArrayList<>()).add(oid);
            });
            return new Named(names, byName, byRelname);
        }

        /**
         * The oid of {@code sequence} ({@code schema.name}); a name a default wrote without its schema reads as in
         * {@code public}, but an extension's schema on the reading's search path writes its own so too: then the one
         * sequence of that name elsewhere.
         */
        Long oid(String sequence) {
            Long oid = byName.get(sequence);
            if (oid == null && sequence.startsWith("public.")) {
                List<Long> elsewhere = byRelname.getOrDefault(sequence.substring("public.".length()), List.of());
                oid = elsewhere.size() == 1 ? elsewhere.get(0) : null;
            }
            return oid;
        }
    }

    /**
     * Whether {@code f} was fed by its sequence before the revision, and the sequence stands no further back now: what
     * the undo put back as it was.
     */
    private static boolean asBefore(Fed f, long oid, State before, State now) {
        Position then = before.positions().get(oid);
        Position p = now.positions().get(oid);
        return then != null && !p.behind(then) && !p.restarted(then) && before.table(f.table().qualifiedName())
                .flatMap(t -> t.column(f.column().name()).map(col -> f.sequence().equals(fedBy(t, col)))).orElse(false);
    }
}
