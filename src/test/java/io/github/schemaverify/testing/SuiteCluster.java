package io.github.schemaverify.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One LOCAL cluster for the fixture runs of a test JVM, where each run would otherwise start and stop a cluster of its
 * own (initdb and a postmaster's start: about 1.5 s of a round trip's 2 s on a two-core machine). A fixture run on the
 * suite's LOCAL server that asks for nothing about servers or kept templates uses the cluster a run keeps
 * ({@code schemaverify.pg.keep=true}) in a work directory of this JVM's own; SchemaVerify makes a kept cluster again
 * when an earlier run left roles on it, and drops an earlier run's databases, so each run starts as on a cluster of its
 * own. The postmaster is stopped and the directory deleted when the JVM ends; a directory a killed JVM left is
 * removed by the next JVM that shares one.
 *
 * <p>Runs that set the server, its URL, the kept cluster, its work directory or a template or base cache
 * ({@code schemaverify.templateCache}, {@code schemaverify.roundtrip.baseCache}) keep their own: their tests are of
 * exactly that. {@code -Dschemaverify.test.sharedCluster=false} gives every fixture run a cluster of its own again.
 */
final class SuiteCluster {
    private static final String PREFIX = "schemaverify-suite-";
    private static final List<String> OWN_SERVER = List.of("schemaverify.server", "schemaverify.url",
            "schemaverify.pg.keep", "schemaverify.pg.workDir", "schemaverify.templateCache",
            "schemaverify.roundtrip.baseCache");
    private static Path workDir;

    private SuiteCluster() {
    }

    static synchronized void shareWith(Map<String, String> parameters) {
        if (!"LOCAL".equalsIgnoreCase(System.getProperty("schemaverify.server", ""))
                || "false".equals(System.getProperty("schemaverify.test.sharedCluster"))
                || OWN_SERVER.stream().anyMatch(parameters::containsKey)) {
            return;
        }
        if (workDir == null) {
            workDir = prepare();
        }
        parameters.put("schemaverify.pg.keep", "true");
        parameters.put("schemaverify.pg.workDir", workDir.toString());
    }

    private static Path prepare() {
        Path shm = Path.of("/dev/shm");
        Path parent = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(parent)) {
            dirs.filter(d -> d.getFileName().toString().startsWith(PREFIX)).filter(d -> !alive(d)).forEach(SuiteCluster::remove);
        } catch (IOException e) {
            throw new IllegalStateException("could not list " + parent, e);
        }
        Path dir = parent.resolve(PREFIX + ProcessHandle.current().pid());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> remove(dir), "schemaverify-suite-cluster"));
        return dir;
    }

    /** Whether the JVM whose pid names the directory still runs (a JVM this one's own is alive). */
    private static boolean alive(Path dir) {
        String pid = dir.getFileName().toString().substring(PREFIX.length());
        return pid.chars().allMatch(Character::isDigit) && !pid.isEmpty()
                && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
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
        } catch (IOException e) {
            System.err.println("[SuiteCluster] could not remove " + dir + ": " + e);
        }
    }

    private static Optional<ProcessHandle> postmaster(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
        return first.isEmpty() || !first.chars().allMatch(Character::isDigit) ? Optional.empty()
                : ProcessHandle.of(Long.parseLong(first));
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
