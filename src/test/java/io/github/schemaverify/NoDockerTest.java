package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.testing.EngineRun.failures;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.schemaverify.testing.EngineRun;

/**
 * Runs in its own Surefire execution (tag "no-docker") whose environment points DOCKER_HOST at a socket nobody
 * serves: Testcontainers caches its Docker client per JVM, so "no engine" needs a JVM of its own.
 */
@Tag("no-docker")
class NoDockerTest {

    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class Fixture {
        @Test
        void test(DataSource ds) {
        }
    }

    @Test
    void container_with_no_engine_answering_says_what_to_do() {
        EngineExecutionResults results = EngineRun.of(Fixture.class).param("schemaverify.server", "CONTAINER").execute();
        assertThat(failures(results)).containsExactly("Server CONTAINER needs a Docker engine, but none answers"
                + " (DOCKER_HOST=" + System.getenv("DOCKER_HOST") + "). Start Docker (or podman's Docker-compatible service"
                + " and set DOCKER_HOST), or choose another server: schemaverify.server=LOCAL for PostgreSQL binaries on this"
                + " machine, or schemaverify.server=EXTERNAL with schemaverify.url.");
    }

    @Test
    void auto_with_no_server_to_be_had_lists_the_three_ways() {
        EngineExecutionResults results = EngineRun.of(Fixture.class).param("schemaverify.server", "AUTO")
                .param("schemaverify.pg.bin", "/opt/no-postgres/bin").execute();
        assertThat(failures(results)).containsExactly("""
                Server AUTO found no PostgreSQL to use. Get one in any of three ways:
                  1. EXTERNAL: set schemaverify.url (or SCHEMAVERIFY_URL) to a running server's JDBC URL, with schemaverify.user and schemaverify.password;
                  2. CONTAINER: start a Docker engine (none answered at DOCKER_HOST=%s, unix:///var/run/docker.sock, unix://%s/.docker/run/docker.sock, unix://%s/.docker/desktop/docker.sock);
                  3. LOCAL: install PostgreSQL server binaries with pgvector, or set schemaverify.pg.bin (searched: /opt/no-postgres/bin (from schemaverify.pg.bin))."""
                .formatted(System.getenv("DOCKER_HOST"), System.getProperty("user.home"), System.getProperty("user.home")));
    }

    @Test
    void auto_falls_back_to_local_binaries_when_no_engine_answers() {
        EngineExecutionResults results = EngineRun.of(Fixture.class).param("schemaverify.server", "AUTO").execute();
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }
}
