package io.github.schemaverify.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.schemaverify.internal.migration.MigrationFile;

/** What the chain's scripts say of columns, by name, that the rows the walk generates follow. */
class ScriptMentionsTest {

    private static ScriptMentions mentions(String fileName, String content) {
        return ScriptMentions.of(List.of(MigrationFile.of(fileName, fileName, content)));
    }

    @Test
    void the_chains_paths_are_kept_by_the_name_of_the_column_before_them() {
        ScriptMentions mentions = ScriptMentions.of(List.of(
                MigrationFile.of("V2__created.sql", "V2__created.sql", "ALTER TABLE kv ADD COLUMN created timestamptz"
                        + " GENERATED ALWAYS AS ((value ->> 'created')::timestamptz) STORED;\n"
                        + "UPDATE \"Docs\" SET \"Body\" = \"Body\" - 'draft';\n"),
                MigrationFile.of("U2__created.sql", "U2__created.sql", "ALTER TABLE kv DROP COLUMN created;\n"
                        + "UPDATE kv SET Value = Value - 'created' - 'updated';\n"
                        + "UPDATE kv SET value = (value::jsonb) -\n  'seen'; -- value - 'in a comment' is no code\n")));

        assertThat(mentions.paths("value")).containsExactly(List.of("created"), List.of("updated"), List.of("seen"));
        assertThat(mentions.paths("Body")).containsExactly(List.of("draft"));
        assertThat(mentions.paths("body")).isEmpty();
        assertThat(mentions.key()).isEqualTo("{Body=[[draft]], value=[[created], [updated], [seen]]} cast [value]");
    }

    @Test
    void the_keys_the_chain_takes_for_arrays_hold_an_empty_array() {
        ScriptMentions mentions = mentions("V3__urls.sql", "UPDATE v SET body = body - 'url'"
                + " WHERE jsonb_array_length(body -> 'submodules') > 0;\n"
                + "SELECT e FROM v, JSON_ARRAY_ELEMENTS_TEXT(\"Doc\"->'tags') e;\n"
                + "SELECT jsonb_array_elements(body->'parents') FROM v; SELECT body->'owner' FROM v;\n"
                + "-- jsonb_array_length(body->'commented') is no code\n");

        assertThat(mentions.valueAt("body", List.of("submodules"))).isEqualTo("[]");
        assertThat(mentions.valueAt("body", List.of("parents"))).isEqualTo("[]");
        assertThat(mentions.valueAt("Doc", List.of("tags"))).isEqualTo("[]");
        assertThat(mentions.valueAt("body", List.of("owner"))).isEqualTo("null");
        assertThat(mentions.valueAt("body", List.of("url"))).isEqualTo("null");
        assertThat(mentions.valueAt("body", List.of("commented"))).isEqualTo("null");
    }

    @Test
    void the_columns_the_chain_casts_to_documents_are_kept_by_name() {
        ScriptMentions mentions = mentions("V2__jsonb.sql", "ALTER TABLE channelmembers ALTER COLUMN notifyprops"
                + " TYPE jsonb USING notifyprops::jsonb;\n"
                + "alter table t alter column \"Props\" set data type pg_catalog.json;\n"
                + "UPDATE u SET doc = CAST(raw AS jsonb);\n-- legacy::jsonb in a comment is no code\n"
                + "ALTER TABLE t ALTER COLUMN jsonish TYPE text;\n");

        assertThat(List.of("notifyprops", "Props", "raw")).allMatch(mentions::castToJson);
        assertThat(List.of("props", "legacy", "jsonish", "doc")).noneMatch(mentions::castToJson);
    }

    @Test
    void the_columns_an_update_fills_where_null_are_kept_by_name() {
        ScriptMentions mentions = mentions("V2__fill.sql", "UPDATE oauthapps SET mattermostappid = '' WHERE"
                + " mattermostappid IS NULL;\n"
                + "update t set \"Note\" = 'n' where t.\"Note\" is null or kind is not null;\n"
                + "CREATE VIEW live AS SELECT * FROM t WHERE deleted_at IS NULL;\n"
                + "-- UPDATE t SET legacy = 1 WHERE legacy IS NULL (a comment)\n"
                + "DO $$ BEGIN IF true THEN\n  UPDATE OAuthApps SET Secret = '' WHERE Secret IS NULL;\n"
                + "END IF; END $$;\n"
                + "CREATE TRIGGER t BEFORE UPDATE ON t FOR EACH ROW WHEN (NEW.touched IS NULL) EXECUTE"
                + " FUNCTION f();\nSELECT * FROM t WHERE locked IS NULL FOR UPDATE;\n");

        assertThat(List.of("mattermostappid", "Note", "secret")).allMatch(c -> mentions.filledWhereNull(c, "1"));
        assertThat(List.of("note", "kind", "deleted_at", "legacy", "touched", "locked"))
                .noneMatch(c -> mentions.filledWhereNull(c, "1"));
        // production's rows hold values there once the migration that fills them ran
        assertThat(mentions.filledWhereNull("mattermostappid", null)).isTrue();
        assertThat(mentions.filledWhereNull("mattermostappid", "2")).isFalse();
        assertThat(mentions.key()).isEqualTo("{} null {Note=[2], mattermostappid=[2], secret=[2]}");
    }
}
