package io.github.schemaverify.internal.server;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.schemaverify.testing.StartLocalCluster;

/**
 * Issue 13 item 8: a second OS user on the same machine starts a LOCAL cluster after the first user's run created its
 * work directory. The second user is real: created with useradd for this test (which runs as root here), used through
 * runuser, and removed at the end.
 */
@Timeout(180)
class SecondOsUserTest {
    private static final String USER = "svsecond";

    @Test
    void a_second_os_user_starts_a_local_cluster_after_the_first_one_created_its_work_directory() throws Exception {
        assumeThat(LocalCluster.isRoot()).as("creating an OS user needs root").isTrue();
        try (LocalCluster first = LocalCluster.start(Optional.empty(), "postgres", Optional.empty())) {
            assertThat(first.directory()).exists(); // the first user's run has created the work directory
        }
        Path classPath = Files.createTempDirectory("sv-second-user-");
        try {
            assertThat(run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER))).isZero();
            String cp = copyClassPath(classPath);
            String java = ProcessHandle.current().info().command().orElse("java");
            Process child = new ProcessBuilder("runuser", "-u", USER, "--", java, "-cp", cp, StartLocalCluster.class.getName())
                    .redirectErrorStream(true).start();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();

            assertThat(output).startsWith("OK " + LocalCluster.baseDirectory().getParent().resolve("schemaverify-" + USER) + "/pg-");
            assertThat(child.exitValue()).isZero();

            // a work directory set to one the user may not write: the message says which, whose, and what to do
            Process refused = new ProcessBuilder("runuser", "-u", USER, "--", java, "-Dschemaverify.pg.workDir=" + classPath,
                    "-cp", cp, StartLocalCluster.class.getName()).redirectErrorStream(true).start();
            String refusal = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(refusal).contains("ServerException: Server LOCAL: the OS user " + USER + " cannot create clusters in "
                    + classPath + " (owner root, mode rwxr-xr-x: not writable). Set schemaverify.pg.workDir (or"
                    + " SCHEMAVERIFY_PG_WORKDIR) to a directory this user may write, or unset it to use a directory of this"
                    + " user's own (/dev/shm/schemaverify-" + USER + ").");
        } finally {
            run(List.of("userdel", USER));
            deleteTree(classPath);
            deleteTree(LocalCluster.baseDirectory().getParent().resolve("schemaverify-" + USER));
        }
    }

    /** The classes and the PostgreSQL driver, copied where any user may read them (root's ~/.m2 is private). */
    private static String copyClassPath(Path dir) throws Exception {
        Path classes = Path.of(LocalCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path testClasses = Path.of(StartLocalCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path driver = Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        copyTree(classes, dir.resolve("classes"));
        copyTree(testClasses.resolve("io/github/schemaverify/testing"), dir.resolve("test-classes/io/github/schemaverify/testing"));
        Files.copy(driver, dir.resolve("postgresql.jar"));
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return dir.resolve("classes") + ":" + dir.resolve("test-classes") + ":" + dir.resolve("postgresql.jar");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        LocalCluster.deleteQuietly(dir);
    }

    private static int run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
