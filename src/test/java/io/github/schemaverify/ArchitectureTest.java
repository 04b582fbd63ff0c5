package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The package arrows of docs/architecture.md, checked on the compiled classes: a class refers to another through its
 * constant pool, where the other's name is written with slashes ({@code java/sql/Connection}).
 */
class ArchitectureTest {
    private static final List<String> FORBIDDEN_IN_MODELS = List.of("java/sql/", "javax/sql/", "org/flywaydb/", "org/junit/",
            "org/testcontainers/", "org/assertj/");

    /**
     * The models import no JDBC, Flyway, JUnit, Testcontainers or AssertJ, and nothing of {@code internal} but what a
     * package names here: {@code readiness} the mutable timeline that its public {@code ReadinessRecorder} moves.
     */
    @ParameterizedTest(name = "{0} is a pure model")
    @CsvSource({"schema, io/github/schemaverify/internal/", "locks, io/github/schemaverify/internal/", "readiness, io/github/schemaverify/internal/db/",
            "readiness, io/github/schemaverify/internal/verify/", "readiness, io/github/schemaverify/internal/report/"})
    void models_import_no_machinery(String pkg, String forbiddenInternal) throws Exception {
        List<String> offences = new ArrayList<>();
        for (Path c : classes(pkg)) {
            String pool = new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1);
            for (String forbidden : concat(FORBIDDEN_IN_MODELS, forbiddenInternal)) {
                if (pool.contains(forbidden)) {
                    offences.add(c.getFileName() + " refers to " + forbidden);
                }
            }
        }
        assertThat(offences).isEmpty();
    }

    @ParameterizedTest(name = "nothing in {0} refers to org.flywaydb.core.internal")
    @ValueSource(strings = {""})
    void only_public_flyway_api(String pkg) throws Exception {
        List<String> offences = new ArrayList<>();
        for (Path c : classes(pkg)) {
            if (new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1).contains("org/flywaydb/core/internal/")) {
                offences.add(c.toString());
            }
        }
        assertThat(offences).isEmpty();
    }

    /**
     * Spring is optional: only {@code internal.spring} refers to it, and SchemaVerify's extension enters that package
     * only after finding Spring's extension on the test class (by name), so without Spring no class that needs it loads.
     */
    @org.junit.jupiter.api.Test
    void only_internal_spring_refers_to_spring() throws Exception {
        List<String> offences = new ArrayList<>();
        for (Path c : classes("")) {
            boolean spring = c.toString().replace('\\', '/').contains("io/github/schemaverify/internal/spring/");
            if (!spring && new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1).contains("org/springframework/")) {
                offences.add(c.getFileName().toString());
            }
        }
        assertThat(offences).isEmpty();
        assertThat(classes("internal/spring")).isNotEmpty();
    }

    private static List<String> concat(List<String> list, String one) {
        List<String> all = new ArrayList<>(list);
        all.add(one);
        return all;
    }

    /** The compiled classes of a package of the library, sub-packages included. */
    private static List<Path> classes(String pkg) throws IOException, URISyntaxException {
        Path root = Path.of(MigratedDatabase.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = root.resolve("io/github/schemaverify").resolve(pkg);
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> found = files.filter(f -> f.toString().endsWith(".class")).toList();
            assertThat(found).as("classes under " + dir).isNotEmpty();
            return found;
        }
    }
}
