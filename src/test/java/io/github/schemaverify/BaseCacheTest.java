package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.testing.EngineRun.entries;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;
import io.github.schemaverify.testing.TestCluster;

/**
 * The base of a round trip that starts late is built once and kept on a server that outlives the run (EXTERNAL), with
 * a copy of it prepared for walking (rows generated, schema read): later runs reuse both while the files before the
 * start are unchanged, another run's reaper leaves them alone, and the least recently used beyond the bound are dropped.
 */
@ExtendWith(TestCluster.Resolver.class)
class BaseCacheTest {
    static final int REVISIONS = 200;

    @MigratedDatabase
    static class Migrated {
        @org.junit.jupiter.api.Test
        void uses_a_clone(javax.sql.DataSource ds) {
        }
    }

    /** 200 revisions, each a table and one more object, each with its undo. */
    static Chain history() {
        Chain chain = Chain.empty();
        for (int i = 1; i <= REVISIONS; i++) {
            chain = chain.with("V" + i + "__revision_" + i + ".sql", LongHistoryTest.up(i))
                    .with("U" + i + "__revision_" + i + ".sql", LongHistoryTest.down(i));
        }
        return chain;
    }

    private static EngineExecutionResults walkLast(TestCluster cluster, Chain chain, String... more) {
        EngineRun run = EngineRun.of(LongHistoryTest.Walk.class).on(cluster).param("schemaverify.locations", chain.location())
                .param("schemaverify.roundtrip.from", String.valueOf(REVISIONS))
                .param(MigratedDatabase.TEMPLATE_CACHE_PROPERTY, "4"); // the default (the suite sets 0)
        for (int i = 0; i < more.length; i += 2) {
            run.param(more[i], more[i + 1]);
        }
        return run.execute();
    }

    private static String baseNote(EngineExecutionResults results) {
        results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0).aborted(0));
        return entries(results, "schemaverify.notes").get(0);
    }

    private static List<String> bases(TestCluster cluster) {
        return cluster.svDatabases().stream().filter(n -> n.startsWith("sv_cache_")).toList();
    }

    @Test
    void the_last_of_200_revisions_is_walked_on_one_base_build_that_later_runs_reuse_until_an_earlier_file_changes(
            TestCluster cluster) throws Exception {
        Chain chain = history();
        try {
            String built = baseNote(walkLast(cluster, chain));
            assertThat(built).matches("walked from V200 \\(schemaverify\\.roundtrip\\.from = \"200\"\\), on a copy of the base"
                    + " (sv_cache_[0-9a-f]{16}): V1 to V199 applied once by Flyway, not verified; built in \\d+ ms by this run;"
                    + " started on a copy of (sv_cache_[0-9a-f]{16}), the base prepared for walking \\(its rows generated and"
                    + " its schema read\\) by this run");
            String first = built.replaceAll(".*base (sv_cache_[0-9a-f]{16}).*", "$1");
            String firstPrepared = built.replaceAll(".*started on a copy of (sv_cache_[0-9a-f]{16}).*", "$1");
            assertThat(cluster.svDatabases()).containsExactlyInAnyOrder(first, firstPrepared);
            assertThat(comment(cluster, first)).startsWith("SchemaVerify cache of role postgres, last used ")
                    .endsWith(": the base of a round trip, V1 to V199 of " + chain.location() + " applied. Kept between"
                    + " runs, at most 4 per role, the least recently used dropped first (schemaverify.templateCache)");
            assertThat(comment(cluster, firstPrepared)).startsWith("SchemaVerify cache of role postgres, last used ")
                    .endsWith(": the base of a round trip prepared for walking, V1 to V199 of " + chain.location() + " applied,"
                    + " a row in each table, its schema read. Kept between runs, at most 4 per role, the least recently used"
                    + " dropped first (schemaverify.templateCache)");

            // the newest file edited: the same base and prepared base, reused
            Chain editedLast = chain.with("V200__revision_200.sql", LongHistoryTest.up(200) + "COMMENT ON TABLE t_200 IS 'x';\n");
            assertThat(baseNote(walkLast(cluster, editedLast))).contains("on a copy of the base " + first + ": ")
                    .endsWith("; reused, built by an earlier run; started on a copy of " + firstPrepared + ", the base prepared"
                            + " for walking (its rows generated and its schema read) by an earlier run");

            // another run's reaper treats them as cache, not as something a dead run left
            EngineRun.of(Migrated.class).on(cluster).param("schemaverify.locations", chain.location())
                    .param(MigratedDatabase.TEMPLATE_CACHE_PROPERTY, "4").execute().testEvents().assertStatistics(s -> s.succeeded(1));
            List<String> migrated = bases(cluster).stream().filter(n -> !n.equals(first) && !n.equals(firstPrepared)).toList();
            assertThat(migrated).singleElement(); // its own migrated template, kept beside the base
            assertThat(comment(cluster, migrated.get(0))).endsWith(": migrated: " + chain.location() + ". Kept between runs,"
                    + " at most 4 per role, the least recently used dropped first (schemaverify.templateCache)");
            cluster.execute("ALTER DATABASE " + migrated.get(0) + " WITH IS_TEMPLATE false");
            cluster.execute("DROP DATABASE " + migrated.get(0));

            // an earlier file changed: another base, prepared anew
            Chain editedEarlier = editedLast.with("V100__revision_100.sql", LongHistoryTest.up(100) + "CREATE INDEX ON t_100 (id, name);\n")
                    .with("U100__revision_100.sql", "DROP TABLE t_100;\n");
            String rebuilt = baseNote(walkLast(cluster, editedEarlier));
            assertThat(rebuilt).contains(" by this run; started on a copy of ").endsWith(" by this run").doesNotContain(first)
                    .doesNotContain(firstPrepared);
            String second = rebuilt.replaceAll(".*base (sv_cache_[0-9a-f]{16}).*", "$1");
            String secondPrepared = rebuilt.replaceAll(".*started on a copy of (sv_cache_[0-9a-f]{16}).*", "$1");
            assertThat(bases(cluster)).containsExactlyInAnyOrder(first, firstPrepared, second, secondPrepared);

            // a bound of 1: the run keeps its base and drops the least recently used, and prepares none (a walk that
            // starts late would need two)
            assertThat(baseNote(walkLast(cluster, editedEarlier, "schemaverify.templateCache", "1"))).contains(second)
                    .endsWith("; reused, built by an earlier run");
            assertThat(bases(cluster)).containsExactly(second);

            // 0 keeps none: the base goes with its last user, as a run's template does, and none is prepared
            assertThat(baseNote(walkLast(cluster, editedEarlier, "schemaverify.templateCache", "0")))
                    .doesNotContain("started on a copy of");
            assertThat(cluster.svDatabases()).isEmpty();
        } finally {
            for (String base : bases(cluster)) {
                cluster.execute("ALTER DATABASE " + base + " WITH IS_TEMPLATE false");
                cluster.execute("DROP DATABASE " + base + " WITH (FORCE)");
            }
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
