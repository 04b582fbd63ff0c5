package io.github.schemaverify.schema.diff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where comments and literals are blanked: the code a statement runs is what names its tables and columns. */
class SqlTextTest {

    private static String blank(String text) {
        return " ".repeat(text.length());
    }

    @Test
    void comments_and_literals_are_blanked_to_spaces_of_the_same_length_and_quoted_names_stay() {
        String code = "SELECT 'copied FROM docs', E'it\\'s' -- FROM notes\nFROM \"my table\" /* JOIN x */";

        assertThat(SqlText.masked(code)).isEqualTo("SELECT " + blank("'copied FROM docs'") + ", E" + blank("'it\\'s'")
                + " " + blank("-- FROM notes") + "\nFROM \"my table\" " + blank("/* JOIN x */"));
        assertThat(SqlText.masked(code)).hasSameSizeAs(code);
    }

    @Test
    void a_dollar_quoted_value_is_a_literal_even_with_a_quote_in_it() {
        // found by a review: read as code, its apostrophe opened a literal that hid the FROM after it
        assertThat(SqlText.masked("INSERT INTO t SELECT $$it's$$ FROM docs")).isEqualTo(
                "INSERT INTO t SELECT          FROM docs");
        assertThat(SqlText.masked("COMMENT ON TABLE t IS $$copied FROM docs$$")).isEqualTo(
                "COMMENT ON TABLE t IS " + blank("$$copied FROM docs$$"));
    }

    @Test
    void the_body_of_a_do_block_or_a_routine_is_code_with_its_own_literals_blanked() {
        assertThat(SqlText.masked("DO $$ BEGIN ALTER TABLE docs ADD c int; RAISE NOTICE 'FROM x'; END $$;")).isEqualTo(
                "DO $$ BEGIN ALTER TABLE docs ADD c int; RAISE NOTICE         ; END $$;");
        assertThat(SqlText.masked("DO LANGUAGE plpgsql $b$ BEGIN PERFORM 1 FROM t; END $b$")).isEqualTo(
                "DO LANGUAGE plpgsql $b$ BEGIN PERFORM 1 FROM t; END $b$");
        // a string inside the body, dollar-quoted with another tag, is a literal there
        assertThat(SqlText.masked("CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $f$ BEGIN EXECUTE $q$ FROM x $q$;"
                + " END $f$")).isEqualTo("CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $f$ BEGIN EXECUTE "
                + blank("$q$ FROM x $q$") + "; END $f$");
        // a comment between AS and the body does not hide it
        assertThat(SqlText.masked("AS /* body */ $$ SELECT 1 FROM t $$")).isEqualTo("AS " + blank("/* body */")
                + " $$ SELECT 1 FROM t $$");
        // a word ending in as or do is no AS: ALIAS $$...$$ is not valid SQL, but a name like "pandas" must not count
        assertThat(SqlText.masked("SELECT pandas $$ FROM t $$")).isEqualTo("SELECT pandas " + blank("$$ FROM t $$"));
    }

    @Test
    void without_comments_keeps_every_literal_as_written() {
        String code = "SELECT 'a -- b', $$c /* d */$$ -- e\nFROM t /* f */";

        assertThat(SqlText.withoutComments(code)).isEqualTo("SELECT 'a -- b', $$c /* d */$$     \nFROM t        ");
        assertThat(SqlText.withoutComments("DO $$ BEGIN -- gone\nPERFORM 'x'; END $$")).isEqualTo(
                "DO $$ BEGIN        \nPERFORM 'x'; END $$");
    }

    @Test
    void an_unterminated_dollar_quote_runs_to_the_end() {
        assertThat(SqlText.masked("SELECT $$ FROM t")).isEqualTo("SELECT          ");
        assertThat(SqlText.masked("DO $$ BEGIN PERFORM 'x' FROM t")).isEqualTo("DO $$ BEGIN PERFORM     FROM t");
    }
}
