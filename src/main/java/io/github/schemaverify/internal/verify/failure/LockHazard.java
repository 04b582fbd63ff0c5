package io.github.schemaverify.internal.verify.failure;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.github.schemaverify.locks.LockMode;

/**
 * What a lock policy failure names: the revision, the statement and its line, the table, its rows, the lock and how
 * long it was held. The {@code Should...} factories of {@code @VerifyLocks} word it; {@link #fix()} picks the safe
 * rewrite for the kind of statement.
 *
 * @param revision e.g. {@code V7}
 * @param keywords the statement's keywords, upper case, single spaces (what the fix is chosen by)
 * @param relations for a failure about several relations (the lock_timeout rule): all of them; else the table alone
 */
public record LockHazard(String revision, int line, String sql, String keywords, String table, long rows, LockMode lock,
        Duration held, List<String> relations) {

    public LockHazard {
        relations = List.copyOf(relations);
    }

    /** The statement as messages show it: its first lines, indented. */
    String excerpt() {
        List<String> lines = sql.lines().map(String::stripTrailing).toList();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(lines.size(), 6); i++) {
            out.append("  ").append(lines.get(i)).append('\n');
        }
        if (lines.size() > 6) {
            out.append("  ... (").append(lines.size() - 6).append(" more lines)\n");
        }
        return out.toString();
    }

    /** {@code documents (1000 rows)}. */
    String tableWithRows() {
        return table + " (" + rows + (rows == 1 ? " row)" : " rows)");
    }

    String heldFor() {
        return "held " + millis(held);
    }

    /** A duration in whole milliseconds, {@code under 1 ms} below that. */
    static String millis(Duration d) {
        long ms = Math.round(d.toNanos() / 1e6);
        return d.toNanos() < 500_000 ? "under 1 ms" : ms + " ms";
    }

    private boolean is(String regex) {
        return keywords.matches(regex);
    }

    private static final java.util.regex.Pattern CREATE_INDEX = java.util.regex.Pattern.compile(
            "(?i)^CREATE\\s+(UNIQUE\\s+)?INDEX\\s+");
    private static final java.util.regex.Pattern REINDEX = java.util.regex.Pattern.compile(
            "(?i)^REINDEX\\s+(\\([^)]*\\)\\s*)?(INDEX|TABLE)\\s+");

    /** The statement rewritten with CONCURRENTLY, when it is a CREATE INDEX or REINDEX that lacks it. */
    String concurrently() {
        String once = sql.strip();
        java.util.regex.Matcher m = CREATE_INDEX.matcher(once);
        if (m.find()) {
            return "CREATE " + (m.group(1) != null ? "UNIQUE " : "") + "INDEX CONCURRENTLY " + once.substring(m.end());
        }
        m = REINDEX.matcher(once);
        if (m.find()) {
            return "REINDEX " + (m.group(1) != null ? m.group(1) : "") + m.group(2).toUpperCase(Locale.ROOT) + " CONCURRENTLY "
                    + once.substring(m.end());
        }
        return once;
    }

    /** The safe way to do what the statement does: the last line of a lock policy failure. */
    String fix() {
        if (is("^CREATE (UNIQUE )?INDEX .*") && !is(".* CONCURRENTLY .*")) {
            return "Build it with " + concurrently() + ", in a script of its own (Flyway runs a script with CONCURRENTLY"
                    + " outside a transaction; a failed build leaves an invalid index to drop before retrying).";
        }
        if (is("^REINDEX .*") && !is(".* CONCURRENTLY .*")) {
            return "Rebuild it with " + concurrently() + " (PostgreSQL 12+), in a script of its own.";
        }
        if (is("^ALTER TABLE .* ADD (CONSTRAINT \\S+ )?(UNIQUE|PRIMARY KEY)\\b.*") && !is(".* USING INDEX .*")) {
            return "Build the index first with CREATE UNIQUE INDEX CONCURRENTLY in a script of its own, then add the"
                    + " constraint with ... UNIQUE USING INDEX <index> (or PRIMARY KEY USING INDEX), which takes no time.";
        }
        if (is("^ALTER TABLE .* ADD (CONSTRAINT \\S+ )?FOREIGN KEY .*") && !is(".* NOT VALID.*")) {
            return "Add the foreign key NOT VALID (no scan, a short lock), then VALIDATE CONSTRAINT in a later revision:"
                    + " validation takes SHARE UPDATE EXCLUSIVE, which lets reads and writes through.";
        }
        if (is("^ALTER TABLE .* ADD (CONSTRAINT \\S+ )?CHECK .*") && !is(".* NOT VALID.*")) {
            return "Add the check NOT VALID, then VALIDATE CONSTRAINT in a later revision: validation takes SHARE UPDATE"
                    + " EXCLUSIVE, which lets reads and writes through.";
        }
        if (is("^ALTER TABLE .* SET NOT NULL.*")) {
            return "Add CHECK (<column> IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later revision, then SET NOT NULL"
                    + " (PostgreSQL 12+ uses the validated check instead of a scan) and drop the check.";
        }
        if (is("^ALTER TABLE .* ADD (COLUMN )?.* DEFAULT .*") && is(".* NOT NULL.*")) {
            // the backfill alone leaves the NOT NULL out
            return "Add the column without a default and without NOT NULL, set the default for new rows, backfill the"
                    + " others in batches, then add CHECK"
                    + " (<column> IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later revision, SET NOT NULL (PostgreSQL"
                    + " 12+ uses the validated check instead of a scan) and drop the check.";
        }
        if (is("^ALTER TABLE .* ADD (COLUMN )?.* DEFAULT .*")) {
            return "Add the column without a default (or with a constant one, which PostgreSQL 11+ adds without a"
                    + " rewrite), then backfill it in batches and set the default afterwards.";
        }
        if (is("^ALTER TABLE .* (TYPE|SET DATA TYPE) .*")) {
            return "Add a column of the new type, backfill it in batches, switch the code to it, then drop the old one (a"
                    + " binary-compatible change such as varchar(n) to text or to a longer varchar does not rewrite).";
        }
        if (is("^(VACUUM FULL|VACUUM \\( ?FULL|CLUSTER)\\b.*")) {
            return "Reclaim the space online with pg_repack or pg_squeeze, or in a maintenance window, not in a migration.";
        }
        if (is("^TRUNCATE .*")) {
            return "Delete the rows in batches instead, or stop using the table and drop it in a later revision.";
        }
        if (is("^(UPDATE|DELETE|INSERT) .*")) {
            return "Backfill in batches of a few thousand rows, each in its own transaction (a Java migration, or a script"
                    + " with executeInTransaction=false), and keep it out of the schema change's transaction.";
        }
        return "Keep the lock short: split the change so the slow part needs no strong lock, and keep other statements"
                + " out of its transaction (its locks are held until the commit).";
    }
}
