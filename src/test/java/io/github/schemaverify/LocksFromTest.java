package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.testing.EngineRun.entries;
import static io.github.schemaverify.testing.EngineRun.failures;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;
import io.github.schemaverify.testing.GitRepo;
import io.github.schemaverify.testing.ReportSchema;

/**
 * {@code @VerifyLocks(from = ...)} and {@value VerifyLocks#FROM_PROPERTY}: the revisions before the start are applied
 * on the same generated rows, unobserved, reported as applied and not profiled; the later ones are profiled and judged
 * as in a whole profile.
 */
class LocksFromTest {
    private static final String DOCUMENTS = """
            CREATE TABLE documents (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                title text NOT NULL
            );
            """;
    /** Breaks requireConcurrently: the hazard a profile from V3 on must not judge. */
    private static final String V2_INDEX = "CREATE INDEX documents_title_idx ON documents (title);\n";
    /** Rewrites documents, which holds the generated rows only when they were filled before V3 as in a whole profile. */
    private static final String V3_REWRITE = "SET LOCAL lock_timeout = '5s';\n"
            + "ALTER TABLE documents ADD COLUMN ref uuid NOT NULL DEFAULT gen_random_uuid();\n";

    private static Chain chain() {
        return Chain.empty().with("V1__documents.sql", DOCUMENTS).with("V2__title_index.sql", V2_INDEX)
                .with("V3__add_ref.sql", V3_REWRITE);
    }

    @MigratedDatabase
    static class Profile {
        @VerifyLocks
        void locks() {
        }
    }

    @MigratedDatabase
    static class FromOnTheAnnotation {
        @VerifyLocks(from = "3")
        void locks() {
        }
    }

    @Test
    void from_a_version_profiles_that_revision_and_the_later_ones_on_the_rows_of_a_whole_profile(@TempDir Path dir)
            throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        EngineExecutionResults results;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            results = EngineRun.of(FromOnTheAnnotation.class).param("schemaverify.locations", chain().location())
                    .param("schemaverify.report", "true").param("schemaverify.report.dir", dir.toString()).execute();
        } finally {
            System.setOut(original);
        }

        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        results.testEvents().started().assertEventsMatchExactly(event(displayName("V3 add_ref: locks")));
        assertThat(failures(results)).singleElement().asString().startsWith("[V3__add_ref.sql, locks]\nExpecting V3 not to"
                + " rewrite tables that hold rows,\nbut line 2 rewrote documents (100 rows) under ACCESS EXCLUSIVE");
        assertThat(entries(results, "schemaverify.cause")).containsExactly("table_rewrite");

        JsonNode report = ReportSchema.validate(dir.resolve("report.json"));
        List<String> rows = new java.util.ArrayList<>();
        report.get("verifications").forEach(v -> rows.add(v.get("name").asText() + " | " + v.get("kind").asText() + " | "
                + v.get("status").asText() + " | " + v.get("message").asText().lines().findFirst().orElse("")));
        assertThat(rows).containsExactly(
                "V1 documents: applied, not profiled | locks | applied | applied, not profiled: the lock profile starts at V3"
                        + " (from = \"3\")",
                "V2 title_index: applied, not profiled | locks | applied | applied, not profiled: the lock profile starts at V3"
                        + " (from = \"3\")",
                "V3 add_ref: locks | locks | failed | [V3__add_ref.sql, locks]");
        assertThat(report.at("/summary/applied").asInt()).isEqualTo(2);
        assertThat(report.at("/summary/verifications").asInt()).isEqualTo(1);
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("SchemaVerify: 1 revision's locks profiled, 1 against"
                + " policy, 2 applied before the profile's start (from), not profiled;")
                .contains("  NOT OK LocksFromTest$FromOnTheAnnotation#locks: 0 of 1 verification passed, 1 failed; 2 revisions"
                        + " before it applied, not profiled\n");

        // the whole profile judges V2 too
        EngineRun.of(Profile.class).param("schemaverify.locations", chain().location()).execute().testEvents()
                .assertStatistics(s -> s.succeeded(1).failed(2));
    }

    @Test
    void the_property_sets_it_for_every_profile_and_a_version_no_migration_has_is_named_with_where_it_falls() {
        EngineExecutionResults results = EngineRun.of(Profile.class).param("schemaverify.locations", chain().location())
                .param(VerifyLocks.FROM_PROPERTY, "V3").execute();
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        assertThat(entries(results, "schemaverify.cause")).containsExactly("table_rewrite");

        assertThat(failures(EngineRun.of(Profile.class).param("schemaverify.locations", chain().location())
                .param(VerifyLocks.FROM_PROPERTY, "2.5").execute())).containsExactly("@VerifyLocks on " + Profile.class.getName()
                + "#locks: property schemaverify.locks.from is \"2.5\", which is not the version of a migration: no migration"
                + " has it (it falls between V2 and V3). Start at a migration of the chain (V1 to V3), or leave from unset to"
                + " walk all of it.");
    }

    @Test
    void from_git_profiles_only_what_the_branch_adds(@TempDir Path dir) throws Exception {
        GitRepo.init(dir).write("db/migration/V1__documents.sql", DOCUMENTS).write("db/migration/V2__title_index.sql", V2_INDEX)
                .commit("V1, V2");
        GitRepo repo = GitRepo.at(dir.toRealPath());
        repo.git("checkout", "-q", "-b", "feature");
        repo.write("db/migration/V3__add_ref.sql", V3_REWRITE).commit("V3");

        EngineExecutionResults results = EngineRun.of(Profile.class).param("schemaverify.locations", "filesystem:"
                + repo.dir().resolve("db/migration")).param(VerifyLocks.FROM_PROPERTY, "git:main").execute();

        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        results.testEvents().started().assertEventsMatchExactly(event(displayName("V3 add_ref: locks")));

        // nothing new since the ref: nothing profiled, nothing fails, no server started (an unreachable one does not matter)
        repo.git("checkout", "-q", "main");
        EngineRun.of(Profile.class).param("schemaverify.locations", "filesystem:" + repo.dir().resolve("db/migration"))
                .param(VerifyLocks.FROM_PROPERTY, "git:main").param("schemaverify.server", "EXTERNAL")
                .param("schemaverify.url", "jdbc:postgresql://127.0.0.1:1/nothing").execute().testEvents()
                .assertStatistics(s -> s.started(0).failed(0));
    }
}
