package io.github.schemaverify.internal.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import io.github.schemaverify.RevisionStep;
import io.github.schemaverify.internal.SchemaVerifyException;
import io.github.schemaverify.internal.catalog.CatalogReader;
import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.db.SimpleDataSource;
import io.github.schemaverify.internal.migration.MigrationFile;
import io.github.schemaverify.internal.migration.MigrationPlan;
import io.github.schemaverify.internal.migration.NoticeCapture;
import io.github.schemaverify.internal.migration.ScriptRunner;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.diff.SchemaDiff;

/** The check of {@code @VerifyBaseline}: legacy schema, baseline, migrate to head, compare with a fresh migrate. */
public final class Baseline {
    private final DatabaseManager manager;
    private final MigrationPlan plan;
    private final String template;

    public Baseline(DatabaseManager manager, MigrationPlan plan, String template) {
        this.manager = manager;
        this.plan = plan;
        this.template = template;
    }

    public Outcome verify(MigrationFile legacy, String baselineVersion) {
        String location = "[baseline at V" + baselineVersion + ", then migrate]";
        String legacyDb = manager.empty();
        String freshDb = manager.cloneOf(template);
        CatalogReader reader = new CatalogReader(plan.config().schemas());
        try (Connection c = manager.server().connect(legacyDb); Connection fresh = manager.server().connect(freshDb)) {
            List<String> notices = new ArrayList<>();
            try {
                notices.addAll(ScriptRunner.run(c, legacy, plan.config().placeholders(), plan.config().defaultSchema()));
            } catch (SchemaVerifyException e) {
                return Outcome.failed("[" + legacy.fileName() + "]\nThe legacy schema script failed, so there is nothing to"
                        + " baseline:\n" + e.getMessage(), null);
            }
            SchemaSnapshot legacySchema = reader.read(c);
            long t0 = System.nanoTime();
            Flyway flyway = plan.flywayConfiguration(new SimpleDataSource(manager.server(), legacyDb))
                    .baselineVersion(baselineVersion).baselineDescription("legacy schema").load();
            try {
                notices.addAll(NoticeCapture.during(() -> {
                    flyway.baseline();
                    return MigrationPlan.migrate(flyway);
                }));
            } catch (SchemaVerifyException | FlywayException e) {
                String message = e.getMessage();
                boolean exists = message.contains("already exists");
                return Outcome.failed(location + "\nExpecting Flyway to baseline the legacy database at version " + baselineVersion
                        + " and migrate it to head,\nbut it failed:\n" + message
                        + (exists ? "\nThe legacy schema already has what a migration after version " + baselineVersion
                        + " creates: set baselineVersion to the last version the legacy schema contains, or make that"
                        + " migration tolerate existing objects (IF NOT EXISTS)." : ""), null);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            SchemaSnapshot migrated = reader.read(c);
            SchemaSnapshot head = reader.read(fresh);
            RevisionStep step = new RevisionStep(RevisionStep.Kind.REAPPLY_ALL, baselineVersion, "baseline", legacy.fileName(),
                    legacySchema, migrated, notices, took, Duration.ZERO, Duration.ZERO, false);
            SchemaDiff drift = SchemaDiff.between(head, migrated);
            if (!drift.isEmpty()) {
                return Outcome.failed(location + "\nExpecting the baselined legacy database to have the schema of a fresh"
                        + " migrate to head,\nbut it drifted (- only after a fresh migrate, + only in the legacy database,"
                        + " ~ was fresh, is legacy):\n" + drift.render("  ") + "Add a migration that aligns existing databases"
                        + " (or fix " + legacy.fileName() + " if it does not match production).", step);
            }
            return Outcome.passed("baseline and migrate " + took.toMillis() + " ms", step);
        } catch (SQLException e) {
            throw new SchemaVerifyException("Baseline verification could not read the databases: " + e.getMessage(), e);
        } finally {
            manager.drop(legacyDb);
            manager.drop(freshDb);
        }
    }
}
