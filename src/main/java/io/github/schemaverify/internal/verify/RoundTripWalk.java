package io.github.schemaverify.internal.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import io.github.schemaverify.RevisionStep;
import io.github.schemaverify.internal.SchemaVerifyException;
import io.github.schemaverify.internal.catalog.CatalogImage;
import io.github.schemaverify.internal.catalog.CatalogReader;
import io.github.schemaverify.internal.catalog.CatalogTracker;
import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.db.SimpleDataSource;
import io.github.schemaverify.internal.migration.MigrationFile;
import io.github.schemaverify.internal.migration.MigrationPlan;
import io.github.schemaverify.internal.migration.MigrationSource;
import io.github.schemaverify.internal.migration.NoticeCapture;
import io.github.schemaverify.internal.migration.ScriptRunner;
import io.github.schemaverify.schema.Column;
import io.github.schemaverify.schema.Constraint;
import io.github.schemaverify.schema.Index;
import io.github.schemaverify.schema.Policy;
import io.github.schemaverify.schema.SchemaObject;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.Table;
import io.github.schemaverify.schema.Trigger;
import io.github.schemaverify.schema.diff.Change;
import io.github.schemaverify.schema.diff.SchemaDiff;

/**
 * The round trip of {@code @VerifyRoundTrip} on one fresh database: for each versioned migration V, up, down (its U
 * script), up again, with snapshots compared at each turn; then every undo from head down to base; then Flyway over
 * the whole chain on another fresh database. Steps are computed in order, once, whichever invocation asks first, so
 * parallel execution cannot reorder the walk.
 */
public final class RoundTripWalk implements AutoCloseable {

    /** The user's settings from the annotation. */
    public record Settings(boolean requireUndo, Set<String> irreversible, Optional<String> fixtures,
            CatalogTracker.Mode snapshots) {
    }

    private final DatabaseManager manager;
    private final MigrationPlan plan;
    private final Settings settings;
    private final List<MigrationFile> versions;
    private final List<MigrationFile> fixtures;
    private final int downStop;
    private final List<Outcome> outcomes = new ArrayList<>();
    private final List<SchemaSnapshot> heads = new ArrayList<>();
    private final CatalogReader reader;
    private String database;
    private Connection connection;
    private CatalogTracker tracker;
    private ExecutorService background;
    private CompletableFuture<Reapplied> reapplied;
    /** The head read in full, when it disagreed with the incremental snapshots. */
    private SchemaSnapshot verifiedHead;
    private SchemaSnapshot base;
    private CatalogImage current;
    private String broken;

    public RoundTripWalk(DatabaseManager manager, MigrationPlan plan, Settings settings, ClassLoader loader) {
        this.manager = manager;
        this.plan = plan;
        this.settings = settings;
        this.versions = plan.source().versioned().stream()
                .filter(v -> plan.config().targetsLatest() || MigrationFile.compareVersions(v.version(), plan.config().target()) <= 0)
                .toList();
        this.fixtures = settings.fixtures().map(f -> MigrationSource.scan(List.of(f), loader).files()).orElse(List.of());
        this.reader = new CatalogReader(plan.config().schemas());
        int stop = -1;
        for (int i = 0; i < versions.size(); i++) {
            if (!reversible(versions.get(i))) {
                stop = i;
            }
        }
        this.downStop = stop;
    }

    private boolean irreversible(MigrationFile v) {
        return settings.irreversible().stream().anyMatch(i -> MigrationFile.compareVersions(i, v.version()) == 0)
                || v.markedIrreversible();
    }

    private boolean reversible(MigrationFile v) {
        return !irreversible(v) && (settings.requireUndo() || plan.source().undoFor(v.version()).isPresent());
    }

    /** The display names of all invocations, in order. */
    public List<String> displayNames() {
        List<String> names = new ArrayList<>();
        for (MigrationFile v : versions) {
            String what = irreversible(v) ? "up (irreversible)"
                    : reversible(v) ? "up, down, up" : "up (no undo script)";
            names.add("V" + v.version() + " " + v.description() + ": " + what);
        }
        names.add(downStop < 0 ? "undo all to base leaves no trace"
                : "undo all down to V" + versions.get(downStop).version() + " (irreversible) leaves no trace");
        names.add("re-applying all from base reproduces head");
        return names;
    }

    /** How the walk read its snapshots (incremental or full, and how many of each), for reports and benchmarks. */
    public synchronized String snapshotReading() {
        return tracker == null ? "no snapshots read" : tracker.describe();
    }

    public int size() {
        return versions.size() + 2;
    }

    /** The outcome of invocation {@code index}, computing the walk up to it if needed. */
    public synchronized Outcome outcome(int index) {
        while (outcomes.size() <= index) {
            int next = outcomes.size();
            Outcome o;
            if (broken != null) {
                o = Outcome.aborted(broken);
            } else {
                try {
                    o = next < versions.size() ? revision(next) : next == versions.size() ? undoAll() : reapplyAll();
                } catch (SchemaVerifyException e) {
                    o = Outcome.failed(e.getMessage(), null);
                }
                if (o.status() == Outcome.Status.FAILED && next < versions.size()) {
                    broken = "The walk stopped at V" + versions.get(next).version() + " " + versions.get(next).description()
                            + ", which failed: " + firstLine(o.message());
                }
            }
            outcomes.add(o);
        }
        return outcomes.get(index);
    }

    private static String firstLine(String message) {
        return message.lines().filter(l -> !l.isBlank() && !l.startsWith("[")).findFirst().orElse(message).strip();
    }

    private void open() {
        if (connection != null) {
            return;
        }
        database = manager.empty();
        try {
            // the catalog queries stay prepared across the scripts' DDL: their result types cannot change
            connection = manager.server().connect(database, java.util.Map.of("flushCacheOnDdl", "false"));
        } catch (SQLException e) {
            throw new SchemaVerifyException("Could not connect to the walk's database " + database + ": " + e.getMessage(), e);
        }
        background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "schemaverify-reapply-" + database);
            t.setDaemon(true);
            return t;
        });
        reapplied = CompletableFuture.supplyAsync(this::reapplyWithFlyway, background);
        tracker = CatalogTracker.start(reader, connection, database, settings.snapshots());
        current = tracker.full();
        base = current.snapshot();
    }

    private List<String> run(MigrationFile file) {
        return ScriptRunner.run(connection, file, plan.config().placeholders(), plan.config().defaultSchema());
    }

    private Optional<MigrationFile> fixture(String prefix, MigrationFile v) {
        return fixtures.stream().filter(f -> f.fileName().equalsIgnoreCase(prefix + "_V" + v.version() + ".sql")
                || f.fileName().equalsIgnoreCase(prefix + "_V" + v.version().replace('.', '_') + ".sql")).findFirst();
    }

    private Outcome revision(int i) {
        open();
        MigrationFile v = versions.get(i);
        String name = "V" + v.version();
        CatalogImage beforeImage = current;
        SchemaSnapshot before = beforeImage.snapshot();
        List<String> notices = new ArrayList<>();
        Optional<MigrationFile> beforeFixture = fixture("before", v);
        if (beforeFixture.isPresent()) {
            notices.addAll(step(() -> run(beforeFixture.get()), "[" + beforeFixture.get().fileName() + ", fixture before " + name + "]"));
        }
        Map<String, DataFingerprint.TableData> dataBefore = fingerprint(before);

        long t0 = System.nanoTime();
        notices.addAll(step(() -> run(v), "[" + v.fileName() + ", up]\nApplying " + name + " failed:"));
        Duration up = Duration.ofNanos(System.nanoTime() - t0);
        Optional<MigrationFile> atFixture = fixture("at", v);
        if (atFixture.isPresent()) {
            notices.addAll(step(() -> run(atFixture.get()), "[" + atFixture.get().fileName() + ", fixture at " + name + "]"));
        }
        CatalogImage afterImage = tracker.read(beforeImage);
        SchemaSnapshot after = afterImage.snapshot();
        // the tables the revision changes, whose rows may change: only needed when fixtures put rows in
        Set<String> touched = dataBefore.isEmpty() ? Set.of() : tablesChanged(SchemaDiff.between(before, after));
        String location = "[" + v.fileName() + ", up, down, up]";

        if (!reversible(v)) {
            current = afterImage;
            heads.add(after);
            RevisionStep step = new RevisionStep(RevisionStep.Kind.REVISION, v.version(), v.description(), v.fileName(), before,
                    after, notices, up, Duration.ZERO, Duration.ZERO, true);
            return Outcome.passed(irreversible(v) ? "up only: irreversible, the down walk ends here"
                    : "up only: no undo script, the down walk ends here", step);
        }
        Optional<String> lost = lostRows(dataBefore, touched, location, name, "after up");
        RevisionStep partial = new RevisionStep(RevisionStep.Kind.REVISION, v.version(), v.description(), v.fileName(), before,
                after, notices, up, Duration.ZERO, Duration.ZERO, false);
        if (lost.isPresent()) {
            return Outcome.failed(lost.get(), partial);
        }

        Optional<MigrationFile> undo = plan.source().undoFor(v.version());
        String expectedUndo = "U" + v.fileName().substring(1);
        if (undo.isEmpty()) {
            return Outcome.failed(location + "\nExpecting an undo script for " + name + ",\nbut there is none: create "
                    + expectedUndo + " beside " + v.fileName() + " (in " + String.join(", ", plan.config().locations())
                    + "), or mark " + name + " irreversible (irreversible = \"" + v.version()
                    + "\", or a first line -- schemaverify:irreversible).", partial);
        }
        long t1 = System.nanoTime();
        notices.addAll(step(() -> run(undo.get()), "[" + undo.get().fileName() + ", down]\nUndoing " + name + " failed:"));
        Duration down = Duration.ofNanos(System.nanoTime() - t1);
        CatalogImage afterUndoImage = tracker.read(beforeImage);
        SchemaSnapshot afterUndo = afterUndoImage.snapshot();
        SchemaDiff leftover = SchemaDiff.between(before, afterUndo);
        if (!leftover.isEmpty()) {
            return Outcome.failed(undoMessage(location, name, undo.get().fileName(), leftover), partial);
        }
        lost = lostRows(dataBefore, touched, location, name, "after down");
        if (lost.isPresent()) {
            return Outcome.failed(lost.get(), partial);
        }

        long t2 = System.nanoTime();
        notices.addAll(step(() -> run(v), "[" + v.fileName() + ", up again]\nApplying " + name + " again after its undo failed:"));
        Duration reapply = Duration.ofNanos(System.nanoTime() - t2);
        if (atFixture.isPresent()) {
            step(() -> run(atFixture.get()), "[" + atFixture.get().fileName() + ", fixture at " + name + ", again]");
        }
        CatalogImage againImage = tracker.read(afterUndoImage);
        SchemaSnapshot again = againImage.snapshot();
        RevisionStep step = new RevisionStep(RevisionStep.Kind.REVISION, v.version(), v.description(), v.fileName(), before,
                after, notices, up, down, reapply, false);
        SchemaDiff drift = SchemaDiff.between(after, again);
        if (!drift.isEmpty()) {
            return Outcome.failed(location + "\nExpecting the schema after applying " + name + " again to equal the schema after"
                    + " applying it the first time,\nbut it differs:\n" + drift.render("  ") + "Make " + undo.get().fileName()
                    + " restore exactly what " + name + " found, so that " + name + " can run again.", step);
        }
        lost = lostRows(dataBefore, touched, location, name, "after up, down and up");
        if (lost.isPresent()) {
            return Outcome.failed(lost.get(), step);
        }
        current = againImage;
        heads.add(again);
        return Outcome.passed("up " + millis(up) + ", down " + millis(down) + ", up " + millis(reapply), step);
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }

    static String undoMessage(String location, String name, String undoFile, SchemaDiff leftover) {
        boolean leftBehind = leftover.changes().stream().anyMatch(c -> c instanceof Change.Added || c instanceof Change.Changed);
        boolean removed = leftover.changes().stream().anyMatch(c -> c instanceof Change.Removed);
        StringBuilder m = new StringBuilder(location).append("\nExpecting the schema after undoing ").append(name)
                .append(" to equal the schema before ").append(name).append(",\nbut ");
        if (leftBehind && removed) {
            m.append("the undo left behind (+, ~) and removed what ").append(name).append(" did not create (-):\n");
        } else if (leftBehind) {
            m.append("the undo left behind:\n");
        } else {
            m.append("the undo removed what ").append(name).append(" did not create:\n");
        }
        m.append(leftover.render("  "));
        if (leftBehind) {
            m.append("Add the missing DROP or ALTER statements to ").append(undoFile).append('.');
        }
        if (removed) {
            m.append(leftBehind ? "\n" : "").append("Remove from ").append(undoFile).append(" what drops objects that ")
                    .append(name).append(" did not create.");
        }
        return m.toString();
    }

    private interface Action {
        List<String> run();
    }

    private static List<String> step(Action action, String prefix) {
        try {
            return action.run();
        } catch (SchemaVerifyException e) {
            throw new SchemaVerifyException(prefix + "\n" + e.getMessage(), e);
        }
    }

    private Map<String, DataFingerprint.TableData> fingerprint(SchemaSnapshot schema) {
        if (fixtures.isEmpty()) {
            return Map.of();
        }
        return DataFingerprint.of(connection, schema);
    }

    private Optional<String> lostRows(Map<String, DataFingerprint.TableData> before, Set<String> touched, String location,
            String name, String when) {
        if (before.isEmpty()) {
            return Optional.empty();
        }
        Map<String, DataFingerprint.TableData> untouchedBefore = before.entrySet().stream()
                .filter(e -> !touched.contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.TreeMap::new));
        Map<String, String> diff = DataFingerprint.differences(untouchedBefore,
                DataFingerprint.of(connection, untouchedBefore.keySet()));
        if (diff.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(location + "\nExpecting the rows of tables that " + name + " does not change to survive up, down and"
                + " up,\nbut " + when + ":\n  " + String.join("\n  ", diff.values()) + "\nKeep " + name
                + " to its own tables, or move the data change into a migration of its own marked irreversible.");
    }

    /** Tables whose definition the diff touches (the table itself, its columns, constraints, indexes, triggers). */
    static Set<String> tablesChanged(SchemaDiff diff) {
        Set<String> tables = new HashSet<>();
        for (Change c : diff.changes()) {
            SchemaObject o = c instanceof Change.Added a ? a.object() : c instanceof Change.Removed r ? r.object()
                    : ((Change.Changed) c).after();
            if (o instanceof Table t) {
                tables.add(t.qualifiedName());
            } else if (o instanceof Column col) {
                tables.add(col.schema() + "." + col.table());
            } else if (o instanceof Constraint con) {
                tables.add(con.schema() + "." + con.table());
            } else if (o instanceof Index idx) {
                tables.add(idx.schema() + "." + idx.table());
            } else if (o instanceof Trigger tr) {
                tables.add(tr.schema() + "." + tr.table());
            } else if (o instanceof Policy p) {
                tables.add(p.schema() + "." + p.table());
            }
        }
        return tables;
    }

    private Outcome undoAll() {
        open();
        SchemaSnapshot head = current.snapshot();
        if (tracker.incremental()) {
            // the walk's snapshots were read incrementally: at head, prove them against a full reading
            SchemaSnapshot fullHead = tracker.full().snapshot();
            SchemaDiff disagreement = SchemaDiff.between(fullHead, head);
            if (!disagreement.isEmpty()) {
                verifiedHead = fullHead; // what Flyway's run is compared with
                return Outcome.failed("[undo all]\nExpecting the walk's incremental snapshots to equal a full reading at head,"
                        + "\nbut they differ (- only in the full reading, + only in the incremental one):\n"
                        + disagreement.render("  ") + "The revisions' verdicts above may be wrong. A migration that writes to"
                        + " pg_catalog directly, or disables SchemaVerify's event triggers, causes this; otherwise it is a"
                        + " defect in SchemaVerify. Set " + CatalogTracker.PROPERTY + "=full to read every snapshot in full.",
                        null);
            }
        }
        SchemaSnapshot target = downStop < 0 ? base : heads.get(downStop);
        List<String> notices = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int j = versions.size() - 1; j > downStop; j--) {
            MigrationFile v = versions.get(j);
            MigrationFile undo = plan.source().undoFor(v.version()).orElseThrow();
            notices.addAll(step(() -> run(undo), "[" + undo.fileName() + ", undo all]\nUndoing V" + v.version()
                    + " on the way down from head failed:"));
        }
        Duration down = Duration.ofNanos(System.nanoTime() - t0);
        SchemaSnapshot after = tracker.full().snapshot();
        RevisionStep step = new RevisionStep(RevisionStep.Kind.UNDO_ALL, "", "", "", head, after, notices, Duration.ZERO, down,
                Duration.ZERO, false);
        SchemaDiff trace = SchemaDiff.between(target, after);
        String what = downStop < 0 ? "the base schema (before the first migration)"
                : "the schema after V" + versions.get(downStop).version() + " (irreversible)";
        if (!trace.isEmpty()) {
            return Outcome.failed("[undo all]\nExpecting the schema after undoing every revision to equal " + what
                    + ",\nbut it differs:\n" + trace.render("  ") + "Each undo passed on its own, so an undo depends on"
                    + " state that a later revision changed; check the undo scripts of the objects listed.", step);
        }
        return Outcome.passed("down " + millis(down) + "; snapshots: " + tracker.describe(), step);
    }

    /** What Flyway reached on a fresh database: the head to compare, or why it failed. */
    private record Reapplied(SchemaSnapshot after, List<String> notices, Duration up, String failure) {
    }

    /**
     * Flyway over the whole chain on a fresh database. It depends on nothing the walk does, so it runs on its own
     * thread and connection while the walk goes on; its invocation compares the result with the walk's head.
     */
    private Reapplied reapplyWithFlyway() {
        String fresh = null;
        try {
            fresh = manager.empty();
            long t0 = System.nanoTime();
            // versioned migrations only, as the walk: R__ files stop being migrations under a prefix nothing has
            org.flywaydb.core.Flyway flyway = plan.flywayConfiguration(new SimpleDataSource(manager.server(), fresh))
                    .repeatableSqlMigrationPrefix("schemaverify-walk-leaves-out-repeatables-").load();
            List<String> notices = NoticeCapture.during(() -> MigrationPlan.migrate(flyway));
            Duration up = Duration.ofNanos(System.nanoTime() - t0);
            try (Connection c = manager.server().connect(fresh)) {
                return new Reapplied(reader.read(c), notices, up, null);
            } catch (SQLException e) {
                throw new SchemaVerifyException("Reading the schema of " + fresh + " failed: " + e.getMessage(), e);
            }
        } catch (RuntimeException e) {
            return new Reapplied(null, List.of(), Duration.ZERO, e.getMessage());
        } finally {
            if (fresh != null) {
                manager.drop(fresh);
            }
        }
    }

    private Outcome reapplyAll() {
        open();
        SchemaSnapshot head = verifiedHead != null ? verifiedHead : heads.isEmpty() ? base : current.snapshot();
        Reapplied r = reapplied.join();
        if (r.failure() != null) {
            return Outcome.failed("[re-apply all]\nFlyway, applying every migration to a fresh database, failed:\n"
                    + r.failure(), null);
        }
        RevisionStep step = new RevisionStep(RevisionStep.Kind.REAPPLY_ALL, "", "", "", base, r.after(), r.notices(), r.up(),
                Duration.ZERO, Duration.ZERO, false);
        SchemaDiff drift = SchemaDiff.between(head, r.after());
        if (!drift.isEmpty()) {
            return Outcome.failed("[re-apply all]\nExpecting Flyway, applying every migration to a fresh database, to"
                    + " reach the head of the walk,\nbut it differs (- only in the walk, + only after Flyway):\n"
                    + drift.render("  ") + "Look for repeatable migrations (left out of the walk) or scripts that depend"
                    + " on session state.", step);
        }
        return Outcome.passed("Flyway " + millis(r.up()), step);
    }

    @Override
    public synchronized void close() {
        if (reapplied != null) {
            reapplied.join(); // its database is dropped before the manager closes
            background.shutdown();
            reapplied = null;
        }
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // dropped with FORCE next
            }
            manager.drop(database);
            connection = null;
        }
    }
}
