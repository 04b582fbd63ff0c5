package io.github.schemaverify.internal.verify.failure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.schemaverify.internal.verify.Cause;
import io.github.schemaverify.internal.verify.Failure;

/**
 * {@code sequence_behind}: after a revision, or its undo, a sequence would hand out a value that a row of a column it
 * feeds already holds, because the script created the sequence anew (a table re-created, {@code serial} turned into an
 * identity, an identity dropped and added again), moved it back ({@code RESTART}, {@code setval}), or made it feed a
 * column whose rows were numbered otherwise. In a fresh test database the tables are empty and nothing shows; in
 * production an insert that takes the default fails with a duplicate key once the sequence reaches a value a row holds,
 * or repeats an id.
 */
public final class ShouldKeepSequencesAhead {

    /** When the sequence was found behind, and who is to blame then. */
    public enum When {
        /** After applying the revision the first time (the revision is at fault). */
        UP,
        /** After the undo (the undo is at fault). */
        DOWN,
        /**
         * After applying a reversible revision again, on the rows its tables hold then (the revision is at fault: the first
         * time, a table it changes may have held none).
         */
        UP_AGAIN
    }

    /** What the script did to the sequence. */
    public enum How {
        /** Created it, or dropped it and created it again. */
        NEW,
        /** Moved it back. */
        MOVED_BACK,
        /** Made it feed a column it did not feed. */
        FEEDS,
        /** Left it where it stood and wrote rows with keys of its own past it. */
        PASSED
    }

    /**
     * A column whose sequence is behind its rows.
     *
     * @param sequence       {@code schema.name}
     * @param quotedSequence the sequence's name quoted for SQL
     * @param column         {@code schema.table.column}
     * @param table          the table quoted for SQL
     * @param columnName     the column quoted for SQL
     * @param ascending      whether the sequence counts up
     * @param next           the value it hands out next
     * @param held           the largest value the column holds (the smallest for a sequence counting down)
     * @param how            what the script did to the sequence
     */
    public record Behind(String sequence, String quotedSequence, String column, String table, String columnName,
            boolean ascending, String next, String held, How how) {
        String render(boolean undo) {
            String what = switch (how) {
                case NEW -> undo ? "created again by the undo" : "created anew";
                case MOVED_BACK -> "moved back";
                case FEEDS -> "made to feed " + column;
                case PASSED -> "rows written past it";
            };
            return "~ sequence " + sequence + " (" + what + "): hands out " + next + " next, and " + column + " holds "
                    + (ascending ? "up to " : "down to ") + held;
        }

        /** {@code (SELECT max(id) FROM public.orders)}: what the column holds at most (at least, counting down). */
        String heldQuery() {
            return "(SELECT " + (ascending ? "max(" : "min(") + columnName + ") FROM " + table + ")";
        }
    }

    /**
     * One {@code setval} per sequence, past every column it feeds that is behind: a sequence that feeds two columns is set
     * past both at once ({@code GREATEST}), since two statements would leave it past the last one only.
     */
    private static List<String> fixes(List<Behind> columns) {
        Map<String, List<Behind>> bySequence = new LinkedHashMap<>();
        columns.forEach(b -> bySequence.computeIfAbsent(b.quotedSequence(), k -> new ArrayList<>()).add(b));
        List<String> out = new ArrayList<>();
        bySequence.forEach((sequence, fed) -> {
            String held = fed.size() == 1 ? fed.get(0).heldQuery()
                    : (fed.get(0).ascending() ? "GREATEST(" : "LEAST(") + String.join(", ", fed.stream().map(Behind::heldQuery)
                    .toList()) + ")";
            out.add("SELECT setval('" + sequence.replace("'", "''") + "', " + held + ");");
        });
        return out;
    }

    private ShouldKeepSequencesAhead() {
    }

    /**
     * @param location e.g. {@code [V2__x.sql, up]}
     * @param when     when the sequences were found behind: after the revision, its undo, or the revision again
     * @param name     the revision, e.g. {@code V2}
     * @param atFault  the file to change
     * @param columns  the columns whose sequence is behind them
     */
    public static Failure create(String location, When when, String name, String atFault, List<Behind> columns) {
        boolean undo = when == When.DOWN;
        StringBuilder m = new StringBuilder(location).append('\n').append("Expecting the sequences after ")
                .append(undo ? "the undo of " + name : name).append(" to hand out values no row holds")
                .append(undo ? ", as before " + name : "")
                .append(" (else an insert that takes the default fails with a duplicate key once the sequence reaches a value"
                        + " a row holds, or repeats an id),\nbut after ")
                .append(switch (when) {
                    case UP -> name;
                    case DOWN -> "the undo";
                    case UP_AGAIN -> name + " again, with rows in its tables";
                }).append(":\n");
        for (Behind b : columns) {
            m.append("  ").append(b.render(undo)).append('\n');
        }
        List<String> fixes = fixes(columns);
        m.append("Set ").append(fixes.size() == 1 ? "it" : "each").append(" past the rows at the end of ").append(atFault)
                .append(": ").append(String.join(" ", fixes));
        return new Failure(Cause.SEQUENCE_BEHIND, m.toString());
    }
}
