package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.schemaverify.bench.ProcessFixtures;
import io.github.schemaverify.bench.RunTestClass;
import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;

/**
 * {@code schemaverify.pg.keep}: a LOCAL cluster kept between runs (separate JVMs, as a developer's runs are) with the
 * round trip's base cached on it; a default run never uses it and leaves nothing; {@code stop} stops it; a run that
 * finds it in use starts its own.
 */
class KeptClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Path work;
    /** What the last {@link #run} printed. */
    private String output;

    @BeforeEach
    void workDirectory() throws Exception {
        // not created here: the cluster's OS user (postgres, under root) must reach it, as SchemaVerify creates it
        work = Path.of(System.getProperty("java.io.tmpdir"), "sv-kept-test-" + ProcessHandle.current().pid() + "-"
                + System.nanoTime());
    }

    @AfterEach
    void stopWhatIsLeft() throws Exception {
        // whatever happened above, no cluster stays behind
        for (Path kept : kept()) {
            Path pid = kept.resolve("data/postmaster.pid");
            if (Files.exists(pid)) {
                long postmaster = Long.parseLong(Files.readAllLines(pid).get(0).strip());
                new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster)).start().waitFor(10, TimeUnit.SECONDS);
                ProcessHandle.of(postmaster).ifPresent(h -> h.onExit().orTimeout(30, TimeUnit.SECONDS).join());
            }
        }
        if (Files.exists(work)) {
            try (Stream<Path> all = Files.walk(work)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private List<Path> kept() throws Exception {
        if (!Files.isDirectory(work)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(work)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("kept-") && Files.isDirectory(d)).toList();
        }
    }

    private static int port(Path kept) throws Exception {
        return Integer.parseInt(Files.readAllLines(kept.resolve("data/postmaster.pid")).get(3).strip());
    }

    /** Runs the round trip of the clean chain from V8 in a JVM of its own; returns its report. */
    private JsonNode run(String keep, String name) throws Exception {
        return run(keep, name, Chain.of("clean").location(), "8");
    }

    private JsonNode run(String keep, String name, String location, String from) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dschemaverify.server=LOCAL", "-Dschemaverify.pg.workDir=" + work,
                "-Dschemaverify.locations=" + location, "-Dschemaverify.placeholders=LISTS=10",
                "-Dschemaverify.roundtrip.from=" + from, "-Dschemaverify.report.dir=" + work.resolve(name)));
        if (keep != null) {
            command.add("-Dschemaverify.pg.keep=" + keep);
        }
        command.addAll(List.of(RunTestClass.class.getName(), ProcessFixtures.RoundTripOnly.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        output = out;
        return JSON.readTree(work.resolve(name).resolve("report.json").toFile());
    }

    private static String baseNote(JsonNode report) {
        return baseNote(report, "V8 ");
    }

    private static String baseNote(JsonNode report, String first) {
        for (JsonNode v : report.get("verifications")) {
            if (v.get("name").asText().startsWith(first)) {
                return v.get("notes").get(0).asText();
            }
        }
        throw new AssertionError("no " + first + "in " + report);
    }

    /** The kept cluster's databases, reached with the superuser password kept in its directory. */
    private static List<String> svDatabases(Path kept) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port(kept) + "/postgres", "postgres",
                Files.readString(kept.resolve("superuser.password")).strip());
             ResultSet rs = c.createStatement().executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'sv\\_%' ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    @Test
    void a_kept_cluster_outlives_its_run_and_the_next_run_reuses_it_and_its_cached_base_until_stopped() throws Exception {
        JsonNode first = run("true", "first");
        Path kept = kept().get(0);
        int port = port(kept);
        assertThat(baseNote(first)).contains("; built in " + baseNote(first).replaceAll(".*built in (\\d+ ms).*", "$1")
                + " by this run; started on a copy of sv_cache_").endsWith(", the base prepared for walking (its rows"
                + " generated and its schema read) by this run");
        assertThat(first.at("/servers/0").asText()).contains("at 127.0.0.1:" + port + ", binaries in ")
                .contains(", kept between runs in " + kept + " (started by this run; stop it with -Dschemaverify.pg.keep=stop)");
        // the run's own databases are gone; the cached base and its prepared copy stay, for the next run
        assertThat(svDatabases(kept)).hasSize(2).allMatch(n -> n.startsWith("sv_cache_"));

        JsonNode second = run("true", "second");
        assertThat(port(kept)).isEqualTo(port);
        assertThat(baseNote(second)).contains("; reused, built by an earlier run; started on a copy of ")
                .endsWith(" by an earlier run");
        assertThat(second.at("/servers/0").asText()).contains(", kept between runs in " + kept + " (reused; stop it with");

        // a default run neither uses nor touches it, and leaves no cluster of its own
        JsonNode plain = run(null, "plain");
        assertThat(baseNote(plain)).endsWith(" by this run");
        assertThat(plain.at("/servers/0").asText()).doesNotContain("kept").doesNotContain(":" + port + ",");
        try (Stream<Path> dirs = Files.list(work)) {
            assertThat(dirs.map(d -> d.getFileName().toString()).filter(n -> n.startsWith("pg-"))).isEmpty();
        }
        assertThat(svDatabases(kept)).hasSize(2);

        JsonNode stop = run("stop", "stop");
        assertThat(baseNote(stop)).contains("; reused, built by an earlier run; started on a copy of ")
                .endsWith(" by an earlier run");
        assertThat(stop.at("/servers/0").asText()).contains("(reused; stopped at the end of this run)");
        assertThat(kept).doesNotExist();
    }

    @Test
    void a_kept_cluster_that_holds_roles_an_earlier_run_created_is_made_again_and_never_reachable_without_its_password()
            throws Exception {
        Chain roles = Chain.empty().with("V1__reader.sql", "CREATE ROLE kept_reader;\n").with("U1__reader.sql",
                "DROP ROLE kept_reader;\n").with("V2__notes.sql", "CREATE TABLE notes (id int);\n").with("U2__notes.sql",
                "DROP TABLE notes;\n");
        run("true", "first", roles.location(), "2"); // the base (V1) keeps the role on the cluster
        // no shared server's warning (the role does not stay for everyone): what the next run does about it
        assertThat(output).doesNotContain("These changes stay on the shared server").containsPattern("SchemaVerify: while run"
                + " [0-9a-f]+ migrated sv_\\w+, its migrations changed the kept LOCAL cluster outside the sv_ databases: \\+ role"
                + " kept_reader \\(\\)\\. These belong to the whole cluster: the next run makes it again before it starts \\(initdb\\),"
                + " so that every run starts without them; the migrations need no change for that\\.");
        Path kept = kept().get(0);
        assertThat(Files.getPosixFilePermissions(kept.resolve("superuser.password")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port(kept) + "/postgres",
                "postgres", "")).hasMessageContaining("password");

        JsonNode second = run("true", "second", roles.location(), "2");
        assertThat(second.at("/servers/0").asText()).contains(", kept between runs in " + kept + " (made again by this run:"
                + " an earlier run's migrations left the roles kept_reader on it, which belong to the whole cluster; stop it"
                + " with -Dschemaverify.pg.keep=stop)");
        // a base that created a role goes with its run, and no copy of it is prepared
        assertThat(baseNote(second, "V2 ")).endsWith(" by this run").doesNotContain("prepared");
        run("stop", "stop", roles.location(), "2");
        assertThat(kept).doesNotExist();
    }

    @MigratedDatabase(placeholders = "LISTS=10", server = ServerMode.LOCAL)
    static class Walk {
        @VerifyRoundTrip(from = "8")
        void round_trip() {
        }
    }

    @Test
    void a_run_that_finds_the_kept_cluster_in_use_starts_its_own_and_says_so() throws Exception {
        run("true", "first");
        Path kept = kept().get(0);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (FileChannel channel = FileChannel.open(kept.resolveSibling(kept.getFileName() + ".lock"), StandardOpenOption.WRITE);
             FileLock held = channel.lock()) {
            assertThat(held.isValid()).isTrue(); // as another run holds it
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            EngineRun.of(Walk.class).param("schemaverify.locations", Chain.of("clean").location())
                    .param("schemaverify.pg.workDir", work.toString()).param("schemaverify.pg.keep", "true")
                    .param(MigratedDatabase.TEMPLATE_CACHE_PROPERTY, "4").execute() // the default (the suite sets 0)
                    .testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("SchemaVerify: the kept LOCAL cluster"
                + " (schemaverify.pg.keep) is in use by another run; this run starts a cluster of its own.");
        assertThat(svDatabases(kept)).hasSize(2).allMatch(n -> n.startsWith("sv_cache_"));
    }
}
