package io.github.schemaverify.internal.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flyway's run on a round trip's base reads copies of the locations without the migrations applied there
 * ({@link MigrationPlan#locationsWithout}): every other file's bytes under its own path, script configurations
 * beside their scripts; none where copies could differ from what Flyway would read.
 */
class MigrationPlanMirrorTest {

    /** V1 and V2 with their undos, V2 in Latin-1 with a byte order mark and a script configuration, a callback, a subdirectory. */
    private static void chain(Path location) throws IOException {
        Files.createDirectories(location.resolve("sub"));
        Files.writeString(location.resolve("V1__notes.sql"), "CREATE TABLE notes (id int);\n");
        Files.writeString(location.resolve("U1__notes.sql"), "DROP TABLE notes;\n");
        byte[] latin1 = "\u00ef\u00bb\u00bfALTER TABLE notes ADD COLUMN caf\u00e9 text;\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(location.resolve("V2__caf\u00e9.sql"), latin1);
        Files.writeString(location.resolve("V2__caf\u00e9.sql.conf"), "encoding=ISO-8859-1\n");
        Files.writeString(location.resolve("U2__caf\u00e9.sql"), "ALTER TABLE notes DROP COLUMN caf\u00e9;\n");
        Files.writeString(location.resolve("afterMigrate.sql"), "SELECT 1;\n");
        Files.writeString(location.resolve("sub/V3__more.sql"), "CREATE TABLE more (id int);\n");
        Files.writeString(location.resolve("README.md"), "not read by Flyway\n");
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static List<MigrationFile> firstOf(MigrationPlan plan) {
        return List.of(plan.source().versioned().get(0));
    }

    @Test
    void copies_every_file_but_the_applied_migrations_and_their_undos_byte_for_byte(@TempDir Path dir) throws IOException {
        Path location = dir.resolve("migrations");
        chain(location);
        MigrationPlan plan = MigrationPlan.prepare(MigrationPlanHashTest.config("filesystem:" + location),
                getClass().getClassLoader());

        Path copies;
        try (MigrationPlan.Mirror mirror = plan.locationsWithout(firstOf(plan)).orElseThrow()) {
            assertThat(mirror.locations()).hasSize(1);
            assertThat(mirror.left()).isEqualTo(2);
            copies = Path.of(mirror.locations()[0].substring("filesystem:".length()));
            Map<String, byte[]> original = files(location);
            original.keySet().removeAll(List.of("V1__notes.sql", "U1__notes.sql", "README.md"));
            Map<String, byte[]> copied = files(copies);
            assertThat(copied).containsOnlyKeys(original.keySet());
            original.forEach((name, bytes) -> assertThat(copied.get(name)).as(name).isEqualTo(bytes));
        }
        assertThat(copies).doesNotExist();
    }

    @Test
    void copies_a_classpath_location_as_well(@TempDir Path dir) throws IOException {
        chain(dir.resolve("fixtures/mirrored"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            MigrationPlan plan = MigrationPlan.prepare(MigrationPlanHashTest.config("classpath:fixtures/mirrored"), loader);
            Path copies;
            try (MigrationPlan.Mirror mirror = plan.locationsWithout(firstOf(plan)).orElseThrow()) {
                copies = Path.of(mirror.locations()[0].substring("filesystem:".length()));
                Map<String, byte[]> copied = files(copies);
                assertThat(copied).containsOnlyKeys("V2__caf\u00e9.sql", "V2__caf\u00e9.sql.conf", "U2__caf\u00e9.sql",
                        "afterMigrate.sql", "sub/V3__more.sql");
                Map<String, byte[]> original = files(dir.resolve("fixtures/mirrored"));
                copied.forEach((name, bytes) -> assertThat(bytes).as(name).isEqualTo(original.get(name)));
            }
            assertThat(copies).doesNotExist();
        }
    }

    @Test
    void none_where_a_file_lies_in_two_locations_as_flyway_reads_it_once(@TempDir Path dir) throws IOException {
        Path location = dir.resolve("migrations");
        chain(location);
        for (List<String> locations : List.of(List.of("filesystem:" + location, "filesystem:" + location),
                List.of("filesystem:" + location, "filesystem:" + location.resolve("sub")))) {
            MigrationPlan plan = MigrationPlan.prepare(MigrationPlanHashTest.config(locations), getClass().getClassLoader());
            assertThat(plan.locationsWithout(firstOf(plan))).as(locations.toString()).isEmpty();
        }
    }

    @Test
    void none_beside_java_migrations_nor_for_a_location_with_two_roots(@TempDir Path dir) throws IOException {
        chain(dir.resolve("a/fixtures/mirrored"));
        Files.write(dir.resolve("a/fixtures/mirrored/V4__Backfill.class"), new byte[] {(byte) 0xCA, (byte) 0xFE});
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("a").toUri().toURL()}, getClass().getClassLoader())) {
            MigrationPlan plan = MigrationPlan.prepare(MigrationPlanHashTest.config("classpath:fixtures/mirrored"), loader);
            assertThat(plan.locationsWithout(firstOf(plan))).as("a class beside the scripts: Flyway may load it").isEmpty();
        }

        chain(dir.resolve("b/fixtures/twice"));
        Files.createDirectories(dir.resolve("c/fixtures/twice"));
        Files.writeString(dir.resolve("c/fixtures/twice/V9__other.sql"), "CREATE TABLE other (id int);\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("b").toUri().toURL(), dir.resolve("c").toUri().toURL()},
                getClass().getClassLoader())) {
            MigrationPlan plan = MigrationPlan.prepare(MigrationPlanHashTest.config("classpath:fixtures/twice"), loader);
            assertThat(plan.locationsWithout(firstOf(plan))).as("origins that do not tell the two roots apart").isEmpty();
        }
    }
}
