package io.github.schemaverify.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The paths a generated column's expression, as PostgreSQL writes it, reads from a document column. */
class JsonPathsTest {

    @Test
    void keys_chains_and_path_arrays_are_read() {
        assertThat(JsonPaths.read("(value ->> 'id'::text)", "value")).containsExactly(List.of("id"));
        assertThat(JsonPaths.read("((value -> 'state'::text) ->> 'current'::text)", "value"))
                .containsExactly(List.of("state", "current"));
        assertThat(JsonPaths.read("((value #>> '{meta,revision}'::text[]))::integer", "value"))
                .containsExactly(List.of("meta", "revision"));
        assertThat(JsonPaths.read("fulltext_index(((value ->> 'namespace'::text) || (value ->> 'id'::text)))", "value"))
                .containsExactly(List.of("namespace"), List.of("id"));
        // a quoted key of a path may hold a comma (and an escaped quote)
        assertThat(JsonPaths.read("(value #>> '{\"a,b\",\"say \\\"hi\\\"\",c}'::text[])", "value"))
                .containsExactly(List.of("a,b", "say \"hi\"", "c"));
    }

    @Test
    void only_the_column_named_whole_and_quoted_keys_are_read() {
        assertThat(JsonPaths.read("(old_value ->> 'id'::text)", "value")).isEmpty();
        assertThat(JsonPaths.read("(\"Doc\" ->> 'it''s'::text)", "Doc")).containsExactly(List.of("it's"));
        assertThat(JsonPaths.read("(value ->> 'id'::text)", "val")).isEmpty();
    }

    @Test
    void a_document_is_written_as_json() {
        Map<String, Object> document = new TreeMap<>();
        Map<String, Object> state = new TreeMap<>();
        state.put("current", JsonPaths.string("say \"hi\""));
        document.put("state", state);
        document.put("n", "1");
        assertThat(JsonPaths.write(document)).isEqualTo("{\"n\": 1, \"state\": {\"current\": \"say \\\"hi\\\"\"}}");
    }

    @Test
    void a_script_names_the_paths_it_reads_tests_for_and_deletes() {
        String script = """
                UPDATE kv SET value = value - 'updated' WHERE value ? 'legacy';
                UPDATE kv SET value = value #- '{state,old}', n = (t.value->>'count')::int;
                SELECT value::jsonb -> 'meta' ->> 'revision', created_at - '1 day'::interval FROM kv t;
                UPDATE kv SET value = value - '{draft,stale}'::text[] #- '{"a,b",c}';
                """;
        assertThat(JsonPaths.named(script, "value")).containsExactlyInAnyOrder(List.of("count"), List.of("meta", "revision"),
                List.of("updated"), List.of("legacy"), List.of("state", "old"), List.of("draft"), List.of("stale"),
                List.of("a,b", "c"));
        // key lists cast to text[] however it is spelled
        assertThat(JsonPaths.named("UPDATE kv SET value = value - '{x,y}'::TEXT[] - '{z}'::varchar[]"
                + " - '{w}'::character varying [] - '{v}'::int[]", "value"))
                .containsExactly(List.of("x"), List.of("y"), List.of("z"), List.of("w"));
        assertThat(JsonPaths.named("SELECT value - 'unterminated", "value")).isEmpty();
        assertThat(JsonPaths.named("SELECT value ?| array['a'], value - 1, value -> 0 FROM kv;", "value")).isEmpty();
    }
}
