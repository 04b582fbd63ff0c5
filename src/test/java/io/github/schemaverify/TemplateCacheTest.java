package io.github.schemaverify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;
import io.github.schemaverify.testing.TestCluster;

/**
 * The migrated template of {@code @MigratedDatabase} is kept on a server that outlives the run (EXTERNAL): a later run
 * with the same migrations clones it instead of migrating again and says so; a changed file builds another; a bound of
 * 0 keeps none.
 */
@ExtendWith(TestCluster.Resolver.class)
class TemplateCacheTest {

    @MigratedDatabase
    static class Migrated {
        @Test
        void sees_every_migration(DataSource dataSource, TestReporter reporter) throws SQLException {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns"
                            + " WHERE table_name = 'cached'")) {
                rs.next();
                reporter.publishEntry("columns", rs.getString(1));
            }
        }
    }

    private static final String LINE = "SchemaVerify: cloning the template %s that another run built and kept (migrated: %s;"
            + " the same files, settings and server versions); schemaverify.templateCache=0 builds one in every run.";

    @TempDir
    Path reports;

    /** Runs {@link Migrated} on the chain, expecting these columns; returns what it printed (its summary too). */
    private String run(TestCluster cluster, Chain chain, String columns, String bound, String... more) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        EngineExecutionResults results;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            EngineRun engine = EngineRun.of(Migrated.class).on(cluster).param("schemaverify.locations", chain.location())
                    .param(MigratedDatabase.TEMPLATE_CACHE_PROPERTY, bound).param("schemaverify.report", "true")
                    .param("schemaverify.report.dir", reports.toString());
            for (int i = 0; i < more.length; i += 2) {
                engine.param(more[i], more[i + 1]);
            }
            results = engine.execute();
        } finally {
            System.setOut(original);
        }
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(EngineRun.entries(results, "columns")).as("the columns the test's clone has").containsExactly(columns);
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static List<String> cached(TestCluster cluster) {
        return cluster.svDatabases().stream().filter(n -> n.startsWith("sv_cache_")).toList();
    }

    @Test
    void a_later_run_clones_the_kept_template_until_a_file_changes_and_a_bound_of_0_keeps_none(TestCluster cluster)
            throws Exception {
        Chain chain = Chain.empty().with("V1__cached.sql", "CREATE TABLE cached (id bigint PRIMARY KEY);\n")
                .with("V2__name.sql", "ALTER TABLE cached ADD COLUMN name text;\n");
        try {
            String first = run(cluster, chain, "id,name", "4");
            assertThat(first).doesNotContain("cloning the template").contains("SchemaVerify: 1 test passed; 2 databases created");
            String kept = cached(cluster).get(0);
            assertThat(cluster.svDatabases()).containsExactly(kept);
            assertThat(comment(cluster, kept)).startsWith("SchemaVerify cache of role postgres, last used ")
                    .endsWith(": migrated: " + chain.location() + ". Kept between runs, at most 4 per role, the least"
                            + " recently used dropped first (schemaverify.templateCache)");

            // the same migrations: cloned, not migrated
            String second = run(cluster, chain, "id,name", "4");
            assertThat(second).contains(String.format(LINE, kept, chain.location()))
                    .contains("SchemaVerify: 1 test passed; 1 database created");
            assertThat(cluster.svDatabases()).containsExactly(kept);

            // a file changed: another template, built, and both kept
            Chain edited = chain.with("V2__name.sql", "ALTER TABLE cached ADD COLUMN name text, ADD COLUMN email text;\n");
            assertThat(run(cluster, edited, "id,name,email", "4")).doesNotContain("cloning the template");
            assertThat(cached(cluster)).hasSize(2).contains(kept);

            // placeholders make another template, named by their names only (a value may be a password)
            String placeholders = run(cluster, edited, "id,name,email", "4", "schemaverify.placeholders", "APP_SECRET=hunter2");
            assertThat(placeholders).doesNotContain("cloning the template").doesNotContain("hunter2");
            String withPlaceholders = cached(cluster).stream().filter(n -> !n.equals(kept))
                    .filter(n -> commentOf(cluster, n).contains(", placeholders APP_SECRET.")).findFirst().orElseThrow();
            assertThat(commentOf(cluster, withPlaceholders)).doesNotContain("hunter2");
            assertThat(cached(cluster)).hasSize(3);

            // 0 keeps none: the earlier ones are dropped, and this run's goes with it
            assertThat(run(cluster, edited, "id,name,email", "0")).doesNotContain("cloning the template");
            assertThat(cluster.svDatabases()).isEmpty();
        } finally {
            for (String name : cached(cluster)) {
                cluster.execute("ALTER DATABASE " + name + " WITH IS_TEMPLATE false");
                cluster.execute("DROP DATABASE " + name + " WITH (FORCE)");
            }
        }
    }

    @MigratedDatabase
    static class Walk {
        @VerifyRoundTrip
        void round_trip() {
        }
    }

    @Test
    void the_round_trip_compares_its_head_with_the_kept_template_and_a_build_that_changed_roles_keeps_none(TestCluster cluster)
            throws SQLException {
        Chain chain = Chain.empty().with("V1__cached.sql", "CREATE TABLE cached (id bigint PRIMARY KEY);\n")
                .with("U1__cached.sql", "DROP TABLE cached;\n")
                .with("V2__name.sql", "ALTER TABLE cached ADD COLUMN name text;\n")
                .with("U2__name.sql", "ALTER TABLE cached DROP COLUMN name;\n");
        try {
            run(cluster, chain, "id,name", "4");
            String kept = cached(cluster).get(0);
            EngineExecutionResults walk = EngineRun.of(Walk.class).on(cluster).param("schemaverify.locations", chain.location())
                    .param(MigratedDatabase.TEMPLATE_CACHE_PROPERTY, "4").execute();
            walk.testEvents().assertStatistics(s -> s.succeeded(4).failed(0));
            assertThat(EngineRun.entries(walk, "schemaverify.result").get(3))
                    .matches("passed: Flyway's migrated template " + kept + ", ready in \\d+ ms");

            // a kept template that is not what Flyway builds now (changed by hand here): Flyway runs again, and the
            // verdict is that run's
            cluster.execute("ALTER DATABASE " + kept + " WITH ALLOW_CONNECTIONS true");
            try (Connection c = DriverManager.getConnection(cluster.url().replace("/postgres", "/" + kept), cluster.user(),
                    cluster.password()); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE stale (id int)");
            } finally {
                cluster.execute("ALTER DATABASE " + kept + " WITH ALLOW_CONNECTIONS false");
            }
            EngineExecutionResults again = EngineRun.of(Walk.class).on(cluster).param("schemaverify.locations", chain.location())
                    .param(MigratedDatabase.TEMPLATE_CACHE_PROPERTY, "4").execute();
            again.testEvents().assertStatistics(s -> s.succeeded(4).failed(0));
            assertThat(EngineRun.entries(again, "schemaverify.result").get(3)).matches("passed: Flyway \\d+ ms");

            // a build that changes the server outside its database (a role it grants to) is not kept: a later undo
            // could not drop that role while a kept template depends on it
            Chain roles = chain.with("V3__reader.sql", "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname ="
                    + " 'cache_reader') THEN CREATE ROLE cache_reader; END IF; END $$;\nGRANT SELECT ON cached TO cache_reader;\n");
            PrintStream original = System.err;
            ByteArrayOutputStream warnings = new ByteArrayOutputStream();
            try {
                System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
                run(cluster, roles, "id,name", "4");
            } finally {
                System.setErr(original);
            }
            assertThat(warnings.toString(StandardCharsets.UTF_8)).contains("changed outside the sv_ databases: + role cache_reader");
            assertThat(cached(cluster)).containsExactly(kept);
        } finally {
            for (String name : cached(cluster)) {
                cluster.execute("ALTER DATABASE " + name + " WITH IS_TEMPLATE false");
                cluster.execute("DROP DATABASE " + name + " WITH (FORCE)");
            }
            cluster.execute("DROP ROLE IF EXISTS cache_reader");
        }
    }

    @Test
    void a_cached_template_a_dead_run_left_half_built_is_removed_and_a_complete_one_is_kept(TestCluster cluster) {
        String comment = "SchemaVerify cache of role " + cluster.user() + ", last used 2026-01-01T00:00:00Z by run 01234567"
                + " (host gone, pid 1): migrated: classpath:db/migration. Kept between runs, at most 4 per role, the least"
                + " recently used dropped first (schemaverify.templateCache)";
        cluster.execute("CREATE DATABASE sv_cache_00000000000000aa");
        cluster.execute("COMMENT ON DATABASE sv_cache_00000000000000aa IS '" + comment + "'");
        cluster.execute("CREATE DATABASE sv_cache_00000000000000bb");
        cluster.execute("COMMENT ON DATABASE sv_cache_00000000000000bb IS '" + comment + "'");
        cluster.execute("ALTER DATABASE sv_cache_00000000000000bb WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
        try {
            run(cluster, Chain.empty().with("V1__cached.sql", "CREATE TABLE cached (id bigint, half text);\n"), "id,half", "4");
            assertThat(cached(cluster)).hasSize(2).contains("sv_cache_00000000000000bb")
                    .doesNotContain("sv_cache_00000000000000aa");
        } finally {
            for (String name : cached(cluster)) {
                cluster.execute("ALTER DATABASE " + name + " WITH IS_TEMPLATE false");
                cluster.execute("DROP DATABASE " + name + " WITH (FORCE)");
            }
        }
    }

    private static String commentOf(TestCluster cluster, String database) {
        try {
            return comment(cluster, database);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String comment(TestCluster cluster, String database) throws Exception {
        try (Connection c = cluster.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '" + database + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
