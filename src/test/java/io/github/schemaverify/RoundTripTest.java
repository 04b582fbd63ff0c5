package io.github.schemaverify;

import static io.github.schemaverify.testing.EngineRun.failures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.schemaverify.testing.EngineRun;

/** Fixture migration sets with real defects, run through EngineTestKit; exact failure text. */
class RoundTripTest {

    @MigratedDatabase(placeholders = "LISTS=10")
    static class Walk {
        static final List<RevisionStep> STEPS = new ArrayList<>();

        @VerifyRoundTrip
        void round_trip(RevisionStep step) {
            STEPS.add(step);
        }
    }

    private static EngineExecutionResults walk(String set) {
        Walk.STEPS.clear();
        return EngineRun.of(Walk.class).param("schemaverify.locations", "classpath:fixtures/roundtrip/" + set).execute();
    }

    @Test
    void the_clean_chain_passes_every_revision_with_readable_names() {
        EngineExecutionResults results = walk("clean");

        results.testEvents().assertStatistics(s -> s.succeeded(10).failed(0).aborted(0));
        results.testEvents().succeeded().assertEventsMatchExactly(
                event(displayName("V1 extensions: up, down, up")),
                event(displayName("V2 documents: up, down, up")),
                event(displayName("V3 embedding_index: up, down, up")),
                event(displayName("V4 content_hash: up, down, up")),
                event(displayName("V5 touch_function: up, down, up")),
                event(displayName("V6 touch_trigger: up, down, up")),
                event(displayName("V7 doc_state: up, down, up")),
                event(displayName("V8 ticket_seq: up, down, up")),
                event(displayName("undo all to base leaves no trace")),
                event(displayName("re-applying all from base reproduces head")));
        RevisionStep v3 = Walk.STEPS.get(2);
        assertThat(v3.version()).isEqualTo("3");
        assertThat(v3.script()).isEqualTo("V3__embedding_index.sql");
        assertThat(v3.before().indexes()).extracting(i -> i.name()).doesNotContain("documents_embedding_idx");
        assertThat(v3.after().indexes()).extracting(i -> i.name()).contains("documents_embedding_idx");
        assertThat(v3.notices()).contains("ivfflat index created with little data");
        assertThat(Walk.STEPS.get(9).kind()).isEqualTo(RevisionStep.Kind.REAPPLY_ALL);
    }

    @Test
    void a_migration_writing_to_pg_catalog_is_caught_at_head_when_snapshots_are_read_incrementally() {
        Walk.STEPS.clear();
        EngineExecutionResults results = EngineRun.of(Walk.class)
                .param("schemaverify.locations", "classpath:fixtures/roundtrip/catalog_write")
                .param("schemaverify.walk.snapshots", "incremental").execute();

        assertThat(failures(results)).containsExactly("[undo all]\nExpecting the walk's incremental snapshots to equal a full"
                + " reading at head,\nbut they differ (- only in the full reading, + only in the incremental one):\n"
                + "  ~ index public.t_id: valid was false, is true\n"
                + "The revisions' verdicts above may be wrong. A migration that writes to pg_catalog directly, or disables"
                + " SchemaVerify's event triggers, causes this; otherwise it is a defect in SchemaVerify. Set"
                + " schemaverify.walk.snapshots=full to read every snapshot in full.");
        results.testEvents().assertStatistics(s -> s.succeeded(3).failed(1).aborted(0));

        // read in full, every step sees the write and its undo, and the walk passes
        EngineExecutionResults full = EngineRun.of(Walk.class)
                .param("schemaverify.locations", "classpath:fixtures/roundtrip/catalog_write")
                .param("schemaverify.walk.snapshots", "full").execute();
        full.testEvents().assertStatistics(s -> s.succeeded(4).failed(0).aborted(0));
    }

    @Test
    void an_unknown_snapshot_mode_is_named_with_the_values_to_use() {
        EngineExecutionResults results = EngineRun.of(Walk.class)
                .param("schemaverify.locations", "classpath:fixtures/roundtrip/clean")
                .param("schemaverify.walk.snapshots", "fast").execute();

        assertThat(failures(results)).containsExactly("property schemaverify.walk.snapshots is \"fast\", which is not a"
                + " snapshot mode: use incremental (the default), full or checked.");
    }

    private static String leftBehind(String file, String version, String undo, String line) {
        return "[" + file + ", up, down, up]\nExpecting the schema after undoing V" + version + " to equal the schema before V"
                + version + ",\nbut the undo left behind:\n  " + line + "\nAdd the missing DROP or ALTER statements to " + undo + ".";
    }

    @Test
    void an_undo_that_forgets_an_index_fails_with_the_leftover_index_and_later_revisions_abort() {
        EngineExecutionResults results = walk("forgets_index");

        assertThat(failures(results)).containsExactly(leftBehind("V3__embedding_index.sql", "3", "U3__embedding_index.sql",
                "+ index public.documents_embedding_idx (ivfflat on documents (embedding vector_cosine_ops) WITH (lists=10))"));
        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(1).aborted(7));
        results.testEvents().aborted().assertEventsMatchLoosely(event(displayName("V4 content_hash: up, down, up"),
                abortedWithReason(message("The walk stopped at V3 embedding_index, which failed: Expecting the schema after"
                        + " undoing V3 to equal the schema before V3,"))));
    }

    @Test
    void undos_that_forget_a_column_function_trigger_enum_sequence_or_the_extension_name_it() {
        assertThat(failures(walk("forgets_column"))).containsExactly(leftBehind("V4__content_hash.sql", "4",
                "U4__content_hash.sql", "+ column public.documents.content_hash (text NULL)"));
        assertThat(failures(walk("forgets_function"))).containsExactly(leftBehind("V5__touch_function.sql", "5",
                "U5__touch_function.sql", "+ function public.touch() (RETURNS trigger LANGUAGE plpgsql VOLATILE)"));
        assertThat(failures(walk("forgets_trigger"))).containsExactly(leftBehind("V6__touch_trigger.sql", "6",
                "U6__touch_trigger.sql", "+ trigger public.documents.documents_touch (CREATE TRIGGER documents_touch BEFORE"
                        + " UPDATE ON documents FOR EACH ROW EXECUTE FUNCTION touch())"));
        assertThat(failures(walk("forgets_enum"))).containsExactly(leftBehind("V7__doc_state.sql", "7", "U7__doc_state.sql",
                "+ enum public.doc_state (AS ENUM ('draft', 'published'))"));
        assertThat(failures(walk("forgets_sequence"))).containsExactly(leftBehind("V8__ticket_seq.sql", "8",
                "U8__ticket_seq.sql", "+ sequence public.ticket_seq (bigint START 100 INCREMENT 1)"));
        assertThat(failures(walk("forgets_extension"))).singleElement().asString().matches(java.util.regex.Pattern.quote(
                leftBehind("V1__extensions.sql", "1", "U1__extensions.sql", "+ extension vector (vector VERSION in public)"))
                .replace("VERSION", "\\E\\d+\\.\\d+\\.\\d+\\Q"));
    }

    @Test
    void an_undo_that_drops_what_its_version_did_not_create_is_named() {
        assertThat(failures(walk("drops_too_much"))).containsExactly("""
                [V4__content_hash.sql, up, down, up]
                Expecting the schema after undoing V4 to equal the schema before V4,
                but the undo removed what V4 did not create:
                  - column public.documents.title (text NOT NULL)
                Remove from U4__content_hash.sql what drops objects that V4 did not create.""");
    }

    @Test
    void a_missing_undo_names_the_file_expected() {
        assertThat(failures(walk("missing_undo"))).containsExactly("""
                [V4__content_hash.sql, up, down, up]
                Expecting an undo script for V4,
                but there is none: create U4__content_hash.sql beside V4__content_hash.sql (in \
                classpath:fixtures/roundtrip/missing_undo), or mark V4 irreversible (irreversible = "4", or a first line \
                -- schemaverify:irreversible).""");
    }

    @MigratedDatabase(placeholders = "LISTS=10", locations = "classpath:fixtures/roundtrip/missing_undo")
    static class NoUndoRequired {
        @VerifyRoundTrip(requireUndo = false)
        void round_trip() {
        }
    }

    @Test
    void without_require_undo_a_missing_undo_ends_the_down_walk_there() {
        EngineExecutionResults results = EngineRun.of(NoUndoRequired.class).execute();
        results.testEvents().assertStatistics(s -> s.succeeded(10).failed(0));
        results.testEvents().succeeded().assertEventsMatchLoosely(event(displayName("V4 content_hash: up (no undo script)")),
                event(displayName("undo all down to V4 (irreversible) leaves no trace")));
    }

    @Test
    void an_undo_with_a_sql_error_shows_file_line_and_message() {
        assertThat(failures(walk("undo_sql_error"))).containsExactly("""
                [U4__content_hash.sql, down]
                Undoing V4 failed:
                U4__content_hash.sql failed at line 2: ERROR: column "content_hashh" of relation "documents" does not exist
                  statement: ALTER TABLE documents DROP COLUMN content_hashh
                Fix the statement in classpath:fixtures/roundtrip/undo_sql_error/U4__content_hash.sql.""");
    }

    @MigratedDatabase(placeholders = "LISTS=10")
    static class WithFixtures {
        @VerifyRoundTrip(fixtures = "classpath:fixtures/roundtrip/fixtures_data")
        void round_trip() {
        }
    }

    @Test
    void a_migration_that_deletes_rows_of_a_table_it_does_not_touch_is_named_with_fixtures_loaded() {
        EngineExecutionResults results = EngineRun.of(WithFixtures.class)
                .param("schemaverify.locations", "classpath:fixtures/roundtrip/deletes_rows").execute();
        assertThat(failures(results)).containsExactly("""
                [V4__content_hash.sql, up, down, up]
                Expecting the rows of tables that V4 does not change to survive up, down and up,
                but after up:
                  ~ table public.tenants: rows was 3, is 2
                Keep V4 to its own tables, or move the data change into a migration of its own marked irreversible.""");
        EngineExecutionResults clean = EngineRun.of(WithFixtures.class)
                .param("schemaverify.locations", "classpath:fixtures/roundtrip/clean").execute();
        clean.testEvents().assertStatistics(s -> s.succeeded(10).failed(0));
    }

    @Test
    void repeatable_migrations_are_left_out_of_the_walk_and_of_the_final_flyway_run() {
        Walk.STEPS.clear();
        EngineExecutionResults results = EngineRun.of(Walk.class).param("schemaverify.locations", "classpath:fixtures/repeatable_ok")
                .execute();
        assertThat(failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
        org.assertj.core.api.Assertions.assertThat(Walk.STEPS.get(2).after().views()).isEmpty();
    }

    @Test
    void an_irreversible_revision_ends_the_down_walk_and_is_reported_as_such() {
        EngineExecutionResults results = walk("irreversible");
        results.testEvents().assertStatistics(s -> s.succeeded(11).failed(0));
        results.testEvents().succeeded().assertEventsMatchLoosely(
                event(displayName("V9 uppercase_titles: up (irreversible)"), finishedSuccessfully()),
                event(displayName("undo all down to V9 (irreversible) leaves no trace")));
        assertThat(Walk.STEPS.get(8).irreversible()).isTrue();
    }

    @MigratedDatabase(placeholders = "LISTS=10", engine = Engine.SQL_SCRIPTS, scripts = "classpath:fixtures/scripts/schema.sql")
    static class ScriptsEngine {
        @VerifyRoundTrip
        void round_trip() {
        }
    }

    static class NoDatabase {
        @VerifyRoundTrip
        void round_trip() {
        }
    }

    @Test
    void misuse_is_named() {
        assertThat(failures(EngineRun.of(ScriptsEngine.class).execute())).containsExactly("@VerifyRoundTrip on "
                + ScriptsEngine.class.getName() + "#round_trip walks Flyway versioned migrations, but @MigratedDatabase uses"
                + " engine = SQL_SCRIPTS, which has none. Use @VerifyIdempotent to prove that the scripts can run again.");
        assertThat(failures(EngineRun.of(NoDatabase.class).execute())).containsExactly("@VerifyRoundTrip on "
                + NoDatabase.class.getName() + "#round_trip needs @MigratedDatabase on its class or method, to know which"
                + " migrations to verify and where.");
    }
}
