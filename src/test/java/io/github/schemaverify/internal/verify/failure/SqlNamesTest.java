package io.github.schemaverify.internal.verify.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.schemaverify.testing.TestCluster;

/** Names in the SQL a failure's fix gives, quoted where {@code quote_ident} quotes them. */
@ExtendWith(TestCluster.Resolver.class)
class SqlNamesTest {

    @Test
    void every_keyword_of_the_server_is_quoted_as_quote_ident_quotes_it(TestCluster cluster) throws SQLException {
        int keywords = 0;
        try (Connection c = cluster.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT word, quote_ident(word) FROM pg_get_keywords()")) {
            while (rs.next()) {
                assertThat(SqlNames.ident(rs.getString(1))).as(rs.getString(1)).isEqualTo(rs.getString(2));
                keywords++;
            }
        }
        assertThat(keywords).isGreaterThan(400);
    }

    @Test
    void a_lower_case_name_that_is_no_keyword_is_written_bare() {
        assertThat(SqlNames.ident("body")).isEqualTo("body");
        assertThat(SqlNames.ident("_x$1")).isEqualTo("_x$1");
        // unreserved keywords read as names: SELECT quote_ident('name'), quote_ident('text'), quote_ident('version')
        assertThat(SqlNames.ident("name")).isEqualTo("name");
        assertThat(SqlNames.ident("text")).isEqualTo("text");
        assertThat(SqlNames.ident("version")).isEqualTo("version");
    }

    @Test
    void keywords_mixed_case_and_odd_characters_are_quoted() {
        // reserved, type or function name, and column name keywords: SELECT quote_ident('order'), ... on PostgreSQL 18
        assertThat(SqlNames.ident("order")).isEqualTo("\"order\"");
        assertThat(SqlNames.ident("user")).isEqualTo("\"user\"");
        assertThat(SqlNames.ident("left")).isEqualTo("\"left\"");
        assertThat(SqlNames.ident("position")).isEqualTo("\"position\"");
        assertThat(SqlNames.ident("json_table")).isEqualTo("\"json_table\"");
        assertThat(SqlNames.ident("Status")).isEqualTo("\"Status\"");
        assertThat(SqlNames.ident("1st")).isEqualTo("\"1st\"");
        assertThat(SqlNames.ident("a \"b\"")).isEqualTo("\"a \"\"b\"\"\"");
        assertThat(SqlNames.qualified("public", "user")).isEqualTo("public.\"user\"");
    }
}
