package io.github.schemaverify.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.schemaverify.MigratedDatabase;

/**
 * One LOCAL cluster for the fixture runs of a test JVM, where each run would otherwise start and stop a cluster of its
 * own (initdb and a postmaster's start: about 1.5 s of a small round trip's 2 s on a two-core machine). A fixture run on
 * the suite's LOCAL server that asks for nothing about servers or kept templates uses the cluster a run keeps
 * ({@code schemaverify.pg.keep=true}) in a work directory of this JVM's own; SchemaVerify makes a kept cluster again
 * when an earlier run left roles on it, and drops an earlier run's databases, so each run starts as on a cluster of its
 * own. The postmaster is stopped and the directory deleted when the JVM ends; a directory whose JVM died without that
 * (its lock file free) is removed by the next JVM that shares one.
 *
 * <p>Runs that set the server, its URL, the kept cluster, its work directory or the template cache keep their
 * own: their tests are of exactly that, and the default a user gets (a cluster of the run's own) stays tested by them,
 * by the suite's own annotated classes, the sample and the user projects. {@code -Dschemaverify.test.sharedCluster=false}
 * gives every fixture run a cluster of its own again.
 */
final class SuiteCluster {
    private static final String PREFIX = "schemaverify-suite-";
    private static final List<String> OWN_SERVER = List.of(MigratedDatabase.SERVER_PROPERTY, MigratedDatabase.URL_PROPERTY,
            MigratedDatabase.PG_KEEP_PROPERTY, MigratedDatabase.PG_WORK_DIR_PROPERTY,
            MigratedDatabase.TEMPLATE_CACHE_PROPERTY);
    /** This JVM's work directory, made at its first shared run; the lock on its lock file is held until the JVM ends. */
    private static Path workDir;
    private static FileLock held;

    private SuiteCluster() {
    }

    static synchronized void shareWith(Map<String, String> parameters) {
        String server = System.getProperty(MigratedDatabase.SERVER_PROPERTY, System.getenv("SCHEMAVERIFY_SERVER"));
        if (!"LOCAL".equalsIgnoreCase(server) || "false".equals(System.getProperty("schemaverify.test.sharedCluster"))
                || OWN_SERVER.stream().anyMatch(parameters::containsKey)) {
            return;
        }
        if (workDir == null) {
            workDir = prepare();
        }
        parameters.put(MigratedDatabase.PG_KEEP_PROPERTY, "true");
        parameters.put(MigratedDatabase.PG_WORK_DIR_PROPERTY, workDir.toString());
    }

    private static Path prepare() {
        Path shm = Path.of("/dev/shm");
        Path parent = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(parent)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(PREFIX) && Files.isDirectory(d)).toList()) {
                removeIfLeft(dir);
            }
            Path dir = parent.resolve(PREFIX + ProcessHandle.current().pid());
            FileChannel channel = FileChannel.open(lockFile(dir), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            held = channel.tryLock();
            if (held == null) {
                throw new IllegalStateException(lockFile(dir) + " is held by another process");
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                remove(dir);
                try {
                    Files.deleteIfExists(lockFile(dir));
                    held.channel().close();
                } catch (IOException e) {
                    System.err.println("[SuiteCluster] could not remove " + lockFile(dir) + ": " + e);
                }
            }, "schemaverify-suite-cluster"));
            return dir;
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("could not prepare the suite's shared cluster under " + parent, e);
        }
    }

    private static Path lockFile(Path dir) {
        return dir.resolveSibling(dir.getFileName() + ".lock");
    }

    /** Removes a directory whose JVM ended without removing it: its lock file is free (the lock goes with the JVM). */
    private static void removeIfLeft(Path dir) throws IOException {
        Path lock = lockFile(dir);
        if (!Files.exists(lock)) {
            return; // being made, or not of this kind
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE); FileLock free = channel.tryLock()) {
            if (free != null) {
                remove(dir);
                Files.deleteIfExists(lock);
            }
        } catch (java.nio.channels.OverlappingFileLockException ours) {
            // held by this JVM: not left
        }
    }

    /** Stops the postmasters of the directory's kept clusters (immediate shutdown), then deletes it. */
    private static void remove(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> kept = Files.list(dir)) {
            for (Path cluster : kept.toList()) {
                postmaster(cluster.resolve("data").resolve("postmaster.pid")).ifPresent(SuiteCluster::stop);
            }
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("[SuiteCluster] could not remove " + dir + ": " + e);
        }
    }

    /** The process a postmaster.pid names, where it still runs a PostgreSQL server (a pid is reused after a reboot). */
    private static Optional<ProcessHandle> postmaster(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
        return first.isEmpty() || !first.chars().allMatch(Character::isDigit) ? Optional.empty()
                : ProcessHandle.of(Long.parseLong(first))
                        .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
    }

    private static void stop(ProcessHandle postmaster) {
        try {
            // SIGQUIT: the postmaster's immediate shutdown, as pg_ctl -m immediate sends
            new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster.pid())).inheritIO().start().waitFor();
            postmaster.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("[SuiteCluster] could not stop postmaster " + postmaster.pid() + ": " + e);
        }
    }
}
