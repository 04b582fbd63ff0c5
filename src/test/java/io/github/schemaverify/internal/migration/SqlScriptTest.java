package io.github.schemaverify.internal.migration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a statement may do to rows and columns, as the probe after a script is chosen by it. */
class SqlScriptTest {

    private static SqlScript.Statement statement(String sql) {
        return SqlScript.parse(sql + ";\n").get(0);
    }

    @Test
    void a_table_made_from_a_query_writes_rows_and_other_ddl_does_not() {
        assertThat(statement("CREATE TABLE cache AS SELECT id, v + 100 AS v FROM src").writesNoRows()).isFalse();
        assertThat(statement("CREATE UNLOGGED TABLE IF NOT EXISTS cache (id, v) AS VALUES (1, 2)").writesNoRows()).isFalse();
        assertThat(statement("CREATE TEMP TABLE cache AS WITH x AS (SELECT 1) SELECT * FROM x").writesNoRows()).isFalse();
        assertThat(statement("CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY, s int GENERATED ALWAYS AS (id * 2) STORED)")
                .writesNoRows()).isTrue();
        assertThat(statement("CREATE TABLE t (LIKE src INCLUDING ALL)").writesNoRows()).isTrue();
        assertThat(statement("CREATE VIEW v AS SELECT 1").writesNoRows()).isTrue();
        assertThat(statement("DO $$ BEGIN NULL; END $$").writesNoRows()).isFalse();
    }

    @Test
    void the_tables_a_script_makes_from_queries_are_named_as_written_and_temporary_ones_left_out() {
        assertThat(SqlScript.tablesMadeFromQueries("""
                DROP TABLE cache;
                -- a table AS the view gives it
                CREATE TABLE cache AS SELECT * FROM cache_view;
                create unlogged table if not exists app . "Totals" (n) as values (1);
                CREATE TABLE plain (id int GENERATED ALWAYS AS IDENTITY);
                CREATE TEMP TABLE scratch AS SELECT 1;
                CREATE TEMPORARY TABLE scratch2 AS SELECT 1;
                CREATE LOCAL TEMP TABLE scratch3 AS SELECT 1;
                CREATE VIEW v AS SELECT 1;
                """)).containsExactly(new SqlScript.Made("cache", false), new SqlScript.Made("app.\"Totals\"", true));
        assertThat(new SqlScript.Made("app.\"Totals\"", true).bareName()).isEqualTo("Totals");
        assertThat(new SqlScript.Made("Cache", false).bareName()).isEqualTo("cache");
        assertThat(SqlScript.tablesMadeFromQueries("CREATE VIEW v AS SELECT 1;\n")).isEmpty();
    }

    @Test
    void a_statement_that_may_change_how_rows_read_in_place_is_told_apart_wherever_the_words_stand() {
        assertThat(statement("ALTER TABLE t RENAME COLUMN a TO b").mayChangeRowsInPlace()).isTrue();
        assertThat(statement("alter table if exists only t drop column a").mayChangeRowsInPlace()).isTrue();
        assertThat(statement("ALTER FOREIGN TABLE f DROP COLUMN a").mayChangeRowsInPlace()).isTrue();
        // at the end of a long ALTER TABLE, past the 400 characters the keywords keep
        String added = String.join(", ", java.util.stream.IntStream.range(0, 20).mapToObj(i -> "ADD COLUMN long_column_name_" + i
                + " text").toList());
        assertThat(statement("ALTER TABLE t " + added + ", DROP COLUMN old").mayChangeRowsInPlace()).isTrue();
        assertThat(statement("ALTER TABLE t ALTER COLUMN at TYPE timestamptz").mayChangeRowsInPlace()).isTrue();
        assertThat(statement("ALTER TABLE t ALTER COLUMN n SET DATA TYPE text").mayChangeRowsInPlace()).isTrue();
        assertThat(statement("ALTER TABLE t ADD COLUMN a text").mayChangeRowsInPlace()).isFalse();
        assertThat(statement("CREATE INDEX t_drop ON t (a)").mayChangeRowsInPlace()).isFalse();
    }

    @Test
    void the_literals_of_a_statement_that_names_a_secret_column_are_not_shown() {
        // found on Coder's fixtures: a refused row was masked, and the statement quoted under it showed the token
        assertThat(statement("INSERT INTO user_links (user_id, oauth_access_token) VALUES ('peuLZhMXt4',\n"
                + " E'gho_D4v\\'Q2', 'it''s ok', $t$x$t$)").excerpt())
                .isEqualTo("INSERT INTO user_links (user_id, oauth_access_token) VALUES ('********',\n E'********', '********',"
                        + " '********')");
        assertThat(statement("UPDATE users SET password_hash = 'x' WHERE id = 1").excerpt())
                .isEqualTo("UPDATE users SET password_hash = '********' WHERE id = 1");
        // a secret's name in a literal or a comment names no column
        assertThat(statement("INSERT INTO mails (id, body) VALUES (1, 'reset your password') /* token */").excerpt())
                .isEqualTo("INSERT INTO mails (id, body) VALUES (1, 'reset your password') /* token */");
        // where the failure masked a value, whatever the statement names (no column list)
        assertThat(statement("INSERT INTO user_links VALUES ('u1', 'gho_x')").excerpt(true))
                .isEqualTo("INSERT INTO user_links VALUES ('********', '********')");
    }

    @Test
    void a_role_s_password_is_not_shown_not_even_in_text_the_server_cut_short() {
        assertThat(SqlScript.shown("CREATE ROLE app LOGIN PASSWORD 'hunter2'"))
                .isEqualTo("CREATE ROLE app LOGIN PASSWORD '********'");
        assertThat(SqlScript.shown("ALTER USER app WITH ENCRYPTED PASSWORD E'hun\\'ter2' VALID UNTIL 'infinity'"))
                .isEqualTo("ALTER USER app WITH ENCRYPTED PASSWORD E'********' VALID UNTIL '********'");
        assertThat(SqlScript.shown("CREATE USER MAPPING FOR app SERVER remote OPTIONS (user 'app', password 'hunter2')"))
                .isEqualTo("CREATE USER MAPPING FOR app SERVER remote OPTIONS (user '********', password '********')");
        // pg_stat_activity keeps the first track_activity_query_size bytes: the literal has no end there
        assertThat(SqlScript.shown("CREATE ROLE app LOGIN PASSWORD 'hunter2-and-m")).isEqualTo("CREATE ROLE app LOGIN PASSWORD '********'");
        assertThat(SqlScript.shown("SELECT pg_sleep(2), 'ok'")).isEqualTo("SELECT pg_sleep(2), 'ok'");
        // a password in a literal, where the code names none: a connection string, a URL, a statement built by format
        assertThat(SqlScript.shown("CREATE SUBSCRIPTION s CONNECTION 'host=db user=rep password=hunter2' PUBLICATION p"))
                .isEqualTo("CREATE SUBSCRIPTION s CONNECTION '********' PUBLICATION p");
        assertThat(SqlScript.shown("SELECT dblink_connect('postgres://rep:hunter2@db/app')"))
                .isEqualTo("SELECT dblink_connect('********')");
        assertThat(SqlScript.shown("DO $$ BEGIN EXECUTE format('ALTER ROLE %I PASSWORD %L', 'app', 'hunter2'); END $$"))
                .isEqualTo("DO $$ BEGIN EXECUTE format('********', '********', '********'); END $$");
        assertThat(SqlScript.shown("DO $$ BEGIN EXECUTE 'ALTER ROLE app PASSWORD ''hunter2'''; END $$"))
                .isEqualTo("DO $$ BEGIN EXECUTE '********'; END $$");
        // Flyway sends the comments before a statement with it: an apostrophe there starts no literal
        assertThat(SqlScript.shown("-- the role's password\nALTER ROLE app PASSWORD 'x' -- it's set\n"))
                .isEqualTo("-- the role's password\nALTER ROLE app PASSWORD '********' -- it's set\n");
    }

    @Test
    void the_columns_a_script_renames_are_read_with_their_tables() {
        assertThat(SqlScript.columnRenames("ALTER TABLE ONLY public.licenses RENAME COLUMN created_at TO uploaded_at;\n"
                + "-- ALTER TABLE t RENAME COLUMN x TO y;\nALTER TABLE \"Users\" RENAME \"Name\" TO full_name;\n"
                + "ALTER TABLE t RENAME TO u;\nALTER TABLE t RENAME CONSTRAINT c TO d;\n"
                + "DO $$ BEGIN ALTER TABLE IF EXISTS keys RENAME COLUMN a TO b; END $$;\n"))
                .containsExactly(new SqlScript.ColumnRename("public", "licenses", "created_at", "uploaded_at"),
                        new SqlScript.ColumnRename("", "Users", "Name", "full_name"),
                        new SqlScript.ColumnRename("", "keys", "a", "b"));
    }
}
