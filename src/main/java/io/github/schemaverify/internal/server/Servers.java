package io.github.schemaverify.internal.server;

import java.util.ArrayList;
import java.util.List;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.ServerMode;
import io.github.schemaverify.internal.SchemaVerifyException;
import io.github.schemaverify.internal.config.ServerSettings;

/** Starts (or connects to) the server that settings ask for; {@code AUTO} chooses as DESIGN section 3 says. */
public final class Servers {

    private Servers() {
    }

    public static ServerMode choose(ServerSettings settings) {
        if (settings.mode() != ServerMode.AUTO) {
            return settings.mode();
        }
        if (settings.url().isPresent()) {
            return ServerMode.EXTERNAL;
        }
        if (ContainerServer.dockerAnswers()) {
            return ServerMode.CONTAINER;
        }
        List<String> searched = new ArrayList<>();
        if (PgBinaries.find(settings.pgBin(), searched).isPresent()) {
            return ServerMode.LOCAL;
        }
        throw new SchemaVerifyException("Server AUTO found no PostgreSQL to use. Get one in any of three ways:\n"
                + "  1. EXTERNAL: set " + MigratedDatabase.URL_PROPERTY + " (or SCHEMAVERIFY_URL) to a running server's JDBC URL,"
                + " with " + MigratedDatabase.USER_PROPERTY + " and " + MigratedDatabase.PASSWORD_PROPERTY + ";\n"
                + "  2. CONTAINER: start a Docker engine (no engine answered"
                + " at DOCKER_HOST=" + System.getenv().getOrDefault("DOCKER_HOST", "unset") + ");\n"
                + "  3. LOCAL: install PostgreSQL server binaries with pgvector, or set " + MigratedDatabase.PG_BIN_PROPERTY
                + " (searched: " + String.join(", ", searched) + ").");
    }

    public static PgServer start(ServerSettings settings) {
        return switch (choose(settings)) {
            case EXTERNAL -> ExternalServer.connect(settings.url().orElseThrow(), settings.user(), settings.password());
            case CONTAINER -> ContainerServer.start(settings.image());
            case LOCAL -> LocalCluster.start(settings.pgBin(), settings.osUser(), java.util.Optional.empty());
            case AUTO -> throw new IllegalStateException("AUTO is resolved by choose()");
        };
    }
}
