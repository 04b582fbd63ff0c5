package io.github.schemaverify.internal.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.output.MigrateResult;

import io.github.schemaverify.Engine;
import io.github.schemaverify.RevisionStep;
import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.internal.catalog.CatalogReader;
import io.github.schemaverify.internal.catalog.UnreadSchemas;
import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.migration.MigrationFile;
import io.github.schemaverify.internal.migration.Placeholders;
import io.github.schemaverify.internal.migration.MigrationPlan;
import io.github.schemaverify.internal.migration.NoticeCapture;
import io.github.schemaverify.internal.migration.ScriptRunner;
import io.github.schemaverify.internal.verify.failure.ShouldBeIdempotent;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.diff.SchemaDiff;

/**
 * The checks of {@code @VerifyIdempotent}, each on its own clone of the migrated template: a second migrate applies
 * nothing; each repeatable migration and script runs again with no error and no change to schema or data, in the
 * schemas read and in every other schema of the user's.
 */
public final class Idempotency {
    private final DatabaseManager manager;
    private final MigrationPlan plan;
    private final String template;
    private final int runs;
    private final List<MigrationFile> scripts;

    public Idempotency(DatabaseManager manager, MigrationPlan plan, String template, int runs) {
        this.manager = manager;
        this.plan = plan;
        this.template = template;
        this.runs = runs;
        Map<String, MigrationFile> byName = new LinkedHashMap<>();
        plan.source().repeatable().forEach(f -> byName.put(f.origin(), f));
        plan.scripts().forEach(f -> byName.put(f.origin(), f));
        this.scripts = List.copyOf(byName.values());
    }

    public List<String> displayNames() {
        List<String> names = new ArrayList<>();
        names.add(plan.config().engine() == Engine.FLYWAY ? "migrate twice applies nothing" : "running all scripts again changes nothing");
        for (MigrationFile f : scripts) {
            names.add(f.fileName() + " run " + runs + " more " + (runs == 1 ? "time" : "times") + " changes nothing");
        }
        return names;
    }

    public Outcome check(int index) {
        String db = manager.cloneOf(template);
        try (Connection c = manager.server().connect(db)) {
            return index == 0 ? (plan.config().engine() == Engine.FLYWAY ? migrateAgain(db, c) : scriptsAgain(db, c))
                    : runAgain(scripts.get(index - 1), db, c);
        } catch (SQLException e) {
            throw new SchemaVerifyException("Could not connect to " + db + ": " + e.getMessage(), e);
        } finally {
            manager.drop(db);
        }
    }

    /**
     * @param schemas the schemas compared: those the snapshots read, and every other schema of the user's that the
     *                clone had before the run (running again must change nothing anywhere)
     * @param unread  the objects in any other schema ({@link UnreadSchemas#list}): what a run creates in a new schema
     */
    private record State(List<String> schemas, SchemaSnapshot schema, Map<String, DataFingerprint.TableData> data,
            Set<String> unread) {
    }

    /** The state before a run: of the schemas read, and of every other schema of the user's that the clone has. */
    private State before(Connection c) throws SQLException {
        return state(c, UnreadSchemas.withOthers(c, plan.config().schemas()));
    }

    private State state(Connection c, List<String> schemas) throws SQLException {
        CatalogReader reader = new CatalogReader(schemas, false, plan.config().historyTable());
        SchemaSnapshot schema = reader.read(c);
        return new State(schemas, schema, DataFingerprint.of(c, schema, reader.sessionStart()), UnreadSchemas.list(c, schemas));
    }

    /** The SQL callbacks a second Flyway migrate that applies nothing runs: those Flyway runs on every migrate. */
    private static final java.util.Set<Event> EVERY_MIGRATE = java.util.EnumSet.of(Event.BEFORE_VALIDATE,
            Event.AFTER_VALIDATE, Event.BEFORE_MIGRATE, Event.AFTER_MIGRATE, Event.AFTER_MIGRATE_OPERATION_FINISH);

    private static final String DATABASE = "flyway:database";
    private static final String TIMESTAMP = "flyway:timestamp";

    /**
     * A second Flyway migrate applies nothing, and changes nothing. A repeatable migration that names {@code
     * ${flyway:timestamp}} fails it whatever this migrate did (Flyway applies it again on every migrate that falls in
     * another second). One that names {@code ${flyway:database}} Flyway applies again on this copy for its name alone:
     * not counted; the copy is migrated once more, and that migrate is the one judged.
     */
    private Outcome migrateAgain(String db, Connection c) throws SQLException {
        String location = "[migrate twice]";
        State before = before(c);
        List<String> notices = new ArrayList<>();
        long t0 = System.nanoTime();
        List<String> applied = migrate(db, notices);
        List<String> timestamped = plan.source().repeatable().stream().filter(f -> Placeholders.names(f, TIMESTAMP))
                .map(MigrationFile::fileName).toList();
        List<String> named = plan.source().repeatable().stream().filter(f -> Placeholders.names(f, DATABASE))
                .map(MigrationFile::fileName).filter(applied::contains).filter(f -> !timestamped.contains(f)).toList();
        List<String> others = applied.stream().filter(f -> !named.contains(f) && !timestamped.contains(f)).toList();
        if (!others.isEmpty() || !timestamped.isEmpty()) {
            return Outcome.failed(ShouldBeIdempotent.appliedAgain(location, others, timestamped, runs), null);
        }
        List<String> notes = new ArrayList<>();
        if (!named.isEmpty()) {
            notes.add(ShouldBeIdempotent.databaseNamed(named, true, runs));
            before = state(c, before.schemas());
            t0 = System.nanoTime();
            List<String> again = migrate(db, notices);
            if (!again.isEmpty()) {
                return Outcome.failed(ShouldBeIdempotent.appliedAgain(location, again, List.of(), runs), null).withNotes(notes);
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        // a second Flyway migrate that applied nothing changes only what the callbacks it runs on every migrate change
        List<String> everyMigrate = plan.callbacksOf(EVERY_MIGRATE);
        List<MigrationFile> callbacks = EVERY_MIGRATE.stream().flatMap(e -> plan.callbacks(e).stream()).toList();
        return compare(location, "a second migrate", before, state(c, before.schemas()), notices, took, everyMigrate,
                everyMigrate, texts(callbacks, c)).withNotes(notes);
    }

    /** Migrates {@code db} with Flyway; the file names of the migrations it applied. */
    private List<String> migrate(String db, List<String> notices) {
        MigrateResult[] result = new MigrateResult[1];
        notices.addAll(NoticeCapture.during(() -> result[0] = plan.migrate(plan.flywayConfiguration(manager.dataSource(db)))));
        return result[0].migrations.stream().map(m -> m.filepath == null ? m.description : m.filepath)
                .map(p -> p.substring(p.replace('\\', '/').lastIndexOf('/') + 1)).toList();
    }

    /**
     * {@code SQL_SCRIPTS}: all scripts run again change nothing. Where one names {@code ${flyway:database}}, they run
     * once first, so that it reads this copy's name in the run compared as it did the database's own.
     */
    private Outcome scriptsAgain(String db, Connection c) throws SQLException {
        String location = "[all scripts again]";
        List<String> notices = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        ScriptRunner.Session session = plan.session(c, manager.dataSource(db));
        List<String> named = plan.scripts().stream().filter(f -> Placeholders.names(f, DATABASE)).map(MigrationFile::fileName)
                .toList();
        try {
            if (!named.isEmpty()) {
                notes.add(ShouldBeIdempotent.databaseNamed(named, false, runs));
                for (MigrationFile script : plan.scripts()) {
                    notices.addAll(run(c, session, script, 0));
                }
            }
            State before = before(c);
            long t0 = System.nanoTime();
            for (MigrationFile script : plan.scripts()) {
                notices.addAll(run(c, session, script, 1));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            return compare(location, "a second migrate", before, state(c, before.schemas()), notices, took, List.of(),
                    plan.scripts().stream().map(MigrationFile::fileName).toList(), texts(plan.scripts(), session))
                    .withNotes(notes);
        } catch (ScriptRunner.Failure e) {
            return Outcome.failed(ShouldBeIdempotent.failed(location, "all scripts to run again without error",
                    e.problem(), e.file().origin()), null).withNotes(notes);
        }
    }

    private Outcome runAgain(MigrationFile script, String db, Connection c) throws SQLException {
        List<String> notices = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Duration took = Duration.ZERO;
        ScriptRunner.Session session = plan.session(c, manager.dataSource(db));
        List<String> texts = texts(List.of(script), session);
        State before = null;
        for (int run = Placeholders.names(script, DATABASE) ? 0 : 1; run <= runs; run++) {
            String location = "[" + script.fileName() + ", run " + Math.max(run, 1) + " of " + runs + "]";
            if (run == 0) {
                notes.add(ShouldBeIdempotent.databaseNamed(List.of(script.fileName()), false, runs));
            } else if (before == null) {
                before = before(c);
            }
            long t0 = System.nanoTime();
            try {
                notices.addAll(run(c, session, script, run));
            } catch (ScriptRunner.Failure e) {
                return Outcome.failed(ShouldBeIdempotent.failed(location, "running " + script.fileName()
                        + " again to change nothing", e.problem(), script.origin()), null).withNotes(notes);
            }
            if (run == 0) {
                continue;
            }
            took = took.plusNanos(System.nanoTime() - t0);
            Outcome o = compare(location, "running " + script.fileName() + " again", before, state(c, before.schemas()),
                    notices, took, List.of(), List.of(script.fileName()), texts);
            if (o.status() != Outcome.Status.PASSED) {
                return o.withNotes(notes);
            }
        }
        return Outcome.passed(runs + " runs, " + took.toMillis() + " ms", step(before.schema(), before.schema(), notices, took))
                .withNotes(notes);
    }

    /**
     * Runs the script as its {@code run}-th run after the migration's; one that names {@code ${flyway:timestamp}} reads
     * a time {@code run} seconds from now, later than the migration's and than each run's before it, as the migrates that
     * run it again read (within the second of the run before, it would read the same text and prove nothing).
     */
    private List<String> run(Connection c, ScriptRunner.Session session, MigrationFile script, int run) {
        if (run == 0 || !Placeholders.names(script, TIMESTAMP)) {
            return plan.run(c, session, script);
        }
        Map<String, String> values = new LinkedHashMap<>(plan.config().placeholders());
        values.put(TIMESTAMP, Placeholders.timestamp(java.time.LocalDateTime.now().plusSeconds(run)));
        return ScriptRunner.run(c, session, script, values);
    }

    /** The scripts' texts as they run on a session of {@code c}: what tells whether they name a table. */
    private List<String> texts(List<MigrationFile> files, Connection c) {
        return files.isEmpty() ? List.of() : texts(files, ScriptRunner.Session.of(c));
    }

    private List<String> texts(List<MigrationFile> files, ScriptRunner.Session session) {
        return files.stream().filter(f -> !f.isJava()).map(f -> plan.text(f, session)).toList();
    }

    private Outcome compare(String location, String what, State before, State after, List<String> notices, Duration took,
            List<String> callbacks, List<String> by, List<String> texts) {
        RevisionStep step = step(before.schema(), after.schema(), notices, took);
        SchemaDiff diff = SchemaDiff.between(before.schema(), after.schema());
        if (!diff.isEmpty()) {
            return Outcome.failed(ShouldBeIdempotent.schemaChanged(location, what, diff, callbacks), step);
        }
        Map<String, List<String>> unread = UnreadSchemas.changes(before.unread(), after.unread());
        if (!unread.isEmpty()) {
            return Outcome.failed(ShouldBeIdempotent.newSchemas(location, what, unread), step);
        }
        List<DataFingerprint.Change> data = DataFingerprint.differences(before.data(), after.data());
        if (!data.isEmpty()) {
            java.util.Set<String> unnamed = new java.util.TreeSet<>();
            if (!texts.isEmpty()) {
                data.stream().filter(d -> texts.stream().noneMatch(t -> namesTable(t, d.name()))).forEach(d -> unnamed.add(d.table()));
            }
            return Outcome.failed(ShouldBeIdempotent.dataChanged(location, what, data, unnamed, by, callbacks),
                    step);
        }
        return Outcome.passed(took.toMillis() + " ms", step);
    }

    /** Whether {@code sql} names the table {@code name}: as written in quotes, or unquoted in any case. */
    static boolean namesTable(String sql, String name) {
        return sql.contains("\"" + name.replace("\"", "\"\"") + "\"") || Pattern.compile("(?<![\\p{L}\\p{N}_$\"])"
                + Pattern.quote(name) + "(?![\\p{L}\\p{N}_$\"])", Pattern.CASE_INSENSITIVE).matcher(sql).find();
    }

    private static RevisionStep step(SchemaSnapshot before, SchemaSnapshot after, List<String> notices, Duration took) {
        return new RevisionStep(RevisionStep.Kind.REAPPLY_ALL, "", "", "", before, after, notices, took, Duration.ZERO,
                Duration.ZERO, false);
    }
}
