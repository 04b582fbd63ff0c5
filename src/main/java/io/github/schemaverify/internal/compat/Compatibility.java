package io.github.schemaverify.internal.compat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.ServerException;

/**
 * The oldest Flyway and PostgreSQL SchemaVerify works with, and the checks that fail fast, naming what was found and
 * what is needed, when the user's project brings something older. The minimums are the oldest versions this
 * project's CI runs (docs/compatibility.md); a version below them is refused rather than half-working.
 *
 * <p>Versions are read by public means only: Flyway's from the Maven metadata in its jars
 * ({@code META-INF/maven/org.flywaydb/<artifact>/pom.properties}), PostgreSQL's from {@code server_version_num}.
 */
public final class Compatibility {
    /** The oldest Flyway CI proves (flyway-core and flyway-database-postgresql at this version). */
    public static final String MINIMUM_FLYWAY = "10.22.0";
    /** The oldest PostgreSQL major CI proves. */
    public static final int MINIMUM_POSTGRES_MAJOR = 13;

    static final String FLYWAY_CORE = "flyway-core";
    static final String FLYWAY_POSTGRESQL = "flyway-database-postgresql";
    private static final String POSTGRESQL_PLUGIN = "org.flywaydb.database.postgresql.PostgreSQLDatabaseType";

    private Compatibility() {
    }

    /** Fails unless Flyway and its PostgreSQL module are on the class path, at one version, at least the minimum. */
    public static void requireFlyway(ClassLoader loader) {
        Optional<String> core = mavenVersion(loader, FLYWAY_CORE);
        Optional<String> postgresql = mavenVersion(loader, FLYWAY_POSTGRESQL);
        boolean plugin = present(loader, POSTGRESQL_PLUGIN);
        checkFlyway(core, postgresql, plugin);
    }

    static void checkFlyway(Optional<String> core, Optional<String> postgresql, boolean plugin) {
        String found = core.orElse("of unknown version");
        if (core.isPresent() && compare(core.get(), MINIMUM_FLYWAY) < 0) {
            throw new SchemaVerifyException("SchemaVerify needs Flyway " + MINIMUM_FLYWAY + " or newer, but the test class path"
                    + " has flyway-core " + core.get() + ". Declare org.flywaydb:flyway-core and"
                    + " org.flywaydb:flyway-database-postgresql at " + MINIMUM_FLYWAY + " or newer (both at the same version).");
        }
        if (!plugin) {
            throw new SchemaVerifyException("Flyway " + found + " is on the test class path without its PostgreSQL support"
                    + " (Flyway 10 moved it out of flyway-core). Add org.flywaydb:flyway-database-postgresql"
                    + core.map(v -> ":" + v).orElse("") + " beside flyway-core.");
        }
        if (core.isPresent() && postgresql.isPresent() && !core.get().equals(postgresql.get())) {
            throw new SchemaVerifyException("Flyway's modules differ in version: flyway-core " + core.get()
                    + " but flyway-database-postgresql " + postgresql.get() + " (one of them probably came in through"
                    + " SchemaVerify). Declare org.flywaydb:flyway-database-postgresql:" + core.get()
                    + " beside flyway-core, or manage both with one version.");
        }
    }

    /**
     * Fails unless the server is at least the minimum PostgreSQL major version.
     *
     * @param where names the server in the message, e.g. "LOCAL /usr/lib/postgresql/12/bin"
     */
    public static void requirePostgres(Connection connection, String where) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int, current_setting('server_version')")) {
            rs.next();
            checkPostgres(rs.getInt(1), rs.getString(2), where);
        }
    }

    static void checkPostgres(int versionNum, String version, String where) {
        if (versionNum / 10000 < MINIMUM_POSTGRES_MAJOR) {
            throw new ServerException("SchemaVerify needs PostgreSQL " + MINIMUM_POSTGRES_MAJOR + " or newer, but " + where
                    + " runs PostgreSQL " + version + " (server_version_num " + versionNum + "). Use a server of major version "
                    + MINIMUM_POSTGRES_MAJOR + " or newer: a newer pgvector image (schemaverify.image), newer binaries"
                    + " (schemaverify.pg.bin), or another schemaverify.url.");
        }
    }

    /** The version of flyway-core on the class path, as its jar records it. */
    public static Optional<String> flywayVersion(ClassLoader loader) {
        return mavenVersion(loader, FLYWAY_CORE);
    }

    /** The version in an artifact's {@code pom.properties}, as Maven wrote it into the jar. */
    static Optional<String> mavenVersion(ClassLoader loader, String artifactId) {
        URL url = loader.getResource("META-INF/maven/org.flywaydb/" + artifactId + "/pom.properties");
        if (url == null) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = url.openStream()) {
            properties.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(properties.getProperty("version")).map(String::strip);
    }

    private static boolean present(ClassLoader loader, String className) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Compares dotted versions numerically ("10.22.0" &lt; "11.8.2"); a qualifier after '-' is ignored. */
    static int compare(String a, String b) {
        String[] x = a.split("-", 2)[0].split("\\.");
        String[] y = b.split("-", 2)[0].split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Long.compare(number(x, i), number(y, i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static long number(String[] parts, int i) {
        if (i >= parts.length) {
            return 0;
        }
        String digits = parts[i].replaceAll("\\D.*$", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
    }
}
