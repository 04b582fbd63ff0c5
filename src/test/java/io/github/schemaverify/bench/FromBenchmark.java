package io.github.schemaverify.bench;

import static io.github.schemaverify.bench.ProcessBenchmark.run;
import static io.github.schemaverify.bench.ProcessBenchmark.walkNanos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.schemaverify.testing.RealisticChain;

/**
 * Issue 19: the laptop loop. A developer edits the newest of 200 revisions and runs the round trip again, each run a
 * JVM of its own on a LOCAL cluster kept between runs ({@code schemaverify.pg.keep=true}): the whole walk, the first
 * run from the newest revision (which builds the cached base), then runs after editing the newest file (which reuse
 * it); beside them, the same JVM running a test class without SchemaVerify (what JVM and JUnit start cost). Each with
 * the JVM's defaults, with {@code schemaverify.jit.pauseC2=false} and with {@code -XX:TieredStopAtLevel=1}, interleaved.
 * Medians; the walk time is the report's
 * ({@code walk.walkMs}, base build or copy included).
 * Run: {@code scripts/bench.sh FromBenchmark [-Drevisions=200] [-Drounds=5] [-Djvms=3]} (-Djvms=1: the JVM's defaults only)
 */
public final class FromBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int revisions = Integer.getInteger("revisions", 200);
        int rounds = Integer.getInteger("rounds", 5);
        Path work = Files.createTempDirectory("sv-from-bench");
        Path chain = RealisticChain.write(work.resolve("migrations"), revisions);
        // a directory of its own (a developer's kept cluster stays untouched), in RAM as SchemaVerify's default is: on a
        // disk, CREATE DATABASE of the base takes ten times as long; SchemaVerify creates it, so the cluster's OS user
        // (postgres, under root) reaches it
        Path ram = Path.of("/dev/shm");
        Path clusters = (Files.isDirectory(ram) && Files.isWritable(ram) ? ram : Path.of(System.getProperty("java.io.tmpdir")))
                .resolve("sv-from-bench-clusters-" + ProcessHandle.current().pid());
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = UserClassPath.of(work); // SchemaVerify as a jar, as users get it
        List<String> settings = List.of("-Dschemaverify.server=LOCAL", "-Dschemaverify.pg.keep=true",
                "-Dschemaverify.pg.workDir=" + clusters, "-Dschemaverify.locations=filesystem:" + chain);
        Path newest = newest(chain, revisions);
        List<Jvm> jvms = List.of(new Jvm("the JVM's defaults", List.of()),
                new Jvm("the JVM's defaults, schemaverify.jit.pauseC2=false (C2 not kept off the walk)",
                        List.of("-Dschemaverify.jit.pauseC2=false")),
                new Jvm("-XX:TieredStopAtLevel=1 (C1 only, as docs/verification.md suggests for the loop)",
                        List.of("-XX:TieredStopAtLevel=1"))).subList(0, Integer.getInteger("jvms", 3));
        long firstProcess;
        long firstWalk;
        try {
            // the kept cluster started, and the disk cache warm, before anything is measured
            run(command(java, List.of(), classPath, settings, work.resolve("warm"), ProcessFixtures.MigratedOnly.class, null));
            for (int round = 0; round < 2; round++) {
                for (Jvm j : jvms) {
                    Path report = work.resolve("full-" + jvms.indexOf(j) + "-" + round);
                    j.full.add(run(command(java, j.options, classPath, settings, report, ProcessFixtures.RoundTripOnly.class, null)));
                    j.fullWalk.add(walkNanos(report.resolve("report.json")));
                }
            }
            Path first = work.resolve("first");
            firstProcess = run(command(java, List.of(), classPath, settings, first, ProcessFixtures.RoundTripOnly.class, revisions));
            firstWalk = walkNanos(first.resolve("report.json"));
            require(first, "by this run");
            for (int round = 0; round < rounds; round++) {
                for (Jvm j : jvms) {
                    j.start.add(run(command(java, j.options, classPath, settings, work.resolve("jvm-" + round), ProcessFixtures.Plain.class,
                            null)));
                    Files.writeString(newest, "\n-- edited in round " + round + "\n", StandardCharsets.UTF_8,
                            StandardOpenOption.APPEND);
                    Path report = work.resolve("edited-" + jvms.indexOf(j) + "-" + round);
                    j.edited.add(run(command(java, j.options, classPath, settings, report, ProcessFixtures.RoundTripOnly.class,
                            revisions)));
                    j.editedWalk.add(walkNanos(report.resolve("report.json")));
                    j.editedFlyway.add(flywayNanos(report.resolve("report.json")));
                    require(report, "reused, built by an earlier run; started on a copy of");
                    require(report, "the base prepared for walking (its rows generated and its schema read) by an earlier run");
                }
            }
        } finally {
            run(command(java, List.of(), classPath, List.of("-Dschemaverify.server=LOCAL", "-Dschemaverify.pg.keep=stop",
                    "-Dschemaverify.pg.workDir=" + clusters, "-Dschemaverify.locations=filesystem:" + chain), work.resolve("stop"),
                    ProcessFixtures.MigratedOnly.class, null));
            delete(work);
            delete(clusters);
        }
        System.out.println("== " + revisions + " revisions (RealisticChain), whole processes (a cold JVM each, interleaved), a"
                + " LOCAL PostgreSQL cluster kept between runs (schemaverify.pg.keep=true)");
        System.out.printf("  from = \"%d\", first run (builds the base): %.0f ms, of which the walk %.0f ms%n", revisions,
                firstProcess / 1e6, firstWalk / 1e6);
        for (Jvm j : jvms) {
            System.out.println("  -- " + j.name);
            System.out.println("  JVM and JUnit start, a test class without SchemaVerify:     " + j.start);
            System.out.println("  @VerifyRoundTrip, the whole chain:                           " + j.full);
            System.out.println("    of which the walk (report.json: walk.walkMs):              " + j.fullWalk);
            System.out.println("  from = \"" + revisions + "\" after editing V" + revisions + " (base reused):        " + j.edited);
            System.out.println("    of which the walk (base copy included):                    " + j.editedWalk);
            System.out.println("      Flyway over V" + revisions + " on a copy of the base, beside the walk:   " + j.editedFlyway);
            System.out.printf("  the edited run beyond JVM and JUnit start (medians): %.0f ms%n", j.edited.median() - j.start.median());
            System.out.printf("  walk after an edit: %.0f ms   target: <= 500 ms%n", j.editedWalk.median());
            System.out.printf("  ratio walk after an edit / whole walk (median): %.3f   target: <= 0.100%n",
                    j.editedWalk.median() / j.fullWalk.median());
            System.out.printf("  ratio process after an edit / whole-chain process (median): %.3f%n",
                    j.edited.median() / j.full.median());
        }
    }

    /** A set of JVM options and what was measured with it. */
    private record Jvm(String name, List<String> options, Stats start, Stats full, Stats fullWalk, Stats edited, Stats editedWalk,
            Stats editedFlyway) {
        Jvm(String name, List<String> options) {
            this(name, options, new Stats(), new Stats(), new Stats(), new Stats(), new Stats(), new Stats());
        }
    }

    /**
     * Flyway's run over the walked revisions on a copy of the base (the re-apply's {@code upMs}): it runs beside the
     * walk, which ends no sooner than it does.
     */
    private static long flywayNanos(Path report) throws IOException {
        for (JsonNode v : JSON.readTree(report.toFile()).get("verifications")) {
            if ("reapply_all".equals(v.path("kind").asText())) {
                return (long) (v.get("upMs").asDouble() * 1e6);
            }
        }
        throw new IllegalStateException("no re-apply in " + report);
    }

    private static Path newest(Path chain, int revisions) throws IOException {
        try (Stream<Path> files = Files.list(chain)) {
            return files.filter(f -> f.getFileName().toString().startsWith("V" + revisions + "__")).findFirst().orElseThrow();
        }
    }

    private static List<String> command(String java, List<String> options, String classPath, List<String> settings,
            Path reportDir, Class<?> fixture, Integer from) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(options);
        command.addAll(List.of("-cp", classPath));
        command.addAll(settings);
        if (from != null) {
            command.add("-Dschemaverify.roundtrip.from=" + from);
        }
        command.add("-Dschemaverify.report.dir=" + reportDir);
        command.add(RunTestClass.class.getName());
        command.add(fixture.getName());
        return command;
    }

    /** Fails the benchmark unless the walk's first revision says how its base came about as expected. */
    private static void require(Path reportDir, String base) throws IOException {
        JsonNode json = JSON.readTree(reportDir.resolve("report.json").toFile());
        for (JsonNode v : json.get("verifications")) {
            if (v.has("notes") && v.get("notes").toString().contains("base")) {
                if (!v.get("notes").toString().contains(base)) {
                    throw new IllegalStateException("expected the base " + base + ", but: " + v.get("notes"));
                }
                return;
            }
        }
        throw new IllegalStateException("no note on the base in " + reportDir);
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
