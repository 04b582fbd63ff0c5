package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.testing.EngineRun.failures;

import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;
import io.github.schemaverify.testing.TestCluster;

/** EXTERNAL: a server the user runs. Only sv_* databases SchemaVerify created are ever dropped. */
@ExtendWith(TestCluster.Resolver.class)
class ExternalServerTest {

    @Test
    void fifty_tests_get_fifty_distinct_databases_and_none_is_left(TestCluster cluster) {
        List<String> before = cluster.databases();

        EngineExecutionResults results = EngineRun.of(FiftyTestsFixture.class).on(cluster).execute();

        results.testEvents().assertStatistics(s -> s.succeeded(50).failed(0));
        assertThat(EngineRun.entries(results, "database")).hasSize(50).doesNotHaveDuplicates()
                .allMatch(n -> n.matches("sv_[0-9a-f]{8}_[0-9a-f]{8}"));
        assertThat(cluster.databases()).isEqualTo(before);
    }

    @Test
    void parallel_tests_take_clones_made_ahead_and_the_run_leaves_none_behind(TestCluster cluster) {
        List<String> before = cluster.databases();

        EngineExecutionResults results = EngineRun.of(FiftyTestsFixture.class).on(cluster)
                .param("junit.jupiter.execution.parallel.enabled", "true")
                .param("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .param("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .param("junit.jupiter.execution.parallel.config.fixed.parallelism", "4").execute();

        results.testEvents().assertStatistics(s -> s.succeeded(50).failed(0));
        assertThat(EngineRun.entries(results, "database")).hasSize(50).doesNotHaveDuplicates();
        // the template's clones made ahead that no test took, and the ones tests gave back, are gone with the run
        assertThat(cluster.databases()).isEqualTo(before);
    }

    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class UsesDatabaseFixture {
        @Test
        void test(DataSource ds) {
        }
    }

    @Test
    void wrong_password_is_named_and_never_printed(TestCluster cluster) {
        EngineExecutionResults results = EngineRun.of(UsesDatabaseFixture.class).on(cluster)
                .param("schemaverify.password", "Wrong-pass-91d2").execute();

        assertThat(failures(results)).containsExactly("Server EXTERNAL at " + cluster.url() + ": authentication failed for"
                + " user 'postgres' (FATAL: password authentication failed for user \"postgres\"). Set the right password"
                + " with schemaverify.password or SCHEMAVERIFY_PASSWORD, and the user with schemaverify.user.");
        assertThat(EngineRun.everything(results)).doesNotContain("Wrong-pass-91d2").doesNotContain(TestCluster.PASSWORD);
    }

    @Test
    void a_password_in_the_url_is_redacted(TestCluster cluster) {
        EngineExecutionResults results = EngineRun.of(UsesDatabaseFixture.class).param("schemaverify.server", "EXTERNAL")
                .param("schemaverify.url", "jdbc:postgresql://127.0.0.1:1/postgres?user=x&password=Url-secret-55")
                .execute();
        assertThat(failures(results)).singleElement().asString()
                .startsWith("Server EXTERNAL at jdbc:postgresql://127.0.0.1:1/postgres?user=x&password=***: cannot connect (");
        assertThat(EngineRun.everything(results)).doesNotContain("Url-secret-55");
    }

    @Test
    void unreachable_server_says_how_to_fix_it() {
        EngineExecutionResults results = EngineRun.of(UsesDatabaseFixture.class).param("schemaverify.server", "EXTERNAL")
                .param("schemaverify.url", "jdbc:postgresql://127.0.0.1:1/postgres").execute();
        assertThat(failures(results)).containsExactly("Server EXTERNAL at jdbc:postgresql://127.0.0.1:1/postgres: cannot"
                + " connect (Connection to 127.0.0.1:1 refused. Check that the hostname and port are correct and that the"
                + " postmaster is accepting TCP/IP connections.). Start the server, or fix schemaverify.url / SCHEMAVERIFY_URL;"
                + " to let SchemaVerify start a server instead, unset the URL and use server LOCAL or CONTAINER.");
    }

    @Test
    void an_unknown_host_is_named() {
        EngineExecutionResults results = EngineRun.of(UsesDatabaseFixture.class).param("schemaverify.server", "EXTERNAL")
                .param("schemaverify.url", "jdbc:postgresql://no-such-host.invalid:5432/postgres").execute();
        assertThat(failures(results)).containsExactly("Server EXTERNAL at jdbc:postgresql://no-such-host.invalid:5432/postgres:"
                + " unknown host no-such-host.invalid (the name does not resolve). Fix the host in schemaverify.url /"
                + " SCHEMAVERIFY_URL; to let SchemaVerify start a server instead, unset the URL and use server LOCAL or"
                + " CONTAINER.");
    }

    @Test
    void a_role_without_createdb_is_refused_and_nothing_changes(TestCluster cluster) {
        cluster.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app_ro') THEN"
                + " CREATE ROLE app_ro LOGIN PASSWORD 'Ro-pass-3321' NOCREATEDB; END IF; END $$");
        List<String> before = cluster.databases();

        EngineExecutionResults results = EngineRun.of(UsesDatabaseFixture.class).on(cluster)
                .param("schemaverify.user", "app_ro").param("schemaverify.password", "Ro-pass-3321").execute();

        assertThat(failures(results)).containsExactly("Server EXTERNAL at " + cluster.url() + ": the role 'app_ro' may not"
                + " create databases, and SchemaVerify creates one sv_* database per test. Grant it (ALTER ROLE app_ro"
                + " CREATEDB), or set schemaverify.user to a role that has CREATEDB. Nothing was created or changed.");
        assertThat(cluster.databases()).isEqualTo(before);
        assertThat(EngineRun.everything(results)).doesNotContain("Ro-pass-3321");
    }

    @MigratedDatabase(locations = "classpath:fixtures/roundtrip/plain")
    static class RoundTripFixture {
        @VerifyRoundTrip
        void round_trip() {
        }
    }

    @Test
    void without_a_superuser_the_round_trip_reads_every_snapshot_in_full_and_says_so(TestCluster cluster) {
        cluster.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app_owner') THEN"
                + " CREATE ROLE app_owner LOGIN PASSWORD 'Owner-pass-5521' CREATEDB NOSUPERUSER; END IF; END $$");

        EngineExecutionResults results = EngineRun.of(RoundTripFixture.class).on(cluster)
                .param("schemaverify.user", "app_owner").param("schemaverify.password", "Owner-pass-5521")
                .param("schemaverify.walk.snapshots", "incremental").execute();

        results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
        List<String> entries = results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs().get("schemaverify.result")).toList();
        assertThat(entries).anySatisfy(e -> assertThat(e).startsWith("passed: down ").endsWith(" ms; snapshots: full (the"
                + " user is not a superuser, and event triggers need one), 0 partial and 5 full readings"));
    }

    @MigratedDatabase(locations = "classpath:fixtures/broken_sql")
    static class BrokenFixture {
        @Test
        void test(DataSource ds) {
        }
    }

    @Test
    void a_failed_template_build_leaves_nothing_behind_and_the_maintenance_database_is_untouched(TestCluster cluster) {
        cluster.execute("CREATE TABLE IF NOT EXISTS keep_me (id int)");
        List<String> before = cluster.databases();

        EngineExecutionResults results = EngineRun.of(BrokenFixture.class, UsesDatabaseFixture.class).on(cluster).execute();

        assertThat(failures(results)).singleElement().asString().startsWith("Migration V2__broken.sql failed at line 3");
        results.testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(cluster.databases()).isEqualTo(before);
        cluster.execute("SELECT count(*) FROM keep_me");
        assertThat(EngineRun.everything(results)).doesNotContain(TestCluster.PASSWORD);
    }

    @Test
    void a_session_another_ends_under_a_revision_is_told_as_the_servers_doing_and_stops_the_walk(TestCluster cluster)
            throws InterruptedException {
        // found by a reliability probe that stopped the server under a walk: the revision's failure read "Could not restore
        // the role and search_path ... This connection has been closed", and the steps after it that SchemaVerify failed
        Chain chain = Chain.empty()
                .with("V1__t.sql", "CREATE TABLE t (id int PRIMARY KEY, name text);\n").with("U1__t.sql", "DROP TABLE t;\n")
                .with("V2__slow.sql", "ALTER TABLE t ADD COLUMN c int;\nSELECT pg_sleep(4.1);\n")
                .with("U2__slow.sql", "ALTER TABLE t DROP COLUMN c;\n")
                .with("V3__name_idx.sql", "CREATE INDEX t_name ON t (name);\n").with("U3__name_idx.sql", "DROP INDEX t_name;\n");
        // an administrator ends every session that runs V2's sleep (the walk's, and Flyway's beside it) while the run lasts
        java.util.concurrent.atomic.AtomicInteger ended = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread administrator = new Thread(() -> {
            try (java.sql.Connection c = cluster.connect(); java.sql.Statement st = c.createStatement()) {
                while (running.get()) {
                    try (java.sql.ResultSet rs = st.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                            + " WHERE query LIKE '%pg_sleep(4.1)%' AND pid <> pg_backend_pid()")) {
                        rs.next();
                        ended.addAndGet(rs.getInt(1));
                    }
                    Thread.sleep(25);
                }
            } catch (java.sql.SQLException | InterruptedException e) {
                failed.set(e); // told below, where the test's thread reads it
            }
        });
        administrator.start();
        EngineExecutionResults results = EngineRun.of(RoundTripTest.Walk.class).on(cluster)
                .param("schemaverify.locations", chain.location()).execute();
        running.set(false);
        administrator.join();
        assertThat(failed.get()).as("the administrator's session").isNull();

        assertThat(ended.get()).isPositive();
        assertThat(failures(results)).containsExactly("The server ended the session while V2__slow.sql ran (57P01:"
                + " terminating connection due to administrator command): the server stopped, restarted or crashed, another"
                + " session ended this one (pg_terminate_backend), or the connection was lost (the network, a pooler's limit)."
                + " That is no verdict on V2__slow.sql; where a statement of it crashed the server, the server's log says so."
                + " Run again once the server takes sessions.");
        assertThat(results.testEvents().aborted().stream().map(e -> e.getRequiredPayload(TestExecutionResult.class)
                .getThrowable().orElseThrow().getMessage()).distinct()).containsExactly("The walk stopped at V2 slow: the"
                        + " server ended its session there (57P01: terminating connection due to administrator command), which"
                        + " is no verdict on V2; see V2's error.");
        assertThat(EngineRun.entries(results, "schemaverify.cause")).isEmpty();
    }
}
