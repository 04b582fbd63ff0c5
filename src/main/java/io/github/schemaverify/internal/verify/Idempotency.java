package io.github.schemaverify.internal.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.output.MigrateResult;

import io.github.schemaverify.Engine;
import io.github.schemaverify.RevisionStep;
import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.internal.catalog.CatalogReader;
import io.github.schemaverify.internal.catalog.UnreadSchemas;
import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.migration.MigrationFile;
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
            return index == 0 ? migrateAgain(db, c) : runAgain(scripts.get(index - 1), db, c);
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

    private Outcome migrateAgain(String db, Connection c) throws SQLException {
        State before = before(c);
        String location = plan.config().engine() == Engine.FLYWAY ? "[migrate twice]" : "[all scripts again]";
        long t0 = System.nanoTime();
        List<String> notices = new ArrayList<>();
        if (plan.config().engine() == Engine.FLYWAY) {
            MigrateResult[] result = new MigrateResult[1];
            notices.addAll(NoticeCapture.during(() -> result[0] = plan.migrate(plan.flywayConfiguration(
                    manager.dataSource(db)))));
            if (result[0].migrationsExecuted > 0) {
                return Outcome.failed(ShouldBeIdempotent.appliedAgain(location, result[0].migrationsExecuted,
                        result[0].migrations.stream().map(m -> m.filepath == null ? m.description : m.filepath)
                                .map(p -> p.substring(p.replace('\\', '/').lastIndexOf('/') + 1)).toList()), null);
            }
        } else {
            try {
                ScriptRunner.Session session = plan.session(c, manager.dataSource(db));
                for (MigrationFile script : plan.scripts()) {
                    notices.addAll(plan.run(c, session, script));
                }
            } catch (ScriptRunner.Failure e) {
                return Outcome.failed(ShouldBeIdempotent.failed(location, "all scripts to run again without error",
                        e.problem(), e.file().origin()), null);
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        // a second Flyway migrate that applied nothing changes only what the callbacks it runs on every migrate change
        List<String> everyMigrate = plan.callbacksOf(java.util.EnumSet.of(Event.BEFORE_VALIDATE, Event.AFTER_VALIDATE,
                Event.BEFORE_MIGRATE, Event.AFTER_MIGRATE, Event.AFTER_MIGRATE_OPERATION_FINISH));
        return compare(location, "a second migrate", before, state(c, before.schemas()), notices, took, everyMigrate);
    }

    private Outcome runAgain(MigrationFile script, String db, Connection c) throws SQLException {
        State before = before(c);
        List<String> notices = new ArrayList<>();
        Duration took = Duration.ZERO;
        ScriptRunner.Session session = plan.session(c, manager.dataSource(db));
        for (int run = 1; run <= runs; run++) {
            String location = "[" + script.fileName() + ", run " + run + " of " + runs + "]";
            long t0 = System.nanoTime();
            try {
                notices.addAll(plan.run(c, session, script));
            } catch (ScriptRunner.Failure e) {
                return Outcome.failed(ShouldBeIdempotent.failed(location, "running " + script.fileName()
                        + " again to change nothing", e.problem(), script.origin()), null);
            }
            took = took.plusNanos(System.nanoTime() - t0);
            Outcome o = compare(location, "running " + script.fileName() + " again", before, state(c, before.schemas()),
                    notices, took, List.of());
            if (o.status() != Outcome.Status.PASSED) {
                return o;
            }
        }
        return Outcome.passed(runs + " runs, " + took.toMillis() + " ms", step(before.schema(), before.schema(), notices, took));
    }

    private Outcome compare(String location, String what, State before, State after, List<String> notices, Duration took,
            List<String> callbacks) {
        RevisionStep step = step(before.schema(), after.schema(), notices, took);
        SchemaDiff diff = SchemaDiff.between(before.schema(), after.schema());
        if (!diff.isEmpty()) {
            return Outcome.failed(ShouldBeIdempotent.schemaChanged(location, what, diff, callbacks), step);
        }
        Map<String, List<String>> unread = UnreadSchemas.changes(before.unread(), after.unread());
        if (!unread.isEmpty()) {
            return Outcome.failed(ShouldBeIdempotent.newSchemas(location, what, unread), step);
        }
        Map<String, String> data = DataFingerprint.differences(before.data(), after.data());
        if (!data.isEmpty()) {
            return Outcome.failed(ShouldBeIdempotent.dataChanged(location, what, List.copyOf(data.values()), callbacks), step);
        }
        return Outcome.passed(took.toMillis() + " ms", step);
    }

    private static RevisionStep step(SchemaSnapshot before, SchemaSnapshot after, List<String> notices, Duration took) {
        return new RevisionStep(RevisionStep.Kind.REAPPLY_ALL, "", "", "", before, after, notices, took, Duration.ZERO,
                Duration.ZERO, false);
    }
}
