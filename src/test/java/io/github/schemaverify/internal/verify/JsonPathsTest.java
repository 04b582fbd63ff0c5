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

    @Test
    void the_chains_paths_are_kept_by_the_name_of_the_column_before_them() {
        ScriptMentions mentions = ScriptMentions.of(List.of(
                io.github.schemaverify.internal.migration.MigrationFile.of("V2__created.sql", "V2__created.sql",
                        "ALTER TABLE kv ADD COLUMN created timestamptz GENERATED ALWAYS AS ((value ->> 'created')::timestamptz)"
                                + " STORED;\nUPDATE \"Docs\" SET \"Body\" = \"Body\" - 'draft';\n"),
                io.github.schemaverify.internal.migration.MigrationFile.of("U2__created.sql", "U2__created.sql",
                        "ALTER TABLE kv DROP COLUMN created;\nUPDATE kv SET Value = Value - 'created' - 'updated';\n"
                                + "UPDATE kv SET value = (value::jsonb) -\n  'seen'; -- value - 'in a comment' is no code\n")));

        assertThat(mentions.paths("value")).containsExactly(List.of("created"), List.of("updated"), List.of("seen"));
        assertThat(mentions.paths("Body")).containsExactly(List.of("draft"));
        assertThat(mentions.paths("body")).isEmpty();
        assertThat(mentions.key()).isEqualTo("{Body=[[draft]], value=[[created], [updated], [seen]]} cast [value]");
    }

    @Test
    void the_columns_the_chain_casts_to_documents_are_kept_by_name() {
        ScriptMentions mentions = ScriptMentions.of(List.of(
                io.github.schemaverify.internal.migration.MigrationFile.of("V2__jsonb.sql", "V2__jsonb.sql",
                        "ALTER TABLE channelmembers ALTER COLUMN notifyprops TYPE jsonb USING notifyprops::jsonb;\n"
                                + "alter table t alter column \"Props\" set data type pg_catalog.json;\n"
                                + "UPDATE u SET doc = CAST(raw AS jsonb);\n-- legacy::jsonb in a comment is no code\n"
                                + "ALTER TABLE t ALTER COLUMN jsonish TYPE text;\n")));

        assertThat(List.of("notifyprops", "Props", "raw")).allMatch(mentions::castToJson);
        assertThat(List.of("props", "legacy", "jsonish", "doc")).noneMatch(mentions::castToJson);
    }

    @Test
    void the_columns_an_update_fills_where_null_are_kept_by_name() {
        ScriptMentions mentions = ScriptMentions.of(List.of(
                io.github.schemaverify.internal.migration.MigrationFile.of("V2__fill.sql", "V2__fill.sql",
                        "UPDATE oauthapps SET mattermostappid = '' WHERE mattermostappid IS NULL;\n"
                                + "update t set \"Note\" = 'n' where t.\"Note\" is null or kind is not null;\n"
                                + "CREATE VIEW live AS SELECT * FROM t WHERE deleted_at IS NULL;\n"
                                + "-- UPDATE t SET legacy = 1 WHERE legacy IS NULL (a comment)\n"
                                + "DO $$ BEGIN IF true THEN\n  UPDATE OAuthApps SET Secret = '' WHERE Secret IS NULL;\nEND IF; END $$;\n"
                                + "CREATE TRIGGER t BEFORE UPDATE ON t FOR EACH ROW WHEN (NEW.touched IS NULL) EXECUTE"
                                + " FUNCTION f();\nSELECT * FROM t WHERE locked IS NULL FOR UPDATE;\n")));

        assertThat(List.of("mattermostappid", "Note", "secret")).allMatch(c -> mentions.filledWhereNull(c, "1"));
        assertThat(List.of("note", "kind", "deleted_at", "legacy", "touched", "locked"))
                .noneMatch(c -> mentions.filledWhereNull(c, "1"));
        // production's rows hold values there once the migration that fills them ran
        assertThat(mentions.filledWhereNull("mattermostappid", null)).isTrue();
        assertThat(mentions.filledWhereNull("mattermostappid", "2")).isFalse();
        assertThat(mentions.key()).isEqualTo("{} null {Note=[2], mattermostappid=[2], secret=[2]}");
    }
}
