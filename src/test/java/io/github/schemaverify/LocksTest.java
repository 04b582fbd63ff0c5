package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.locks.LockMode.ACCESS_EXCLUSIVE;
import static io.github.schemaverify.locks.LockMode.ACCESS_SHARE;
import static io.github.schemaverify.locks.LockMode.ROW_EXCLUSIVE;
import static io.github.schemaverify.locks.LockMode.ROW_SHARE;
import static io.github.schemaverify.locks.LockMode.SHARE;
import static io.github.schemaverify.locks.LockMode.SHARE_ROW_EXCLUSIVE;
import static io.github.schemaverify.locks.LockMode.SHARE_UPDATE_EXCLUSIVE;
import static io.github.schemaverify.testing.EngineRun.entries;
import static io.github.schemaverify.testing.EngineRun.everything;
import static io.github.schemaverify.testing.EngineRun.failures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.schemaverify.locks.RevisionLocks;
import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;
import io.github.schemaverify.testing.LocksTable;

/**
 * {@code @VerifyLocks} through EngineTestKit: a chain of known hazards, each profiled on tables that hold rows and
 * checked against the lock levels PostgreSQL documents ("Explicit Locking", and each command's page), which also
 * writes docs/locks.md's table; then each policy failing with its exact text, and passing with the safe rewrite.
 */
class LocksTest {

    /** The hazard chain measured with every policy off: the method checks each revision against the documentation. */
    @MigratedDatabase(locations = "classpath:fixtures/locks/hazards")
    static class Hazards {
        @VerifyLocks(rows = "documents=2000", forbidRewrites = false, requireLockTimeout = false, requireConcurrently = false)
        void profile(RevisionLocks revision, TestReporter reporter) {
            documented(revision);
            if (!revision.rows().isEmpty() && revision.statements().size() == 1) {
                reporter.publishEntry("locks.row", LocksTable.row(revision, Integer.getInteger("schemaverify.test.pgMajor", 15)));
            }
        }
    }

    /** What PostgreSQL's documentation says each statement takes and does, on the tables that hold rows. */
    static void documented(RevisionLocks r) {
        switch (r.version()) {
            case "1", "2" -> assertThat(r.rows()).doesNotContainKey("documents");
            case "3" -> assertThat(r).on("documents").takes(ACCESS_EXCLUSIVE).rewrites(true).blocksReads(true).blocksWrites(true);
            case "4", "5" -> assertThat(r).on("documents").takes(ACCESS_EXCLUSIVE).rewrites(false).scans(false);
            case "6" -> assertThat(r).on("documents").takes(ACCESS_EXCLUSIVE).rewrites(true);
            case "7" -> assertThat(r).on("documents").takes(ACCESS_EXCLUSIVE).scans(true).rewrites(false);
            case "8" -> {
                assertThat(r).on("documents").takes(SHARE_ROW_EXCLUSIVE).scans(true).blocksWrites(true).blocksReads(false);
                assertThat(r).on("authors").takes(SHARE_ROW_EXCLUSIVE).blocksWrites(true).blocksReads(false);
            }
            case "9" -> {
                assertThat(r).on("documents").takes(SHARE_ROW_EXCLUSIVE).scans(false);
                assertThat(r).on("authors").takes(SHARE_ROW_EXCLUSIVE).scans(false);
            }
            case "10" -> {
                assertThat(r).on("documents").takes(SHARE_UPDATE_EXCLUSIVE).scans(true).blocksWrites(false).blocksReads(false);
                assertThat(r).on("authors").takesAtMost(ROW_SHARE).blocksWrites(false);
            }
            case "11" -> assertThat(r).on("documents").takes(ACCESS_EXCLUSIVE).scans(false);
            case "12" -> assertThat(r).on("documents").takes(SHARE_UPDATE_EXCLUSIVE).scans(true).blocksWrites(false);
            case "13", "15", "16" -> assertThat(r).on("documents").takes(SHARE).scans(true).blocksWrites(true)
                    .blocksReads(false).rewrites(false);
            case "14", "19", "23", "29" -> assertThat(r).on("documents").takesAtMost(SHARE_UPDATE_EXCLUSIVE)
                    .blocksWrites(false).blocksReads(false);
            case "17", "18", "28" -> assertThat(r).on("documents").takes(ACCESS_EXCLUSIVE).rewrites(false).blocksReads(true);
            case "20" -> assertThat(r).on("documents").takes(ACCESS_EXCLUSIVE).blocksReads(true).blocksWrites(true);
            case "21" -> assertThat(r).on("documents").takes(SHARE_UPDATE_EXCLUSIVE).blocksReads(false).blocksWrites(false);
            case "22" -> {
                assertThat(r).on("documents").takes(ACCESS_EXCLUSIVE).rewrites(false).blocksReads(true).blocksWrites(true);
                assertThat(r.statements().get(0).rewrites()).containsExactly("documents_title_idx");
            }
            case "24" -> assertThat(r).on("documents").takes(ACCESS_EXCLUSIVE).rewrites(true).blocksReads(true);
            case "25" -> assertThat(r).on("documents").takes(ROW_EXCLUSIVE).scans(true).blocksWrites(false).blocksReads(false);
            case "26" -> {
                assertThat(r).on("documents").takesAtMost(ACCESS_SHARE);
                assertThat(r.rows()).doesNotContainKey("audit");
            }
            case "27" -> assertThat(r).on("authors").takes(ACCESS_EXCLUSIVE).scans(true).blocksWrites(true);
            case "30" -> assertThat(r).on("documents").takes(ACCESS_EXCLUSIVE).blocksReads(true).blocksWrites(true);
            case "31" -> assertThat(r).on("sessions").takes(ACCESS_EXCLUSIVE).rewrites(true).blocksReads(true);
            case "32" -> assertThat(r).on("sessions").takes(ACCESS_EXCLUSIVE).blocksReads(true).blocksWrites(true);
            case "33" -> assertThat(r).on("user_sessions").takes(ACCESS_EXCLUSIVE).blocksReads(true).blocksWrites(true);
            default -> throw new AssertionError("no documented expectation for V" + r.version());
        }
    }

    @Test
    void every_hazard_takes_the_locks_postgresql_documents_and_docs_locks_md_shows_them() throws Exception {
        EngineExecutionResults results = EngineRun.of(Hazards.class).execute();

        assertThat(failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(33).failed(0).aborted(0));
        int major = Integer.getInteger("schemaverify.test.pgMajor", 15);
        String table = LocksTable.HEADER + String.join("\n", entries(results, "locks.row")) + "\n";
        Path generated = Path.of("target", "locks-table-pg" + major + ".md");
        Files.createDirectories(generated.getParent());
        Files.writeString(generated, table);
        Path doc = Path.of("docs", "locks.md");
        if (Boolean.getBoolean("schemaverify.locks.table.update")) {
            LocksTable.update(doc, major, table);
        }
        assertThat(LocksTable.section(doc, major)).as("docs/locks.md's table for PostgreSQL " + major + " (the measured one is in "
                + generated + "; -Dschemaverify.locks.table.update=true writes it there)").contains(table.strip());
    }

    // the policies, each on the base chain plus one revision

    private static final String DOCUMENTS = """
            CREATE TABLE documents (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                title text NOT NULL,
                body text,
                kind text NOT NULL DEFAULT 'note'
            );
            """;

    private static Chain documentsThen(String script, String sql) {
        return Chain.empty().with("V1__documents.sql", DOCUMENTS).with(script, sql);
    }

    @MigratedDatabase
    static class Defaults {
        @VerifyLocks
        void locks() {
        }
    }

    @MigratedDatabase
    static class WritesBlockedAtMost0Ms {
        @VerifyLocks(maxWriteBlockMs = 0, forbidRewrites = false, requireLockTimeout = false, requireConcurrently = false)
        void locks() {
        }
    }

    @Test
    void rows_that_cannot_be_analyzed_are_noted_for_their_table_and_the_revision_is_still_profiled() {
        // statistics on an expression are computed by ANALYZE only (PostgreSQL 14 and later): the rows generated for
        // the table V2 creates go in, and their ANALYZE fails. That is the table's finding, not V3's error
        org.junit.jupiter.api.Assumptions.assumeTrue(Integer.getInteger("schemaverify.test.pgMajor", 15) >= 14,
                "statistics on expressions came with PostgreSQL 14");
        Chain chain = documentsThen("V2__u.sql", """
                CREATE FUNCTION boom(text) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT length($1) / 0';
                CREATE TABLE u (t text);
                CREATE STATISTICS u_boom ON (boom(t)) FROM u;
                """).with("V3__w.sql", "CREATE TABLE w (id int);\n");

        EngineExecutionResults results = profile(WritesBlockedAtMost0Ms.class, chain);

        assertThat(failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(3));
        assertThat(entries(results, "schemaverify.notes")).containsExactly("the rows generated for public.u could not be"
                + " analyzed (division by zero): it has no statistics, and production's autovacuum would fail to analyze it alike");
    }

    @Test
    void a_revision_that_ends_its_own_session_is_its_error_and_the_profile_stops_there() {
        // the profile cannot go on where the revision's session ended, and that is the revision's doing on every run
        Chain chain = Chain.empty().with("V1__t.sql", "CREATE TABLE t (id int);\n")
                .with("V2__c.sql", "ALTER TABLE t ADD COLUMN c int;\nSELECT pg_terminate_backend(pg_backend_pid());\n")
                .with("V3__i.sql", "CREATE INDEX t_id ON t (id);\n");

        EngineExecutionResults results = profile(Defaults.class, chain);

        assertThat(failures(results)).containsExactly("V2__c.sql ended its own session at line 2 (57P01: terminating"
                + " connection due to administrator command): the statement calls pg_terminate_backend, and the sessions it"
                + " ends include the one that runs it. Flyway's session ends so too, and the migration fails there.\n  in the"
                + " statement at line 2:\n    SELECT pg_terminate_backend(pg_backend_pid())\nTake that statement"
                + " out of " + chain.location() + "/V2__c.sql: a migration cannot end its own session.");
        results.testEvents().aborted().assertEventsMatchLoosely(event(displayName("V3 i: locks"), abortedWithReason(message(
                "The lock profile stopped at V2 c: V2__c.sql ended its own session there (57P01: terminating connection due to"
                        + " administrator command); see V2's error."))));
    }

    @Test
    void a_materialized_view_created_with_no_data_is_profiled_as_empty_until_refreshed() {
        // reading an unpopulated materialized view fails: counting its rows stopped the profile at the next revision
        Chain chain = documentsThen("V2__mv.sql", "CREATE MATERIALIZED VIEW mv AS SELECT id FROM documents WITH NO DATA;\n")
                .with("V3__w.sql", "CREATE TABLE w (id int);\n").with("V4__refresh.sql", "REFRESH MATERIALIZED VIEW mv;\n");

        EngineExecutionResults results = profile(WritesBlockedAtMost0Ms.class, chain);

        assertThat(failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(4));
    }

    private static EngineExecutionResults profile(Class<?> fixture, Chain chain) {
        return EngineRun.of(fixture).param("schemaverify.locations", chain.location()).execute();
    }

    /** The failure texts with the times (which vary from run to run) as N. */
    private static List<String> failuresWithoutTimes(EngineExecutionResults results) {
        return failures(results).stream().map(f -> f.replaceAll("(held|waited) (\\d+ ms|under 1 ms)", "$1 N ms")).toList();
    }

    @Test
    void a_volatile_default_on_a_table_with_rows_fails_with_the_rewrite_the_lock_and_the_safe_rewrite() {
        Chain chain = documentsThen("V2__add_ref.sql", "ALTER TABLE documents ADD COLUMN ref uuid NOT NULL DEFAULT gen_random_uuid();\n");
        EngineExecutionResults results = profile(Defaults.class, chain);

        assertThat(failuresWithoutTimes(results)).containsExactly("""
                [V2__add_ref.sql, locks]
                Expecting V2 not to rewrite tables that hold rows,
                but line 1 rewrote documents (100 rows) under ACCESS EXCLUSIVE, held N ms:
                  ALTER TABLE documents ADD COLUMN ref uuid NOT NULL DEFAULT gen_random_uuid()
                Add the column without a default and without NOT NULL, set the default for new rows, backfill the others \
                in batches, then add CHECK (<column> IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later revision, SET \
                NOT NULL (PostgreSQL 12+ uses the validated check instead of a scan) and drop the check.

                Expecting every statement that takes ACCESS EXCLUSIVE on an existing table to run with a lock_timeout,
                but line 1 took ACCESS EXCLUSIVE on documents, documents_pkey with none, held N ms (while it waits for a lock, every query on documents queues behind it):
                  ALTER TABLE documents ADD COLUMN ref uuid NOT NULL DEFAULT gen_random_uuid()
                Set one before it, e.g. SET lock_timeout = '5s' (SET LOCAL inside the script's transaction), and retry the \
                migration when it gives up.""");
        assertThat(entries(results, "schemaverify.cause")).containsExactly("table_rewrite");
        results.testEvents().assertEventsMatchLooselyInOrder(event(displayName("V1 documents: locks")),
                event(displayName("V2 add_ref: locks")));
    }

    @Test
    void a_java_migration_runs_where_flyway_runs_it_and_the_sql_after_it_is_profiled() {
        // V2 is a Java migration that adds the column V3 indexes: the profile ran the SQL files only, and V3 failed
        EngineExecutionResults results = EngineRun.of(Defaults.class)
                .param("schemaverify.locations", "classpath:fixtures/roundtrip/javamigration").execute();

        assertThat(entries(results, "schemaverify.result")).contains("applied: a Java migration: applied where Flyway runs"
                + " it, not observed (its statements are not known ahead)");
        assertThat(failuresWithoutTimes(results)).containsExactly("""
                [V3__flag_index.sql, locks]
                Expecting indexes on existing tables to be built CONCURRENTLY,
                but line 1 built notes_flag_idx on notes (100 rows) under SHARE, held N ms:
                  CREATE INDEX notes_flag_idx ON notes (flag)
                Build it with CREATE INDEX CONCURRENTLY notes_flag_idx ON notes (flag), in a script of its own (Flyway runs \
                a script with CONCURRENTLY outside a transaction; a failed build leaves an invalid index to drop before \
                retrying).""");
    }

    @Test
    void with_flyways_schemas_setting_the_scripts_run_in_that_schema_and_its_tables_are_profiled() {
        // the unqualified table lands in bookstore, as under spring.flyway.schemas=bookstore, and gets its rows there
        Chain chain = Chain.empty().with("V1__author.sql", "CREATE TABLE author (id int PRIMARY KEY, name text);\n")
                .with("V2__author_ref.sql", "SET LOCAL lock_timeout = '5s';\n"
                        + "ALTER TABLE author ADD COLUMN ref uuid NOT NULL DEFAULT gen_random_uuid();\n");
        EngineExecutionResults results = EngineRun.of(Defaults.class).param("schemaverify.locations", chain.location())
                .param("schemaverify.flyway.schemas", "bookstore").execute();

        assertThat(failuresWithoutTimes(results)).containsExactly("""
                [V2__author_ref.sql, locks]
                Expecting V2 not to rewrite tables that hold rows,
                but line 2 rewrote bookstore.author (100 rows) under ACCESS EXCLUSIVE, held N ms:
                  ALTER TABLE author ADD COLUMN ref uuid NOT NULL DEFAULT gen_random_uuid()
                Add the column without a default and without NOT NULL, set the default for new rows, backfill the others \
                in batches, then add CHECK (<column> IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later revision, SET \
                NOT NULL (PostgreSQL 12+ uses the validated check instead of a scan) and drop the check.""");
    }

    @Test
    void access_exclusive_without_a_lock_timeout_fails_and_passes_once_the_script_sets_one() {
        EngineExecutionResults without = profile(Defaults.class, documentsThen("V2__add_note.sql",
                "-- a nullable column: no rewrite, but ACCESS EXCLUSIVE for a moment\nALTER TABLE documents ADD COLUMN note text;\n"));

        assertThat(failuresWithoutTimes(without)).containsExactly("""
                [V2__add_note.sql, locks]
                Expecting every statement that takes ACCESS EXCLUSIVE on an existing table to run with a lock_timeout,
                but line 2 took ACCESS EXCLUSIVE on documents with none, held N ms (while it waits for a lock, every query \
                on documents queues behind it):
                  ALTER TABLE documents ADD COLUMN note text
                Set one before it, e.g. SET lock_timeout = '5s' (SET LOCAL inside the script's transaction), and retry the \
                migration when it gives up.""");
        assertThat(entries(without, "schemaverify.cause")).containsExactly("no_lock_timeout");

        EngineExecutionResults with = profile(Defaults.class, documentsThen("V2__add_note.sql",
                "SET LOCAL lock_timeout = '5s';\nALTER TABLE documents ADD COLUMN note text;\n"));
        with.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    }

    @Test
    void an_index_on_an_existing_table_must_be_built_concurrently_and_a_new_table_is_exempt() {
        EngineExecutionResults plain = profile(Defaults.class, documentsThen("V2__title_index.sql",
                "CREATE INDEX documents_title_idx ON documents (title);\n"));

        assertThat(failuresWithoutTimes(plain)).containsExactly("""
                [V2__title_index.sql, locks]
                Expecting indexes on existing tables to be built CONCURRENTLY,
                but line 1 built documents_title_idx on documents (100 rows) under SHARE, held N ms:
                  CREATE INDEX documents_title_idx ON documents (title)
                Build it with CREATE INDEX CONCURRENTLY documents_title_idx ON documents (title), in a script of its own \
                (Flyway runs a script with CONCURRENTLY outside a transaction; a failed build leaves an invalid index to \
                drop before retrying).""");
        assertThat(entries(plain, "schemaverify.cause")).containsExactly("not_concurrent");

        profile(Defaults.class, documentsThen("V2__title_index.sql",
                "CREATE INDEX CONCURRENTLY documents_title_idx ON documents (title);\n"))
                .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        // a table the revision creates may be built, indexed and rewritten at will: no one else can see it yet
        profile(Defaults.class, documentsThen("V2__audit.sql", """
                CREATE TABLE audit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz NOT NULL DEFAULT now());
                CREATE INDEX audit_at_idx ON audit (at);
                ALTER TABLE audit ADD COLUMN ref uuid NOT NULL DEFAULT gen_random_uuid();
                """)).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        // the first toastable column of a table gives it a TOAST table, whose index is no index anyone builds
        EngineExecutionResults toast = profile(Defaults.class, Chain.empty()
                .with("V1__counters.sql", "CREATE TABLE counters (id bigint PRIMARY KEY, n int);\n")
                .with("V2__label.sql", "SET LOCAL lock_timeout = '5s';\nALTER TABLE counters ADD COLUMN label text;\n"));
        assertThat(failuresWithoutTimes(toast)).isEmpty();
        assertThat(entries(toast, "schemaverify.locks")).anyMatch(l -> l.contains("created counters (toast index)"));
    }

    @Test
    void writes_blocked_longer_than_the_bound_fail_from_the_statement_that_blocks_them() {
        EngineExecutionResults results = profile(WritesBlockedAtMost0Ms.class, documentsThen("V2__kind_index.sql",
                "CREATE INDEX documents_kind_idx ON documents (kind);\nUPDATE documents SET body = title;\n"));

        assertThat(failuresWithoutTimes(results)).containsExactly("""
                [V2__kind_index.sql, locks]
                Expecting V2 not to block writes on a table that holds rows for more than 0 ms,
                but from line 1 writes on documents (100 rows) waited N ms behind SHARE (held until the commit):
                  CREATE INDEX documents_kind_idx ON documents (kind)
                Build it with CREATE INDEX CONCURRENTLY documents_kind_idx ON documents (kind), in a script of its own \
                (Flyway runs a script with CONCURRENTLY outside a transaction; a failed build leaves an invalid index to \
                drop before retrying).""");
        assertThat(entries(results, "schemaverify.cause")).containsExactly("writes_blocked");
    }

    @MigratedDatabase
    static class KnownV2 {
        @VerifyLocks(known = "2")
        void locks() {
        }
    }

    @MigratedDatabase
    static class KnownTypo {
        @VerifyLocks(known = "20")
        void locks() {
        }
    }

    @Test
    void a_known_version_no_migration_has_is_refused() {
        assertThat(failures(profile(KnownTypo.class, documentsThen("V2__title_index.sql", "CREATE INDEX documents_title_idx"
                + " ON documents (title);\n")))).containsExactly("@VerifyLocks on " + KnownTypo.class.getName() + "#locks:"
                + " attribute 'known' expects versions of migrations, but found \"20\", which no migration has, and it comes"
                + " after V2, the last migration. Name the versions of migrations whose hazards are known (known = \"9\" for"
                + " V9__x.sql).");
    }

    @Test
    void a_known_revision_reports_its_hazards_and_passes() {
        EngineExecutionResults results = profile(KnownV2.class, documentsThen("V2__title_index.sql",
                "CREATE INDEX documents_title_idx ON documents (title);\n"));

        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(entries(results, "schemaverify.notes")).containsExactly("known hazards, not failing: not_concurrent");
        assertThat(entries(results, "schemaverify.result").get(1).replaceAll("held (\\d+ ms|under 1 ms)", "held N ms"))
                .startsWith("""
                        passed: 1 statement; on existing tables: strongest lock SHARE on documents, rewrites none, writes \
                        blocked on documents
                        Known hazards, reported and not failing (known = "2"):
                        [V2__title_index.sql, locks]
                        Expecting indexes on existing tables to be built CONCURRENTLY,
                        but line 1 built documents_title_idx on documents (100 rows) under SHARE, held N ms:""");
    }

    @Test
    void a_failed_concurrently_build_names_the_invalid_index_it_left_and_the_later_revisions_abort() {
        // two rows of the migration's own with the same kind (so no rows are generated there): production's rows
        Chain chain = Chain.empty().with("V1__documents.sql", DOCUMENTS + "INSERT INTO documents (title) VALUES ('a'), ('b');\n")
                .with("V2__unique_kind.sql", "CREATE UNIQUE INDEX CONCURRENTLY documents_kind_key ON documents (kind);\n")
                .with("V3__later.sql", "SELECT 1;\n");
        EngineExecutionResults results = profile(Defaults.class, chain);
        assertThat(entries(results, "schemaverify.notes")).isEmpty();

        assertThat(failures(results)).containsExactly("""
                [V2__unique_kind.sql, locks]
                Expecting V2 to apply,
                but V2__unique_kind.sql failed at line 1: ERROR: could not create unique index "documents_kind_key" \
                (Key (kind)=(note) is duplicated.)
                  in the statement at line 1:
                    CREATE UNIQUE INDEX CONCURRENTLY documents_kind_key ON documents (kind)
                The failed build left the invalid index documents_kind_key behind: it is never used by queries, every \
                write still updates it, and running the script again fails on it.
                Fix the statement in LOCATION/V2__unique_kind.sql, and start the script with DROP INDEX CONCURRENTLY IF \
                EXISTS documents_kind_key, so a retry starts clean.""".replace("LOCATION", chain.location()));
        assertThat(entries(results, "schemaverify.cause")).containsExactly("up_failed");
        // (the scan between them is seen on PostgreSQL 15+ only, from the statistics it flushes; the build locks its own
        // new index in each of its transactions, ACCESS EXCLUSIVE while it creates it and ROW EXCLUSIVE while it fills
        // and validates it, which the watcher sees when it samples in such a moment, as it has on PostgreSQL 13 under
        // load: locks on a relation nothing else uses yet)
        assertThat(entries(results, "schemaverify.locks")).last().asString().matches("line 1: CREATE UNIQUE INDEX"
                + " CONCURRENTLY documents_kind_key ON documents \\(kind\\) \\| locks SHARE UPDATE EXCLUSIVE on documents(,"
                + " (ACCESS|ROW) EXCLUSIVE on documents_kind_key)? \\| created documents_kind_key \\|.*")
                .endsWith("| invalid documents_kind_key | failed");
        results.testEvents().aborted().assertEventsMatchExactly(event(displayName("V3 later: locks"), abortedWithReason(message(
                "V2 unique_kind failed to apply (ERROR: could not create unique index \"documents_kind_key\" (Key (kind)=(note)"
                        + " is duplicated.)), so the revisions after it cannot be profiled."))));

        // IF NOT EXISTS: the script run again does not fail, it skips the invalid index and leaves it so
        EngineExecutionResults skipping = profile(Defaults.class, chain.with("V2__unique_kind.sql", "CREATE UNIQUE INDEX"
                + " CONCURRENTLY IF NOT EXISTS documents_kind_key ON documents (kind);\n"));
        assertThat(failures(skipping)).singleElement().asString().contains("The failed build left the invalid index"
                + " documents_kind_key behind: it is never used by queries, every write still updates it, and running the"
                + " script again skips it (IF NOT EXISTS) and leaves it invalid.\n");
    }

    @MigratedDatabase
    static class AtVolume {
        @VerifyLocks(rows = "documents=20000", forbidRewrites = false, requireLockTimeout = false, requireConcurrently = false)
        void locks(RevisionLocks revision, TestReporter reporter) {
            revision.statements().forEach(s -> reporter.publishEntry("volume", "line " + s.line() + " rows " + s.rows()
                    + " per 100k " + s.millisPer100kRows().isPresent() + " table rows " + revision.rowsOf("documents")));
        }
    }

    @Test
    void rows_at_volume_are_generated_before_the_revision_and_give_the_time_per_100k_rows() {
        EngineExecutionResults results = profile(AtVolume.class, documentsThen("V2__retype.sql",
                "ALTER TABLE documents ALTER COLUMN title TYPE varchar(200);\nALTER TABLE documents ADD COLUMN note text;\n"));

        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(entries(results, "volume")).containsExactly("line 1 rows 0 per 100k false table rows 0",
                "line 1 rows 20000 per 100k true table rows 20000",
                "line 2 rows 0 per 100k false table rows 20000");
    }

    @MigratedDatabase
    static class Statements {
        @VerifyLocks(forbidRewrites = false, requireLockTimeout = false, requireConcurrently = false)
        void locks(RevisionLocks revision, TestReporter reporter) {
            revision.statements().forEach(s -> reporter.publishEntry("statement", s.sql()));
        }
    }

    @Test
    void a_statement_that_names_a_secret_column_is_profiled_with_its_literals_masked(@TempDir Path reports) throws Exception {
        EngineExecutionResults results = EngineRun.of(Statements.class).param("schemaverify.report", "true")
                .param("schemaverify.report.dir", reports.toString())
                .param("schemaverify.locations", Chain.empty().with("V1__users.sql", "CREATE TABLE users (id int, api_token text);\n")
                        .with("V2__token.sql", "INSERT INTO users VALUES (1, 'tok-3f9a');\nUPDATE users SET api_token = 'tok-77c1' WHERE id = 1;\n")
                        .location()).execute();

        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        // the INSERT names no column: its values show, as a failure's statement does
        assertThat(entries(results, "statement")).containsExactly("CREATE TABLE users (id int, api_token text)",
                "INSERT INTO users VALUES (1, 'tok-3f9a')", "UPDATE users SET api_token = '********' WHERE id = 1");
        try (var files = java.nio.file.Files.walk(reports)) {
            assertThat(files.filter(java.nio.file.Files::isRegularFile).map(f -> {
                try {
                    return java.nio.file.Files.readString(f);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            })).isNotEmpty().noneMatch(text -> text.contains("tok-77c1"));
        }
    }

    @MigratedDatabase
    static class CheckedRows {
        @VerifyLocks(rows = "orders=300", forbidRewrites = false, requireLockTimeout = false, requireConcurrently = false)
        void locks(RevisionLocks revision, TestReporter reporter) {
            reporter.publishEntry("volume", revision.version() + " orders " + revision.rowsOf("orders"));
        }
    }

    @Test
    void rows_at_volume_take_the_values_a_check_allows_and_a_table_none_fit_is_named_with_its_own_reason() {
        // every value varied with the row number breaks these checks: the table stayed empty, and the revision was
        // profiled against no rows. A ledger whose deferred trigger refuses every row was named for the duplicate key
        // of the last attempt's constants, not for its trigger
        Chain chain = Chain.empty().with("V1__orders.sql", """
                CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL CHECK (status IN ('NEW', 'PAID')),
                    retry_seconds int NOT NULL CHECK (retry_seconds BETWEEN 60 AND 3600),
                    kind varchar(10) NOT NULL CHECK (kind = 'card'));
                CREATE TABLE ledger (id bigint PRIMARY KEY, amount int NOT NULL);
                CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'ledger % is not balanced', NEW.id; END $$;
                CREATE CONSTRAINT TRIGGER balanced AFTER INSERT ON ledger DEFERRABLE INITIALLY DEFERRED
                    FOR EACH ROW EXECUTE FUNCTION refuse();
                """).with("V2__note.sql", "ALTER TABLE orders ADD COLUMN note text;\nALTER TABLE ledger ADD COLUMN note text;\n");

        EngineExecutionResults results = profile(CheckedRows.class, chain);

        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(entries(results, "volume")).containsExactly("1 orders 0", "2 orders 300");
        assertThat(entries(results, "schemaverify.notes")).containsExactly(
                "no rows could be generated for public.ledger: ledger 1 is not balanced");
    }

    @MigratedDatabase
    static class EnumsAndGeneratedRows {
        @VerifyLocks(rows = {"codes=3", "tasks=500"}, forbidRewrites = false, requireLockTimeout = false,
                requireConcurrently = false)
        void locks(RevisionLocks revision, TestReporter reporter) {
            reporter.publishEntry("volume", revision.version() + " codes " + revision.rowsOf("codes") + " tasks "
                    + revision.rowsOf("tasks"));
        }
    }

    @Test
    void a_revision_that_fails_on_generated_rows_is_profiled_again_without_them_and_enum_columns_get_labels() {
        // found on a real history: an enum column made every generated row a syntax error ("enum_range(...)[n]"), so the
        // fallback left the nullable columns NULL and V2's SET NOT NULL failed on them, blamed on V2 (up_failed), and
        // every later revision went unprofiled. A revision whose check the generated values break (V3) is no verdict:
        // profiled again without them, and the table gets rows again for the revisions after it (V4). A NOT NULL column
        // added to a table with rows (V5) fails in production too
        Chain chain = Chain.empty().with("V1__tasks.sql", """
                CREATE TYPE mood AS ENUM ('calm', 'busy', 'late');
                CREATE TABLE codes (code mood PRIMARY KEY);
                CREATE TABLE tasks (id bigint PRIMARY KEY, mood mood, due timestamp, owner text);
                """).with("V2__due_required.sql", "ALTER TABLE tasks ALTER COLUMN due SET NOT NULL;\n")
                .with("V3__due_recent.sql", "ALTER TABLE tasks ADD CONSTRAINT tasks_due_recent CHECK (due > timestamp '2020-01-01');\n")
                .with("V4__task_note.sql", "ALTER TABLE tasks ADD COLUMN note text;\n")
                .with("V5__code_label.sql", "ALTER TABLE codes ADD COLUMN label text NOT NULL;\n");

        EngineExecutionResults results = profile(EnumsAndGeneratedRows.class, chain);

        results.testEvents().assertStatistics(s -> s.succeeded(4).failed(1));
        assertThat(entries(results, "volume")).containsExactly("1 codes 0 tasks 0", "2 codes 3 tasks 500",
                "3 codes 3 tasks 0", "4 codes 3 tasks 0");
        // rows are generated for public.tasks again as V4 starts, and none fits the new check: the note says so
        assertThat(entries(results, "schemaverify.notes")).containsExactly("V3 due_recent failed on the rows SchemaVerify"
                + " generated for public.tasks (check constraint \"tasks_due_recent\" of relation \"tasks\" is violated by some"
                + " row), which are no production data and no verdict on it: they were deleted and V3 profiled again on"
                + " public.tasks without them: a rewrite there counts as one of the rows it started with, but how long its"
                + " locks are held there is not measured at volume (rows are generated there again for the revisions after"
                + " it). To profile it on rows like production's, give them in a fixture before_V3.sql.", "no rows could be generated for public.tasks: new row for relation \"tasks\" violates check"
                + " constraint \"tasks_due_recent\"");
        assertThat(failures(results)).containsExactly("""
                [V5__code_label.sql, locks]
                Expecting V5 to apply,
                but V5__code_label.sql failed at line 1: ERROR: column "label" of relation "codes" contains null values
                  in the statement at line 1:
                    ALTER TABLE codes ADD COLUMN label text NOT NULL
                Fix the statement in %s/V5__code_label.sql.\
                """.formatted(chain.location()));
    }

    @MigratedDatabase
    static class GeneratedRowsReferenced {
        @VerifyLocks(forbidRewrites = false, requireLockTimeout = false, requireConcurrently = false)
        void locks() {
        }
    }

    @Test
    void generated_rows_that_other_generated_rows_reference_are_not_deleted_and_the_failure_stands_with_a_note() {
        Chain chain = Chain.empty().with("V1__tasks.sql", """
                CREATE TABLE tasks (id bigint PRIMARY KEY, due timestamp NOT NULL);
                CREATE TABLE task_notes (id bigint PRIMARY KEY, task_id bigint NOT NULL REFERENCES tasks);
                """).with("V2__due_recent.sql", "ALTER TABLE tasks ADD CONSTRAINT tasks_due_recent CHECK (due > timestamp '2020-01-01');\n");

        EngineExecutionResults results = profile(GeneratedRowsReferenced.class, chain);

        assertThat(failures(results)).containsExactly("""
                [V2__due_recent.sql, locks]
                Expecting V2 to apply,
                but V2__due_recent.sql failed at line 1: ERROR: check constraint "tasks_due_recent" of relation "tasks" is \
                violated by some row
                  in the statement at line 1:
                    ALTER TABLE tasks ADD CONSTRAINT tasks_due_recent CHECK (due > timestamp '2020-01-01')
                Fix the statement in %s/V2__due_recent.sql.\
                """.formatted(chain.location()));
        assertThat(entries(results, "schemaverify.notes")).containsExactly("V2 due_recent failed on the rows SchemaVerify"
                + " generated for public.tasks (check constraint \"tasks_due_recent\" of relation \"tasks\" is violated by some"
                + " row), which are no production data, but they could not be deleted (update or delete on table \"tasks\""
                + " violates foreign key constraint \"task_notes_task_id_fkey\" on table \"task_notes\"), so V2 due_recent is"
                + " reported as it failed. To profile it on rows like production's, give them in a fixture before_V2.sql.");
    }

    @Test
    void a_data_error_naming_no_table_in_a_statement_over_generated_rows_is_profiled_again_without_them() {
        // found on a real history: an index over json_data::jsonb failed on the generated text "s1" (an error that names
        // no table), was blamed on the revision, and every later revision went unprofiled; its CONCURRENTLY build left
        // an invalid index, dropped with the rows before the revision is profiled again
        Chain chain = Chain.empty()
                .with("V1__workflow.sql", "CREATE TABLE workflow (workflow_id varchar(255) PRIMARY KEY, json_data text NOT NULL);\n")
                .with("V2__running_idx.sql", "CREATE INDEX CONCURRENTLY IF NOT EXISTS workflow_running_idx ON workflow"
                        + " (workflow_id) WHERE (json_data::jsonb ->> 'status') = 'RUNNING';\n")
                .with("V3__locks.sql", "CREATE TABLE locks (lock_id varchar PRIMARY KEY);\n");

        EngineExecutionResults results = profile(GeneratedRowsReferenced.class, chain);

        assertThat(failures(results)).as(everything(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
        String rest = " and V2 profiled again on public.workflow without them: a rewrite there counts as one of the rows it"
                + " started with, but how long its locks are held there is not measured at volume (rows are generated there"
                + " again for the revisions after it). To profile it on rows like production's, give them in a fixture"
                + " before_V2.sql.";
        String failed = "V2 running_idx failed on the rows SchemaVerify generated for public.workflow (invalid input syntax"
                + " for type json (Token \"s1\" is invalid.)), which are no production data and no verdict on it: they were"
                + " deleted";
        String noRowsFor = "no rows could be generated for public.workflow: invalid input syntax for type json";
        assertThat(entries(results, "schemaverify.notes")).containsExactly(failed + " (and the invalid index"
                + " workflow_running_idx its failed build left)" + rest, noRowsFor);

        // failing again without them (a constant no row holds): the failure is its own, and the note says so
        EngineExecutionResults again = profile(GeneratedRowsReferenced.class, chain.with("V2__running_idx.sql",
                "CREATE INDEX workflow_running_idx ON workflow (workflow_id) WHERE 'x'::jsonb IS NOT NULL;\n"));
        assertThat(failures(again)).singleElement().asString().startsWith("[V2__running_idx.sql, locks]");
        assertThat(entries(again, "schemaverify.notes")).containsExactly("V2 running_idx failed on the rows SchemaVerify"
                + " generated for public.workflow (invalid input syntax for type json (Token \"x\" is invalid.)); they were"
                + " deleted and V2 running_idx applied again without them, and it failed again: the failure is its own.");

        // without a name: the server names the index, and the one this build left invalid is dropped
        EngineExecutionResults unnamed = profile(GeneratedRowsReferenced.class, chain.with("V2__running_idx.sql",
                "CREATE INDEX CONCURRENTLY ON workflow (workflow_id) WHERE (json_data::jsonb ->> 'status') = 'RUNNING';\n"));
        assertThat(failures(unnamed)).as(everything(unnamed)).isEmpty();
        assertThat(entries(unnamed, "schemaverify.notes")).containsExactly(failed + " (and the invalid index"
                + " workflow_workflow_id_idx its failed build left)" + rest, noRowsFor);
        // the retry builds the index under the same name: the server would call it workflow_workflow_id_idx1 beside one
        // left invalid
        assertThat(entries(unnamed, "schemaverify.locks"))
                .anyMatch(l -> l.matches(".*\\| created workflow_workflow_id_idx( \\|.*)?"))
                .noneMatch(l -> l.contains("workflow_workflow_id_idx1"));

        // a statement that names no table (a function reading the rows): any table with generated rows may hold the value
        EngineExecutionResults called = profile(GeneratedRowsReferenced.class, chain.with("V2__running_idx.sql",
                "CREATE FUNCTION statuses() RETURNS bigint LANGUAGE sql AS\n"
                        + "  $$ SELECT count(*) FROM workflow WHERE (json_data::jsonb ->> 'status') = 'RUNNING' $$;\n"
                        + "SELECT statuses();\n"));
        assertThat(failures(called)).as(everything(called)).isEmpty();
        assertThat(entries(called, "schemaverify.notes")).containsExactly(failed + rest);

        // in a transaction: nothing is left to drop
        EngineExecutionResults transactional = profile(GeneratedRowsReferenced.class, chain.with("V2__running_idx.sql",
                "CREATE INDEX workflow_running_idx ON workflow (workflow_id) WHERE (json_data::jsonb ->> 'status') = 'RUNNING';\n"));
        assertThat(failures(transactional)).as(everything(transactional)).isEmpty();
        assertThat(entries(transactional, "schemaverify.notes")).containsExactly(failed + rest, noRowsFor);
    }

    @Test
    void a_revision_retried_on_two_tables_and_failing_on_its_own_says_so_in_both_notes() {
        // each retry's note said "no verdict on it"; when the revision then failed on its own, only the last was rewritten
        Chain chain = Chain.empty()
                .with("V1__docs.sql", "CREATE TABLE drafts (id int PRIMARY KEY, doc text NOT NULL);\n"
                        + "CREATE TABLE pages (id int PRIMARY KEY, doc text NOT NULL);\n")
                .with("V2__status.sql", "CREATE INDEX drafts_status ON drafts (id) WHERE (doc::jsonb ->> 'status') = 'x';\n"
                        + "CREATE INDEX pages_status ON pages (id) WHERE (doc::jsonb ->> 'status') = 'x';\n"
                        + "DO $$ BEGIN PERFORM 'x'::jsonb; END $$;\n");

        EngineExecutionResults results = profile(GeneratedRowsReferenced.class, chain);

        assertThat(failures(results)).singleElement().asString().startsWith("[V2__status.sql, locks]");
        String again = " (invalid input syntax for type json (Token \"s1\" is invalid.)); they were deleted and V2 status"
                + " applied again without them, and it failed again: the failure is its own.";
        assertThat(entries(results, "schemaverify.notes")).containsExactly("V2 status failed on the rows SchemaVerify"
                + " generated for public.drafts" + again + " | V2 status failed on the rows SchemaVerify generated for"
                + " public.pages" + again);
    }

    @Test
    void a_failure_again_while_rows_that_cannot_be_told_apart_are_left_is_not_said_to_be_the_revisions_own() {
        // found by a review: the retry left public.pages' rows (updated since), and failing on them read "its own"
        Chain chain = Chain.empty()
                .with("V1__docs.sql", "CREATE TABLE drafts (id int PRIMARY KEY, doc text NOT NULL);\n"
                        + "CREATE TABLE pages (id serial PRIMARY KEY, doc text NOT NULL);\n")
                .with("V2__touch.sql", "UPDATE pages SET doc = doc || '';\nINSERT INTO pages (doc) VALUES ('{}');\n")
                .with("V3__count.sql", "CREATE FUNCTION statuses() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM"
                        + " (SELECT doc FROM drafts UNION ALL SELECT doc FROM pages) d WHERE (doc::jsonb ->> 's') = 'x' $$;\n"
                        + "SELECT statuses();\n");

        EngineExecutionResults results = profile(GeneratedRowsReferenced.class, chain);

        assertThat(failures(results)).singleElement().asString().startsWith("[V3__count.sql, locks]");
        String json = " (invalid input syntax for type json (Token \"s1\" is invalid.))";
        String fixture = " To profile it on rows like production's, give them in a fixture before_V3.sql.";
        assertThat(entries(results, "schemaverify.notes")).containsExactly("V3 count failed on the rows SchemaVerify"
                + " generated for public.drafts" + json + "; they were deleted (those of public.pages are left: a revision"
                + " since rewrote or updated them, so they cannot be told from the table's other rows) and V3 count applied"
                + " again without them, and it failed again, maybe on those left: see the note on them." + fixture + " | V3"
                + " count failed on the rows SchemaVerify generated for public.pages" + json + ", which are no production"
                + " data, but a revision since rewrote or updated those of public.pages, so they cannot be told from the"
                + " table's other rows and V3 count is reported as it failed." + fixture);
    }

    @Test
    void a_script_flyway_refuses_before_its_first_statement_fails_with_flyways_reason() {
        // found by a probe: no statement ran, so the profile had no line to report, and JUnit refused the blank report
        // entry ("value must not be null or blank") in place of the failure
        Chain chain = Chain.empty()
                .with("V1__workflow.sql", "CREATE TABLE workflow (workflow_id varchar(255) PRIMARY KEY);\n")
                .with("V2__running_idx.sql", "SET lock_timeout = '2s';\nCREATE INDEX CONCURRENTLY ON workflow (workflow_id);\n");

        EngineExecutionResults results = profile(GeneratedRowsReferenced.class, chain);

        assertThat(failures(results)).containsExactly("""
                [V2__running_idx.sql, locks]
                Expecting V2 to apply,
                but V2__running_idx.sql mixes statements that must run in a transaction with statements that cannot (line 2:\
                 CREATE INDEX CONCURRENTLY ON workflow (workflow_id) [non-transactional]), and Flyway refuses to apply it\
                 ("Detected both transactional and non-transactional statements within the same migration").
                Move the statements that cannot run in a transaction (CREATE INDEX CONCURRENTLY, VACUUM, ...) into a migration\
                 of their own, or run the whole script outside a transaction with a V2__running_idx.sql.conf holding\
                 executeInTransaction=false (a failure then keeps what ran before it; a -- flyway: comment line in the script\
                 is no such setting to Flyway Community); if your Flyway runs with mixed = true (flyway.mixed,\
                 spring.flyway.mixed), give SchemaVerify the same: @MigratedDatabase(mixed = true), or the property\
                 schemaverify.flyway.mixed=true.\
                """);
    }

    @MigratedDatabase
    static class DocumentRows {
        @VerifyLocks(rows = "executions=2000", requireLockTimeout = false)
        void locks() {
        }
    }

    @Test
    void rows_of_a_table_whose_not_null_columns_are_made_from_its_document_are_generated_with_what_they_read() {
        // found on a real history (kestra): NOT NULL columns generated from a jsonb document got no value from the
        // profile's documents, so no row could be generated, and every rewrite of the table passed on an empty table
        Chain chain = Chain.empty()
                .with("V1__executions.sql", "CREATE FUNCTION parse_iso(text) RETURNS timestamptz IMMUTABLE LANGUAGE sql"
                        + " AS $$ SELECT $1::timestamptz $$;\n"
                        + "CREATE TABLE executions (key varchar(250) PRIMARY KEY, value jsonb NOT NULL,"
                        + " id varchar(150) NOT NULL GENERATED ALWAYS AS (value ->> 'id') STORED,"
                        + " deleted boolean NOT NULL GENERATED ALWAYS AS ((value ->> 'deleted')::boolean) STORED,"
                        + " started timestamptz NOT NULL GENERATED ALWAYS AS (parse_iso(value #>> '{state,startDate}')) STORED,"
                        + " attempts int NOT NULL GENERATED ALWAYS AS ((value #>> '{state,attempts}')::int) STORED);\n"
                        + "CREATE UNIQUE INDEX executions_id ON executions (id);\n")
                .with("V2__namespace.sql", "ALTER TABLE executions ADD COLUMN namespace varchar(150)"
                        + " GENERATED ALWAYS AS (value ->> 'namespace') STORED;\n");

        EngineExecutionResults results = profile(DocumentRows.class, chain);

        assertThat(failures(results)).as(everything(results)).singleElement().asString()
                .startsWith("[V2__namespace.sql, locks]\nExpecting V2 not to rewrite tables that hold rows,\nbut line 1 rewrote"
                        + " executions (2000 rows) under ACCESS EXCLUSIVE, held ")
                .contains("  ALTER TABLE executions ADD COLUMN namespace varchar(150) GENERATED ALWAYS AS (value ->> 'namespace')"
                        + " STORED\n");
        assertThat(entries(results, "schemaverify.notes")).isEmpty();
    }

    @Test
    void a_new_not_null_generated_column_that_the_generated_rows_break_is_profiled_again_without_them() {
        // its value is made from each row's document: whether production's rows pass depends on them, not on the column
        Chain chain = Chain.empty()
                .with("V1__t.sql", "CREATE TABLE t (key text PRIMARY KEY, value jsonb NOT NULL);\n")
                .with("V2__disabled.sql", "ALTER TABLE t ADD COLUMN disabled bool GENERATED ALWAYS AS (CAST(value ->> 'disabled'"
                        + " AS bool)) STORED NOT NULL;\n");

        EngineExecutionResults results = profile(GeneratedRowsReferenced.class, chain);

        assertThat(failures(results)).as(everything(results)).isEmpty();
        assertThat(entries(results, "schemaverify.notes")).containsExactly("V2 disabled failed on the rows SchemaVerify"
                + " generated for public.t (column \"disabled\" of relation \"t\" contains null values), which are no"
                + " production data and no verdict on it: they were deleted and V2 profiled again on public.t without them: a"
                + " rewrite there counts as one of the rows it started with, but how long its locks are held there is not"
                + " measured at volume (rows are generated there again for the revisions after it). To profile it on rows like"
                + " production's, give them in a fixture before_V2.sql.");
    }

    @MigratedDatabase
    static class CastRows {
        @VerifyLocks(rows = "t=1000")
        void locks() {
        }
    }

    @Test
    void generated_rows_a_data_migration_updated_since_are_all_deleted_for_the_try_without_them() {
        // found on a real history (mattermost): V2's update gave the generated rows a new transaction, so they could no
        // longer be told apart: V3 was blamed ("Fix the statement") and every revision after it went unprofiled
        Chain chain = Chain.empty()
                .with("V1__t.sql", "CREATE TABLE t (id bigint PRIMARY KEY, props varchar(100), n int);\n")
                .with("V2__count.sql", "UPDATE t SET n = 1;\n")
                .with("V3__props_jsonb.sql", "SET lock_timeout = '2s';\nALTER TABLE t ALTER COLUMN props TYPE jsonb USING"
                        + " props::jsonb;\n")
                .with("V4__later.sql", "CREATE TABLE later (id int);\n");

        EngineExecutionResults results = profile(CastRows.class, chain);

        assertThat(failuresWithoutTimes(results)).singleElement().asString().startsWith("[V3__props_jsonb.sql, locks]\n"
                + "Expecting V3 not to rewrite tables that hold rows,\nbut line 2 rewrote t (1000 rows) under ACCESS EXCLUSIVE");
        assertThat(entries(results, "schemaverify.notes")).containsExactly("V3 props_jsonb failed on the rows SchemaVerify"
                + " generated for public.t (invalid input syntax for type json (Token \"s1\" is invalid.)), which are no"
                + " production data and no verdict on it: they were deleted (every row of public.t, which a revision since"
                + " updated or rewrote) and V3 profiled again on public.t without them: a rewrite there counts as one of the"
                + " rows it started with, but how long its locks are held there is not measured at volume (rows are generated"
                + " there again for the revisions after it). To profile it on rows like production's, give them in a fixture"
                + " before_V3.sql.");
        results.testEvents().assertStatistics(s -> s.succeeded(3).failed(1).aborted(0));
    }

    @Test
    void a_type_change_whose_cast_fails_on_generated_values_is_still_a_rewrite_of_a_table_with_rows() {
        // found on a real history (mattermost): the varchar-to-jsonb cast failed on the generated "s1", the rows were
        // deleted and the revision profiled again, and its rewrite then passed as one of an empty table
        Chain chain = Chain.empty()
                .with("V1__t.sql", "CREATE TABLE t (id bigint PRIMARY KEY, props varchar(100));\n")
                .with("V2__props_jsonb.sql", "SET lock_timeout = '2s';\nALTER TABLE t ALTER COLUMN props TYPE jsonb USING"
                        + " props::jsonb;\n");

        EngineExecutionResults results = profile(CastRows.class, chain);

        assertThat(failuresWithoutTimes(results)).containsExactly("""
                [V2__props_jsonb.sql, locks]
                Expecting V2 not to rewrite tables that hold rows,
                but line 2 rewrote t (1000 rows) under ACCESS EXCLUSIVE, held N ms:
                  ALTER TABLE t ALTER COLUMN props TYPE jsonb USING props::jsonb
                Add a column of the new type, backfill it in batches, switch the code to it, then drop the old one (a \
                binary-compatible change such as varchar(n) to text or to a longer varchar does not rewrite).""");
        assertThat(entries(results, "schemaverify.cause")).containsExactly("table_rewrite");
        assertThat(entries(results, "schemaverify.notes")).containsExactly("V2 props_jsonb failed on the rows SchemaVerify"
                + " generated for public.t (invalid input syntax for type json (Token \"s1\" is invalid.)), which are no"
                + " production data and no verdict on it: they were deleted and V2 profiled again on public.t without them: a"
                + " rewrite there counts as one of the rows it started with, but how long its locks are held there is not"
                + " measured at volume (rows are generated there again for the revisions after it). To profile it on rows like"
                + " production's, give them in a fixture before_V2.sql.");
    }

    @MigratedDatabase
    static class RowsThatCannotBe {
        @VerifyLocks(rows = "codes=100")
        void locks() {
        }
    }

    @Test
    void rows_asked_for_by_name_that_cannot_be_generated_stop_the_profile_with_the_reason() {
        // a profile on the empty table would pass what rewrites it at volume: a note alone went unnoticed
        Chain chain = Chain.empty()
                .with("V1__codes.sql", "CREATE TABLE codes (code text NOT NULL CHECK (code ~ '^([A-Z])\\1{2}$'));\n")
                .with("V2__rewrite.sql", "SET lock_timeout = '2s';\nALTER TABLE codes ALTER COLUMN code TYPE varchar(3);\n")
                .with("V3__other.sql", "CREATE TABLE other (a int);\n");

        EngineExecutionResults results = profile(RowsThatCannotBe.class, chain);

        assertThat(failures(results)).as(everything(results)).containsExactly("@VerifyLocks on "
                + RowsThatCannotBe.class.getName() + "#locks: attribute 'rows' expects rows in public.codes (\"codes=100\"),"
                + " but none could be generated: new row for relation \"codes\" violates check"
                + " constraint \"codes_code_check\". Give the table its rows in a fixture before_V2.sql (@VerifyLocks(fixtures"
                + " = ...)), or leave it out of rows; profiled empty, it would pass what rewrites or blocks it at volume.");
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1).aborted(1));
        // the revisions after it: stopped, with no word of a defect in SchemaVerify
        results.testEvents().aborted().assertEventsMatchExactly(event(abortedWithReason(message("The lock profile stopped"
                + " at V2 rewrite: the rows it asks for could not be generated; see V2's error."))));
    }

    @MigratedDatabase
    static class BadRows {
        @VerifyLocks(rows = "documents:100")
        void locks() {
        }
    }

    @Test
    void rows_that_are_not_table_equals_count_are_named() {
        assertThat(failures(profile(BadRows.class, documentsThen("V2__x.sql", "SELECT 1;\n")))).containsExactly(
                "@VerifyLocks on io.github.schemaverify.LocksTest$BadRows#locks: attribute 'rows' expects TABLE=COUNT entries"
                        + " such as \"documents=100000\", but found \"documents:100\".");
    }

    @MigratedDatabase
    static class SeveralTablesInOneEntry {
        @VerifyLocks(rows = "documents=10, authors=5")
        void locks() {
        }
    }

    @Test
    void several_tables_in_one_rows_entry_are_shown_as_entries_of_their_own() {
        assertThat(failures(profile(SeveralTablesInOneEntry.class, documentsThen("V2__x.sql", "SELECT 1;\n")))).containsExactly(
                "@VerifyLocks on io.github.schemaverify.LocksTest$SeveralTablesInOneEntry#locks: attribute 'rows' expects"
                        + " TABLE=COUNT entries such as \"documents=100000\", but found \"documents=10, authors=5\", several"
                        + " tables in one entry: give each its own, rows = {\"documents=10\", \"authors=5\"}.");
    }
}
