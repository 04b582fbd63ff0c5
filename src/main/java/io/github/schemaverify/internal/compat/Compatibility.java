package io.github.schemaverify.internal.compat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    /** The oldest JUnit Jupiter CI proves, and the first that closes what extensions keep in its stores. */
    public static final String MINIMUM_JUNIT = "5.13";

    /** The JUnit release the fix names: the newest of the minimum's line. */
    static final String JUNIT_TO_DECLARE = "5.13.4";

    /**
     * JUnit's configuration parameter that, set to false, makes JUnit close only its deprecated {@code CloseableResource}
     * store values, as before 5.13.
     */
    public static final String JUNIT_CLOSE_PARAMETER = "junit.jupiter.extensions.store.close.autocloseable.enabled";

    /** A type JUnit Jupiter's API has from 5.13 on: where it is missing, the API is older, whatever its jar says. */
    private static final String JUNIT_5_13_TYPE = "org.junit.jupiter.api.ClassTemplate";

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
     * Fails unless JUnit Jupiter closes what SchemaVerify keeps in its stores at the end of a scope: its API and engine
     * at least {@value #MINIMUM_JUNIT} (before it, JUnit closes only store values that implement its
     * {@code CloseableResource}, and SchemaVerify's are {@link AutoCloseable}, the API JUnit 6 keeps), and
     * {@value #JUNIT_CLOSE_PARAMETER} not turned off. Else the servers, containers and databases SchemaVerify starts would
     * be left behind, silently.
     */
    public static void requireJUnit(org.junit.jupiter.api.extension.ExtensionContext context) {
        Optional<String> refused = checkJUnit(JunitApi.VERSION, JunitApi.HAS_5_13,
                Optional.ofNullable(context.getRoot().getClass().getPackage().getImplementationVersion()),
                context.getConfigurationParameter(JUNIT_CLOSE_PARAMETER));
        if (refused.isPresent()) {
            throw new SchemaVerifyException(refused.get());
        }
    }

    /** The JUnit Jupiter API SchemaVerify is linked against, read once: it does not change in a run. */
    private static final class JunitApi {
        static final Optional<String> VERSION = Optional.ofNullable(
                org.junit.jupiter.api.extension.ExtensionContext.class.getPackage().getImplementationVersion());
        static final boolean HAS_5_13 = present(org.junit.jupiter.api.extension.ExtensionContext.class.getClassLoader(),
                JUNIT_5_13_TYPE);
    }

    /**
     * Why JUnit Jupiter will not do, or empty: {@code api}, {@code engine} the versions their jars say (when they do),
     * {@code apiHas513} whether the API has the type 5.13 added, {@code closeParameter} the value of
     * {@value #JUNIT_CLOSE_PARAMETER}, if set.
     */
    static Optional<String> checkJUnit(Optional<String> api, boolean apiHas513, Optional<String> engine,
            Optional<String> closeParameter) {
        String fix = "Declare org.junit:junit-bom " + JUNIT_TO_DECLARE + " or newer (6.x too) in the project's dependency"
                + " management, or junit-jupiter at that version (under Spring Boot 3.5, which manages 5.12: the property"
                + " junit-jupiter.version, docs/spring-boot.md).";
        String leftBehind = "JUnit does not close what extensions keep for the run, so the servers, containers and databases"
                + " SchemaVerify starts would be left behind.";
        boolean apiOld = api.map(v -> compare(v, MINIMUM_JUNIT) < 0).orElse(!apiHas513);
        if (apiOld) {
            return Optional.of("SchemaVerify needs JUnit Jupiter " + MINIMUM_JUNIT + " or newer, but the test class path has"
                    + " junit-jupiter-api " + api.orElse("of a version before " + MINIMUM_JUNIT + " (it lacks "
                    + JUNIT_5_13_TYPE + ")") + ": before " + MINIMUM_JUNIT + " " + leftBehind + " " + fix);
        }
        if (engine.isPresent() && compare(engine.get(), MINIMUM_JUNIT) < 0) {
            return Optional.of("SchemaVerify needs JUnit Jupiter " + MINIMUM_JUNIT + " or newer, but the test class path has"
                    + " junit-jupiter-engine " + engine.get() + api.map(v -> " beside junit-jupiter-api " + v).orElse("")
                    + ": before " + MINIMUM_JUNIT + " " + leftBehind + " " + fix.replace("Declare", "Align the engine with the"
                    + " API: declare"));
        }
        if (closeParameter.map(v -> v.trim().equalsIgnoreCase("false")).orElse(false)) {
            return Optional.of("SchemaVerify needs JUnit to close what extensions keep for the run, but the configuration"
                    + " parameter " + JUNIT_CLOSE_PARAMETER + " is false: the servers, containers and databases SchemaVerify"
                    + " starts would be left behind. Remove the parameter (from junit-platform.properties, the build's"
                    + " configurationParameters or -D" + JUNIT_CLOSE_PARAMETER + "), or set it to true.");
        }
        return Optional.empty();
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
     * Why Flyway could not load its plugins ({@code error}, from its {@link java.util.ServiceLoader} or a class a plugin
     * needs): every jar or folder on the class path that lists a plugin that cannot be made, with the first such plugin
     * of each, and what to do; empty when every plugin can be made (the error is not theirs). Flyway loads every plugin
     * it finds, so one built for another Flyway (a {@code flyway-mysql} of another version, a library's own database
     * support) stops every migration, however unrelated to PostgreSQL.
     */
    public static Optional<SchemaVerifyException> pluginsFailed(ClassLoader loader, Throwable error) {
        String core = flywayVersion(loader).orElse("of unknown version");
        Enumeration<URL> lists;
        try {
            lists = loader.getResources(PLUGINS);
        } catch (IOException e) {
            lists = Collections.emptyEnumeration();
        }
        // each jar once, with the first of its plugins that cannot be made: all of them, so that one fix is not
        // followed by the next jar's failure
        Map<String, Unmade> unmade = new LinkedHashMap<>();
        while (lists.hasMoreElements()) {
            URL list = lists.nextElement();
            for (String plugin : listed(list)) {
                unmade(loader, plugin).ifPresent(why -> unmade.putIfAbsent(origin(list), why));
            }
        }
        if (unmade.isEmpty()) {
            return Optional.empty();
        }
        List<String> where = List.copyOf(unmade.keySet());
        Unmade first = unmade.get(where.get(0));
        List<String> others = where.subList(1, where.size());
        return Optional.of(new SchemaVerifyException("Flyway cannot load its plugins: " + where.get(0) + " lists "
                + first.plugin() + " as a Flyway plugin, and it cannot be made beside flyway-core " + core + " ("
                + first.why() + ")" + (first.linkage() ? ": it was built for another version of Flyway" : "")
                + (others.isEmpty() ? "" : "; " + joined(others) + (others.size() == 1 ? " lists a plugin" : " list plugins")
                + " that cannot be made either") + ". Flyway loads every plugin on the class path,"
                + " so no migration can run. " + pluginFix(unmade, core), error));
    }

    /** A plugin that cannot be made: why, and whether a class it was built against is missing or different. */
    private record Unmade(String plugin, String why, boolean linkage, boolean folder) {
    }

    /** The class names a service list names, without its comments. */
    private static List<String> listed(URL list) {
        try (InputStream in = list.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(line -> line.replaceFirst("#.*", "").strip()).filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Why the plugin {@code name} cannot be made as {@link java.util.ServiceLoader} makes it; empty when it can. */
    private static Optional<Unmade> unmade(ClassLoader loader, String name) {
        try {
            Class.forName(name, false, loader).getConstructor().newInstance();
            return Optional.empty();
        } catch (ClassNotFoundException e) {
            return Optional.of(new Unmade(name, "there is no such class", false, false));
        } catch (NoSuchMethodException e) {
            return Optional.of(new Unmade(name, "it has no public constructor without arguments", false, false));
        } catch (InvocationTargetException e) {
            return Optional.of(new Unmade(name, "its constructor threw " + e.getCause(), e.getCause() instanceof LinkageError,
                    false));
        } catch (LinkageError e) {
            return Optional.of(new Unmade(name, e.getClass().getSimpleName() + ": " + e.getMessage(), true, false));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.of(new Unmade(name, e.getClass().getSimpleName() + ": " + e.getMessage(), false, false));
        }
    }

    /** The jar (its file name) or folder (its path) a plugin list is in. */
    private static String origin(URL list) {
        try {
            if ("jar".equals(list.getProtocol())) {
                String file = list.getPath();
                Path jar = Path.of(URI.create(file.substring(0, file.indexOf("!/"))));
                return jar.getFileName().toString();
            }
            // META-INF/services/<the list>
            return Path.of(list.toURI()).getParent().getParent().getParent().toString();
        } catch (URISyntaxException | RuntimeException e) {
            return list.toString();
        }
    }

    private static final Pattern FLYWAY_MODULE = Pattern.compile("(flyway-[a-z0-9-]+?)-(\\d[^/]*)\\.jar");

    private static String pluginFix(Map<String, Unmade> unmade, String core) {
        List<String> modules = new ArrayList<>();
        List<String> jars = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        unmade.forEach((where, plugin) -> {
            Matcher module = FLYWAY_MODULE.matcher(where);
            if (module.matches()) {
                modules.add("org.flywaydb:" + module.group(1) + ":" + core);
            } else if (where.endsWith(".jar")) {
                jars.add(where);
            } else {
                // the project's own classes: a service list left behind, or a plugin of its own
                fixes.add("Remove " + plugin.plugin() + " from " + Path.of(where, PLUGINS) + ", or make it a plugin of"
                        + " Flyway " + core + ".");
            }
        });
        if (!modules.isEmpty()) {
            fixes.add(0, "Declare " + joined(modules) + " beside flyway-core, or manage every Flyway module with one version"
                    + " (under Spring Boot, leave their versions to Boot).");
        }
        if (!jars.isEmpty()) {
            boolean one = jars.size() == 1;
            fixes.add(modules.isEmpty() ? 0 : 1, "Take " + (one ? "a version" : "versions") + " of " + joined(jars)
                    + " built for Flyway " + core + ", or keep " + (one ? "it" : "them") + " off the test class path (a Maven"
                    + " <exclusion> where another dependency brings " + (one ? "it" : "them") + " in).");
        }
        return String.join(" ", fixes);
    }

    /** "a", "a and b", "a, b and c". */
    private static String joined(List<String> items) {
        return items.size() == 1 ? items.get(0) : String.join(", ", items.subList(0, items.size() - 1)) + " and "
                + items.get(items.size() - 1);
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
