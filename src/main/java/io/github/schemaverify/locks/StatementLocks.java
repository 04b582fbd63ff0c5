package io.github.schemaverify.locks;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apiguardian.api.API;

/**
 * What one statement of a revision did to the tables it touched, as {@code @VerifyLocks} measured it on a database that
 * holds rows. Relation names are as in {@link HeldLock#relation()}.
 *
 * @param line          the line of the script the statement starts on
 * @param sql           the statement as it ran (placeholders replaced; where its code names a password or a secret
 *                      column, its string literals as {@code '********'})
 * @param duration      how long it ran
 * @param transactional whether it ran inside the script's transaction (its locks are then held until the commit);
 *                      {@code CREATE INDEX CONCURRENTLY}, {@code VACUUM} and the like run outside one
 * @param locks         the locks it took that its transaction did not hold yet
 * @param created       relations it created (no one else can see them before the commit)
 * @param rewrites      relations whose file node it changed: a table, index or TOAST table rewritten (or truncated)
 * @param scans         tables it read in full (sequential scans, including the scans that validate a constraint)
 * @param blocksReads   tables it touched on which a concurrent {@code SELECT} would have waited, measured while its
 *                      transaction was open
 * @param blocksWrites  tables it touched on which a concurrent {@code INSERT}, {@code UPDATE} or {@code DELETE} would
 *                      have waited, measured likewise
 * @param phases        for a statement watched while it ran (outside a transaction): the progress phases seen, in order
 *                      ({@code pg_stat_progress_create_index}, {@code _vacuum}, {@code _cluster})
 * @param lockWaits     for a watched statement: the lock waits seen, e.g. {@code virtualxid (waiting for writers before
 *                      build)}
 * @param invalidIndexes indexes that were invalid after it and not before (a failed {@code CONCURRENTLY} build)
 * @param lockTimeout   the {@code lock_timeout} in effect when it ran ({@link Duration#ZERO}: wait forever)
 * @param rows          rows of the largest table it scanned or rewrote (0 when it did neither)
 * @param failed        whether the statement failed
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record StatementLocks(int line, String sql, Duration duration, boolean transactional, List<HeldLock> locks,
        List<String> created, List<String> rewrites, List<String> scans, List<String> blocksReads, List<String> blocksWrites,
        List<String> phases, List<String> lockWaits, List<String> invalidIndexes, Duration lockTimeout, long rows,
        boolean failed) {

    public StatementLocks {
        locks = List.copyOf(locks);
        created = List.copyOf(created);
        rewrites = List.copyOf(rewrites);
        scans = List.copyOf(scans);
        blocksReads = List.copyOf(blocksReads);
        blocksWrites = List.copyOf(blocksWrites);
        phases = List.copyOf(phases);
        lockWaits = List.copyOf(lockWaits);
        invalidIndexes = List.copyOf(invalidIndexes);
    }

    /** Below this many rows a statement's fixed costs outweigh its work per row, and scaling its time says nothing. */
    public static final long SCALABLE_ROWS = 10_000;

    /**
     * The statement's duration scaled to 100,000 rows of {@link #rows()}, when it scanned or rewrote a table of at least
     * {@value #SCALABLE_ROWS} rows.
     */
    public Optional<Double> millisPer100kRows() {
        if (rows < SCALABLE_ROWS) {
            return Optional.empty();
        }
        return Optional.of(duration.toNanos() / 1e6 * 100_000 / rows);
    }

    /**
     * The locks it took on the table or on the table's indexes and TOAST table, leaving out the relations it created
     * (a new index is locked ACCESS EXCLUSIVE while it is built, but no one else can see it).
     */
    public List<HeldLock> locksOn(String table) {
        return locks.stream().filter(l -> RevisionLocks.sameRelation(l.table(), table) && !created.contains(l.relation()))
                .toList();
    }

    /** The strongest lock it took on the table or its indexes and TOAST table, if any. */
    public Optional<HeldLock> strongestOn(String table) {
        return locksOn(table).stream().max(java.util.Comparator.comparing(HeldLock::mode));
    }

    /** Whether it rewrote the table itself or its TOAST table (a rebuilt index alone does not count). */
    public boolean rewrote(String table) {
        return rewrites.stream().anyMatch(r -> RevisionLocks.sameRelation(r, table)
                || RevisionLocks.sameRelation(r, table + " (toast)"));
    }

    /** The statement's first line, for messages. */
    public String firstLine() {
        return sql.lines().findFirst().orElse("").strip();
    }

    @Override
    public String toString() {
        return "line " + line + ": " + firstLine();
    }
}
