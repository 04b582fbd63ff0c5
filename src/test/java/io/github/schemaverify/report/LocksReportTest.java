package io.github.schemaverify.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.VerifyLocks;
import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;

/** A {@code @VerifyLocks} run's report: every statement in report.json (valid against the schema), a lock timeline in HTML. */
class LocksReportTest {

    @MigratedDatabase
    static class Locks {
        @VerifyLocks(rows = "documents=10000")
        void locks() {
        }
    }

    @Test
    void each_revision_is_a_locks_verification_with_its_statements_and_the_html_draws_their_locks(@TempDir Path dir)
            throws Exception {
        Chain chain = Chain.empty().with("V1__documents.sql", "CREATE TABLE documents (id bigint PRIMARY KEY, title text NOT NULL);\n")
                .with("V2__title_index.sql", "SET LOCAL lock_timeout = '5s';\nCREATE INDEX documents_title_idx ON documents (title);\n");
        EngineRun.of(Locks.class).param("schemaverify.report", "true").param("schemaverify.report.dir", dir.toString())
                .param("schemaverify.locations", chain.location()).execute();

        JsonNode json = RunReportTest.validate(dir.resolve("report.json"));
        JsonNode v2 = json.at("/verifications/1");
        assertThat(v2.at("/kind").asText()).isEqualTo("locks");
        assertThat(v2.at("/name").asText()).isEqualTo("V2 title_index: locks");
        assertThat(v2.at("/version").asText()).isEqualTo("2");
        assertThat(v2.at("/script").asText()).isEqualTo("V2__title_index.sql");
        assertThat(v2.at("/status").asText()).isEqualTo("failed");
        assertThat(v2.at("/cause").asText()).isEqualTo("not_concurrent");
        assertThat(v2.at("/upMs").asDouble()).isPositive();
        assertThat(v2.at("/rows/documents").asLong()).isEqualTo(10000);
        JsonNode index = v2.at("/statements/1");
        assertThat(index.at("/line").asInt()).isEqualTo(2);
        assertThat(index.at("/sql").asText()).isEqualTo("CREATE INDEX documents_title_idx ON documents (title)");
        assertThat(index.at("/lockTimeoutMs").asLong()).isEqualTo(5000);
        assertThat(index.at("/locks/0/relation").asText()).isEqualTo("documents");
        assertThat(index.at("/locks/0/mode").asText()).isEqualTo("SHARE");
        assertThat(index.at("/locks/0/heldMs").asDouble()).isPositive();
        assertThat(index.at("/created/0").asText()).isEqualTo("documents_title_idx");
        assertThat(index.at("/scans/0").asText()).isEqualTo("documents");
        assertThat(index.at("/blocksReads")).isEmpty();
        assertThat(index.at("/blocksWrites/0").asText()).isEqualTo("documents");
        assertThat(index.at("/rows").asLong()).isEqualTo(10000);
        assertThat(index.at("/msPer100kRows").isNumber()).isTrue();

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("<svg class=\"lock-timeline\"", "data-mode=\"SHARE\"", "SHARE on documents, taken at line 2")
                .doesNotContain("http://", "https://", "<script");
    }
}
