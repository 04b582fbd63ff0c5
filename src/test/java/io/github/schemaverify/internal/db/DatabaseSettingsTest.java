package io.github.schemaverify.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    @Test
    void a_setting_is_set_again_as_one_string_and_a_list_as_a_list() {
        assertThat(DatabaseSettings.alter("", "work_mem=64MB").sql().formatted("sv_x"))
                .isEqualTo("ALTER DATABASE sv_x SET \"work_mem\" TO '64MB'");
        assertThat(DatabaseSettings.alter("", "DateStyle=ISO, DMY").sql().formatted("sv_x"))
                .isEqualTo("ALTER DATABASE sv_x SET \"DateStyle\" TO 'ISO, DMY'");
        assertThat(DatabaseSettings.alter("", "search_path=\"$user\", public, \"My App\"").sql().formatted("sv_x"))
                .isEqualTo("ALTER DATABASE sv_x SET \"search_path\" TO \"$user\", public, \"My App\"");
        assertThat(DatabaseSettings.alter("", "search_path=\"\"").sql().formatted("sv_x"))
                .isEqualTo("ALTER DATABASE sv_x SET \"search_path\" TO ''");
    }

    @Test
    void quotes_and_percent_signs_and_dotted_names_and_roles_survive() {
        assertThat(DatabaseSettings.alter("", "app.tenant=it's 100%").sql().formatted("sv_x"))
                .isEqualTo("ALTER DATABASE sv_x SET \"app\".\"tenant\" TO 'it''s 100%'");
        assertThat(DatabaseSettings.alter("app \"owner\" 50%", "statement_timeout=5min").sql().formatted("sv_x"))
                .isEqualTo("ALTER ROLE \"app \"\"owner\"\" 50%\" IN DATABASE sv_x SET \"statement_timeout\" TO '5min'");
    }
}
