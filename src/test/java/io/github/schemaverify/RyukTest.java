package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.testing.EngineRun.failures;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.schemaverify.testing.EngineRun;

/**
 * CONTAINER with Testcontainers' Ryuk enabled, in a Surefire execution of its own (tag "ryuk", environment
 * TESTCONTAINERS_RYUK_DISABLED=false): Testcontainers caches its client per JVM. An engine that answers but cannot
 * start Ryuk used to be reported as "needs a Docker engine, but none answers"; the message now names Ryuk and why.
 * {@code schemaverify.test.ryuk} says what this machine allows: {@code works} (Ryuk's image can be had, as on
 * GitHub's runners) or {@code unavailable} (this project's CI: podman with no registry, so Ryuk's image is missing).
 */
@Tag("ryuk")
class RyukTest {
    static final String IMAGE = System.getProperty("schemaverify.test.image", "pgvector/pgvector:pg15");
    static final String DOCKER_HOST = System.getenv("DOCKER_HOST");

    @BeforeAll
    static void engine() {
        boolean required = Boolean.getBoolean("schemaverify.test.requireContainer")
                || "true".equals(System.getenv("SCHEMAVERIFY_TEST_REQUIRE_CONTAINER"));
        // with Ryuk on and unable to start, Testcontainers itself reports no engine: look at the socket instead
        // (DOCKER_HOST, else Docker's default socket)
        String socketPath = DOCKER_HOST == null ? "/var/run/docker.sock"
                : DOCKER_HOST.startsWith("unix://") ? DOCKER_HOST.substring("unix://".length()) : null;
        boolean socket = socketPath != null && Files.exists(Path.of(socketPath));
        if (required && !socket) {
            throw new AssertionError("schemaverify.test.requireContainer=true but there is no engine socket (DOCKER_HOST="
                    + DOCKER_HOST + ")");
        }
        assumeTrue(socket, "no Docker-API engine socket in DOCKER_HOST");
    }

    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3", server = ServerMode.CONTAINER)
    static class Fixture {
        @org.junit.jupiter.api.Test
        void migrated(TestDatabase db) {
            db.execute("INSERT INTO documents (title, content_hash, embedding) VALUES ('a', 'h', '[1,2,3]')");
        }
    }

    @Test
    void an_engine_that_cannot_start_ryuk_is_named_with_ryuk_and_the_reason() {
        EngineExecutionResults results = EngineRun.of(Fixture.class).param("schemaverify.image", IMAGE).execute();
        if ("unavailable".equals(System.getProperty("schemaverify.test.ryuk", "works"))) {
            assertThat(failures(results)).containsExactly("Server CONTAINER: the Docker engine at DOCKER_HOST=" + DOCKER_HOST
                    + " answers, but Testcontainers' Ryuk container (which removes containers when the JVM ends) did not"
                    + " start: its image testcontainers/ryuk:0.14.0 is not in the engine's image store and could not be pulled"
                    + " (NullPointerException inside the Docker client). Make that image available to the engine (and with"
                    + " podman set TESTCONTAINERS_RYUK_CONTAINER_PRIVILEGED=true), or turn Ryuk off with"
                    + " TESTCONTAINERS_RYUK_DISABLED=true (docs/servers.md, \"Podman\").");
        } else {
            results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        }
    }
}
