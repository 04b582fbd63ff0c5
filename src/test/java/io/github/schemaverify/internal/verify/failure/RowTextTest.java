package io.github.schemaverify.internal.verify.failure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Rows in messages: PostgreSQL's record text, with NULL written out. */
class RowTextTest {

    @Test
    void an_empty_field_is_null_and_a_text_null_is_quoted() {
        // SELECT ROW(1, NULL, 'NULL', '')::text
        assertThat(RowText.shown("(1,,NULL,\"\")")).isEqualTo("(1,NULL,\"NULL\",\"\")");
        assertThat(RowText.shown("(,)")).isEqualTo("(NULL,NULL)");
        assertThat(RowText.shown("()")).isEqualTo("(NULL)");
    }

    @Test
    void quoted_fields_keep_their_commas_quotes_and_backslashes() {
        // SELECT ROW('a,b', 'say "hi"', 'c:\x', NULL)::text
        assertThat(RowText.shown("(\"a,b\",\"say \"\"hi\"\"\",\"c:\\\\x\",)"))
                .isEqualTo("(\"a,b\",\"say \"\"hi\"\"\",\"c:\\\\x\",NULL)");
        // a vector and a nested record, as they are written inside a record
        assertThat(RowText.shown("(,\"[0.1,0.1]\",\"(1,)\")")).isEqualTo("(NULL,\"[0.1,0.1]\",\"(1,)\")");
    }

    @Test
    void text_that_is_not_a_record_is_shown_as_it_is() {
        assertThat(RowText.shown("12")).isEqualTo("12");
        assertThat(RowText.shown("")).isEqualTo("");
    }

    @Test
    void a_records_values_are_read_back_unquoted() {
        // SELECT ROW(1, NULL, 'a,b', 'say "hi"', 'c:\x', '')::text
        assertThat(RowText.values("(1,,\"a,b\",\"say \"\"hi\"\"\",\"c:\\\\x\",\"\")"))
                .containsExactly("1", null, "a,b", "say \"hi\"", "c:\\x", "");
        assertThat(RowText.values("12")).isEmpty();
    }

    @Test
    void a_documents_members_named_as_secrets_are_masked_where_a_row_is_shown() {
        // SELECT ROW(1, '{"hashed_password": "$argon2id$v=19$abc", "v": 1}'::jsonb)::text
        assertThat(RowText.shown("(1,\"{\"\"v\"\": 1, \"\"hashed_password\"\": \"\"$argon2id$v=19$abc\"\"}\")"))
                .isEqualTo("(1,\"{\"\"v\"\": 1, \"\"hashed_password\"\": \"\"********\"\"}\")");
        assertThat(RowText.shown("(1,\"{\"\"v\"\": 1}\")")).isEqualTo("(1,\"{\"\"v\"\": 1}\")");
    }
}
