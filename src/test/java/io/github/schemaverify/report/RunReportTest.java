package io.github.schemaverify.report;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.ReadinessStage;
import io.github.schemaverify.VerifyRoundTrip;
import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;
import io.github.schemaverify.testing.ReportSchema;

class RunReportTest {
    @MigratedDatabase(placeholders = "LISTS=10")
    static class RoundTrip {
        @VerifyRoundTrip
        void round_trip() {
        }
    }

    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3", locations = "classpath:db/migration")
    static class WithReadiness {
        @ReadinessStage
        static void warm_cache() {
        }

        @org.junit.jupiter.api.Test
        void test(javax.sql.DataSource ds) {
        }
    }

    static JsonNode validate(Path report) throws Exception {
        return ReportSchema.validate(report);
    }

    private static EngineRun reporting(Path dir, Class<?>... classes) {
        return EngineRun.of(classes).param("schemaverify.report", "true").param("schemaverify.report.dir", dir.toString());
    }

    @Test
    void a_green_run_writes_json_that_validates_and_a_self_contained_html_page(@TempDir Path dir) throws Exception {
        reporting(dir, RoundTrip.class, WithReadiness.class).param("schemaverify.locations", "classpath:fixtures/roundtrip/clean").execute();
        JsonNode json = validate(dir.resolve("report.json"));
        assertThat(json.at("/summary/revisions/verified").asInt()).isEqualTo(8);
        assertThat(json.at("/summary/databasesCreated").asInt()).isGreaterThanOrEqualTo(4);
        assertThat(json.at("/summary/failed").asInt()).isZero();
        assertThat(json.at("/verifications/2/name").asText()).isEqualTo("V3 embedding_index: up, down, up");
        assertThat(json.at("/verifications/2/notices/0").asText()).isEqualTo("ivfflat index created with little data");
        assertThat(json.at("/databases")).isNotEmpty();
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("V3 embedding_index: up, down, up", "<svg class=\"chart\"")
                .doesNotContain("http://", "https://", "<script", "<link");
    }

    private static final String FORGETS_INDEX = Chain.of("clean").with("U3__embedding_index.sql", "SELECT 1;").location();

    @Test
    void a_run_with_failures_validates_and_names_them_with_their_cause(@TempDir Path dir) throws Exception {
        reporting(dir, RoundTrip.class).param("schemaverify.locations", FORGETS_INDEX).execute();
        JsonNode json = validate(dir.resolve("report.json"));
        assertThat(json.at("/summary/failed").asInt()).isEqualTo(1);
        assertThat(json.at("/summary/aborted").asInt()).isEqualTo(1);
        assertThat(json.at("/summary/revisions/verified").asInt()).isEqualTo(7);
        assertThat(json.at("/verifications/2/status").asText()).isEqualTo("failed");
        assertThat(json.at("/verifications/2/cause").asText()).isEqualTo("undo_incomplete");
        assertThat(json.at("/verifications/2/downMs").asDouble()).isPositive();
        assertThat(json.at("/verifications/2/notes/0").asText()).startsWith("the walk started over on a database rebuilt");
        assertThat(json.at("/verifications/2/message").asText()).contains("+ index public.documents_embedding_idx");
        assertThat(json.at("/verifications/3/cause").isNull()).isTrue();
        // the walk's own cost and its resync's, apart, on its last invocation
        JsonNode walk = json.at("/verifications/9/walk");
        assertThat(json.at("/verifications/9/kind").asText()).isEqualTo("reapply_all");
        assertThat(walk.get("resyncs").asInt()).isEqualTo(1);
        assertThat(walk.get("lanes").asInt()).isEqualTo(1);
        assertThat(walk.get("resyncMs").asDouble()).isPositive().isLessThan(walk.get("walkMs").asDouble());
    }

    @Test
    void an_irreversible_revision_is_up_only_in_the_report(@TempDir Path dir) throws Exception {
        reporting(dir, ParallelB.class).execute();
        JsonNode json = validate(dir.resolve("report.json"));
        assertThat(json.at("/verifications/8/status").asText()).isEqualTo("up_only");
        assertThat(json.at("/summary/revisions/upOnly").asInt()).isEqualTo(1);
        assertThat(json.at("/summary/revisions/verified").asInt()).isEqualTo(8);
    }

    @MigratedDatabase(placeholders = "LISTS=10", locations = "classpath:fixtures/roundtrip/clean")
    static class ParallelA {
        @VerifyRoundTrip
        void round_trip() {
        }
    }

    @MigratedDatabase(placeholders = "LISTS=10", locations = "classpath:fixtures/roundtrip/irreversible")
    static class ParallelB {
        @VerifyRoundTrip
        void round_trip() {
        }
    }

    @MigratedDatabase(placeholders = "LISTS=10", locations = "classpath:fixtures/roundtrip/forgets_column")
    static class ParallelC {
        @VerifyRoundTrip
        void round_trip() {
        }
    }

    @Test
    void many_test_classes_in_parallel_produce_one_report_with_every_entry(@TempDir Path dir) throws Exception {
        reporting(dir, ParallelA.class, ParallelB.class, ParallelC.class, WithReadiness.class)
                .param("junit.jupiter.execution.parallel.enabled", "true")
                .param("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .param("junit.jupiter.execution.parallel.mode.classes.default", "concurrent").execute();
        JsonNode json = validate(dir.resolve("report.json"));
        // 10 (clean) + 11 (irreversible) + 10 (forgets_column) invocations, each exactly once
        assertThat(json.at("/verifications")).hasSize(31);
        assertThat(json.at("/summary/verifications").asInt()).isEqualTo(31);
        List<String> classes = json.at("/verifications").findValuesAsText("testClass");
        assertThat(classes).filteredOn(c -> c.endsWith("ParallelA")).hasSize(10);
        assertThat(classes).filteredOn(c -> c.endsWith("ParallelB")).hasSize(11);
        assertThat(classes).filteredOn(c -> c.endsWith("ParallelC")).hasSize(10);
        assertThat(json.at("/summary/failed").asInt()).isEqualTo(1);
    }

    @Test
    void a_report_that_cannot_be_written_is_a_warning_naming_the_path_and_the_run_goes_on(@TempDir Path dir) throws Exception {
        Path blocked = dir.resolve("not-a-directory");
        Files.writeString(blocked, "a file where the report directory should be");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            reporting(blocked, WithReadiness.class).execute().testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("SchemaVerify WARNING: could not write the report to "
                + blocked.toAbsolutePath() + ": ").contains("The tests' results are not affected");
    }

    @Test
    void the_console_summary_counts_revisions_and_names_failures(@TempDir Path dir) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            // a cluster of the run's own, as a user's run starts one: the server line of the summary is the default one
            reporting(dir, RoundTrip.class).param("schemaverify.locations", FORGETS_INDEX)
                    .param("schemaverify.pg.keep", "false").execute();
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .containsPattern("SchemaVerify: 7 revisions verified up, down and up, 1 failed; 2 other verifications;"
                        + " \\d+ databases created in \\d+\\.\\d s\n  server: LOCAL PostgreSQL \\d+\\.\\d+ with pgvector"
                        + " [0-9.]+ at 127\\.0\\.0\\.1:\\d+, binaries in \\S+ \\(set by @MigratedDatabase\\(server\\) or"
                        + " schemaverify\\.server\\)\n")
                .contains("  FAILED V3 embedding_index: up, down, up (RunReportTest$RoundTrip) undo_incomplete: but the undo left"
                        + " behind: + index public.documents_embedding_idx (ivfflat on documents (embedding vector_cosine_ops)"
                        + " WITH (lists=10))")
                .contains("  ABORTED undo all to base leaves no trace (RunReportTest$RoundTrip): V3 failed its own undo check,"
                        + " so undoing every revision from head would only repeat that finding; fix it first.\n")
                .contains("  Report: " + dir.resolve("report.html").toAbsolutePath())
                .containsPattern("  NOT OK RunReportTest\\$RoundTrip#round_trip: 8 of 10 verifications passed, 1 failed, 1 aborted \\(walk \\d+\\.\\d s; resyncs \\d+\\.\\d s\\)\n");
    }

    @Test
    void the_console_summary_counts_the_verifications_with_notes(@TempDir Path dir) {
        // a probe walked seven revisions without their generated rows with nothing on the console to say so
        Chain chain = Chain.empty()
                .with("V1__statuses.sql", "CREATE TABLE statuses (id int PRIMARY KEY);\n")
                .with("U1__statuses.sql", "DROP TABLE statuses;\n")
                .with("V2__seed.sql", "INSERT INTO statuses VALUES (1);\n")
                .with("U2__seed.sql", "DELETE FROM statuses WHERE id = 1;\n");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            reporting(dir, RoundTrip.class).param("schemaverify.locations", chain.location()).execute()
                    .testEvents().assertStatistics(s -> s.failed(0));
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("\n  notes on 1 verification (such as a revision walked"
                + " without the rows the walk generated): see the report or the entries schemaverify.notes\n");
    }

    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3", locations = "classpath:db/migration")
    static class PlainTests {
        @Test
        void passes(javax.sql.DataSource ds) {
        }

        @Test
        void fails() {
            throw new AssertionError("the application's own check failed");
        }
    }

    @MigratedDatabase(locations = "classpath:no/such/place")
    static class FailsToSetUp {
        @Test
        void never_runs() {
        }
    }

    @Test
    void plain_tests_and_classes_that_fail_to_set_up_are_in_the_summary_and_the_report(@TempDir Path dir) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            reporting(dir, PlainTests.class, FailsToSetUp.class).execute();
        } finally {
            System.setOut(original);
        }

        assertThat(captured.toString(StandardCharsets.UTF_8))
                .containsPattern("SchemaVerify: 1 test passed, 1 failed; 1 class failed to set up; \\d+ databases? created in")
                .contains("  TEST FAILED RunReportTest$PlainTests#fails: the application's own check failed\n")
                .contains("  SETUP FAILED RunReportTest$FailsToSetUp: Location classpath:no/such/place is not on the test"
                        + " classpath.");
        JsonNode json = validate(dir.resolve("report.json"));
        assertThat(json.at("/summary/testsPassed").asInt()).isEqualTo(1);
        assertThat(json.at("/summary/testsFailed").asInt()).isEqualTo(1);
        assertThat(json.at("/summary/setupFailures").asInt()).isEqualTo(1);
        assertThat(json.at("/servers/0").asText()).startsWith("LOCAL PostgreSQL ");
    }

    /** Opens the page in a real browser (Debian's chromium, headless) and saves a screenshot for people to look at. */
    @Test
    void the_html_page_renders_in_a_browser_with_rows_chart_and_the_failing_revision_expanded(@TempDir Path dir) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        boolean required = "true".equals(System.getenv("SCHEMAVERIFY_TEST_REQUIRE_BROWSER"));
        if (required && !Files.isExecutable(chromium)) {
            throw new AssertionError("SCHEMAVERIFY_TEST_REQUIRE_BROWSER=true but /usr/bin/chromium is missing");
        }
        assumeTrue(Files.isExecutable(chromium), "no chromium");
        reporting(dir, RoundTrip.class, WithReadiness.class).param("schemaverify.locations", FORGETS_INDEX).execute();
        Path html = dir.resolve("report.html");
        String dom = browser(chromium, dir, "--dump-dom", html.toUri().toString());
        assertThat(dom).contains("<h1>SchemaVerify report</h1>");
        assertThat(dom.split("<tr id=\"v\\d+\" class=\"row ", -1)).hasSize(1 + 10);
        assertThat(dom).contains("<h2>Failures (1)</h2>").contains("<a href=\"#v2\">V3 embedding_index: up, down, up</a>")
                .containsPattern("<tr id=\"v2\" class=\"row failed\" data-name=\"V3 embedding_index: up, down, up\">.*?<details open=\"\">")
                .contains("<svg class=\"chart\"").contains("data-gate=\"db_index_load\" data-state=\"ready\"");
        Path screenshot = Path.of("target", "report-screenshot.png").toAbsolutePath();
        browser(chromium, dir, "--screenshot=" + screenshot, "--window-size=1280,1600", html.toUri().toString());
        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    private static String browser(Path chromium, Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
