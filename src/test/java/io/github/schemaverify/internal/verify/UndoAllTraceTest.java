package io.github.schemaverify.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.schemaverify.schema.Comment;
import io.github.schemaverify.schema.Grant;
import io.github.schemaverify.schema.SchemaName;
import io.github.schemaverify.schema.SchemaObject;
import io.github.schemaverify.schema.diff.SchemaDiff;

/**
 * Undo all's trace without what the callbacks at head changed there ({@link RoundTripWalk#without}): only a change
 * that is exactly theirs (the same object added or removed, a property from and to the same values) is left out.
 */
class UndoAllTraceTest {

    private static SchemaDiff diff(List<? extends SchemaObject> before, List<? extends SchemaObject> after) {
        return SchemaDiff.between(before, after, Set.of());
    }

    private static final Comment STANDARD = new Comment("schema public", "standard public schema");
    private static final Comment MIGRATED = new Comment("schema public", "migrated by Flyway");

    @Test
    void a_property_the_callbacks_changed_from_and_to_the_same_values_is_theirs() {
        SchemaDiff trace = diff(List.of(STANDARD), List.of(MIGRATED));
        SchemaDiff callbacks = diff(List.of(STANDARD), List.of(MIGRATED));

        assertThat(RoundTripWalk.without(trace, callbacks).isEmpty()).isTrue();
    }

    @Test
    void a_property_the_callbacks_changed_from_another_value_stays_in_the_trace() {
        SchemaDiff trace = diff(List.of(STANDARD), List.of(MIGRATED));
        SchemaDiff callbacks = diff(List.of(new Comment("schema public", "set by V3")), List.of(MIGRATED));

        assertThat(RoundTripWalk.without(trace, callbacks).render("")).isEqualTo(trace.render(""));
    }

    @Test
    void an_object_is_theirs_only_as_they_added_it() {
        Comment leftover = new Comment("table public.docs", "kept");
        SchemaDiff trace = diff(List.of(), List.of(leftover, MIGRATED));

        assertThat(RoundTripWalk.without(trace, diff(List.of(), List.of(MIGRATED))).render(""))
                .isEqualTo("+ comment on table public.docs ('kept')\n");
        assertThat(RoundTripWalk.without(trace, diff(List.of(), List.of(new Comment("schema public", "other")))).render(""))
                .isEqualTo(trace.render(""));
    }

    @Test
    void privileges_are_compared_as_one_value_so_a_revisions_own_part_keeps_them_in_the_trace() {
        SchemaName base = new SchemaName("public", "pg_database_owner", List.of());
        SchemaName afterUndos = new SchemaName("public", "pg_database_owner", List.of(new Grant("app", List.of("USAGE")),
                new Grant("reader", List.of("USAGE"))));
        SchemaName atHead = new SchemaName("public", "pg_database_owner", List.of(new Grant("reader", List.of("USAGE"))));
        SchemaName atHeadAfterCallbacks = new SchemaName("public", "pg_database_owner", List.of(new Grant("app",
                List.of("USAGE")), new Grant("reader", List.of("USAGE"))));
        SchemaDiff trace = diff(List.of(base), List.of(afterUndos));

        // reader's USAGE is a revision's that no undo revoked: the trace keeps the property
        assertThat(RoundTripWalk.without(trace, diff(List.of(atHead), List.of(atHeadAfterCallbacks))).render(""))
                .isEqualTo(trace.render(""));
    }
}
