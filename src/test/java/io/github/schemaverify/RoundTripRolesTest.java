package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.testing.EngineRun.failures;

import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;

/**
 * Roles belong to the whole server: an undo's {@code DROP ROLE} that only SchemaVerify's own copies of the migrated
 * schema stop is put down to them, not to the undo.
 */
class RoundTripRolesTest {

    @MigratedDatabase(placeholders = "LISTS=10")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class TestThenWalk {
        @Test
        @Order(1)
        void test(DataSource dataSource) {
        }

        @VerifyRoundTrip
        @Order(2)
        void round_trip() {
        }
    }

    @Test
    void an_undo_that_drops_a_role_the_template_of_other_tests_grants_to_is_not_blamed_for_it() {
        Chain chain = Chain.of("kinds").replacing("sv_rt_", "sv_rt_tpl_");

        List<String> failures = failures(EngineRun.of(TestThenWalk.class).param("schemaverify.locations", chain.location())
                .execute());

        assertThat(failures).first().asString().matches("""
                        \\[U2__role\\.sql, down\\]
                        Expecting the undo of V2 to apply,
                        but U2__role\\.sql failed at line 1: ERROR: role "sv_rt_tpl_reader" cannot be dropped because some \
                        objects depend on it \\(\\d+ objects in database (sv_tpl_[0-9a-f]{16})\\)
                          in the statement at line 1:
                            DROP ROLE sv_rt_tpl_reader
                          \\(the objects are in \\1, a template SchemaVerify migrated for other tests of this run \
                        \\(@MigratedDatabase\\), not in the database migrated: roles belong to the whole server, and \
                        PostgreSQL drops no role that a database still names; under Flyway, which migrates one database, \
                        the statement would run\\)
                        Nothing in U2__role\\.sql needs fixing for this: run the round trip in a test run of its own \
                        \\(mvn test -Dtest=<its class>\\), where no template of these migrations exists yet\\.
                        Before this walk, a template that this run built for other tests changed \
                        sv_rt_tpl_reader on the server \\(\\+ membership of sv_rt_tpl_writer in sv_rt_tpl_reader; \\+ role \
                        sv_rt_tpl_reader \\(\\); \\+ role sv_rt_tpl_writer \\(LOGIN\\)\\): roles belong to the whole server, so the walk found them \
                        as that build left them, where a database migrated once would not; run the round trip in a test \
                        run of its own \\(mvn test -Dtest=<its class>\\)\\.""");
        // a membership the template's build granted was there before the walk's V24: its undo's REVOKE is no loss
        assertThat(failures).hasSize(2).last().asString().contains("~ role sv_rt_tpl_writer: member of was sv_rt_tpl_reader,"
                + " is absent").contains("Before this walk, a template that this run built for other tests changed"
                + " sv_rt_tpl_reader, sv_rt_tpl_writer on the server");
    }
}
