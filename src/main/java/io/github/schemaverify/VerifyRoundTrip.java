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
 * Walks every versioned migration up, down and up again on one fresh database, and fails with a readable diff when
 * an undo leaves a trace. One invocation per revision ({@code V3 add embedding: up, down, up}), then
 * {@code undo all to base leaves no trace} and {@code re-applying all from base reproduces head}.
 *
 * <pre>{@code
 * @MigratedDatabase(placeholders = "EMBEDDING_DIM=1536")
 * class MigrationSafetyTest {
 *     @VerifyRoundTrip(irreversible = "9", fixtures = "classpath:db/fixtures")
 *     void round_trip(RevisionStep step) {
 *         // optional extra checks per revision
 *     }
 * }
 * }</pre>
 *
 * <p>Undo scripts use Flyway's naming, {@code U<version>__<description>.sql} beside {@code V<version>__...sql}; Flyway
 * Community does not run them, so SchemaVerify does, with the same placeholders and transaction rules (a script with
 * {@code CONCURRENTLY} runs outside a transaction). The walk applies each {@code V} script the same way; the last
 * invocation runs Flyway itself over the whole chain and must reach the same schema. Repeatable migrations have no
 * undo and are left out of the walk ({@link VerifyIdempotent} runs them twice).
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@TestTemplate
@ExtendWith(RoundTripExtension.class)
public @interface VerifyRoundTrip {

    /**
     * Property that, set to {@code false}, stops the walk from generating rows (see {@link #seedRows()}): {@value}.
     */
    String SEED_ROWS_PROPERTY = "schemaverify.roundtrip.seedRows";

    /**
     * Property choosing how the walk reads its snapshots: {@value}. {@code incremental} (the default: only what DDL
     * changed is read again), {@code full} (everything every time), {@code checked} (incremental, each reading proven
     * against a full one). See docs/verification.md.
     */
    String SNAPSHOTS_PROPERTY = "schemaverify.walk.snapshots";

    /**
     * Property: how many databases walk parts of a long chain side by side, a number ({@code 1}: one walks it all):
     * {@value}. Default: the processors, at most 4. Each lane after the first starts on a database with the revisions
     * before its part applied once; a lane gets 40 revisions at least, and a chain whose scripts create roles (they
     * belong to the whole server) walks in one. The verdicts are the same either way.
     */
    String LANES_PROPERTY = "schemaverify.walk.lanes";

    /**
     * Property: where the walk starts, as {@link #from()} takes it (the attribute wins): {@value}. A CI job sets it for
     * every round trip at once, e.g. {@code -Dschemaverify.roundtrip.from=git:origin/main}.
     */
    String FROM_PROPERTY = "schemaverify.roundtrip.from";

    /**
     * Property: the git program {@code from = "git:<ref>"} runs: {@value}. Default {@code git}, found on the PATH.
     */
    String GIT_PROPERTY = "schemaverify.git";

    /** Whether a version without an undo script fails (naming the file expected). Default {@code true}. */
    boolean requireUndo() default true;

    /**
     * Versions that cannot be undone (data migrations); the down walk ends there, reported as such. A first-line
     * comment {@code -- schemaverify:irreversible} in the script marks it too. Example: {@code irreversible = "9"}.
     */
    String[] irreversible() default {};

    /**
     * A location of data scripts {@code before_V<version>.sql} (run before V is applied) and {@code at_V<version>.sql}
     * (run right after). The round trip must succeed with the data present, and rows of tables that V does not change
     * must survive up, down and up unchanged. Default: none. Example: {@code fixtures = "classpath:db/fixtures"}.
     */
    String fixtures() default "";

    /**
     * Whether, as each revision starts, every empty table gets one generated row, and before its undo every empty table
     * the revision did not create (satisfying its NOT NULL columns, foreign keys and checks where it can), so that a
     * revision or an undo that deletes or changes rows is caught without fixtures. A table no row can be generated for is named in the report and stays empty;
     * generation never fails a revision. Default {@code true}; {@code false} here, or the property
     * {@value #SEED_ROWS_PROPERTY}{@code =false}, turns it off.
     */
    boolean seedRows() default true;

    /**
     * Where the walk starts, to verify only what is new: a version ({@code "200"}: the walk goes up, down and up from
     * V200 on), or {@code "git:<ref>"} (the first revision whose V or U script, or fixture, is new or changed since the
     * merge base of that ref and {@code HEAD}, e.g. {@code "git:origin/main"}). The revisions before it are applied once
     * into a base template, cached on the server and kept between runs on servers that outlive the run (keyed by exactly
     * those files, the placeholders and the fixtures applied with them); they are reported as applied, not verified.
     * "Undo all" then undoes back to the base, and Flyway re-applies the rest on a copy of the base. With
     * {@code git:}, a migration that exists at the merge base but was edited, renamed or removed since fails a check of
     * its own ({@code migration_edited}): Flyway's validation would fail on every database that applied it. Default
     * {@code ""}: the whole chain, from an empty database; also the property {@value #FROM_PROPERTY}.
     */
    String from() default "";
}
