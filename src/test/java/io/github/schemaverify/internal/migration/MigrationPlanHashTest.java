package io.github.schemaverify.internal.migration;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.schemaverify.Engine;
import io.github.schemaverify.Isolation;
import io.github.schemaverify.ServerMode;
import io.github.schemaverify.internal.config.Config;
import io.github.schemaverify.internal.config.ServerSettings;

/**
 * Issue 13 item 4: the template hash covers Java-based migrations, not only SQL files; and, as templates are kept between
 * runs, the Flyway version that builds them.
 */
class MigrationPlanHashTest {

    @Test
    void a_changed_added_or_removed_java_migration_changes_the_template_hash(@TempDir Path dir) throws IOException {
        byte[] compiled = classBytes("fixtures/javamig/V2__add_flag.class");
        byte[] changed = compiled.clone();
        changed[changed.length - 1] ^= 1;

        String sqlOnly = hash(dir.resolve("a"), null);
        String withClass = hash(dir.resolve("b"), compiled);
        String withChangedClass = hash(dir.resolve("c"), changed);

        assertThat(List.of(sqlOnly, withClass, withChangedClass)).doesNotHaveDuplicates();
        assertThat(hash(dir.resolve("d"), compiled)).as("the same files give the same hash").isEqualTo(withClass);
    }

    @Test
    void another_flyway_version_on_the_class_path_changes_the_template_hash(@TempDir Path dir) throws IOException {
        String now = hash(dir.resolve("a"), null);
        Path pom = Files.writeString(dir.resolve("pom.properties"), "groupId=org.flywaydb\nartifactId=flyway-core\nversion=9.9.9\n");
        ClassLoader otherFlyway = new ClassLoader(getClass().getClassLoader()) {
            @Override
            public URL getResource(String name) {
                try {
                    return name.equals("META-INF/maven/org.flywaydb/flyway-core/pom.properties") ? pom.toUri().toURL()
                            : super.getResource(name);
                } catch (java.net.MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }
        };

        assertThat(hash(dir.resolve("b"), null, otherFlyway)).isNotEqualTo(now);
        assertThat(hash(dir.resolve("c"), null)).as("the same Flyway gives the same hash").isEqualTo(now);
    }

    private String hash(Path root, byte[] javaMigration) throws IOException {
        return hash(root, javaMigration, getClass().getClassLoader());
    }

    /** The hash of a location {@code classpath:fixtures/copied} holding V1__notes.sql and, if given, a V2 class file. */
    private String hash(Path root, byte[] javaMigration, ClassLoader parent) throws IOException {
        Path location = Files.createDirectories(root.resolve("fixtures/copied"));
        Files.writeString(location.resolve("V1__notes.sql"), "CREATE TABLE notes (id bigint PRIMARY KEY, body text NOT NULL);\n");
        if (javaMigration != null) {
            Files.write(location.resolve("V2__add_flag.class"), javaMigration);
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, parent)) {
            return MigrationPlan.prepare(config("classpath:fixtures/copied"), loader).hash();
        }
    }

    private byte[] classBytes(String resource) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }

    static Config config(String location) {
        return config(List.of(location));
    }

    static Config config(List<String> locations) {
        return new Config("test", locations, Engine.FLYWAY, List.of(), Config.LATEST, new TreeMap<>(), List.of("public"),
                Isolation.PER_METHOD, new ServerSettings(ServerMode.LOCAL, "", Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), "postgres"));
    }
}
