package io.github.schemaverify.internal.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.FlywayException;

import io.github.schemaverify.RevisionStep;
import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.internal.catalog.CatalogReader;
import io.github.schemaverify.internal.catalog.UnreadSchemas;
import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.migration.MigrationFile;
import io.github.schemaverify.internal.migration.MigrationPlan;
import io.github.schemaverify.internal.migration.NoticeCapture;
import io.github.schemaverify.internal.migration.ScriptRunner;
import io.github.schemaverify.internal.verify.failure.ShouldApply;
import io.github.schemaverify.internal.verify.failure.ShouldMatchBaseline;
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
        try (Connection c = manager.server().connect(legacyDb); Connection fresh = manager.server().connect(freshDb)) {
            // the schemas read, and every other schema of the user's that a fresh migrate creates: compared in full (a
            // schema only the legacy database has, another application's in a pg_dump of the whole database, is not
            // the migrations')
            CatalogReader reader = new CatalogReader(UnreadSchemas.withOthers(fresh, plan.config().schemas()), false,
                    plan.config().historyTable());
            List<String> notices = new ArrayList<>();
            try {
                notices.addAll(plan.run(c, plan.session(c, manager.dataSource(legacyDb)), legacy));
            } catch (ScriptRunner.Failure e) {
                return Outcome.failed(ShouldApply.create("[" + legacy.fileName() + ", legacy schema]", "the legacy schema script",
                        e, "without it there is nothing to baseline"), null);
            }
            SchemaSnapshot legacySchema = reader.read(c);
            long t0 = System.nanoTime();
            FluentConfiguration flyway = plan.flywayConfiguration(manager.dataSource(legacyDb))
                    .baselineVersion(baselineVersion).baselineDescription("legacy schema");
            try {
                notices.addAll(NoticeCapture.during(() -> {
                    flyway.load().baseline();
                    return plan.migrate(flyway);
                }));
            } catch (MigrationPlan.Diverged e) {
                throw e; // SchemaVerify's defect, not the baseline's
            } catch (SchemaVerifyException | FlywayException e) {
                return Outcome.failed(ShouldMatchBaseline.failed(location, baselineVersion, e.getMessage()), null);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            SchemaSnapshot migrated = reader.read(c);
            SchemaSnapshot head = reader.read(fresh);
            RevisionStep step = new RevisionStep(RevisionStep.Kind.REAPPLY_ALL, baselineVersion, "baseline", legacy.fileName(),
                    legacySchema, migrated, notices, took, Duration.ZERO, Duration.ZERO, false);
            // a legacy schema is a pg_dump, which holds the database's own settings only with --create: a migration
            // before the baseline that sets one (ALTER DATABASE ... SET) is not drift; nor is the name of an identity
            // sequence whose table was renamed in production since, nor whether a materialized view holds data (refreshed
            // by jobs there)
            SchemaDiff drift = new SchemaDiff(SchemaDiff.between(head, migrated, SchemaDiff.Ignore.IDENTITY_SEQUENCE_NAMES,
                    SchemaDiff.Ignore.MATERIALIZED_VIEW_DATA)
                    .changes().stream()
                    .filter(change -> !change.key().startsWith("database setting ") && !change.key().startsWith("role setting "))
                    .toList());
            if (!drift.isEmpty()) {
                return Outcome.failed(ShouldMatchBaseline.drifted(location, legacy.fileName(), drift), step);
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
