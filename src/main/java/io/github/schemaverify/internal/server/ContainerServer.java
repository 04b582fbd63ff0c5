package io.github.schemaverify.internal.server;

import java.security.SecureRandom;
import java.util.HexFormat;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.ServerMode;
import io.github.schemaverify.internal.SchemaVerifyException;

/** A Testcontainers {@link PostgreSQLContainer} running a pgvector image, with {@code fsync=off}. */
public final class ContainerServer implements PgServer {
    private final PostgreSQLContainer container;
    private final String image;

    private ContainerServer(PostgreSQLContainer container, String image) {
        this.container = container;
        this.image = image;
    }

    /** True when a Docker-API engine answers (Docker, or podman's compatible service). */
    public static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public static ContainerServer start(String image) {
        if (!dockerAnswers()) {
            throw new SchemaVerifyException("Server CONTAINER needs a Docker engine, but none answers"
                    + " (DOCKER_HOST=" + System.getenv().getOrDefault("DOCKER_HOST", "unset") + "). Start Docker (or podman's"
                    + " Docker-compatible service and set DOCKER_HOST), or choose another server: "
                    + MigratedDatabase.SERVER_PROPERTY + "=LOCAL for PostgreSQL binaries on this machine, or "
                    + MigratedDatabase.SERVER_PROPERTY + "=EXTERNAL with " + MigratedDatabase.URL_PROPERTY + ".");
        }
        boolean present = imagePresent(image);
        byte[] pw = new byte[12];
        new SecureRandom().nextBytes(pw);
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
                .withUsername("schemaverify")
                .withPassword(HexFormat.of().formatHex(pw))
                .withDatabaseName("postgres");
        container.withCommand("postgres", "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off",
                "-c", "max_connections=200");
        if (present) {
            // an engine can refuse one start for a passing reason (podman: "write child: broken pipe", status 500);
            // Testcontainers then starts a new container once more
            container.withStartupAttempts(2);
        }
        try {
            container.start();
        } catch (RuntimeException e) {
            container.close();
            if (!present) {
                throw new SchemaVerifyException("Server CONTAINER: the image " + image + " is not in the local image store"
                        + " and could not be pulled (" + rootMessage(e) + "). Pull it (docker pull " + image + "), or set "
                        + MigratedDatabase.IMAGE_PROPERTY + " to a pgvector image that is present.", e);
            }
            throw new SchemaVerifyException("Server CONTAINER: the container from " + image + " did not start: "
                    + rootMessage(e) + ". Check the engine's log; the image must honour the official postgres image's"
                    + " environment (POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB).", e);
        }
        return new ContainerServer(container, image);
    }

    private static boolean imagePresent(String image) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return t instanceof NullPointerException || m == null ? t.getClass().getSimpleName() + " inside the Docker client" : m;
    }

    @Override
    public ServerMode mode() {
        return ServerMode.CONTAINER;
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
    }

    @Override
    public String user() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public String maintenanceDatabase() {
        return "postgres";
    }

    @Override
    public boolean ephemeral() {
        return true;
    }

    @Override
    public String describe() {
        return "CONTAINER " + image + " at " + host() + ":" + port();
    }

    @Override
    public void close() {
        container.stop();
    }
}
