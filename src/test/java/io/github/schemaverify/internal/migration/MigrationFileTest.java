package io.github.schemaverify.internal.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Versions compared as Flyway compares them: numerically, part by part, trailing zeros not counting. */
class MigrationFileTest {

    @Test
    void versions_compare_numerically_part_by_part() {
        assertThat(MigrationFile.compareVersions("2", "10")).isNegative();
        assertThat(MigrationFile.compareVersions("1.10", "1.9")).isPositive();
        assertThat(MigrationFile.compareVersions("1.0", "1")).isZero();
        assertThat(MigrationFile.compareVersions("1_2", "1.2")).isZero();
        assertThat(MigrationFile.compareVersions("1.2.0.0", "1.2")).isZero();
        assertThat(MigrationFile.compareVersions("20260101120000", "20251231235959")).isPositive();
        assertThat(MigrationFile.canonicalVersion("1.01.0")).isEqualTo("1.1");
        assertThat(MigrationFile.canonicalVersion("007")).isEqualTo("7");
        assertThat(MigrationFile.canonicalVersion("1.")).isEqualTo("1"); // as "1.".split("[._]") reads it
        assertThatThrownBy(() -> MigrationFile.canonicalVersion("1..2")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> MigrationFile.canonicalVersion("")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void file_names_give_kind_version_and_description() {
        MigrationFile v = MigrationFile.of("V1_2__add_index.sql", "here", "SELECT 1;");
        assertThat(v.kind()).isEqualTo(MigrationFile.Kind.VERSIONED);
        assertThat(v.version()).isEqualTo("1.2");
        assertThat(v.description()).isEqualTo("add_index");
        assertThat(MigrationFile.of("U3__undo.sql", "here", "").kind()).isEqualTo(MigrationFile.Kind.UNDO);
        assertThat(MigrationFile.of("R__view.sql", "here", "").kind()).isEqualTo(MigrationFile.Kind.REPEATABLE);
        assertThat(MigrationFile.of("V1a__x.sql", "here", "").kind()).isEqualTo(MigrationFile.Kind.OTHER);
        assertThat(MigrationFile.of("V__x.sql", "here", "").kind()).isEqualTo(MigrationFile.Kind.OTHER);
        assertThat(MigrationFile.of("R1__x.sql", "here", "").kind()).isEqualTo(MigrationFile.Kind.OTHER);
        assertThat(MigrationFile.of("v1__x.sql", "here", "").kind()).isEqualTo(MigrationFile.Kind.OTHER);
        assertThat(MigrationFile.of("V1__x.SQL", "here", "").kind()).isEqualTo(MigrationFile.Kind.VERSIONED);
        assertThat(MigrationFile.of("V1__a__b.sql", "here", "").description()).isEqualTo("a__b");
        // no separator: the rest is the version, as Flyway reads it
        MigrationFile bare = MigrationFile.of("V2.sql", "here", "");
        assertThat(bare.kind()).isEqualTo(MigrationFile.Kind.VERSIONED);
        assertThat(bare.label()).isEqualTo("V2");
        assertThat(MigrationFile.of("V2__.sql", "here", "").label()).isEqualTo("V2");
        assertThat(MigrationFile.of("V.sql", "here", "").kind()).isEqualTo(MigrationFile.Kind.OTHER);
        assertThat(MigrationFile.of("V3__embedding_index.sql", "here", "").label()).isEqualTo("V3 embedding_index");

        List<String> versions = new ArrayList<>(List.of("10", "9", "1.1", "1.10", "1.2", "2"));
        versions.sort(MigrationFile::compareVersions);
        assertThat(versions).containsExactly("1.1", "1.2", "1.10", "2", "9", "10");
    }

    @Test
    void a_script_configuration_reads_as_a_record_does_so_base_names_hashed_from_it_stay() {
        assertThat(MigrationFile.ScriptConfig.DEFAULT).hasToString(
                "ScriptConfig[executeInTransaction=Optional.empty, placeholderReplacement=true]");
        assertThat(new MigrationFile.ScriptConfig(java.util.Optional.of(false), false)).hasToString(
                "ScriptConfig[executeInTransaction=Optional[false], placeholderReplacement=false]");
    }
}
