package io.github.schemaverify.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    @Test
    void a_setting_is_set_again_as_one_string_and_a_list_element_by_element() {
        assertThat(DatabaseSettings.alter("", "work_mem=64MB").sql().formatted("sv_x"))
                .isEqualTo("ALTER DATABASE sv_x SET \"work_mem\" TO E'64MB'");
        assertThat(DatabaseSettings.alter("", "DateStyle=ISO, DMY").sql().formatted("sv_x"))
                .isEqualTo("ALTER DATABASE sv_x SET \"DateStyle\" TO E'ISO, DMY'");
        assertThat(DatabaseSettings.alter("", "search_path=\"$user\", public, \"My \"\"App\"\"\"").sql().formatted("sv_x"))
                .isEqualTo("ALTER DATABASE sv_x SET \"search_path\" TO E'$user', E'public', E'My \"App\"'");
        assertThat(DatabaseSettings.alter("", "search_path=\"\"").sql().formatted("sv_x"))
                .isEqualTo("ALTER DATABASE sv_x SET \"search_path\" TO E''");
        assertThat(DatabaseSettings.alter("", "search_path=\"\", public").sql().formatted("sv_x"))
                .isEqualTo("ALTER DATABASE sv_x SET \"search_path\" TO E'', E'public'");
    }

    @Test
    void nothing_in_a_value_is_read_as_sql() {
        // a list as SET ... FROM CURRENT may keep it, unquoted, and a name no identifier could be
        assertThat(DatabaseSettings.alter("", "search_path=$user, x;DROP/**/DATABASE/**/y").sql().formatted("sv_x"))
                .isEqualTo("ALTER DATABASE sv_x SET \"search_path\" TO E'$user', E'x;DROP/**/DATABASE/**/y'");
        assertThat(DatabaseSettings.alter("", "app.tenant=it's 100% \\n").sql().formatted("sv_x"))
                .isEqualTo("ALTER DATABASE sv_x SET \"app\".\"tenant\" TO E'it''s 100% \\\\n'");
        assertThat(DatabaseSettings.alter("app \"owner\" 50%", "statement_timeout=5min").sql().formatted("sv_x"))
                .isEqualTo("ALTER ROLE \"app \"\"owner\"\" 50%\" IN DATABASE sv_x SET \"statement_timeout\" TO E'5min'");
    }

    @Test
    void a_setting_prints_its_name_never_its_value() {
        assertThat(DatabaseSettings.alter("app", "app.jwt_secret=s3cr3t")).hasToString("app.jwt_secret for role app");
    }
}
