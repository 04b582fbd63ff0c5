package io.github.schemaverify.internal.verify.failure;

import java.util.List;

import io.github.schemaverify.internal.verify.Cause;
import io.github.schemaverify.internal.verify.Failure;

/**
 * {@code rows_lost}: rows of tables that the revision did not create were lost or changed, by the undo or by applying
 * the revision. Each table is one change line, followed by the rows missing ({@code -}) and unexpected ({@code +}).
 */
public final class ShouldKeepRows {

    /** When the rows were found changed, and who is to blame then. */
    public enum When {
        /** Applying the revision (it did not write to the table, yet its rows changed: the table was re-created). */
        UP,
        /** Undoing it. */
        DOWN,
        /** Applying it again after the undo. */
        UP_AGAIN
    }

    /**
     * One table's rows before and after.
     *
     * @param columns    the columns the rows were read in, named beside the table when rows are listed
     * @param missing    rows there before and not after, or null when the table holds too many rows to list
     * @param unexpected rows there after and not before, or null likewise
     */
    public record TableChange(String table, List<String> columns, long before, long after, List<String> missing,
            List<String> unexpected) {
        String render() {
            boolean listed = missing != null && unexpected != null && !(missing.isEmpty() && unexpected.isEmpty());
            StringBuilder out = new StringBuilder("~ table ").append(table);
            if (listed && !columns.isEmpty()) {
                out.append(" (").append(String.join(", ", columns)).append(')');
            }
            out.append(": ");
            if (before != after) {
                out.append("rows was ").append(before).append(", is ").append(after);
            } else {
                out.append(after).append(after == 1 ? " row" : " rows").append(", but their content changed");
            }
            if (listed) {
                int shown = 0;
                for (String r : missing) {
                    if (shown++ < 10) {
                        out.append("\n    - ").append(RowText.shown(r));
                    }
                }
                for (String r : unexpected) {
                    if (shown++ < 10) {
                        out.append("\n    + ").append(RowText.shown(r));
                    }
                }
                if (shown > 10) {
                    out.append("\n    ... (").append(shown - 10).append(" more rows)");
                }
            }
            return out.toString();
        }
    }

    private ShouldKeepRows() {
    }

    /**
     * @param location  e.g. {@code [U4__x.sql, down]}
     * @param name      the revision, e.g. {@code V4}
     * @param atFault   the file to change
     */
    public static Failure create(String location, When when, String name, String atFault, List<TableChange> tables) {
        String expecting = switch (when) {
            case UP -> "Expecting applying " + name + " to keep the rows of the tables it does not write to,";
            case DOWN -> "Expecting the undo of " + name + " to keep the rows of the tables " + name
                    + " did not create, as they were before " + name + " (and the rows added since),";
            case UP_AGAIN -> "Expecting applying " + name + " again to keep the rows of the tables it does not write to,";
        };
        String fix = switch (when) {
            case UP, UP_AGAIN -> "Make " + atFault + " keep the rows of the tables it changes (a table dropped and created"
                    + " again loses them: copy them over, or ALTER the table instead).";
            case DOWN -> "Make " + atFault + " restore the rows as they were (the same values and keys) and leave other"
                    + " rows alone; if " + name + "'s data change cannot be undone, mark " + name + " irreversible.";
        };
        StringBuilder m = new StringBuilder(location).append('\n').append(expecting).append("\nbut ")
                .append(when == When.DOWN ? "after the undo" : when == When.UP ? "after " + name : "after " + name + " again")
                .append(":\n");
        for (TableChange t : tables) {
            m.append("  ").append(t.render()).append('\n');
        }
        m.append(fix);
        return new Failure(Cause.ROWS_LOST, m.toString());
    }
}
