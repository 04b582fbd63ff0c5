package io.github.schemaverify.internal.compat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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

    /** Where jars list the plugins Flyway loads, every one of them, when it is first configured. */
    static final String PLUGINS = "META-INF/services/org.flywaydb.core.extensibility.Plugin";

    /**
     * Why Flyway could not load its plugins ({@code error}, from its {@link java.util.ServiceLoader}): the first plugin
     * listed on the class path that cannot be made, the jar that lists it, and what to do. Flyway loads every plugin it
     * finds, so one built for another Flyway (a {@code flyway-mysql} of another version, a library's own database
     * support) stops every migration, however unrelated to PostgreSQL.
     */
    public static SchemaVerifyException pluginsFailed(ClassLoader loader, Throwable error) {
        String core = flywayVersion(loader).orElse("of unknown version");
        java.util.Enumeration<URL> lists;
        try {
            lists = loader.getResources(PLUGINS);
        } catch (IOException e) {
            lists = java.util.Collections.emptyEnumeration();
        }
        // each jar once, with the first of its plugins that cannot be made: all of them, so that one fix is not
        // followed by the next jar's failure
        java.util.Map<String, String[]> unmade = new java.util.LinkedHashMap<>();
        while (lists.hasMoreElements()) {
            URL list = lists.nextElement();
            for (String plugin : listed(list)) {
                Optional<String> why = unmade(loader, plugin);
                if (why.isPresent()) {
                    unmade.putIfAbsent(origin(list), new String[] {plugin, why.get()});
                }
            }
        }
        if (unmade.isEmpty()) {
            return new SchemaVerifyException("Flyway cannot load its plugins (" + error + "): a jar on the test class path"
                    + " lists a Flyway plugin built for another version than flyway-core " + core + ". Give every Flyway"
                    + " module and plugin the version of flyway-core, or keep the jar that lists it off the test class path.",
                    error);
        }
        List<String> jars = List.copyOf(unmade.keySet());
        String[] first = unmade.get(jars.get(0));
        List<String> others = jars.subList(1, jars.size());
        return new SchemaVerifyException("Flyway cannot load its plugins: " + jars.get(0) + " lists " + first[0] + " as a"
                + " Flyway plugin, and it cannot be made beside flyway-core " + core + " (" + first[1] + "): it was built for"
                + " another version of Flyway" + (others.isEmpty() ? "" : ", as are the plugins " + String.join(" and ", others)
                + (others.size() == 1 ? " lists" : " list")) + ". Flyway loads every plugin on the class path, so no"
                + " migration can run. " + pluginFix(jars, core), error);
    }

    /** The class names a service list names, without its comments. */
    private static List<String> listed(URL list) {
        try (InputStream in = list.openStream()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .map(line -> line.replaceFirst("#.*", "").strip()).filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Why the plugin {@code name} cannot be made as {@link java.util.ServiceLoader} makes it; empty when it can. */
    private static Optional<String> unmade(ClassLoader loader, String name) {
        try {
            Class.forName(name, false, loader).getConstructor().newInstance();
            return Optional.empty();
        } catch (ClassNotFoundException e) {
            return Optional.of("there is no such class");
        } catch (NoSuchMethodException e) {
            return Optional.of("it has no public constructor without arguments");
        } catch (java.lang.reflect.InvocationTargetException e) {
            return Optional.of("its constructor threw " + e.getCause());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The jar (its file name) or folder a resource is in. */
    static String origin(URL resource) {
        String path = resource.getPath();
        int bang = path.indexOf("!/");
        String where = bang >= 0 ? path.substring(0, bang) : path.substring(0, path.length() - PLUGINS.length());
        where = java.net.URLDecoder.decode(where, java.nio.charset.StandardCharsets.UTF_8);
        return bang >= 0 ? where.substring(where.lastIndexOf('/') + 1) : where.replaceFirst("^file:", "");
    }

    private static final java.util.regex.Pattern FLYWAY_MODULE = java.util.regex.Pattern.compile(
            "(flyway-[a-z0-9-]+?)-(\\d[^/]*)\\.jar");

    private static String pluginFix(java.util.List<String> jars, String core) {
        List<String> modules = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (String jar : jars) {
            java.util.regex.Matcher module = FLYWAY_MODULE.matcher(jar);
            if (module.matches()) {
                modules.add("org.flywaydb:" + module.group(1) + ":" + core);
            } else {
                others.add(jar);
            }
        }
        List<String> fixes = new ArrayList<>();
        if (!modules.isEmpty()) {
            fixes.add("Declare " + String.join(" and ", modules) + " beside flyway-core, or manage every Flyway module with"
                    + " one version (under Spring Boot, leave their versions to Boot).");
        }
        if (others.size() == 1 && modules.isEmpty()) {
            fixes.add("Take a version of it built for Flyway " + core + ", or keep it off the test class path (a Maven"
                    + " <exclusion> where another dependency brings it in).");
        } else if (!others.isEmpty()) {
            fixes.add("Take " + (others.size() == 1 ? "a version of " : "versions of ") + String.join(" and ", others)
                    + " built for Flyway " + core + ", or keep " + (others.size() == 1 ? "it" : "them") + " off the test"
                    + " class path (a Maven <exclusion> where another dependency brings " + (others.size() == 1 ? "it" : "them")
                    + " in).");
        }
        return String.join(" ", fixes);
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
