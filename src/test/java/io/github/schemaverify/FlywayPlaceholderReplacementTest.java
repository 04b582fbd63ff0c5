package io.github.schemaverify;

import static io.github.schemaverify.testing.EngineRun.everything;
import static io.github.schemaverify.testing.EngineRun.failures;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;

/**
 * Flyway's {@code placeholderReplacement} setting: a project whose Flyway has it off keeps {@code ${...}} in its scripts
 * as text, and SchemaVerify, told the same, applies and walks them as Flyway does (nothing replaced, but where a script's
 * config file turns replacement on); told nothing, it stops before any server starts, naming the setting.
 */
class FlywayPlaceholderReplacementTest {

    /** Templates in a column default and a function body, as a project with replacement off writes them. */
    private static Chain chain() {
        return Chain.empty()
                .with("V1__templates.sql", "CREATE TABLE templates (id int PRIMARY KEY,\n"
                        + "    body text NOT NULL DEFAULT 'Dear ${customer},');\n")
                .with("U1__templates.sql", "DROP TABLE templates;\n")
                .with("V2__greeting.sql", "CREATE FUNCTION greeting() RETURNS text LANGUAGE sql AS $$ SELECT '${greeting}' $$;\n")
                .with("U2__greeting.sql", "DROP FUNCTION greeting();\n")
                // this script's config file turns replacement on again, as Flyway lets it
                .with("V3__lists.sql", "COMMENT ON TABLE templates IS 'lists=${LISTS}';\n")
                .with("V3__lists.sql.conf", "placeholderReplacement=true\n")
                .with("U3__lists.sql", "COMMENT ON TABLE templates IS NULL;\n");
    }

    @MigratedDatabase(placeholderReplacement = false, placeholders = "LISTS=10")
    static class Off {
        @VerifyRoundTrip(fixtures = "classpath:fixtures/roundtrip/fixtures_literal")
        void round_trip() {
        }

        @VerifyIdempotent
        void idempotent() {
        }

        @Test
        void written_as_the_scripts_hold_them(DataSource ds) throws SQLException {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT pg_get_expr(d.adbin, d.adrelid), greeting(),"
                            + " obj_description('templates'::regclass, 'pg_class') FROM pg_attrdef d"
                            + " WHERE d.adrelid = 'templates'::regclass")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("'Dear ${customer},'::text");
                assertThat(rs.getString(2)).isEqualTo("${greeting}");
                assertThat(rs.getString(3)).isEqualTo("lists=10");
            }
        }
    }

    @MigratedDatabase(placeholders = "LISTS=10")
    static class NotTold {
        @Test
        void migrated(DataSource ds) {
        }
    }

    @Test
    void told_the_template_the_walk_its_fixtures_and_the_idempotency_check_replace_nothing_as_flyway_does() {
        EngineExecutionResults results = EngineRun.of(Off.class).param("schemaverify.locations", chain().location()).execute();

        assertThat(failures(results)).as(everything(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(7).failed(0).aborted(0));
    }

    @Test
    void the_property_tells_it_as_the_attribute_does() {
        EngineExecutionResults results = EngineRun.of(NotTold.class).param("schemaverify.locations", chain().location())
                .param("schemaverify.flyway.placeholderReplacement", "false").execute();

        assertThat(failures(results)).as(everything(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void told_nothing_the_first_placeholder_without_a_value_is_named_with_both_fixes() {
        assertThat(failures(EngineRun.of(NotTold.class).param("schemaverify.locations", chain().location()).execute()))
                .containsExactly("@MigratedDatabase on "
                + NotTold.class.getName() + ": V1__templates.sql line 2 uses the placeholder ${customer}, which has no value,"
                + " and Flyway fails on it. Add placeholders = \"customer=<value>\" to @MigratedDatabase (or the property"
                + " schemaverify.placeholders); if the text is not meant as a placeholder, turn replacement off for the script"
                + " (V1__templates.sql.conf holding placeholderReplacement=false), or for every script if the project's Flyway"
                + " has it off (@MigratedDatabase(placeholderReplacement = false), or the property"
                + " schemaverify.flyway.placeholderReplacement=false).");
    }

    @Test
    void a_property_that_is_no_boolean_is_named() {
        assertThat(failures(EngineRun.of(NotTold.class).param("schemaverify.locations", chain().location())
                .param("schemaverify.flyway.placeholderReplacement", "off").execute())).containsExactly("@MigratedDatabase on "
                + NotTold.class.getName() + ": property schemaverify.flyway.placeholderReplacement is \"off\", which is not"
                + " true or false. Set it as the project's Flyway has placeholderReplacement (flyway.placeholderReplacement,"
                + " spring.flyway.placeholder-replacement).");
    }
}
