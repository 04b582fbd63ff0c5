package io.github.schemaverify.internal.server;

import java.security.SecureRandom;
import java.util.HexFormat;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.ServerException;
import io.github.schemaverify.ServerMode;

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
        requireTestcontainers(DockerClientFactory.class.getPackage().getImplementationVersion());
        try {
            // the engine answering is not enough: Testcontainers also starts its Ryuk container here (unless disabled)
            DockerClientFactory.instance().client();
        } catch (RuntimeException | LinkageError e) {
            throw engineFailure(e, System.getenv().getOrDefault("DOCKER_HOST", "unset"));
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
                throw new ServerException("Server CONTAINER: the image " + image + " is not in the local image store"
                        + " and could not be pulled (" + rootMessage(e) + "). Pull it (docker pull " + image + "), or set "
                        + MigratedDatabase.IMAGE_PROPERTY + " to a pgvector image that is present.", e);
            }
            throw new ServerException("Server CONTAINER: the container from " + image + " did not start: "
                    + rootMessage(e) + ". Check the engine's log; the image must honour the official postgres image's"
                    + " environment (POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB).", e);
        }
        return new ContainerServer(container, image);
    }

    /** Testcontainers 1.x beside SchemaVerify's 2.x modules (a project's own pin wins) fails in odd places: say so first. */
    static void requireTestcontainers(String version) {
        if (version != null && version.matches("1\\..*")) {
            throw new ServerException("Server CONTAINER needs Testcontainers 2.0 or newer, but the test class path has"
                    + " org.testcontainers:testcontainers " + version + " (your project's version wins over SchemaVerify's)."
                    + " Move the project to Testcontainers 2.x (the PostgreSQL module is"
                    + " org.testcontainers:testcontainers-postgresql), or choose another server: "
                    + MigratedDatabase.SERVER_PROPERTY + "=LOCAL or " + MigratedDatabase.SERVER_PROPERTY + "=EXTERNAL.");
        }
    }

    /**
     * Why Testcontainers could not give a Docker client: no engine answers, or one answers and what Testcontainers
     * starts next (its Ryuk container, its checks) failed. The message names that real cause; the chain stays attached.
     */
    static SchemaVerifyException engineFailure(Throwable e, String dockerHost) {
        if (noEngine(e)) {
            return new ServerException("Server CONTAINER needs a Docker engine, but none answers"
                    + " (DOCKER_HOST=" + dockerHost + "). Start Docker (or podman's"
                    + " Docker-compatible service and set DOCKER_HOST), or choose another server: "
                    + MigratedDatabase.SERVER_PROPERTY + "=LOCAL for PostgreSQL binaries on this machine, or "
                    + MigratedDatabase.SERVER_PROPERTY + "=EXTERNAL with " + MigratedDatabase.URL_PROPERTY + ".", e);
        }
        if (fromRyuk(e)) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("imageName=([^,)\\s]+)").matcher(chainText(e));
            String cause = m.find() ? "its image " + m.group(1) + " is not in the engine's image store and could not be pulled ("
                    + rootMessage(e) + ")" : rootMessage(e);
            return new ServerException("Server CONTAINER: the Docker engine at DOCKER_HOST=" + dockerHost + " answers, but"
                    + " Testcontainers' Ryuk container (which removes containers when the JVM ends) did not start: " + cause
                    + ". Make that image available to the engine (and with podman set TESTCONTAINERS_RYUK_CONTAINER_PRIVILEGED=true),"
                    + " or turn Ryuk off with TESTCONTAINERS_RYUK_DISABLED=true (docs/servers.md, \"Podman\").", e);
        }
        return new ServerException("Server CONTAINER: the Docker engine at DOCKER_HOST=" + dockerHost + " answers, but"
                + " Testcontainers could not use it: " + rootMessage(e) + ". Check the engine's log; for podman see"
                + " docs/servers.md, \"Podman\".", e);
    }

    /**
     * Testcontainers' own words for "tried every way to reach an engine, none worked": "Could not find a valid Docker
     * environment" the first time, "Previous attempts to find a Docker environment failed" after (it caches that).
     */
    private static boolean noEngine(Throwable e) {
        String text = chainText(e);
        return text.contains("find a valid Docker environment") || text.contains("attempts to find a Docker environment failed");
    }

    private static boolean fromRyuk(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().contains("ResourceReaper") || frame.getClassName().contains("Ryuk")) {
                    return true;
                }
            }
        }
        return chainText(e).contains("/ryuk:");
    }

    private static String chainText(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
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
    public String location() {
        return host() + ":" + port() + ", image " + image;
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
