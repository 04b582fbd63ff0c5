package io.github.schemaverify.internal.migration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

import io.github.schemaverify.Engine;
import io.github.schemaverify.internal.SchemaVerifyException;
import io.github.schemaverify.internal.compat.Compatibility;
import io.github.schemaverify.internal.config.Redaction;
import io.github.schemaverify.internal.config.Config;

/**
 * What one configuration migrates: the files found in its locations (or its scripts), checked and hashed, and how
 * to run them on a database.
 */
public final class MigrationPlan {
    private final Config config;
    private final MigrationSource source;
    private final List<MigrationFile> scripts;
    private final ClassLoader loader;
    private final String hash;

    private MigrationPlan(Config config, MigrationSource source, List<MigrationFile> scripts, ClassLoader loader, String hash) {
        this.config = config;
        this.source = source;
        this.scripts = scripts;
        this.loader = loader;
        this.hash = hash;
    }

    /** Scans and checks everything that can be checked before a server starts. */
    public static MigrationPlan prepare(Config config, ClassLoader loader) {
        MigrationSource source;
        List<MigrationFile> scripts = new ArrayList<>();
        for (String script : config.scripts()) {
            scripts.add(MigrationSource.readScript(script, loader));
        }
        if (config.engine() == Engine.FLYWAY) {
            Compatibility.requireFlyway(Flyway.class.getClassLoader());
            source = MigrationSource.scan(config.locations(), loader);
            if (source.versioned().isEmpty() && source.repeatable().isEmpty()) {
                throw new SchemaVerifyException(config.source() + ": no migrations found in " + String.join(", ", config.locations())
                        + ". Flyway reads files named V<version>__<description>.sql (and R__<description>.sql); add them"
                        + " there, or point 'locations' at the folder that holds them.");
            }
            source.checkPlaceholders(config.placeholders(), config.source());
            if (!config.targetsLatest() && source.versioned().stream()
                    .noneMatch(f -> MigrationFile.compareVersions(f.version(), config.target()) == 0)) {
                throw new SchemaVerifyException(config.source() + ": target " + config.target() + " is not the version of any"
                        + " migration in " + String.join(", ", config.locations()) + " (versions: " + String.join(", ",
                        source.versioned().stream().map(MigrationFile::version).toList()) + "). Use one of them, or \"latest\".");
            }
        } else {
            source = MigrationSource.scan(List.of(), loader);
            for (MigrationFile script : scripts) {
                MigrationSource.checkPlaceholders(script, config.placeholders(), config.source());
            }
        }
        MessageDigest digest = MigrationSource.sha256();
        source.digest(digest);
        for (MigrationFile script : scripts) {
            digest.update(script.origin().getBytes(StandardCharsets.UTF_8));
            digest.update(script.content().getBytes(StandardCharsets.UTF_8));
        }
        digest.update(("engine=" + config.engine() + ";target=" + config.target() + ";schemas=" + config.schemas()
                + ";placeholders=" + config.placeholders()).getBytes(StandardCharsets.UTF_8));
        return new MigrationPlan(config, source, List.copyOf(scripts), loader, MigrationSource.hex(digest.digest()));
    }

    private static final java.util.regex.Pattern CREATE_EXTENSION = java.util.regex.Pattern.compile(
            "(?i)CREATE\\s+EXTENSION\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?\"?([A-Za-z0-9_-]+)\"?");

    /** The extensions the migrations create, each with the first file that creates it. */
    public java.util.Map<String, String> requiredExtensions() {
        java.util.Map<String, String> required = new java.util.TreeMap<>();
        List<MigrationFile> all = new ArrayList<>(source.versioned());
        all.addAll(source.repeatable());
        all.addAll(scripts);
        for (MigrationFile f : all) {
            for (SqlSplitter.Statement st : SqlSplitter.split(f.content())) {
                java.util.regex.Matcher m = CREATE_EXTENSION.matcher(st.sql());
                if (m.lookingAt()) {
                    required.putIfAbsent(m.group(1).toLowerCase(java.util.Locale.ROOT), f.fileName());
                }
            }
        }
        return required;
    }

    public Config config() {
        return config;
    }

    public MigrationSource source() {
        return source;
    }

    public List<MigrationFile> scripts() {
        return scripts;
    }

    /** Hex SHA-256 of the files, placeholders, engine, target and schemas. */
    public String hash() {
        return hash;
    }

    /** Flyway configured as the project configures it, for this data source. */
    public FluentConfiguration flywayConfiguration(DataSource dataSource) {
        FluentConfiguration configuration = Flyway.configure(loader)
                .dataSource(dataSource)
                .locations(config.locations().toArray(String[]::new))
                .placeholders(config.placeholders())
                .cleanDisabled(true)
                // U scripts live beside V scripts; Flyway Community would fail on them with this on
                .validateMigrationNaming(false)
                .loggers(NoticeCapture.LOG_CREATOR);
        disableTransactionalLock(configuration);
        if (!config.targetsLatest()) {
            configuration.target(config.target());
        }
        return configuration;
    }

    /** The Flyway property that turns off the PostgreSQL module's transaction-scoped advisory lock. */
    static final String TRANSACTIONAL_LOCK = "flyway.postgresql.transactional.lock";
    /** Whether this Flyway has the typed configuration-extension API (public since 11.x; 10.x lacks it). */
    private static final boolean TYPED_EXTENSION_API = java.util.Arrays.stream(FluentConfiguration.class.getMethods())
            .anyMatch(m -> m.getName().equals("getConfigurationExtension"));

    /**
     * Flyway's default lock keeps a transaction open on another connection, and CREATE INDEX CONCURRENTLY waits for every
     * older transaction: a deadlock (flyway/flyway#3682). Tests run one Flyway per database at a time, so the lock is
     * turned off. Newer Flyway takes it through the typed API (its property map needs Jackson for this extension since
     * 13.x); older Flyway has no typed API and takes the property.
     */
    private static void disableTransactionalLock(FluentConfiguration configuration) {
        if (TYPED_EXTENSION_API) {
            configuration.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        } else {
            configuration.configuration(java.util.Map.of(TRANSACTIONAL_LOCK, "false"));
        }
    }

    public Flyway flyway(DataSource dataSource) {
        return flywayConfiguration(dataSource).load();
    }

    /** Migrates the database to the configured target and returns the server notices raised on the way. */
    public List<String> migrate(DataSource dataSource) {
        requireServerVersion(dataSource);
        if (config.engine() == Engine.SQL_SCRIPTS) {
            return runScripts(dataSource);
        }
        return NoticeCapture.during(() -> {
            MigrateResult result = migrate(flyway(dataSource));
            return result;
        });
    }

    /** Refuses a PostgreSQL older than CI proves before anything runs on it (a template's first migration). */
    private static void requireServerVersion(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            String url = c.getMetaData().getURL();
            Compatibility.requirePostgres(c, "the server at " + Redaction.url(url.replaceFirst("^jdbc:postgresql://", "")
                    .replaceFirst("/.*$", "")));
        } catch (SQLException e) {
            throw new SchemaVerifyException("Could not connect to read the server's version: " + e.getMessage(), e);
        }
    }

    /** Runs {@code flyway.migrate()}, turning Flyway's failures into a message that names file, line and cause. */
    public static MigrateResult migrate(Flyway flyway) {
        try {
            return flyway.migrate();
        } catch (FlywayException e) {
            throw FlywayErrors.translate(e);
        }
    }

    List<String> runScripts(DataSource dataSource) {
        List<String> notices = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            for (MigrationFile script : scripts) {
                notices.addAll(ScriptRunner.run(c, script, config.placeholders(), config.defaultSchema()));
            }
        } catch (SQLException e) {
            throw new SchemaVerifyException("Could not connect to run the scripts: " + e.getMessage(), e);
        }
        return notices;
    }
}
