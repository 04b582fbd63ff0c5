package io.github.schemaverify.internal.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.internal.compat.Compatibility;

/**
 * A jar that lists a Flyway plugin built for another Flyway stops Flyway before any migration (found with Spring Cloud
 * Data Flow's migrations, whose jar registers MySQL support built for Flyway 8): the failure names the plugin, the jar
 * and the fix, where Flyway's ServiceConfigurationError named only the plugin and the run failed a second time as it
 * closed. Flyway loads its plugins through its own class loader, once per loader: each case loads Flyway and SchemaVerify
 * again, in a class loader of their own that also sees the jar.
 */
class FlywayPluginsTest {
    private static final String CORE = Compatibility.flywayVersion(FlywayPluginsTest.class.getClassLoader()).orElseThrow();

    @TempDir
    Path dir;

    @Test
    void a_flyway_module_of_another_version_is_named_with_the_version_to_declare() throws Exception {
        assertThat(configuredBeside(jar("flyway-mysql-8.5.13.jar"))).isEqualTo("SchemaVerifyException: Flyway cannot load"
                + " its plugins: flyway-mysql-8.5.13.jar lists fixtures.flywayplugin.OtherFlywayDatabaseType as a Flyway"
                + " plugin, and it cannot be made beside flyway-core " + CORE + " (it has no public constructor without"
                + " arguments). Flyway loads every plugin on the class path, so no migration can run. Declare org.flywaydb:flyway-mysql:" + CORE + " beside flyway-core, or manage"
                + " every Flyway module with one version (under Spring Boot, leave their versions to Boot).");
    }

    @Test
    void another_library_listing_a_plugin_is_named_with_its_jar() throws Exception {
        assertThat(configuredBeside(jar("spring-cloud-dataflow-common-flyway-2.11.5.jar"))).isEqualTo("SchemaVerifyException:"
                + " Flyway cannot load its plugins: spring-cloud-dataflow-common-flyway-2.11.5.jar lists"
                + " fixtures.flywayplugin.OtherFlywayDatabaseType as a Flyway plugin, and it cannot be made beside"
                + " flyway-core " + CORE + " (it has no public constructor without arguments). Flyway loads every plugin"
                + " on the class path, so no migration can run. Take a version of spring-cloud-dataflow-common-flyway-2.11.5.jar"
                + " built for Flyway " + CORE + ", or keep it off the test class path (a Maven <exclusion> where another"
                + " dependency brings it in).");
    }

    @Test
    void every_jar_whose_plugins_cannot_be_made_is_named_at_once() throws Exception {
        assertThat(configuredBeside(jar("flyway-mysql-8.5.13.jar"), jar("spring-cloud-dataflow-common-flyway-2.11.5.jar"),
                jar("flyway-sqlserver-8.5.13.jar"))).isEqualTo("SchemaVerifyException: Flyway cannot load its plugins:"
                + " flyway-mysql-8.5.13.jar lists fixtures.flywayplugin.OtherFlywayDatabaseType as a Flyway plugin, and it"
                + " cannot be made beside flyway-core " + CORE + " (it has no public constructor without arguments);"
                + " spring-cloud-dataflow-common-flyway-2.11.5.jar and flyway-sqlserver-8.5.13.jar list plugins that cannot"
                + " be made either. Flyway loads every plugin on the class path, so no migration can run."
                + " Declare org.flywaydb:flyway-mysql:" + CORE + " and org.flywaydb:flyway-sqlserver:" + CORE + " beside"
                + " flyway-core, or manage every Flyway module with one version (under Spring Boot, leave their versions to"
                + " Boot). Take a version of spring-cloud-dataflow-common-flyway-2.11.5.jar built for Flyway " + CORE + ", or"
                + " keep it off the test class path (a Maven <exclusion> where another dependency brings it in).");
    }

    @Test
    void a_plugin_listed_in_a_folder_is_named_with_the_folder() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path list = classes.resolve("META-INF/services/org.flywaydb.core.extensibility.Plugin");
        Files.createDirectories(list.getParent());
        Files.writeString(list, "# built for Flyway 9\ncom.example.flyway.GoneDatabaseType\n");

        assertThat(configuredBeside(classes)).isEqualTo("SchemaVerifyException: Flyway cannot load its plugins: " + classes
                + " lists com.example.flyway.GoneDatabaseType as a Flyway plugin, and it cannot be made beside flyway-core "
                + CORE + " (there is no such class). Flyway loads every plugin on the class path, so no migration can run."
                + " Remove com.example.flyway.GoneDatabaseType from " + list + ", or make it a plugin of Flyway " + CORE + ".");
    }

    @Test
    void a_plugin_linked_to_classes_this_flyway_lacks_is_told_it_was_built_for_another() throws Exception {
        // ServiceLoader passes a NoClassDefFoundError from loading such a class on as it is, not as its own error
        Path jar = dir.resolve("flyway-database-oracle-9.22.3.jar");
        byte[] linked = Files.readAllBytes(Path.of(FlywayPluginsTest.class.getResource("/fixtures/flywayplugin/"
                + "LinkedDatabaseType.class").toURI()));
        byte[] renamed = new String(linked, StandardCharsets.ISO_8859_1).replace("fixtures/flywayplugin/OlderFlywayBase",
                "fixtures/flywayplugin/AbsentFlywayBas").getBytes(StandardCharsets.ISO_8859_1);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream entries = new JarOutputStream(out)) {
            entries.putNextEntry(new JarEntry("META-INF/services/org.flywaydb.core.extensibility.Plugin"));
            entries.write("fixtures.flywayplugin.LinkedDatabaseType\n".getBytes(StandardCharsets.UTF_8));
            entries.closeEntry();
            entries.putNextEntry(new JarEntry("fixtures/flywayplugin/LinkedDatabaseType.class"));
            entries.write(renamed);
            entries.closeEntry();
        }

        assertThat(configuredBeside(jar)).isEqualTo("SchemaVerifyException: Flyway cannot load its plugins:"
                + " flyway-database-oracle-9.22.3.jar lists fixtures.flywayplugin.LinkedDatabaseType as a Flyway plugin, and it"
                + " cannot be made beside flyway-core " + CORE + " (NoClassDefFoundError: fixtures/flywayplugin/AbsentFlywayBas):"
                + " it was built for another version of Flyway. Flyway loads every plugin on the class path, so no migration"
                + " can run. Declare org.flywaydb:flyway-database-oracle:" + CORE + " beside flyway-core, or manage every"
                + " Flyway module with one version (under Spring Boot, leave their versions to Boot).");
    }

    @Test
    void the_class_paths_own_plugins_configure() throws Exception {
        assertThat(configuredBeside(Files.createDirectories(dir.resolve("nothing")))).isEqualTo("configured");
    }

    /** A jar named {@code name} that lists the fixture plugin, which cannot be made. */
    private Path jar(String name) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream entries = new JarOutputStream(out)) {
            entries.putNextEntry(new JarEntry("META-INF/services/org.flywaydb.core.extensibility.Plugin"));
            entries.write("fixtures.flywayplugin.OtherFlywayDatabaseType\n".getBytes(StandardCharsets.UTF_8));
            entries.closeEntry();
        }
        return jar;
    }

    /** What configuring Flyway as SchemaVerify does comes to, in a class loader of {@code extra} and the test class path. */
    private static String configuredBeside(Path... extra) throws Exception {
        List<URL> path = new ArrayList<>();
        for (Path p : extra) {
            path.add(p.toUri().toURL());
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            path.add(Path.of(entry).toUri().toURL()); // Surefire's manifest-only jar brings the rest by its Class-Path
        }
        try (URLClassLoader loader = new URLClassLoader(path.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            return (String) loader.loadClass(Isolated.class.getName()).getMethod("configure").invoke(null);
        }
    }

    /** Runs in the class loader of {@link #configuredBeside}. */
    public static final class Isolated {
        public static String configure() {
            try {
                MigrationPlan.prepare(MigrationPlanHashTest.config("classpath:fixtures/roundtrip/javamigration"),
                        Isolated.class.getClassLoader()).flywayConfiguration(null);
                return "configured";
            } catch (SchemaVerifyException e) {
                return e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
    }
}
