package io.github.schemaverify.internal.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.schemaverify.testing.TestCluster;

@ExtendWith(TestCluster.Resolver.class)
class SessionStartTest {
    private static final String READ = "SELECT current_setting('TimeZone'), current_setting('statement_timeout'),"
            + " current_setting('standard_conforming_strings'), current_setting('quote_all_identifiers'),"
            + " current_setting('client_min_messages'), current_setting('row_security'),"
            + " '2020-01-01 00:00:00+00'::timestamptz::text, '1 day 02:00:00'::interval::text, 0.30000000000000004::float8::text";

    @Test
    void the_pin_reads_as_the_session_started_for_its_own_transaction_and_leaves_what_a_migration_set(TestCluster cluster)
            throws SQLException {
        String started;
        try (Connection fresh = cluster.connect(); Statement st = fresh.createStatement()) {
            started = row(st.executeQuery(READ));
        }
        SessionStart start = new SessionStart();
        try (Connection c = cluster.connect(); Statement st = c.createStatement()) {
            // what a migration leaves in its session (a pg_dump baseline sets some of these), as Flyway and the walk
            // keep it for the migrations after it
            st.execute("SET TimeZone = 'Asia/Tokyo'; SET IntervalStyle = 'iso_8601'; SET extra_float_digits = 0;"
                    + " SET statement_timeout = '5s'; SET standard_conforming_strings = off; SET quote_all_identifiers = on;"
                    + " SET client_min_messages = warning; SET row_security = off");
            String pin = start.pin(c);

            assertThat(row(start.afterPin(st, READ))).isEqualTo(started);
            // the session keeps what the migration set, and the instance keeps the connection's statement
            assertThat(row(st.executeQuery(READ))).isEqualTo("Asia/Tokyo|5s|off|on|warning|off|2020-01-01 09:00:00+09|P1DT2H|0.3");
            assertThat(start.pin(c)).isSameAs(pin);
        }
    }

    @Test
    void the_quoting_settings_read_as_postgresqls_defaults_whatever_the_server_starts_sessions_with(TestCluster cluster)
            throws SQLException {
        String quoting = "SELECT current_setting('quote_all_identifiers'), current_setting('standard_conforming_strings'),"
                + " format_type('text'::regtype, NULL), quote_ident('t')";
        TestCluster.Configured identifiers = cluster.configure("quote_all_identifiers", "on");
        try {
            TestCluster.Configured strings = cluster.configure("standard_conforming_strings", "off");
            try (Connection c = cluster.connect(); Statement st = c.createStatement()) {
                assertThat(row(st.executeQuery(quoting))).isEqualTo("on|off|\"text\"|\"t\"");

                assertThat(row(new SessionStart().afterPin(st, quoting))).isEqualTo("off|on|text|t");
            } finally {
                strings.close();
            }
        } finally {
            identifiers.close();
        }
    }

    @Test
    void a_reading_runs_as_the_role_that_logged_in_whatever_set_role_ran(TestCluster cluster) throws SQLException {
        cluster.execute("DROP ROLE IF EXISTS sv_pin_role; CREATE ROLE sv_pin_role");
        try (Connection c = cluster.connect(); Statement st = c.createStatement()) {
            String login = row(st.executeQuery("SELECT session_user"));
            // as Flyway's initSql, or a callback, may leave it
            st.execute("SET ROLE sv_pin_role");

            assertThat(row(new SessionStart().afterPin(st, "SELECT current_user"))).isEqualTo(login);
            assertThat(row(st.executeQuery("SELECT current_user"))).as("the session keeps its role").isEqualTo("sv_pin_role");
            st.execute("RESET ROLE");
        } finally {
            cluster.execute("DROP ROLE IF EXISTS sv_pin_role");
        }
    }

    @Test
    void the_timeouts_sessions_start_with_are_the_applications_and_off_for_a_reading(TestCluster cluster) throws SQLException {
        // as after a migration's ALTER DATABASE ... SET statement_timeout: sessions opened since start with it
        String timeouts = "SELECT current_setting('statement_timeout'), current_setting('lock_timeout'), pg_sleep(0.05)::text";
        TestCluster.Configured statement = cluster.configure("statement_timeout", "20ms");
        try {
            TestCluster.Configured lock = cluster.configure("lock_timeout", "10ms");
            try (Connection c = cluster.connect(); Statement st = c.createStatement()) {
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> st.executeQuery(timeouts)))
                        .hasMessageContaining("canceling statement due to statement timeout");

                assertThat(row(new SessionStart().afterPin(st, timeouts))).isEqualTo("0|0|");
            } finally {
                lock.close();
            }
        } finally {
            statement.close();
        }
    }

    private static String row(ResultSet rs) throws SQLException {
        try (rs) {
            rs.next();
            StringBuilder out = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                out.append(i > 1 ? "|" : "").append(rs.getString(i));
            }
            return out.toString();
        }
    }
}
