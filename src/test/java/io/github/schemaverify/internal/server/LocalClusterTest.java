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
