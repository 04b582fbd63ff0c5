package io.github.schemaverify.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.schemaverify.internal.migration.MigrationFile;
import io.github.schemaverify.schema.RecordedObject;
import io.github.schemaverify.schema.SchemaObject;
import io.github.schemaverify.schema.diff.SchemaDiff;

/** A time a 'now' literal froze into a definition, told apart from a time a script writes. */
class FrozenTimesTest {

    private static final FrozenTimes TIMES = new FrozenTimes(List.of(
            MigrationFile.of("V1__cutoff.sql", "V1__cutoff.sql", "CREATE VIEW v AS SELECT 1 WHERE now() > '2020-01-01 10:00:00.5';\n"
                    + "-- written on 2026-12-04\n")));

    private static SchemaObject view(String definition) {
        return RecordedObject.of("view public.v", Map.of("definition", definition));
    }

    private static List<String> frozenOnly(String before, String after) {
        return TIMES.only(SchemaDiff.between(List.of(view(before)), List.of(view(after)), java.util.Set.of())).stream()
                .map(c -> c.key()).toList();
    }

    @Test
    void a_view_differing_only_in_a_frozen_time_is_told_so() {
        assertThat(frozenOnly("SELECT 1 WHERE at > ('2026-12-04 18:12:30.710642'::timestamp without time zone - '1 day'::interval)",
                "SELECT 1 WHERE at > ('2026-12-04 18:12:30.798841'::timestamp without time zone - '1 day'::interval)"))
                .containsExactly("view public.v");
        // with a time zone, a date in a comment of a script being no date it writes
        assertThat(frozenOnly("SELECT '2026-12-04 18:12:30.71+00'::timestamp with time zone",
                "SELECT '2026-12-04 18:12:31.2+00'::timestamp with time zone")).containsExactly("view public.v");
    }

    @Test
    void a_time_a_script_writes_a_time_without_a_fraction_and_any_other_change_are_not() {
        assertThat(frozenOnly("SELECT '2020-01-01 10:00:00.5'::timestamp without time zone",
                "SELECT '2020-01-02 10:00:00.5'::timestamp without time zone")).isEmpty();
        // 'today' or 'epoch' in place of 'now': midnight, no fraction
        assertThat(frozenOnly("SELECT '2026-12-04 18:12:30.710642'::timestamp without time zone",
                "SELECT '2026-12-04 00:00:00'::timestamp without time zone")).isEmpty();
        assertThat(frozenOnly("SELECT 1, '2026-12-04 18:12:30.710642'::timestamp without time zone",
                "SELECT 2, '2026-12-04 18:12:31.1'::timestamp without time zone")).isEmpty();
        assertThat(frozenOnly("SELECT now()", "SELECT '2026-12-04 18:12:31.1'::timestamp without time zone")).isEmpty();
    }
}
