package io.github.schemaverify.internal.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.flywaydb.core.api.configuration.FluentConfiguration;

import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.internal.config.ServerSettings;
import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.db.SimpleDataSource;
import io.github.schemaverify.internal.migration.MigrationFile;
import io.github.schemaverify.internal.migration.MigrationPlan;
import io.github.schemaverify.internal.migration.MigrationWatch;
import io.github.schemaverify.internal.migration.ScriptRunner;

/**
 * The base a round trip that starts at a later revision walks from: the revisions before it applied once, by Flyway
 * (so the base's history table says what is applied, and Flyway re-applies the rest on a copy of it), with their
 * fixtures run where the walk runs them. Built into a template kept as a cache ({@link DatabaseManager#cachedTemplate}),
 * keyed by exactly those files, their fixtures, the placeholders and the engine: a later run whose earlier files are
 * unchanged reuses it, whatever happened to the revisions after it.
 */
final class WalkBase {
    /** Versioned migrations go in the hash under this purpose, apart from any other use of the same files. */
    private static final String PURPOSE = "schemaverify round-trip base 1";
    /** A prefix no file has: Flyway then finds no repeatable migration (the walk leaves them out). */
    static final String NO_REPEATABLES = "schemaverify-walk-leaves-out-repeatables-";

    private final DatabaseManager manager;
    private final MigrationPlan plan;
    private final List<MigrationFile> applied;
    private final BiFunction<String, MigrationFile, Optional<MigrationFile>> fixture;
    private final Consumer<String> console;

    /**
     * @param applied the revisions before the walk's first, in order
     * @param fixture the fixture with a prefix ({@code before}, {@code at}) for a revision, if any
     * @param console where progress lines of a long build go
     */
    WalkBase(DatabaseManager manager, MigrationPlan plan, List<MigrationFile> applied,
            BiFunction<String, MigrationFile, Optional<MigrationFile>> fixture, Consumer<String> console) {
        if (applied.isEmpty()) {
            throw new IllegalArgumentException("a base holds at least one revision");
        }
        this.manager = manager;
        this.plan = plan;
        this.applied = List.copyOf(applied);
        this.fixture = fixture;
        this.console = console;
    }

    /** {@code V1 to V199}, or {@code V1} for one. */
    String range() {
        String first = "V" + applied.get(0).version();
        String last = "V" + applied.get(applied.size() - 1).version();
        return applied.size() == 1 ? first : first + " to " + last;
    }

    /** The hash that names the base: the applied revisions and their fixtures, in order, and what else decides them. */
    String hash() {
        List<MigrationFile> files = new ArrayList<>();
        for (MigrationFile v : applied) {
            fixture.apply("before", v).ifPresent(files::add);
            files.add(v);
            fixture.apply("at", v).ifPresent(files::add);
        }
        return plan.hashOf(PURPOSE, files);
    }

    /**
     * The base template, built now unless a complete one exists on the server. A revision or fixture that fails to apply
     * fails with {@link Failed}, naming it.
     */
    DatabaseManager.Cached template() {
        return manager.cachedTemplate(hash(), "the base of a round trip, " + range() + " of " + String.join(", ",
                plan.config().locations()) + " applied", this::build);
    }

    /** Why the base could not be built: the file that failed and the server's or Flyway's words. */
    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String file;

        Failed(String file, String message, Throwable cause) {
            super(message, cause);
            this.file = file;
        }

        /** The file that did not apply, or empty when Flyway's message names it. */
        String file() {
            return file;
        }
    }

    /**
     * Flyway up to each revision that has a fixture, the fixture with the session the walk would use, and Flyway up to
     * the last revision of the base: one migrate when there are no fixtures.
     */
    private void build(String database) {
        ServerSettings server = plan.config().server();
        try (MigrationWatch watch = new MigrationWatch(() -> manager.server().connect(manager.lockDatabase()), server.progress(),
                server.statementTimeout(), console)) {
            SimpleDataSource dataSource = SimpleDataSource.forMigrations(manager.server(), database, server.statementTimeout());
            if (!plan.config().flywaySchemas().isEmpty()) {
                // a fixture before the first revision finds the schemas Flyway creates, as on the walk's empty database
                try (Connection c = dataSource.getConnection()) {
                    plan.session(c, dataSource); // Flyway creates them on a connection its initSql and afterConnect callbacks started
                    plan.prepareEmpty(c);
                } catch (java.sql.SQLException e) {
                    throw new Failed("", "Could not create the schemas of flywaySchemas in " + database + ": " + e.getMessage(), e);
                }
            }
            String migrated = null;
            for (int i = 0; i < applied.size(); i++) {
                MigrationFile v = applied.get(i);
                Optional<MigrationFile> before = fixture.apply("before", v);
                Optional<MigrationFile> at = fixture.apply("at", v);
                if (before.isPresent()) {
                    if (i > 0) {
                        migrated = migrateTo(dataSource, watch, applied.get(i - 1), migrated);
                    }
                    runFixture(database, before.get());
                }
                if (at.isPresent()) {
                    migrated = migrateTo(dataSource, watch, v, migrated);
                    runFixture(database, at.get());
                }
            }
            migrateTo(dataSource, watch, applied.get(applied.size() - 1), migrated);
        }
    }

    /** Flyway's migrate up to {@code v}, unless {@code migrated} (the last version migrated to) is already it. */
    private String migrateTo(SimpleDataSource dataSource, MigrationWatch watch, MigrationFile v, String migrated) {
        if (v.version().equals(migrated)) {
            return migrated;
        }
        FluentConfiguration flyway = plan.flywayConfiguration(dataSource).repeatableSqlMigrationPrefix(NO_REPEATABLES)
                .target(v.version());
        try {
            plan.migrate(flyway, watch);
        } catch (MigrationPlan.Diverged e) {
            throw e; // SchemaVerify's defect, not the base's
        } catch (RuntimeException e) {
            throw new Failed("", e.getMessage(), e);
        }
        return v.version();
    }

    private void runFixture(String database, MigrationFile f) {
        try (Connection c = manager.server().connect(database)) {
            plan.run(c, plan.session(c, manager.dataSource(database)), f);
        } catch (ScriptRunner.Failure e) {
            throw new Failed(f.fileName(), e.problem() + "\n" + e.fix(), e);
        } catch (SQLException e) {
            throw new SchemaVerifyException("Could not connect to " + database + ": " + e.getMessage(), e);
        }
    }
}
