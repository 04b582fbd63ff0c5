package io.github.schemaverify.schema.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.schemaverify.schema.EnumType;
import io.github.schemaverify.schema.SchemaSnapshot;

/**
 * The diff of two snapshots leaves out the objects they share (an incremental reading keeps what it did not read
 * again): what remains must read exactly as if every object had been compared, whatever is ignored.
 */
class SchemaDiffSharedObjectsTest {

    private static EnumType type(String name, String owner, String... labels) {
        return new EnumType("public", name, List.of(labels), owner, List.of());
    }

    private static SchemaSnapshot withEnums(EnumType... enums) {
        SchemaSnapshot e = SchemaSnapshot.empty();
        return new SchemaSnapshot(e.schemas(), e.extensions(), e.tables(), e.sequences(), e.views(), e.routines(),
                List.of(enums), e.domains(), e.compositeTypes(), e.comments(), e.rangeTypes(), e.collations(), e.casts(),
                e.publications(), e.eventTriggers(), e.defaultPrivileges(), e.roles());
    }

    @Test
    void objects_both_snapshots_hold_are_left_out_and_the_rest_reads_as_if_every_object_were_compared() {
        EnumType shared = type("shared", "app", "a");
        SchemaSnapshot before = withEnums(shared, type("relabelled", "app", "a"), type("reowned", "app", "a"),
                type("dropped", "app", "a"));
        SchemaSnapshot after = withEnums(shared, type("relabelled", "app", "a", "b"), type("reowned", "ops", "a"),
                type("added", "app", "a"));
        for (Set<SchemaDiff.Ignore> ignored : List.of(Set.<SchemaDiff.Ignore>of(), EnumSet.of(SchemaDiff.Ignore.OWNERS),
                EnumSet.allOf(SchemaDiff.Ignore.class))) {
            assertThat(SchemaDiff.between(before, after, ignored).changes()).as("ignoring %s", ignored)
                    .isEqualTo(SchemaDiff.between(before.objects(), after.objects(), ignored).changes());
        }
        assertThat(SchemaDiff.between(before, after).render("")).isEqualTo("""
                - enum public.dropped (AS ENUM ('a'))
                ~ enum public.relabelled: labels was ('a'), is ('a', 'b')
                ~ enum public.reowned: owner was app, is ops
                + enum public.added (AS ENUM ('a'))
                """);
        assertThat(SchemaDiff.between(before, after, SchemaDiff.Ignore.OWNERS).render("")).isEqualTo("""
                - enum public.dropped (AS ENUM ('a'))
                ~ enum public.relabelled: labels was ('a'), is ('a', 'b')
                + enum public.added (AS ENUM ('a'))
                """);
    }

    @Test
    void labels_read_quoted_as_create_type_writes_them() {
        // unquoted, a label holding ", is " read as the start of the new list
        assertThat(SchemaDiff.between(withEnums(type("state", "app", "a")), withEnums(type("state", "app", "a", "b, is a",
                "it's"))).render("")).isEqualTo("~ enum public.state: labels was ('a'), is ('a', 'b, is a', 'it''s')\n");
    }

    @Test
    void a_long_list_of_labels_differs_a_label_a_line() {
        // once both lists on one line each: two labels swapped among sixteen could not be seen
        String[] labels = {"CREATED", "QUEUED", "RUNNING", "PAUSED", "RESTARTED", "KILLING", "SUCCESS", "WARNING",
                "FAILED", "KILLED", "CANCELLED", "RETRYING", "RETRIED", "SKIPPED", "BREAKPOINT", "SUBMITTED"};
        String[] swapped = labels.clone();
        swapped[3] = "RESTARTED";
        swapped[4] = "PAUSED";
        assertThat(SchemaDiff.between(withEnums(type("state_type", "app", labels)), withEnums(type("state_type", "app",
                swapped))).render("")).isEqualTo("""
                ~ enum public.state_type: labels differ (- was, + is):
                      ...
                      QUEUED
                      RUNNING
                    - PAUSED
                      RESTARTED
                    + PAUSED
                      KILLING
                      SUCCESS
                      ...
                """);
    }

    @Test
    void objects_whose_names_read_alike_unquoted_are_each_compared() {
        // "a"."b.c" and "a.b"."c" both read a.b.c: neither may hide the other's change
        EnumType dotted = new EnumType("a", "b.c", List.of("x"), "app", List.of());
        EnumType inDottedSchema = new EnumType("a.b", "c", List.of("x"), "app", List.of());
        SchemaSnapshot before = withEnums(dotted, inDottedSchema);

        assertThat(SchemaDiff.between(before, withEnums(new EnumType("a", "b.c", List.of("x"), "app", List.of()),
                new EnumType("a.b", "c", List.of("x"), "app", List.of()))).isEmpty()).isTrue();
        for (SchemaSnapshot after : List.of(withEnums(new EnumType("a", "b.c", List.of("x", "y"), "app", List.of()),
                inDottedSchema), withEnums(dotted, new EnumType("a.b", "c", List.of("x", "y"), "app", List.of())))) {
            assertThat(SchemaDiff.between(before, after).render("")).isEqualTo("""
                    ~ enum a.b.c: labels was ('x'), is ('x', 'y')
                    """);
            assertThat(SchemaDiff.between(before.objects(), after.objects(), Set.of()).render(""))
                    .isEqualTo("~ enum a.b.c: labels was ('x'), is ('x', 'y')\n");
        }
        assertThat(SchemaDiff.between(before, withEnums(dotted)).render("")).isEqualTo("""
                - enum a.b.c (AS ENUM ('x'))
                """);
    }
}
