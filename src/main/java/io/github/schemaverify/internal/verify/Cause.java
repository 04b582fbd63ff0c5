package io.github.schemaverify.internal.verify;

import java.util.Locale;

/**
 * Why a verification failed: a closed set, shown in the failure text, the console summary, the HTML report and
 * {@code report.json} ({@code cause}). Each names the party at fault; docs/verification.md lists them with the fix.
 */
public enum Cause {
    /** A revision's up script (or a fixture run with it) failed to apply; the revisions after it cannot be walked. */
    UP_FAILED,
    /** A revision's undo script failed. */
    UNDO_FAILED,
    /** A reversible revision has no undo script. */
    MISSING_UNDO,
    /** After the undo the schema differs from before the revision: it left behind, or did not restore, or touched more. */
    UNDO_INCOMPLETE,
    /** The undo restored the schema exactly, but applying the revision again fails or gives another schema. */
    NOT_REPEATABLE,
    /**
     * A revision (or its undo) fails on tables holding rows the migrations' own data does not put there, as production
     * tables hold rows: a new NOT NULL column without a default on the rows the walk generated, any data error on a
     * fixture's rows.
     */
    FAILS_ON_ROWS,
    /** Rows of tables the revision did not create were lost or changed by the undo (or by applying the revision). */
    ROWS_LOST,
    /**
     * After a revision or its undo, a sequence would hand out a value that rows of a column it feeds already hold: the
     * script created it anew, moved it back, or gave it a column numbered otherwise.
     */
    SEQUENCE_BEHIND,
    /**
     * A revision (or its undo) changed objects in schemas the settings do not name: no snapshot reads them, so no
     * comparison shows what happens there.
     */
    OUTSIDE_SCHEMAS,
    /** Flyway applying the whole chain to a fresh database does not reach the walk's head. */
    HEAD_DIFFERS,
    /** The walk's incremental snapshots disagree with a full reading at head (a migration wrote to pg_catalog). */
    INCREMENTAL_MISMATCH,
    /** Migrating again, or running a script again, changed the schema or the data, or failed. */
    NOT_IDEMPOTENT,
    /** A legacy database baselined and migrated does not reach the schema of a fresh migrate. */
    BASELINE_DRIFT,
    /** The migrated schema differs from the committed golden file. */
    SNAPSHOT_DRIFT,
    /** There is no committed golden file yet. */
    SNAPSHOT_MISSING,
    /**
     * {@code @VerifyRoundTrip(from = "git:<ref>")}: a versioned migration that exists at the ref's merge base was edited,
     * renamed or removed since; Flyway's validation fails on every database that applied it.
     */
    MIGRATION_EDITED,
    /** {@code @VerifyLocks}: a revision rewrote a table that holds rows. */
    TABLE_REWRITE,
    /** {@code @VerifyLocks}: a revision blocked writes on a table that holds rows for longer than allowed. */
    WRITES_BLOCKED,
    /** {@code @VerifyLocks}: a statement took ACCESS EXCLUSIVE on an existing table without a lock_timeout. */
    NO_LOCK_TIMEOUT,
    /** {@code @VerifyLocks}: an index on an existing table was built (or rebuilt) without CONCURRENTLY. */
    NOT_CONCURRENT;

    /** The name in reports: {@code undo_incomplete}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
