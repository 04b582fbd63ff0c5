package io.github.schemaverify.internal.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.ServerException;

/**
 * Finds PostgreSQL server binaries: {@code schemaverify.pg.bin}, else {@code pg_config --bindir}, else the newest
 * {@code /usr/lib/postgresql/<major>/bin}.
 */
public final class PgBinaries {
    static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

    private PgBinaries() {
    }

    /** The binaries directory, or empty with every place searched listed in {@code searched}. */
    public static Optional<Path> find(Optional<String> configured, List<String> searched) {
        if (configured.isPresent()) {
            Path dir = Path.of(configured.get());
            searched.add(dir + " (from " + MigratedDatabase.PG_BIN_PROPERTY + ")");
            return usable(dir) ? Optional.of(dir) : Optional.empty();
        }
        try {
            Processes.Result r = Processes.run(List.of("pg_config", "--bindir"), 10);
            String dir = r.output().strip();
            searched.add("pg_config --bindir" + (r.exitCode() == 0 ? " (" + dir + ")" : " (failed)"));
            if (r.exitCode() == 0 && usable(Path.of(dir))) {
                return Optional.of(Path.of(dir));
            }
        } catch (IOException e) {
            searched.add("pg_config --bindir (not on PATH)");
        }
        searched.add(DEBIAN_ROOT + "/*/bin");
        if (Files.isDirectory(DEBIAN_ROOT)) {
            try (Stream<Path> majors = Files.list(DEBIAN_ROOT)) {
                return majors.map(p -> p.resolve("bin")).filter(PgBinaries::usable)
                        .max(Comparator.comparingDouble(PgBinaries::major));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    public static Path require(Optional<String> configured) {
        List<String> searched = new ArrayList<>();
        return find(configured, searched).orElseThrow(() -> new ServerException(
                "Server LOCAL needs PostgreSQL server binaries (initdb, pg_ctl, postgres), but found none. Searched: "
                        + String.join(", ", searched) + ". Install them (Debian/Ubuntu: apt-get install postgresql), "
                        + "or set " + MigratedDatabase.PG_BIN_PROPERTY + " to the directory that holds initdb."));
    }

    static boolean usable(Path dir) {
        return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"))
                && Files.isExecutable(dir.resolve("postgres"));
    }

    private static double major(Path bin) {
        try {
            return Double.parseDouble(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
