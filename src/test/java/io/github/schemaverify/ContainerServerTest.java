package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.testing.EngineRun.failures;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestReporter;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.schemaverify.internal.server.ContainerServer;
import io.github.schemaverify.testing.EngineRun;

/**
 * CONTAINER through Testcontainers. Needs a Docker-API engine; CI provides podman with a local pgvector image and sets
 * schemaverify.test.requireContainer=true, so there this class fails rather than skips when the engine is missing.
 */
@Tag("container")
class ContainerServerTest {
    static final String IMAGE = System.getProperty("schemaverify.test.image", "pgvector/pgvector:pg15");

    @BeforeAll
    static void engine() {
        boolean required = Boolean.getBoolean("schemaverify.test.requireContainer")
                || "true".equals(System.getenv("SCHEMAVERIFY_TEST_REQUIRE_CONTAINER"));
        boolean answers = ContainerServer.dockerAnswers();
        if (required && !answers) {
            throw new AssertionError("schemaverify.test.requireContainer=true but no Docker-API engine answers (DOCKER_HOST="
                    + System.getenv("DOCKER_HOST") + ")");
        }
        assumeTrue(answers, "no Docker-API engine");
    }

    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3", server = ServerMode.CONTAINER)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class ContainerFixture {
        @Test
        void first_migrated_in_a_container(TestDatabase db, TestReporter reporter) throws SQLException {
            try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT extversion, current_setting('fsync') FROM pg_extension WHERE extname = 'vector'")) {
                rs.next();
                reporter.publishEntry(Map.of("pgvector", rs.getString(1), "fsync", rs.getString(2)));
            }
            db.execute("INSERT INTO documents (title, content_hash, embedding) VALUES ('a', 'h', '[1,2,3]')");
        }

        @Test
        void second_gets_its_own_clone(TestDatabase db, TestReporter reporter) throws SQLException {
            try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM documents")) {
                rs.next();
                reporter.publishEntry("rows", Integer.toString(rs.getInt(1)));
            }
        }
    }

    @Test
    void migrates_and_clones_inside_a_pgvector_container() {
        EngineExecutionResults results = EngineRun.of(ContainerFixture.class).param("schemaverify.image", IMAGE).execute();
        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(EngineRun.entries(results, "pgvector")).singleElement().asString().matches("\\d+\\.\\d+\\.\\d+");
        assertThat(EngineRun.entries(results, "fsync")).containsExactly("off");
        assertThat(EngineRun.entries(results, "rows")).as("the second test's clone is fresh").containsExactly("0");
    }

    @Test
    void an_image_that_is_not_there_gets_a_clear_message_not_a_null_pointer() {
        EngineExecutionResults results = EngineRun.of(ContainerFixture.class)
                .param("schemaverify.image", "localhost/schemaverify-no-such-image:1").execute();
        assertThat(failures(results)).singleElement().asString()
                .startsWith("Server CONTAINER: the image localhost/schemaverify-no-such-image:1 is not in the local image store and could not be pulled (")
                .endsWith("). Pull it (docker pull localhost/schemaverify-no-such-image:1), or set schemaverify.image to a"
                        + " pgvector image that is present.");
    }
}
