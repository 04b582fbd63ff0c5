package io.github.schemaverify;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apiguardian.api.API;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Profiles what every versioned migration would do to a production database that holds data: one invocation per
 * revision ({@code V7 add_status: locks}). On one fresh database the chain is applied in order, as Flyway applies it
 * but statement by statement, after the tables that exist have been filled with rows; for each statement SchemaVerify
 * records the locks it takes (relation, mode, time held until the commit), the tables, indexes and TOAST tables it
 * rewrites (their file node changes), the tables it scans, and, measured by a second session while its transaction is
 * open, whether a concurrent read or write of each table it touches would wait. Statements that run outside a
 * transaction ({@code CREATE INDEX CONCURRENTLY}, {@code VACUUM}) are watched while they run, with their progress phases,
 * and an invalid index left by a failed build is reported.
 *
 * <pre>{@code
 * @MigratedDatabase
 * class MigrationLocksTest {
 *     @VerifyLocks(rows = "documents=100000", maxWriteBlockMs = 2000, known = "9")
 *     void locks(RevisionLocks revision) {
 *         assertThat(revision).on("documents").rewrites(false);
 *     }
 * }
 * }</pre>
 *
 * <p>A revision fails when it breaks a policy: {@link #forbidRewrites()}, {@link #maxWriteBlockMs()},
 * {@link #requireLockTimeout()}, {@link #requireConcurrently()}; the failure names the statement, its line, the lock,
 * the table, the time held and the safe rewrite. Tables a revision creates are exempt. The method body runs for each
 * revision that passes and may take the revision's {@link io.github.schemaverify.locks.RevisionLocks} or the whole
 * {@link io.github.schemaverify.locks.LockProfile} for assertions of its own
 * ({@code io.github.schemaverify.assertj.SchemaAssertions}).
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@TestTemplate
@ExtendWith(LocksExtension.class)
public @interface VerifyLocks {

    /**
     * Property for the probe's {@code lock_timeout} (milliseconds): {@value}. A lock that can be granted is granted at
     * once, without waiting; only a probe that has to wait runs into the timeout. So the value is what each "it would
     * wait" answer costs, not part of the answer. Default 1.
     */
    String PROBE_TIMEOUT_PROPERTY = "schemaverify.locks.probeTimeout";

    /**
     * Property: where the profile starts, as {@link #from()} takes it (the attribute wins): {@value}. A pull request's
     * CI job sets it, e.g. {@code -Dschemaverify.locks.from=git:origin/main}, beside
     * {@value VerifyRoundTrip#FROM_PROPERTY}.
     */
    String FROM_PROPERTY = "schemaverify.locks.from";

    /**
     * Rows per table, generated before the first revision that finds the table: {@code "documents=100000"}, the table
     * named plainly or schema-qualified. Values satisfy the table's NOT NULL columns, foreign keys (pointing at the
     * parent's rows in turn) and, where they can, its checks and unique keys; vectors get the column's dimensions. A
     * table that already holds rows (from the migrations or {@link #fixtures()}) keeps them. Default: none.
     */
    String[] rows() default {};

    /** Rows generated for every table {@link #rows()} does not name; {@code 0} generates none. Default {@code 100}. */
    long defaultRows() default 100;

    /**
     * A location of data scripts {@code before_V<version>.sql}, each run before that revision is profiled (and before
     * rows are generated, so the tables it fills keep its rows). Default: none. Example:
     * {@code fixtures = "classpath:db/fixtures"}.
     */
    String fixtures() default "";

    /**
     * Whether a revision fails when it rewrites a table (or its TOAST table) that holds rows: an
     * {@code ADD COLUMN ... DEFAULT} with a volatile default, an {@code ALTER COLUMN ... TYPE}, a {@code VACUUM FULL}, a
     * {@code TRUNCATE}. Default {@code true}.
     */
    boolean forbidRewrites() default true;

    /**
     * The longest a revision may block writes on a table that holds rows, in milliseconds: inside a transaction from the
     * statement that first blocks them to the commit. Depends on the rows the profile runs with, so pick it with
     * {@link #rows()}. Default {@code -1}: no bound. Example: {@code maxWriteBlockMs = 2000}.
     */
    long maxWriteBlockMs() default -1;

    /**
     * Whether a statement that takes ACCESS EXCLUSIVE on an existing table (or one of its indexes) must run with a
     * {@code lock_timeout} set ({@code SET lock_timeout = '5s'} or {@code SET LOCAL} before it): without one, while it
     * waits for its lock behind a long query, every other query on the table waits behind it. Default {@code true}.
     */
    boolean requireLockTimeout() default true;

    /**
     * Whether an index on an existing table must be built ({@code CREATE INDEX}) and rebuilt ({@code REINDEX})
     * {@code CONCURRENTLY}; a {@code UNIQUE} or {@code PRIMARY KEY} constraint added to an existing table builds one
     * too. Default {@code true}.
     */
    boolean requireConcurrently() default true;

    /**
     * Versions whose policy failures are known and accepted: they are reported (in the report and the invocation's
     * result) and do not fail. Example: {@code known = "7"}.
     */
    String[] known() default {};

    /**
     * Where the profile starts, to judge only what is new: a version ({@code "200"}), or {@code "git:<ref>"} (the first
     * revision whose V script, U script or fixture is new or changed since the merge base of that ref and {@code HEAD},
     * as {@link VerifyRoundTrip#from()} finds it). The revisions before it are applied as before, on the same rows, but
     * not observed; they are reported as applied, not profiled, and their invocations are left out. An edited
     * migration of the ref is reported by {@code @VerifyRoundTrip(from = "git:...")}, not here. Default {@code ""}: every
     * revision; also the property {@value #FROM_PROPERTY}.
     */
    String from() default "";
}
