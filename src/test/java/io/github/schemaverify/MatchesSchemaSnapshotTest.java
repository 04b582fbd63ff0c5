package io.github.schemaverify;

import static io.github.schemaverify.testing.EngineRun.failures;
import static org.assertj.core.api.Assertions.assertThat;

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
                .param("schemaverify.snapshot.update", Boolean.toString(update)).execute();
    }

    @Test
    void a_missing_file_fails_and_says_how_to_create_it(@TempDir Path dir) {
        assertThat(failures(run(GoldenFixture.class, dir, false))).containsExactly("[@MatchesSchemaSnapshot documents.schema]"
                + " There is no schema snapshot at " + dir.resolve("documents.schema") + " (looked in " + dir + "). Create it:"
                + " run this test once with -Dschemaverify.snapshot.update=true, review the file and commit it.");
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

        assertThat(failures(results)).containsExactly("[@MatchesSchemaSnapshot documents.schema]\nExpecting the migrated schema"
                + " to match " + file + ",\nbut it differs (- only in the file, + only in the migrated schema, ~ was the file,"
                + " is the migrated schema):\n"
                + "  ~ index public.documents_embedding_idx: options was ef_construction=64, m=32, is ef_construction=64, m=16\n"
                + "  - index public.documents_title_idx (table: public.documents; method: btree)\n"
                + "  + column public.documents.title (text NOT NULL)\n"
                + "If the change is intended, run with -Dschemaverify.snapshot.update=true and commit the file.");
    }

    private static EngineExecutionResults run(Class<?> fixture, Path dir, boolean update, String key, String value) {
        return EngineRun.of(fixture).param("schemaverify.snapshot.dir", dir.toString())
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
                + "If the change is intended, run with -Dschemaverify.snapshot.update=true and commit the file.");
        run(MethodFixture.class, dir, false, "schemaverify.snapshot.privileges", "false").testEvents()
                .assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void without_a_migrated_database_it_says_what_is_missing(@TempDir Path dir) {
        assertThat(failures(run(WithoutDatabaseFixture.class, dir, false))).containsExactly("@MatchesSchemaSnapshot on "
                + WithoutDatabaseFixture.class.getName() + " needs @MigratedDatabase on the same class or method, to know which migrations to compare.");
    }
}
