package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.testing.EngineRun.entries;
import static io.github.schemaverify.testing.EngineRun.failures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.schemaverify.testing.EngineRun;

class MatchesSchemaSnapshotTest {

    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    @MatchesSchemaSnapshot("documents")
    static class GoldenFixture {
        @Test
        void schema_is_as_committed() {
        }
    }

    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class MethodFixture {
        @Test
        @MatchesSchemaSnapshot("documents")
        void schema_is_as_committed() {
        }
    }

    @MatchesSchemaSnapshot
    static class WithoutDatabaseFixture {
        @Test
        void test() {
        }
    }

    private static EngineExecutionResults run(Class<?> fixture, Path dir, boolean update) {
        return EngineRun.of(fixture).param("schemaverify.snapshot.dir", dir.toString())
                .param("schemaverify.report.dir", dir.resolve("report").toString())
                .param("schemaverify.snapshot.update", Boolean.toString(update)).execute();
    }

    @Test
    void a_missing_file_fails_the_check_not_the_tests_says_how_to_create_it_and_drafts_the_text(@TempDir Path dir)
            throws IOException {
        EngineExecutionResults results = run(GoldenFixture.class, dir, false);

        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        Path draft = dir.resolve("report/snapshots/documents.schema");
        assertThat(failures(results)).containsExactly("[@MatchesSchemaSnapshot documents.schema]\nThere is no schema snapshot"
                + " at " + dir.resolve("documents.schema") + " (looked in " + dir + ").\nCreate it: run this test once with"
                + " -Dschemaverify.snapshot.update=true, review the file and commit it. The text it would hold is in " + draft
                + ".");
        assertThat(Files.readString(draft)).startsWith("# SchemaVerify schema snapshot").contains("index public.documents_embedding_idx");
        assertThat(entries(results, "schemaverify.cause")).containsExactly("snapshot_missing");
    }

    @Test
    void an_update_says_what_it_wrote(@TempDir Path dir) throws IOException {
        EngineExecutionResults created = run(GoldenFixture.class, dir, true);
        EngineExecutionResults unchanged = run(GoldenFixture.class, dir, true);

        Path file = dir.resolve("documents.schema");
        assertThat(entries(created, "schemaverify.result")).singleElement().asString()
                .isEqualTo("passed: wrote " + file + " (created it)");
        assertThat(entries(unchanged, "schemaverify.result")).singleElement().asString()
                .isEqualTo("passed: wrote " + file + " (no object changed)");
        assertThat(Files.readString(file)).containsPattern("\n# recorded on PostgreSQL \\d+\\.\\d+, vector \\d+\\.\\d+\\.\\d+\n");
    }

    @Test
    void update_writes_the_canonical_file_and_then_it_matches(@TempDir Path dir) throws IOException {
        run(GoldenFixture.class, dir, true).testEvents().assertStatistics(s -> s.succeeded(1));
        String text = Files.readString(dir.resolve("documents.schema"));
        assertThat(text).startsWith("# SchemaVerify schema snapshot").contains("""
                index public.documents_embedding_idx
                  table: public.documents
                  method: hnsw
                  unique: false
                  primary: false
                  keys: embedding
                  opclasses: vector_cosine_ops
                  options: ef_construction=64, m=16
                  valid: true
                  ready: true
                """);
        run(GoldenFixture.class, dir, false).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        run(MethodFixture.class, dir, false).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void drift_is_shown_object_by_object(@TempDir Path dir) throws IOException {
        run(GoldenFixture.class, dir, true);
        Path file = dir.resolve("documents.schema");
        String text = Files.readString(file)
                .replace("options: ef_construction=64, m=16", "options: ef_construction=64, m=32")
                .replace("column public.documents.title\n  type: text\n  not null: true\n\n", "")
                + "index public.documents_title_idx\n  table: public.documents\n  method: btree\n\n";
        Files.writeString(file, text);

        EngineExecutionResults results = run(MethodFixture.class, dir, false);

        Path draft = dir.resolve("report/snapshots/documents.schema");
        assertThat(failures(results)).containsExactly("[@MatchesSchemaSnapshot documents.schema]\nExpecting the migrated schema"
                + " to match " + file + ",\nbut it differs (- only in the file, + only in the migrated schema, ~ was the file,"
                + " is the migrated schema):\n"
                + "  ~ index public.documents_embedding_idx: options was ef_construction=64, m=32, is ef_construction=64, m=16\n"
                + "  - index public.documents_title_idx (table: public.documents; method: btree)\n"
                + "  + column public.documents.title (text NOT NULL)\n"
                + "If the change is intended, run with -Dschemaverify.snapshot.update=true and commit the file (the new text is"
                + " in " + draft + ").");
        assertThat(Files.readString(draft)).contains("options: ef_construction=64, m=16");
    }

    @Test
    void a_drift_on_a_class_fails_the_class_check_after_its_tests_ran(@TempDir Path dir) throws IOException {
        run(GoldenFixture.class, dir, true);
        Path file = dir.resolve("documents.schema");
        Files.writeString(file, Files.readString(file).replace("method: hnsw", "method: ivfflat"));

        EngineExecutionResults results = run(GoldenFixture.class, dir, false);

        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        results.containerEvents().assertStatistics(s -> s.failed(1));
        assertThat(failures(results)).singleElement().asString()
                .contains("  ~ index public.documents_embedding_idx: method was ivfflat, is hnsw\n");
    }

    @Test
    void a_file_recorded_on_other_versions_says_so_when_it_drifts(@TempDir Path dir) throws IOException {
        run(GoldenFixture.class, dir, true);
        Path file = dir.resolve("documents.schema");
        Files.writeString(file, Files.readString(file).replaceFirst("# recorded on .*", "# recorded on PostgreSQL 9.6, vector 0.1.0")
                .replace("method: hnsw", "method: ivfflat"));

        EngineExecutionResults results = run(MethodFixture.class, dir, false);

        assertThat(failures(results)).singleElement().asString().containsPattern("\nThe file was recorded on PostgreSQL 9\\.6,"
                + " vector 0\\.1\\.0; this run uses PostgreSQL \\d+\\.\\d+, vector [0-9.]+: differences in extension versions or in"
                + " how the server prints definitions come from that\\.\n");
    }

    private static EngineExecutionResults run(Class<?> fixture, Path dir, boolean update, String key, String value) {
        return EngineRun.of(fixture).param("schemaverify.snapshot.dir", dir.toString())
                .param("schemaverify.report.dir", dir.resolve("report").toString())
                .param("schemaverify.snapshot.update", Boolean.toString(update)).param(key, value).execute();
    }

    @Test
    void owners_are_left_out_of_golden_files_unless_asked_for_and_then_compared(@TempDir Path dir) throws IOException {
        run(GoldenFixture.class, dir, true);
        String text = Files.readString(dir.resolve("documents.schema"));
        // the owner is whichever role migrates on each machine
        assertThat(text).doesNotContain("owner: ");

        run(GoldenFixture.class, dir, true, "schemaverify.snapshot.owners", "true");
        String withOwners = Files.readString(dir.resolve("documents.schema"));
        assertThat(withOwners).containsPattern("table public.documents\n  persistence: permanent\n  owner: \\w+\n");
        Files.writeString(dir.resolve("documents.schema"), withOwners.replaceFirst("(table public.documents\n  persistence:"
                + " permanent\n  owner: )\\w+", "$1somebody_else"));

        assertThat(failures(run(MethodFixture.class, dir, false, "schemaverify.snapshot.owners", "true"))).singleElement()
                .asString().contains("  ~ table public.documents: owner was somebody_else, is ");
        run(MethodFixture.class, dir, false).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void privileges_are_compared_unless_switched_off(@TempDir Path dir) throws IOException {
        run(GoldenFixture.class, dir, true);
        Path file = dir.resolve("documents.schema");
        Files.writeString(file, Files.readString(file).replace("table public.documents\n  persistence: permanent\n",
                "table public.documents\n  persistence: permanent\n  privileges: app_reader: SELECT\n"));

        assertThat(failures(run(MethodFixture.class, dir, false))).containsExactly("[@MatchesSchemaSnapshot documents.schema]\n"
                + "Expecting the migrated schema to match " + file + ",\nbut it differs (- only in the file, + only in the migrated"
                + " schema, ~ was the file, is the migrated schema):\n"
                + "  ~ table public.documents: privileges was app_reader: SELECT, is default\n"
                + "If the change is intended, run with -Dschemaverify.snapshot.update=true and commit the file (the new text is"
                + " in " + dir.resolve("report/snapshots/documents.schema") + ").");
        run(MethodFixture.class, dir, false, "schemaverify.snapshot.privileges", "false").testEvents()
                .assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void without_a_migrated_database_it_says_what_is_missing(@TempDir Path dir) {
        assertThat(failures(run(WithoutDatabaseFixture.class, dir, false))).containsExactly("@MatchesSchemaSnapshot on "
                + WithoutDatabaseFixture.class.getName() + " needs @MigratedDatabase on its class or method, to know which"
                + " migrations to verify and where.");
    }
}
