package io.github.schemaverify.internal.server;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The CONTAINER messages that need no engine to decide (the engine cases run for real: NoDockerTest, RyukTest,
 * ContainerServerTest).
 */
class ContainerServerMessagesTest {

    @Test
    void testcontainers_1_on_the_class_path_is_named_before_anything_fails_oddly() {
        assertThatThrownBy(() -> ContainerServer.requireTestcontainers("1.21.3"))
                .hasMessage("Server CONTAINER needs Testcontainers 2.0 or newer, but the test class path has"
                        + " org.testcontainers:testcontainers 1.21.3 (your project's version wins over SchemaVerify's)."
                        + " Move the project to Testcontainers 2.x (the PostgreSQL module is"
                        + " org.testcontainers:testcontainers-postgresql), or choose another server: schemaverify.server=LOCAL"
                        + " or schemaverify.server=EXTERNAL.");
        assertThatCode(() -> ContainerServer.requireTestcontainers("2.0.5")).doesNotThrowAnyException();
        assertThatCode(() -> ContainerServer.requireTestcontainers(null)).doesNotThrowAnyException();
    }

    @Test
    void an_engine_that_answers_but_fails_otherwise_is_not_called_missing_and_keeps_the_cause() {
        IllegalStateException cause = new IllegalStateException("wrapper", new RuntimeException("disk quota exceeded"));
        RuntimeException e = ContainerServer.engineFailure(cause, "unix:///run/podman/podman.sock");
        assertThat(e).hasMessage("Server CONTAINER: the Docker engine at DOCKER_HOST=unix:///run/podman/podman.sock answers,"
                + " but Testcontainers could not use it: disk quota exceeded. Check the engine's log; for podman see"
                + " docs/servers.md, \"Podman\".").hasCause(cause);
    }
}
