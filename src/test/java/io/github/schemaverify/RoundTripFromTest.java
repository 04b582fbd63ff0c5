package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.testing.EngineRun.entries;
import static io.github.schemaverify.testing.EngineRun.failures;
import static org.assertj.core.api.Assertions.as;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;
import io.github.schemaverify.testing.ReportSchema;

/**
 * {@code @VerifyRoundTrip(from = ...)}: the walk starts at a later revision, on a base of the ones before it applied
 * once; what it walks gets the verdicts a whole walk gives, what it does not is reported as applied, not verified.
 */
class RoundTripFromTest {

    @MigratedDatabase(placeholders = "LISTS=10")
    static class Walk {
        @VerifyRoundTrip
        void round_trip() {
        }
    }

    @MigratedDatabase(placeholders = "LISTS=10")
    static class WithFixtures {
        @VerifyRoundTrip(fixtures = "classpath:fixtures/roundtrip/fixtures_data")
        void round_trip() {
        }
    }

    @MigratedDatabase(placeholders = "LISTS=10")
    static class FromOnTheAnnotation {
        @VerifyRoundTrip(from = "4.5")
        void round_trip() {
        }
    }

    @MigratedDatabase(placeholders = "LISTS=10")
    static class IrreversibleTypo {
        @VerifyRoundTrip(from = "6", irreversible = "7.0.1")
        void round_trip() {
        }
    }

    private static Chain clean() {
        return Chain.of("clean");
    }

    private static EngineExecutionResults walk(Class<?> fixture, Chain chain, String from) {
        return EngineRun.of(fixture).param("schemaverify.locations", chain.location()).param("schemaverify.roundtrip.from", from)
                .execute();
    }

    @Test
    void from_a_version_walks_that_revision_and_the_later_ones_on_the_base_of_the_earlier_ones() {
        EngineExecutionResults results = walk(Walk.class, clean(), "5");

        results.testEvents().assertStatistics(s -> s.succeeded(6).failed(0).aborted(0));
        results.testEvents().succeeded().assertEventsMatchExactly(
                event(displayName("V5 touch_function: up, down, up")),
                event(displayName("V6 touch_trigger: up, down, up")),
                event(displayName("V7 doc_state: up, down, up")),
                event(displayName("V8 ticket_seq: up, down, up")),
                event(displayName("undo all down to the base (V1 to V4) leaves no trace")),
                event(displayName("re-applying V5 to V8 on the base reproduces head")));
        assertThat(entries(results, "schemaverify.notes")).singleElement().asString().matches("walked from V5"
                + " \\(schemaverify\\.roundtrip\\.from = \"5\"\\), on a copy of the base sv_cache_[0-9a-f]{16}: V1 to V4 applied"
                + " once by Flyway, not verified; built in \\d+ ms by this run");
        // Flyway reads copies of the locations without the files of the migrations the base holds (V1 to V4, U1 to U4)
        assertThat(entries(results, "schemaverify.result")).last().asString().matches("passed: Flyway \\d+ ms on a copy of"
                + " the base \\(from copies of its locations without the 8 files of the migrations applied there\\)");
    }

    @Test
    void flyway_on_the_base_reads_copies_of_a_classpath_location_as_well() {
        EngineExecutionResults results = EngineRun.of(Walk.class).param("schemaverify.locations", "classpath:fixtures/roundtrip/clean")
                .param("schemaverify.roundtrip.from", "5").execute();

        results.testEvents().assertStatistics(s -> s.succeeded(6).failed(0).aborted(0));
        assertThat(entries(results, "schemaverify.result")).last().asString()
                .endsWith(" (from copies of its locations without the 8 files of the migrations applied there)");
    }

    @Test
    void flyway_on_the_base_runs_the_callbacks_of_the_locations_from_their_copies_too_and_the_walk_writes_no_history() {
        // named after how many migrations Flyway's history holds when it runs: after the base's build (4), and after
        // Flyway's run over the walked revisions on a copy of the base (8); the walk runs it at head too, but writes no
        // history, so there it finds 4
        Chain chain = clean().with("afterMigrate.sql", "DO $$ BEGIN EXECUTE format('CREATE TABLE IF NOT EXISTS after_%s (id int)',"
                + " (SELECT count(*) FROM flyway_schema_history WHERE success)); END $$;\n");

        EngineExecutionResults results = walk(Walk.class, chain, "5");

        assertThat(failures(results)).containsExactly("""
                [re-apply all]
                Expecting Flyway, applying every migration to a fresh database, to reach the head of the walk,
                but it differs (- only in the walk, + only after Flyway):
                  + table public.after_8 (id integer)
                The walk ran the callback afterMigrate.sql where Flyway runs it, but writes no rows to Flyway's \
                schema history: what a callback or a script decides from flyway_schema_history can differ. Else look \
                for scripts whose schema depends on the rows of their tables \
                (the walk's hold a generated row, a fresh database's none) or on session state, and for Java \
                migrations Flyway is given as objects (its javaMigrations setting) or finds as repeatable ones, which \
                the walk does not run.""");
    }

    @Test
    void on_a_base_the_walk_does_not_run_before_migrate_again_and_says_so_when_flyway_differs_by_it() {
        // Flyway ran it when it built the base (before_0) and runs it again on the copy it migrates (before_1)
        Chain chain = clean().with("beforeMigrate.sql", "DO $$ BEGIN EXECUTE format('CREATE TABLE before_%s (id int)',"
                + " (SELECT count(*) FROM pg_class WHERE relname LIKE 'before\\_%')); END $$;\n");

        assertThat(failures(walk(Walk.class, chain, "5"))).containsExactly("""
                [re-apply all]
                Expecting Flyway, applying every migration to a fresh database, to reach the head of the walk,
                but it differs (- only in the walk, + only after Flyway):
                  + table public.before_1 (id integer)
                Flyway ran the callback beforeMigrate.sql, which the walk does not run: what it creates or changes \
                shows here as Flyway's. Else look for scripts whose schema depends on the rows of their tables (the \
                walk's hold a generated row, a fresh database's none) or on session state, and for Java migrations \
                Flyway is given as objects (its javaMigrations setting) or finds as repeatable ones, which the walk \
                does not run.""");
    }

    @Test
    void a_callback_that_fails_after_the_last_migration_is_named_not_the_migration() {
        // fails once more than the base's four migrations are applied: in Flyway's run over the walked revisions only,
        // after V8 applied (it was once reported as V8's failure)
        Chain chain = clean().with("afterMigrate.sql", "DO $$ BEGIN IF (SELECT count(*) FROM flyway_schema_history) > 4 THEN"
                + " RAISE EXCEPTION 'callback refuses'; END IF; END $$;\n");

        assertThat(failures(walk(Walk.class, chain, "5"))).containsExactly("""
                [re-apply all]
                Expecting Flyway to apply every migration to a fresh database,
                but Flyway failed: Error while executing afterMigrate callback: Failed to execute script \
                afterMigrate.sql: ERROR: callback refuses""");
    }

    @Test
    void a_file_flyway_applies_into_the_base_and_schemaverify_does_not_read_fails_the_walk_by_name() {
        // "+2" is a number to Flyway (version 2), not a version to SchemaVerify: the base (V1, V3) would hold it unread
        Chain chain = Chain.empty().with("V1__notes.sql", "CREATE TABLE notes (id int);\n")
                .with("U1__notes.sql", "DROP TABLE notes;\n")
                .with("V+2__note_text.sql", "ALTER TABLE notes ADD COLUMN body text;\n")
                .with("V3__tags.sql", "CREATE TABLE tags (id int);\n")
                .with("U3__tags.sql", "DROP TABLE tags;\n")
                .with("V4__labels.sql", "CREATE TABLE labels (id int);\n")
                .with("U4__labels.sql", "DROP TABLE labels;\n");

        EngineExecutionResults results = walk(Walk.class, chain, "4");

        assertThat(failures(results)).first().isEqualTo("""
                Flyway applied V+2__note_text.sql (version +2), which SchemaVerify does not read as a versioned \
                migration, so no verification would run it. This is a defect in SchemaVerify: report it with the file \
                name. Until it is fixed, name the file V<version>__<description>.sql with a version of digits separated \
                by . or _ (V2_1__add_index.sql).""");
        assertThat(entries(results, "schemaverify.cause")).isEmpty();
    }

    @Test
    void the_revisions_before_from_are_reported_as_applied_not_verified_in_the_json_the_html_and_the_summary(@TempDir Path dir)
            throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            EngineRun.of(Walk.class).param("schemaverify.locations", clean().location()).param("schemaverify.roundtrip.from", "V7")
                    .param("schemaverify.report", "true").param("schemaverify.report.dir", dir.toString()).execute();
        } finally {
            System.setOut(original);
        }

        JsonNode json = ReportSchema.validate(dir.resolve("report.json"));
        assertThat(json.at("/summary/revisions/verified").asInt()).isEqualTo(2);
        assertThat(json.at("/summary/revisions/applied").asInt()).isEqualTo(6);
        assertThat(json.at("/summary/verifications").asInt()).isEqualTo(4);
        JsonNode first = json.at("/verifications/0");
        assertThat(first.get("name").asText()).isEqualTo("V1 extensions: applied, not verified");
        assertThat(first.get("status").asText()).isEqualTo("applied");
        assertThat(first.get("version").asText()).isEqualTo("1");
        assertThat(first.get("script").asText()).isEqualTo("V1__extensions.sql");
        assertThat(first.get("message").asText()).isEqualTo("applied into the walk's base, not verified: the walk starts at V7"
                + " (schemaverify.roundtrip.from = \"V7\")");
        assertThat(json.at("/verifications/6/name").asText()).isEqualTo("V7 doc_state: up, down, up");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("<span class=\"status applied\">applied</span>",
                "V1 extensions: applied, not verified … V6 touch_trigger: applied, not verified (6 revisions)");
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("SchemaVerify: 2 revisions verified up, down and up, 6 applied before the walk's start (from), not"
                        + " verified; 2 other verifications;")
                .containsPattern("\n  ok     RoundTripFromTest\\$Walk#round_trip: 4 of 4 verifications passed \\(walk \\d+\\.\\d s\\); 6"
                        + " revisions before it applied, not verified\n");
    }

    @Test
    void a_defect_after_from_fails_as_in_a_whole_walk_and_one_before_it_is_not_verified() {
        Chain forgetsIndex = clean().with("U6__touch_trigger.sql", "SELECT 1;");
        List<String> whole = failures(EngineRun.of(Walk.class).param("schemaverify.locations", forgetsIndex.location()).execute());

        EngineExecutionResults fromFive = walk(Walk.class, forgetsIndex, "5");

        assertThat(whole).hasSize(1);
        assertThat(failures(fromFive)).containsExactlyElementsOf(whole);
        assertThat(whole.get(0)).startsWith("[V6__touch_trigger.sql, up, down, up]\nExpecting the schema after undoing V6");
        fromFive.testEvents().assertStatistics(s -> s.succeeded(4).failed(1).aborted(1));
        fromFive.testEvents().aborted().assertEventsMatchExactly(event(displayName("undo all down to the base (V1 to V4) leaves"
                + " no trace"), abortedWithReason(message("V6 failed its own undo check, so undoing every revision from head"
                + " would only repeat that finding; fix it first."))));

        // the same defect before from is in the base: applied, not verified
        walk(Walk.class, clean().with("U3__embedding_index.sql", "SELECT 1;"), "5").testEvents()
                .assertStatistics(s -> s.succeeded(6).failed(0).aborted(0));
    }

    @Test
    void undoing_all_goes_back_to_the_base_and_is_compared_with_the_base_schema() {
        // U9 drops t9 only while it is empty: alone it passes; undoing everything, V10's round trip left a row in it
        Chain chain = clean().with("V9__t9.sql", "CREATE TABLE t9 (id int);\n")
                .with("U9__t9.sql", "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM t9) THEN DROP TABLE t9; END IF; END $$;\n")
                .with("V10__t10.sql", "CREATE TABLE t10 (id int);\n").with("U10__t10.sql", "DROP TABLE t10;\n");

        EngineExecutionResults results = walk(Walk.class, chain, "9");

        assertThat(failures(results)).containsExactly("""
                [undo all]
                Expecting the schema after undoing every revision to equal the base schema (V1 to V8 applied, before V9),
                but it differs:
                  + table public.t9 (id integer)
                Each undo passed on its own, so an undo depends on state that a later revision changed; check the undo \
                scripts of the objects listed.""");
        assertThat(entries(results, "schemaverify.cause")).containsExactly("undo_incomplete");
    }

    @Test
    void fixtures_before_from_are_applied_into_the_base_and_an_undo_that_loses_their_rows_fails_as_in_a_whole_walk() {
        Chain deletesARow = clean().with("V4__content_hash.sql", "ALTER TABLE documents ADD COLUMN content_hash text;\n"
                + "DELETE FROM tenants WHERE name = 'dormant';\n");

        EngineExecutionResults results = walk(WithFixtures.class, deletesARow, "4");

        // at_V2.sql (in the base) inserted the row; before_V4.sql (walked) another one
        assertThat(failures(results)).containsExactly("""
                [U4__content_hash.sql, down]
                Expecting the undo of V4 to keep the rows of the tables V4 did not create, as they were before V4 (and the \
                rows added since),
                but after the undo:
                  ~ table public.tenants (id, name): rows was 3, is 2
                    - (2,dormant)
                V4 deletes rows of public.tenants: the rows missing there were gone right after it, and U4__content_hash.sql \
                does not give them back. Make U4__content_hash.sql restore them where their values are known (rows the \
                migrations wrote), or make V4 keep a copy of them (a table of their own) for U4__content_hash.sql to restore; \
                if neither can be, mark V4 irreversible.""");
    }

    @Test
    void an_irreversible_revision_in_the_base_is_never_undone_and_one_walked_ends_the_down_walk() {
        Chain irreversibleInBase = clean().with("V3__embedding_index.sql", "-- schemaverify:irreversible\n"
                + "CREATE INDEX CONCURRENTLY documents_embedding_idx ON documents USING ivfflat (embedding vector_cosine_ops)"
                + " WITH (lists = ${LISTS});\n");
        walk(Walk.class, irreversibleInBase, "5").testEvents().assertStatistics(s -> s.succeeded(6).failed(0))
                .succeeded().assertEventsMatchLoosely(event(displayName("undo all down to the base (V1 to V4) leaves no trace")));

        EngineExecutionResults walked = EngineRun.of(Walk.class).param("schemaverify.locations",
                "classpath:fixtures/roundtrip/irreversible").param("schemaverify.roundtrip.from", "8").execute();
        walked.testEvents().assertStatistics(s -> s.succeeded(3).aborted(1).failed(0));
        walked.testEvents().succeeded().assertEventsMatchExactly(
                event(displayName("V8 ticket_seq: up, down, up")),
                event(displayName("V9 uppercase_titles: up (irreversible)")),
                event(displayName("re-applying V8 to V9 on the base reproduces head")));
        walked.testEvents().aborted().assertEventsMatchExactly(event(displayName("undo all down to V9 (irreversible) leaves"
                + " no trace"), abortedWithReason(message(m -> m.startsWith("nothing to undo: V9, the last revision, is"
                + " irreversible")))));
    }

    @Test
    void a_revision_of_the_base_that_does_not_apply_fails_the_first_walked_revision_and_aborts_the_rest(@TempDir Path dir)
            throws Exception {
        EngineExecutionResults results = EngineRun.of(Walk.class).param("schemaverify.locations", clean().with(
                "V2__documents.sql", "CREATE TABLE documents (id bigint REFERENCES missing (id));\n").location())
                .param("schemaverify.roundtrip.from", "5").param("schemaverify.report", "true")
                .param("schemaverify.report.dir", dir.toString()).execute();

        assertThat(failures(results)).singleElement().asString().startsWith("[base: V1 to V4]\nExpecting the revisions before V5"
                + " to apply, as the base the walk starts from,\nbut ").contains("V2__documents.sql")
                .contains("relation \"missing\" does not exist").endsWith("\nNo revision can be walked until the base applies:"
                + " fix the file named, or start the walk earlier (from).");
        assertThat(entries(results, "schemaverify.cause")).containsExactly("up_failed");
        results.testEvents().assertStatistics(s -> s.failed(1).aborted(5));
        // the revisions before the start are not reported as applied: the base they went into did not apply
        JsonNode json = ReportSchema.validate(dir.resolve("report.json"));
        assertThat(json.at("/verifications/0/name").asText()).isEqualTo("V1 extensions: applied, not verified");
        assertThat(json.at("/verifications/0/status").asText()).isEqualTo("aborted");
        assertThat(json.at("/verifications/0/message").asText()).isEqualTo("not verified, and maybe not applied: the base (the"
                + " revisions before V5) did not apply; see V5");
        assertThat(json.at("/summary/applied").asInt()).isZero();
    }

    @Test
    void an_irreversible_version_no_migration_has_is_refused_before_any_server_starts() {
        // found on a real history: irreversible = "13.20" for 13.2 passed in silence, and V13.2 then failed missing_undo
        // telling the user to mark it irreversible
        assertThat(failures(walk(IrreversibleTypo.class, clean(), ""))).containsExactly("@VerifyRoundTrip on "
                + IrreversibleTypo.class.getName() + "#round_trip: attribute 'irreversible' expects versions of migrations, but"
                + " found \"7.0.1\", which no migration has (it falls between V7 and V8). Name the versions of migrations"
                + " (irreversible = \"9\" marks V9__x.sql), or give a script the first line -- schemaverify:irreversible.");
    }

    @MigratedDatabase(placeholders = "LISTS=10")
    static class IrreversibleAsDisplayed {
        @VerifyRoundTrip(irreversible = "V7")
        void round_trip() {
        }
    }

    @Test
    void an_irreversible_version_written_as_displayed_or_beyond_the_target_is_told_apart() {
        assertThat(failures(walk(IrreversibleAsDisplayed.class, clean(), ""))).containsExactly("@VerifyRoundTrip on "
                + IrreversibleAsDisplayed.class.getName() + "#round_trip: attribute 'irreversible' expects versions of"
                + " migrations such as \"9\" or \"1.2\", but found \"V7\". Name the versions of migrations (irreversible ="
                + " \"9\" marks V9__x.sql), or give a script the first line -- schemaverify:irreversible.");
        // a version beyond the target is a migration all the same: the setting stays right when the target moves
        EngineExecutionResults targeted = EngineRun.of(IrreversibleTypo.class).param("schemaverify.locations",
                clean().location()).param("schemaverify.target", "5").execute();
        assertThat(failures(targeted)).first().asString().contains("\"7.0.1\", which no migration has (it falls between V7"
                + " and V8)");
    }

    @Test
    void a_version_that_is_not_in_the_chain_is_named_with_where_it_falls() {
        assertThat(failures(walk(FromOnTheAnnotation.class, clean(), ""))).containsExactly("@VerifyRoundTrip on "
                + FromOnTheAnnotation.class.getName() + "#round_trip: attribute 'from' expects the version of a migration, but"
                + " found \"4.5\": no migration has it (it falls between V4 and V5). Start at a migration of the chain (V1 to V8),"
                + " or leave from unset to walk all of it.");
        assertThat(failures(walk(Walk.class, clean(), "12"))).containsExactly("@VerifyRoundTrip on " + Walk.class.getName()
                + "#round_trip: property schemaverify.roundtrip.from is \"12\", which is not the version of a migration: it comes"
                + " after V8, the last migration. Start at a migration of the chain (V1 to V8), or leave from unset to walk all"
                + " of it.");
        assertThat(failures(walk(Walk.class, clean(), "0.5"))).containsExactly("@VerifyRoundTrip on " + Walk.class.getName()
                + "#round_trip: property schemaverify.roundtrip.from is \"0.5\", which is not the version of a migration: no"
                + " migration has it, and it comes before V1, the first. Start at a migration of the chain (V1 to V8), or leave"
                + " from unset to walk all of it.");
        assertThat(failures(walk(Walk.class, clean(), "latest"))).containsExactly("@VerifyRoundTrip on " + Walk.class.getName()
                + "#round_trip: property schemaverify.roundtrip.from is \"latest\", which is not a version such as \"7\", or"
                + " git:<ref> such as \"git:origin/main\". Use the version part of a migration's file name (V7__x.sql has"
                + " version 7), or git: and the ref whose migrations are already applied.");
        assertThat(failures(walk(Walk.class, clean(), "git:"))).containsExactly("@VerifyRoundTrip on " + Walk.class.getName()
                + "#round_trip: property schemaverify.roundtrip.from is \"git:\", which is not a version such as \"7\", or"
                + " git:<ref> such as \"git:origin/main\", which names no ref. Name a branch, tag or commit after git:, as git"
                + " log would take it.");
    }

    @Test
    void walked_from_a_later_revision_of_a_long_history_every_verdict_is_the_one_of_a_whole_walk() {
        Chain chain = LongHistoryTest.history(LongHistoryTest.REVISIONS, new java.util.LinkedHashMap<>());
        // one lane each: V300's schema depends on rows, so which lane reaches head decides what Flyway is compared with;
        // the whole walk, which gives the verdicts to expect, is LongHistoryTest's of this chain in one lane, reading
        // incrementally (a full reading to check at each of its 1,050 steps was most of this test's time); the walk
        // from V250 on its base checks each of its readings against a full one
        EngineExecutionResults whole = LongHistoryTest.plantedWalk(1);

        EngineExecutionResults from = EngineRun.of(LongHistoryTest.Walk.class).param("schemaverify.locations", chain.location())
                .param("schemaverify.walk.lanes", "1").param("schemaverify.roundtrip.from", "250")
                .param(VerifyRoundTrip.SNAPSHOTS_PROPERTY, "checked").execute();

        // V260 (rows_lost) and V300 (a schema that depends on rows, head_differs at the end) lie after 250
        List<String> walked = verdicts(from);
        assertThat(walked).hasSize(LongHistoryTest.REVISIONS - 249 + 2);
        assertThat(walked.subList(0, walked.size() - 2)).containsExactlyElementsOf(verdicts(whole).subList(249,
                LongHistoryTest.REVISIONS));
        assertThat(walked.get(walked.size() - 1)).isEqualTo("re-applying V250 to V350 on the base reproduces head FAILED"
                + " [re-apply all]");
        assertThat(verdicts(whole).get(LongHistoryTest.REVISIONS + 1)).isEqualTo("re-applying all from base reproduces head"
                + " FAILED [re-apply all]");
        assertThat(entries(from, "schemaverify.cause")).containsExactly("rows_lost", "head_differs");
    }

    /** Each invocation's name, status and the first line of its failure, in order. */
    private static List<String> verdicts(EngineExecutionResults results) {
        return results.testEvents().finished().list().stream().map(e -> {
            var r = e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow();
            return e.getTestDescriptor().getDisplayName() + " " + r.getStatus() + " " + r.getThrowable()
                    .map(t -> t.getMessage().lines().findFirst().orElse("")).orElse("");
        }).toList();
    }

    @Test
    void a_walked_revision_that_drops_a_role_the_base_granted_to_is_not_blamed_for_the_bases_privileges() {
        // the base is kept as a template on the server, and its grant to the role stops the walk's DROP ROLE, which
        // Flyway runs in production where no such copy exists
        String role = "sv_from_gone_" + ProcessHandle.current().pid();
        Chain chain = Chain.empty()
                .with("V1__docs.sql", "CREATE ROLE " + role + ";\nCREATE TABLE docs (id int PRIMARY KEY);\n"
                        + "GRANT SELECT ON docs TO " + role + ";\n")
                .with("U1__docs.sql", "DROP TABLE docs;\nDROP ROLE " + role + ";\n")
                .with("V2__drop_role.sql", "REVOKE SELECT ON docs FROM " + role + ";\nDROP ROLE " + role + ";\n")
                .with("U2__drop_role.sql", "CREATE ROLE " + role + ";\nGRANT SELECT ON docs TO " + role + ";\n");

        assertThat(failures(walk(Walk.class, chain, "2"))).singleElement(as(InstanceOfAssertFactories.STRING)).matches("""
                \\[V2__drop_role\\.sql, up\\]
                Expecting V2 to apply,
                but V2__drop_role\\.sql failed at line 2: ERROR: role "ROLE" cannot be dropped because some objects depend \
                on it \\(1 object in database (sv_cache_[0-9a-f]{16})\\)
                  in the statement at line 2:
                    DROP ROLE ROLE
                  \\(the objects are in \\1, the base this walk starts from \\(V1, applied once and kept\\), not in the \
                database migrated: roles belong to the whole server, and PostgreSQL drops no role that a database still \
                names; under Flyway, which migrates one database, the statement would run\\)
                Nothing in V2__drop_role\\.sql needs fixing for this: start the walk at or before the revision that grants \
                to the role \\(from\\), or leave from unset, so that no copy of the revisions before it holds the role's \
                privileges; undo all and the re-apply by Flyway cannot run until it applies\\.""".replace("ROLE\"", role + "\"")
                .replace("ROLE ROLE", "ROLE " + role));
    }

    @Test
    void from_the_first_revision_is_the_whole_walk() {
        walk(Walk.class, clean(), "1").testEvents().assertStatistics(s -> s.succeeded(10).failed(0))
                .succeeded().assertEventsMatchLoosely(event(displayName("undo all to base leaves no trace")),
                        event(displayName("re-applying all from base reproduces head")));
    }
}
