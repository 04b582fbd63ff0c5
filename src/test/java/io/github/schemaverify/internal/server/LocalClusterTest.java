package io.github.schemaverify.internal.server;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.schemaverify.testing.StartLocalCluster;

class LocalClusterTest {

    @Test
    void starts_on_loopback_with_pgvector_and_leaves_nothing_after_close() throws Exception {
        Path dir;
        long postmaster;
        try (LocalCluster cluster = LocalCluster.start(Optional.empty(), "postgres", Optional.empty())) {
            dir = cluster.directory();
            postmaster = Long.parseLong(Files.readAllLines(dir.resolve("data/postmaster.pid")).get(0).strip());
            try (Connection c = cluster.connect("postgres"); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT current_setting('fsync'), current_setting('listen_addresses'),"
                            + " (SELECT default_version FROM pg_available_extensions WHERE name = 'vector')")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("off");
                assertThat(rs.getString(2)).isEqualTo("127.0.0.1");
                assertThat(rs.getString(3)).isNotNull();
            }
            if (LocalCluster.isRoot()) {
                assertThat(ProcessHandle.of(postmaster).flatMap(p -> p.info().user())).contains("postgres");
            }
        }
        assertThat(dir).doesNotExist();
        assertThat(Processes.gone(postmaster)).isTrue();
    }

    /** Starts a cluster in its own JVM, kills that JVM with SIGKILL, and checks the next start reaps the orphan. */
    @Test
    void a_cluster_orphaned_by_a_killed_jvm_is_removed_by_the_next_run() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OrphanMaker.class.getName())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assumeThat(line).as("child JVM output").isNotNull().startsWith("DIR ");
        Path dir = Path.of(line.substring(4));
        long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("data/postmaster.pid")).get(0).strip());
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(Processes.gone(postmaster)).isFalse();

        try (LocalCluster next = LocalCluster.start(Optional.empty(), "postgres", Optional.empty())) {
            assertThat(next.directory()).isNotEqualTo(dir);
            assertThat(dir).doesNotExist();
            assertThat(Processes.gone(postmaster)).isTrue();
        }
    }

    /**
     * Another JVM that starts a cluster reaps orphans, and must not take this live JVM's cluster for one when the two
     * JVMs disagree about when this one started (each computes it from the boot time the kernel reports in whole seconds,
     * which a stepped wall clock moves): a CI run once lost its servers in the middle of the suite that way.
     */
    @Test
    @org.junit.jupiter.api.Timeout(180)
    void a_cluster_whose_jvm_runs_is_not_reaped_by_another_jvm_even_when_they_disagree_on_its_start() throws Exception {
        try (LocalCluster mine = LocalCluster.start(Optional.empty(), "postgres", Optional.empty())) {
            Path owner = mine.directory().resolve("owner");
            long start = Long.parseLong(Files.readString(owner).strip().split(" ")[1]);
            Files.writeString(owner, ProcessHandle.current().pid() + " " + (start - 3_600_000));

            LocalCluster.reapOrphans(mine.directory().getParent()); // this JVM's own
            String java = ProcessHandle.current().info().command().orElse("java");
            Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    StartLocalCluster.class.getName()).redirectErrorStream(true).start();
            String output = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(other.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(output).startsWith("OK " + mine.directory().getParent());

            assertThat(mine.directory()).exists();
            try (Connection c = mine.connect("postgres"); ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void the_binaries_are_found_where_design_says() {
        List<String> searched = new java.util.ArrayList<>();
        assertThat(PgBinaries.find(Optional.empty(), searched)).isPresent();
        assertThat(PgBinaries.find(Optional.of("/nowhere"), new java.util.ArrayList<>())).isEmpty();
    }

    /**
     * Entry point of the child JVM: starts a cluster, prints its directory, and waits to be killed: it reads its
     * standard input, which the test never writes to (and which ends if the test's JVM goes away first).
     */
    public static final class OrphanMaker {
        public static void main(String[] args) throws Exception {
            LocalCluster cluster = LocalCluster.start(Optional.empty(), "postgres", Optional.empty());
            System.out.println("DIR " + cluster.directory());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for SIGKILL
            }
        }
    }
}
