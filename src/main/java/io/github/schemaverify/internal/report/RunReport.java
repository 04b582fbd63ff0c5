package io.github.schemaverify.internal.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.schemaverify.RevisionStep;
import io.github.schemaverify.internal.verify.Outcome;
import io.github.schemaverify.readiness.Gate;
import io.github.schemaverify.readiness.GateTransition;
import io.github.schemaverify.readiness.LevelChange;
import io.github.schemaverify.readiness.ReadinessTimeline;

/**
 * Everything one test run verified, collected from every test class (thread-safe, so parallel execution adds to one
 * report), written when the run ends as {@code report.json} and {@code report.html} in the report directory, with a
 * console summary. Writing never fails the run: a report that cannot be written is a warning naming the path.
 */
public final class RunReport implements AutoCloseable {
    /** Version of the JSON layout; see docs/reports.md and report.schema.json. */
    public static final int SCHEMA_VERSION = 4;

    private final Path directory;
    private final boolean enabled;
    private final PrintStream console;
    private final Instant started = Instant.now();
    private final List<Map<String, Object>> verifications = new ArrayList<>();
    private final List<DatabaseEntry> databases = new ArrayList<>();
    private final java.util.function.LongSupplier databasesCreated;
    private final java.util.function.Supplier<List<String>> servers;
    private final List<Map<String, Object>> problems = new ArrayList<>();
    private int testsPassed;
    private int databaseCount;

    private record DatabaseEntry(String database, String testClass, String test, String server, ReadinessTimeline timeline) {
    }

    /**
     * @param databasesCreated how many {@code sv_*} databases the run created (templates, clones, walks)
     * @param servers          the servers the run used, one line each (mode, versions, why)
     */
    public RunReport(Path directory, boolean enabled, PrintStream console, java.util.function.LongSupplier databasesCreated,
            java.util.function.Supplier<List<String>> servers) {
        this.directory = directory;
        this.enabled = enabled;
        this.console = console;
        this.databasesCreated = databasesCreated;
        this.servers = servers;
    }

    /**
     * Records that a test class or test of a {@code @MigratedDatabase} failed outside a verification: while setting
     * up (a bad location, a missing extension, a failing migration) or in its own assertions.
     *
     * @param where   {@code setup} or {@code test}
     */
    public synchronized void problem(String testClass, String test, String where, String message) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("testClass", testClass);
        p.put("test", test);
        p.put("where", where);
        p.put("message", message == null ? "" : message);
        problems.add(p);
    }

    /** Records a test of a {@code @MigratedDatabase} class that passed. */
    public synchronized void testPassed() {
        testsPassed++;
    }

    /**
     * Records one verification step.
     *
     * @param kind {@code revision}, {@code undo_all}, {@code reapply_all}, {@code history}, {@code idempotency},
     *             {@code baseline}, {@code snapshot} or {@code locks}
     */
    public synchronized void verification(String testClass, String test, String name, String kind, Outcome outcome) {
        verification(testClass, test, name, kind, outcome, Map.of());
    }

    /**
     * Records one verification step with what its kind adds or fills in ({@code locks}: version, script, upMs, notices,
     * rows and statements).
     */
    public synchronized void verification(String testClass, String test, String name, String kind, Outcome outcome,
            Map<String, Object> details) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("testClass", testClass);
        v.put("test", test);
        v.put("name", name);
        RevisionStep step = outcome.step();
        v.put("kind", kind);
        v.put("version", step == null ? null : step.version());
        v.put("script", step == null ? null : step.script());
        v.put("status", outcome.status().name().toLowerCase(java.util.Locale.ROOT));
        v.put("cause", outcome.cause() == null ? null : outcome.cause().wireName());
        // declared so (irreversible = ..., or marked); one walked up only for want of an undo script has none
        v.put("irreversible", step != null && step.irreversible() && !outcome.withoutUndoScript());
        if (outcome.withoutUndoScript()) {
            v.put("undoScript", false);
        }
        v.put("upMs", step == null ? null : millis(step.up()));
        v.put("downMs", step == null ? null : millis(step.down()));
        v.put("reapplyMs", step == null ? null : millis(step.reapply()));
        v.put("notices", step == null ? List.of() : step.notices());
        v.put("notes", outcome.notes());
        v.put("message", outcome.message());
        v.putAll(details);
        verifications.add(v);
    }

    /** Records a test database with its readiness timeline (kept by reference: it may still move). */
    public synchronized void database(String database, String testClass, String test, String server, ReadinessTimeline timeline) {
        databaseCount++;
        databases.add(new DatabaseEntry(database, testClass, test, server, timeline));
    }

    private static Double millis(Duration d) {
        return d.toNanos() / 10_000 / 100.0;
    }

    /** The report as the JSON document described in docs/reports.md. */
    public synchronized Map<String, Object> toMap(Instant finished) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("tool", "SchemaVerify");
        root.put("startedAt", started.toString());
        root.put("finishedAt", finished.toString());
        root.put("durationMs", Duration.between(started, finished).toMillis());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("verifications", verifications.size() - count("applied"));
        summary.put("passed", count("passed"));
        summary.put("upOnly", count("up_only"));
        summary.put("failed", count("failed"));
        summary.put("aborted", count("aborted"));
        summary.put("applied", count("applied"));
        Map<String, Object> revisions = new LinkedHashMap<>();
        for (String status : List.of("passed", "up_only", "failed", "aborted", "applied")) {
            revisions.put(status.equals("passed") ? "verified" : status.equals("up_only") ? "upOnly" : status,
                    verifications.stream().filter(v -> "revision".equals(v.get("kind")) && status.equals(v.get("status"))).count());
        }
        revisions.put("withoutUndoScript", verifications.stream().filter(v -> "revision".equals(v.get("kind"))
                && Boolean.FALSE.equals(v.get("undoScript"))).count());
        summary.put("revisions", revisions);
        summary.put("databases", databaseCount);
        summary.put("databasesCreated", databasesCreated.getAsLong());
        summary.put("testsPassed", testsPassed);
        summary.put("testsFailed", problems.stream().filter(p -> "test".equals(p.get("where"))).count());
        summary.put("setupFailures", problems.stream().filter(p -> "setup".equals(p.get("where"))).count());
        root.put("summary", summary);
        root.put("servers", List.copyOf(servers.get()));
        root.put("problems", List.copyOf(problems));
        root.put("verifications", List.copyOf(verifications));
        List<Map<String, Object>> dbs = new ArrayList<>();
        for (DatabaseEntry d : databases) {
            Map<String, Object> db = new LinkedHashMap<>();
            db.put("database", d.database());
            db.put("testClass", d.testClass());
            db.put("test", d.test());
            db.put("server", d.server());
            db.put("level", d.timeline().level().wireName());
            db.put("gates", d.timeline().gates().stream().map(g -> gate(g, g.duration().map(RunReport::millis).orElse(null))).toList());
            List<Map<String, Object>> transitions = new ArrayList<>();
            for (GateTransition t : d.timeline().transitions()) {
                transitions.add(Map.of("gate", t.gate(), "from", t.from().wireName(), "to", t.to().wireName(), "at", t.at().toString()));
            }
            db.put("transitions", transitions);
            List<Map<String, Object>> levels = new ArrayList<>();
            for (LevelChange l : d.timeline().levels()) {
                levels.add(Map.of("level", l.level().wireName(), "at", l.at().toString()));
            }
            db.put("levels", levels);
            dbs.add(db);
        }
        root.put("databases", dbs);
        return root;
    }

    /**
     * A gate as report.json and the heartbeat files show it.
     *
     * @param durationMs the duration in the file's unit (fractional milliseconds here, whole ones in heartbeats), or null
     */
    public static Map<String, Object> gate(Gate g, Number durationMs) {
        Map<String, Object> gate = new LinkedHashMap<>();
        gate.put("name", g.name());
        gate.put("critical", g.critical());
        gate.put("state", g.state().wireName());
        gate.put("startedAt", g.started().map(Instant::toString).orElse(null));
        gate.put("finishedAt", g.finished().map(Instant::toString).orElse(null));
        gate.put("durationMs", durationMs);
        gate.put("failure", g.failure().orElse(null));
        return gate;
    }

    private long count(String status) {
        return verifications.stream().filter(v -> status.equals(v.get("status"))).count();
    }

    /** Writes the files and prints the summary; failures to write become a warning. Nothing when switched off. */
    @Override
    public void close() {
        if (!enabled) {
            return;
        }
        Instant finished = Instant.now();
        Map<String, Object> report = toMap(finished);
        Path html = directory.resolve("report.html");
        if (enabled) {
            try {
                Files.createDirectories(directory);
                String json = Json.write(report);
                AtomicFile.write(directory.resolve("report.json"), json);
                AtomicFile.write(html, HtmlReport.render(report));
            } catch (IOException | RuntimeException e) {
                console.println("SchemaVerify WARNING: could not write the report to " + directory.toAbsolutePath() + ": " + e
                        + ". The tests' results are not affected; set schemaverify.report.dir to a writable directory, or"
                        + " schemaverify.report=false.");
                html = null;
            }
        }
        console.print(summary(report, enabled ? html : null));
    }

    @SuppressWarnings("unchecked")
    static String summary(Map<String, Object> report, Path html) {
        Map<String, Object> s = (Map<String, Object>) report.get("summary");
        Map<String, Object> r = (Map<String, Object>) s.get("revisions");
        List<Map<String, Object>> v = (List<Map<String, Object>>) report.get("verifications");
        List<String> parts = new java.util.ArrayList<>();
        long verified = (long) r.get("verified");
        long applied = (long) r.get("applied");
        long revisionsSeen = verified + (long) r.get("upOnly") + (long) r.get("failed") + (long) r.get("aborted") + applied;
        if (revisionsSeen > 0) {
            StringBuilder revisions = new StringBuilder().append(verified).append(verified == 1 ? " revision" : " revisions")
                    .append(" verified up, down and up");
            long withoutUndo = (long) r.get("withoutUndoScript");
            long irreversible = (long) r.get("upOnly") - withoutUndo;
            if (irreversible > 0) {
                revisions.append(", ").append(irreversible).append(" up only (irreversible)");
            }
            if (withoutUndo > 0) {
                revisions.append(", ").append(withoutUndo).append(" up only (no undo script)");
            }
            for (String[] extra : new String[][] {{"failed", " failed"}, {"aborted", " aborted"},
                    {"applied", " applied before the walk's start (from), not verified"}}) {
                if ((long) r.get(extra[0]) > 0) {
                    revisions.append(", ").append(r.get(extra[0])).append(extra[1]);
                }
            }
            parts.add(revisions.toString());
        }
        long locks = v.stream().filter(x -> "locks".equals(x.get("kind")) && !"applied".equals(x.get("status"))).count();
        long locksApplied = v.stream().filter(x -> "locks".equals(x.get("kind")) && "applied".equals(x.get("status"))).count();
        if (locks + locksApplied > 0) {
            long locksFailed = v.stream().filter(x -> "locks".equals(x.get("kind")) && "failed".equals(x.get("status"))).count();
            parts.add(locks + (locks == 1 ? " revision's locks" : " revisions' locks") + " profiled"
                    + (locksFailed > 0 ? ", " + locksFailed + " against policy" : "")
                    + (locksApplied > 0 ? ", " + locksApplied + " applied before the profile's start (from), not profiled" : ""));
        }
        long more = v.stream().filter(x -> !"revision".equals(x.get("kind")) && !"locks".equals(x.get("kind"))).count();
        if (more > 0) {
            parts.add(more + (revisionsSeen > 0 ? " other" : "") + " verification" + (more == 1 ? "" : "s"));
        }
        long testsPassed = ((Number) s.get("testsPassed")).longValue();
        long testsFailed = ((Number) s.get("testsFailed")).longValue();
        if (testsPassed + testsFailed > 0) {
            parts.add(testsPassed + (testsPassed == 1 ? " test" : " tests") + " passed"
                    + (testsFailed > 0 ? ", " + testsFailed + " failed" : ""));
        }
        long setupFailures = ((Number) s.get("setupFailures")).longValue();
        if (setupFailures > 0) {
            parts.add(setupFailures + (setupFailures == 1 ? " class" : " classes") + " failed to set up");
        }
        long created = ((Number) s.get("databasesCreated")).longValue();
        parts.add(created + (created == 1 ? " database" : " databases") + " created in "
                + String.format(java.util.Locale.ROOT, "%.1f s", ((Long) report.get("durationMs")) / 1000.0));
        StringBuilder out = new StringBuilder("\nSchemaVerify: ").append(String.join("; ", parts)).append('\n');
        for (Object server : (List<Object>) report.get("servers")) {
            out.append("  server: ").append(server).append('\n');
        }
        // what a verification did otherwise than asked (walked without generated rows, a table left empty) and the
        // known hazards it let pass are in its notes, which only the report and the report entries show
        long noted = v.stream().filter(x -> x.get("notes") instanceof List<?> n && !n.isEmpty()).count();
        if (noted > 0) {
            out.append("  notes on ").append(noted).append(noted == 1 ? " verification" : " verifications")
                    .append(" (such as a revision walked without the rows the walk generated): see the report")
                    .append(" or the entries schemaverify.notes")
                    .append('\n');
        }
        for (Map<String, Object> p : (List<Map<String, Object>>) report.get("problems")) {
            out.append("  ").append("setup".equals(p.get("where")) ? "SETUP FAILED " : "TEST FAILED ")
                    .append(simple(p.get("testClass"))).append(String.valueOf(p.get("test")).isEmpty() ? "" : "#" + p.get("test"))
                    .append(": ").append(reason(String.valueOf(p.get("message")))).append('\n');
        }
        Map<String, long[]> byTest = new java.util.TreeMap<>();
        for (Map<String, Object> x : v) {
            String test = String.valueOf(x.get("test"));
            long[] counts = byTest.computeIfAbsent(simple(x.get("testClass")) + (test.isEmpty() ? " (" + x.get("kind") + ")"
                    : "#" + test), k -> new long[6]);
            if ("applied".equals(x.get("status"))) {
                counts[2]++;
                counts[3] = "locks".equals(x.get("kind")) ? 1 : 0; // a lock profile's are not profiled
                continue;
            }
            counts[0]++;
            if ("passed".equals(x.get("status")) || "up_only".equals(x.get("status"))) {
                counts[1]++;
            } else if ("failed".equals(x.get("status"))) {
                counts[4]++;
            } else if ("aborted".equals(x.get("status"))) {
                counts[5]++;
            }
        }
        Map<String, String> walks = new java.util.HashMap<>();
        for (Map<String, Object> x : v) {
            if (x.get("walk") instanceof Map<?, ?> w) {
                double resyncMs = ((Number) w.get("resyncMs")).doubleValue();
                int lanes = ((Number) w.get("lanes")).intValue();
                walks.put(simple(x.get("testClass")) + "#" + x.get("test"), String.format(java.util.Locale.ROOT, " (walk %.1f s%s%s)",
                        ((Number) w.get("walkMs")).doubleValue() / 1000, lanes > 1 ? ", " + lanes + " lanes" : "",
                        resyncMs > 0 ? String.format(java.util.Locale.ROOT, "; resyncs %.1f s", resyncMs / 1000) : ""));
            }
        }
        // ok: nothing failed and something passed; what was aborted for a reason of its own (undo all with nothing to
        // undo) is counted, not blamed. The counts are of verifications (a round trip's are its revisions and its
        // whole-chain checks), each passed, failed or aborted, so that they add up beside the revisions counted above
        byTest.forEach((test, counts) -> out.append("  ").append(counts[4] == 0 && counts[1] > 0 ? "ok     " : "NOT OK ")
                .append(test).append(": ").append(counts[1]).append(" of ").append(counts[0])
                .append(counts[0] == 1 ? " verification passed" : " verifications passed")
                .append(counts[4] > 0 ? ", " + counts[4] + " failed" : "").append(counts[5] > 0 ? ", " + counts[5] + " aborted" : "")
                .append(walks.getOrDefault(test, ""))
                .append(counts[2] == 0 ? "" : "; " + counts[2] + (counts[2] == 1 ? " revision" : " revisions")
                        + " before it applied, not " + (counts[3] == 1 ? "profiled" : "verified")).append('\n'));
        v.stream().filter(x -> "failed".equals(x.get("status")))
                .sorted(Comparator.comparing(x -> String.valueOf(x.get("testClass"))))
                .forEach(x -> out.append("  FAILED ").append(x.get("name")).append(" (").append(simple(x.get("testClass")))
                        .append(") ").append(x.get("cause")).append(": ").append(reason(String.valueOf(x.get("message"))))
                        .append('\n'));
        abortReasons(v).forEach(line -> out.append("  ABORTED ").append(line).append('\n'));
        if (html != null) {
            out.append("  Report: ").append(html.toAbsolutePath()).append('\n');
        }
        return out.toString();
    }

    /**
     * The aborted verifications, a line for each test class and reason, with the verifications it stopped ({@code undo
     * all to base leaves no trace (MigrationSafetyTest): V3 failed its own undo check, ...}), set apart by semicolons;
     * more than three named by the first three and how many more.
     */
    private static List<String> abortReasons(List<Map<String, Object>> v) {
        Map<String, List<String>> names = new LinkedHashMap<>();
        v.stream().filter(x -> "aborted".equals(x.get("status")))
                .sorted(Comparator.comparing(x -> String.valueOf(x.get("testClass"))))
                .forEach(x -> names.computeIfAbsent(simple(x.get("testClass")) + "\n" + x.get("message"), k -> new ArrayList<>())
                        .add(String.valueOf(x.get("name"))));
        List<String> lines = new ArrayList<>();
        names.forEach((key, stopped) -> {
            int cut = key.indexOf('\n');
            // names hold commas themselves ("V6 touch: up, down, up"): set apart by semicolons
            String shown = String.join("; ", stopped.subList(0, Math.min(3, stopped.size())))
                    + (stopped.size() > 3 ? "; and " + (stopped.size() - 3) + " more" : "");
            lines.add(shown + " (" + key.substring(0, cut) + "): " + reason(key.substring(cut + 1)));
        });
        return lines;
    }

    private static String simple(Object testClass) {
        String name = String.valueOf(testClass);
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** The first line of a failure after its location, e.g. "but the undo left behind: + index ...". */
    static String reason(String message) {
        List<String> lines = message.lines().filter(l -> !l.isBlank() && !l.startsWith("[")).toList();
        if (lines.isEmpty()) {
            return message;
        }
        String first = lines.get(0).strip();
        if (lines.size() > 1 && lines.get(1).startsWith("but")) {
            first = lines.get(1).strip() + (lines.size() > 2 && lines.get(2).startsWith("  ") ? " " + lines.get(2).strip() : "");
        }
        return first.length() > 160 ? first.substring(0, 157) + "..." : first;
    }
}
