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
}
