package io.github.schemaverify.internal.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.ServerException;
import io.github.schemaverify.ServerMode;
import io.github.schemaverify.internal.config.ServerSettings;

/** Starts (or connects to) the server that settings ask for; {@code AUTO} chooses as DESIGN section 3 says. */
public final class Servers {

    private Servers() {
    }

    /**
     * The server mode to use and why, for the run's summary: "set by schemaverify.server", or what AUTO found.
     *
     * @param mode {@link ServerMode#CONTAINER}, {@link ServerMode#LOCAL} or {@link ServerMode#EXTERNAL}
     */
    public record Choice(ServerMode mode, String reason) {
    }

    /**
     * Chooses the server mode; for {@link ServerMode#AUTO} as DESIGN section 3 says: EXTERNAL when a URL is set, else
     * CONTAINER when a Docker engine answers (asked without Testcontainers), else LOCAL when binaries are found.
     */
    public static Choice choose(ServerSettings settings, Map<String, String> environment) {
        if (settings.mode() != ServerMode.AUTO && settings.mode() != ServerMode.DEFAULT) {
            return new Choice(settings.mode(), "set by @MigratedDatabase(server) or " + MigratedDatabase.SERVER_PROPERTY);
        }
        if (settings.url().isPresent()) {
            return new Choice(ServerMode.EXTERNAL, "AUTO: a server URL is set");
        }
        DockerProbe.Answer docker = DockerProbe.probe(environment);
        if (docker.host().isPresent()) {
            return new Choice(ServerMode.CONTAINER, "AUTO: a Docker engine answers at " + docker.host().get());
        }
        List<String> searched = new ArrayList<>();
        Optional<java.nio.file.Path> binaries = PgBinaries.find(settings.pgBin(), searched);
        if (binaries.isPresent()) {
            return new Choice(ServerMode.LOCAL, "AUTO: no URL is set, no Docker engine answers, PostgreSQL binaries are in "
                    + binaries.get());
        }
        throw new ServerException("Server AUTO found no PostgreSQL to use. Get one in any of three ways:\n"
                + "  1. EXTERNAL: set " + MigratedDatabase.URL_PROPERTY + " (or SCHEMAVERIFY_URL) to a running server's JDBC URL,"
                + " with " + MigratedDatabase.USER_PROPERTY + " and " + MigratedDatabase.PASSWORD_PROPERTY + ";\n"
                + "  2. CONTAINER: start a Docker engine (none answered at " + String.join(", ", docker.looked()) + ");\n"
                + "  3. LOCAL: install PostgreSQL server binaries with pgvector, or set " + MigratedDatabase.PG_BIN_PROPERTY
                + " (searched: " + String.join(", ", searched) + ").");
    }

    /** Starts (or connects to) the server of the chosen mode. */
    public static PgServer start(ServerMode mode, ServerSettings settings) {
        return start(mode, settings, System.out::println);
    }

    /**
     * Starts (or connects to) the server of the chosen mode; a LOCAL cluster kept between runs
     * ({@value MigratedDatabase#PG_KEEP_PROPERTY}) is reused, or, when another run uses it, this run gets one of its own
     * and says so on {@code console}.
     */
    public static PgServer start(ServerMode mode, ServerSettings settings, java.util.function.Consumer<String> console) {
        return switch (mode) {
            case EXTERNAL -> ExternalServer.connect(settings.url().orElseThrow(), settings.user(), settings.password());
            case CONTAINER -> ContainerServer.start(settings.image());
            case LOCAL -> settings.keep() == ServerSettings.Keep.NO
                    ? LocalCluster.start(settings.pgBin(), settings.osUser(), Optional.empty(), settings.workDir())
                    : LocalCluster.startKept(settings.pgBin(), settings.osUser(), settings.workDir(),
                    settings.keep() == ServerSettings.Keep.STOP).orElseGet(() -> {
                        console.accept("SchemaVerify: the kept LOCAL cluster (" + MigratedDatabase.PG_KEEP_PROPERTY + ") is in"
                                + " use by another run; this run starts a cluster of its own" + (settings.keep()
                                == ServerSettings.Keep.STOP ? ", and leaves the kept one running" : "") + ".");
                        return LocalCluster.start(settings.pgBin(), settings.osUser(), Optional.empty(), settings.workDir());
                    });
            case AUTO, DEFAULT -> throw new IllegalStateException("AUTO is resolved by choose()");
        };
    }
}
