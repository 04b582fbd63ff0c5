package io.github.schemaverify.internal.compat;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.github.schemaverify.SchemaVerifyException;

/** The version checks' decisions and exact messages (the versions a run really uses: {@link VersionsInUseTest}). */
class CompatibilityTest {

    private static final String JUNIT_FIX = "Declare org.junit:junit-bom 5.13.4 or newer (6.x too) in the project's"
            + " dependency management, or junit-jupiter at that version (under Spring Boot 3.5, which manages 5.12: the"
            + " property junit-jupiter.version, docs/spring-boot.md).";

    @Test
    void a_junit_older_than_5_13_is_refused_naming_its_version_what_would_be_left_behind_and_the_fix() {
        assertThat(Compatibility.checkJUnit(Optional.of("5.12.2"), false, Optional.of("5.12.2"), Optional.empty()))
                .hasValue("SchemaVerify needs JUnit Jupiter 5.13 or newer, but the test class path has junit-jupiter-api"
                        + " 5.12.2: before 5.13 JUnit does not close what extensions keep for the run, so the servers,"
                        + " containers and databases SchemaVerify starts would be left behind. " + JUNIT_FIX);
        // a jar whose manifest says nothing (shaded, or an IDE's own): the type 5.13 added decides
        assertThat(Compatibility.checkJUnit(Optional.empty(), false, Optional.empty(), Optional.empty()))
                .hasValue("SchemaVerify needs JUnit Jupiter 5.13 or newer, but the test class path has junit-jupiter-api of"
                        + " a version before 5.13 (it lacks org.junit.jupiter.api.ClassTemplate): before 5.13 JUnit does not"
                        + " close what extensions keep for the run, so the servers, containers and databases SchemaVerify"
                        + " starts would be left behind. " + JUNIT_FIX);
    }

    @Test
    void an_engine_older_than_its_api_is_refused_too() {
        // the engine closes the store: an API pinned to 5.13 beside an engine a BOM keeps at 5.12 still leaks
        assertThat(Compatibility.checkJUnit(Optional.of("5.13.4"), true, Optional.of("5.12.2"), Optional.empty()))
                .hasValue("SchemaVerify needs JUnit Jupiter 5.13 or newer, but the test class path has junit-jupiter-engine"
                        + " 5.12.2 beside junit-jupiter-api 5.13.4: before 5.13 JUnit does not close what extensions keep"
                        + " for the run, so the servers, containers and databases SchemaVerify starts would be left behind."
                        + " Align the engine with the API: declare org.junit:junit-bom 5.13.4 or newer (6.x too) in the"
                        + " project's dependency management, or junit-jupiter at that version (under Spring Boot 3.5, which"
                        + " manages 5.12: the property junit-jupiter.version, docs/spring-boot.md).");
    }

    @Test
    void junit_told_not_to_close_autocloseable_values_is_refused_naming_the_parameter() {
        assertThat(Compatibility.checkJUnit(Optional.of("6.1.3"), true, Optional.of("6.1.3"), Optional.of("false")))
                .hasValue("SchemaVerify needs JUnit to close what extensions keep for the run, but the configuration parameter"
                        + " junit.jupiter.extensions.store.close.autocloseable.enabled is false: the servers, containers and"
                        + " databases SchemaVerify starts would be left behind. Remove the parameter (from"
                        + " junit-platform.properties, the build's configurationParameters or"
                        + " -Djunit.jupiter.extensions.store.close.autocloseable.enabled), or set it to true.");
    }

    @Test
    void junit_5_13_and_newer_pass_whatever_their_jar_says() {
        assertThat(Compatibility.checkJUnit(Optional.of("5.13.4"), true, Optional.of("5.13.4"), Optional.empty())).isEmpty();
        assertThat(Compatibility.checkJUnit(Optional.of("6.1.3"), true, Optional.of("6.1.3"), Optional.of("true"))).isEmpty();
        assertThat(Compatibility.checkJUnit(Optional.empty(), true, Optional.empty(), Optional.empty())).isEmpty();
    }

    @Test
    void a_flyway_older_than_the_minimum_names_what_was_found_and_what_is_needed() {
        assertThatThrownBy(() -> Compatibility.checkFlyway(Optional.of("10.0.0"), Optional.of("10.0.0"), true))
                .isInstanceOf(SchemaVerifyException.class)
                .hasMessage("SchemaVerify needs Flyway 10.22.0 or newer, but the test class path has flyway-core 10.0.0."
                        + " Declare org.flywaydb:flyway-core and org.flywaydb:flyway-database-postgresql at 10.22.0 or newer"
                        + " (both at the same version).");
    }

    @Test
    void flyway_without_its_postgresql_module_says_which_artifact_to_add() {
        assertThatThrownBy(() -> Compatibility.checkFlyway(Optional.of("11.20.3"), Optional.empty(), false))
                .hasMessage("Flyway 11.20.3 is on the test class path without its PostgreSQL support (Flyway 10 moved it out"
                        + " of flyway-core). Add org.flywaydb:flyway-database-postgresql:11.20.3 beside flyway-core.");
    }

    @Test
    void flyway_modules_of_two_versions_say_which_one_to_align() {
        assertThatThrownBy(() -> Compatibility.checkFlyway(Optional.of("11.20.3"), Optional.of("13.12.2"), true))
                .hasMessage("Flyway's modules differ in version: flyway-core 11.20.3 but flyway-database-postgresql 13.12.2"
                        + " (one of them probably came in through SchemaVerify). Declare"
                        + " org.flywaydb:flyway-database-postgresql:11.20.3 beside flyway-core, or manage both with one version.");
    }

    @Test
    void the_oldest_and_newer_flyway_pass() {
        assertThatCode(() -> Compatibility.checkFlyway(Optional.of("10.22.0"), Optional.of("10.22.0"), true)).doesNotThrowAnyException();
        assertThatCode(() -> Compatibility.checkFlyway(Optional.of("13.12.2"), Optional.of("13.12.2"), true)).doesNotThrowAnyException();
        // a repackaged Flyway without Maven metadata is given the benefit of the doubt
        assertThatCode(() -> Compatibility.checkFlyway(Optional.empty(), Optional.empty(), true)).doesNotThrowAnyException();
    }

    @Test
    void a_postgresql_older_than_the_minimum_names_the_server_its_version_and_the_minimum() {
        assertThatThrownBy(() -> Compatibility.checkPostgres(120022, "12.22", "the server at 127.0.0.1:5432"))
                .isInstanceOf(SchemaVerifyException.class)
                .hasMessage("SchemaVerify needs PostgreSQL 13 or newer, but the server at 127.0.0.1:5432 runs PostgreSQL 12.22"
                        + " (server_version_num 120022). Use a server of major version 13 or newer: a newer pgvector image"
                        + " (schemaverify.image), newer binaries (schemaverify.pg.bin), or another schemaverify.url.");
    }

    @Test
    void the_oldest_proven_postgresql_and_newer_pass() {
        assertThatCode(() -> Compatibility.checkPostgres(130016, "13.16", "x")).doesNotThrowAnyException();
        assertThatCode(() -> Compatibility.checkPostgres(180006, "18.6", "x")).doesNotThrowAnyException();
    }

    @Test
    void versions_compare_numerically_part_by_part() {
        assertThat(Compatibility.compare("10.0.0", "9.22.3")).isPositive();
        assertThat(Compatibility.compare("13.12.2", "13.12.10")).isNegative();
        assertThat(Compatibility.compare("11.20", "11.20.0")).isZero();
        assertThat(Compatibility.compare("10.0.0-beta1", "10.0.0")).isZero();
    }
}
