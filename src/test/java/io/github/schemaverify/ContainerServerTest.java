package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.testing.EngineRun.failures;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
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
    static class ContainerFixture {
        static String version;

        @Test
        void migrated_in_a_container(TestDatabase db) throws SQLException {
            try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT extversion, current_setting('fsync') FROM pg_extension WHERE extname = 'vector'")) {
                rs.next();
                version = rs.getString(1);
                if (!rs.getString(2).equals("off")) {
                    throw new AssertionError("fsync should be off");
                }
            }
            db.execute("INSERT INTO documents (title, content_hash, embedding) VALUES ('a', 'h', '[1,2,3]')");
        }

        @Test
        void second_test_gets_its_own_clone(TestDatabase db) throws SQLException {
            try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM documents")) {
                rs.next();
                if (rs.getInt(1) != 0) {
                    throw new AssertionError("clone not fresh");
                }
            }
        }
    }

    @Test
    void migrates_and_clones_inside_a_pgvector_container() {
        EngineExecutionResults results = EngineRun.of(ContainerFixture.class).param("schemaverify.image", IMAGE).execute();
        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(ContainerFixture.version).isNotBlank();
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
