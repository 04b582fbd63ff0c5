package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.testing.EngineRun.entries;
import static io.github.schemaverify.testing.EngineRun.failures;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;
import io.github.schemaverify.testing.TestCluster;

/**
 * A walk that starts late, on a server that outlives the run, starts on a copy of its base prepared for walking (rows
 * generated, schema read and kept with it): its verdicts are exactly those of a walk that prepares a copy of the base
 * itself, in the run that prepares it and in a later one; its kept reading equals a full one; a role changed on the
 * server since, or other session settings, make the walk read the copy in full; another time zone keeps templates of
 * its own; a role that is not a superuser prepares none; and a prepared base whose log a crash recovery emptied is not
 * walked, but dropped for the next run to prepare again.
 */
@ExtendWith(TestCluster.Resolver.class)
class PreparedBaseTest {
    private static final String KEPT = "the first reading kept with the template sv_cache_";

    /** Ten revisions, each undone; with {@code defect}, the undo of the last forgets the column it adds to t_9. */
    private static Chain chain(boolean defect) {
        Chain chain = Chain.empty();
        for (int i = 1; i <= 9; i++) {
            chain = chain.with("V" + i + "__revision_" + i + ".sql", LongHistoryTest.up(i))
                    .with("U" + i + "__revision_" + i + ".sql", LongHistoryTest.down(i));
        }
        return chain.with("V10__revision_10.sql", LongHistoryTest.up(10) + "ALTER TABLE t_9 ADD COLUMN note text;\n")
                .with("U10__revision_10.sql", LongHistoryTest.down(10) + (defect ? "" : "ALTER TABLE t_9 DROP COLUMN note;\n"));
    }

    private TestCluster cluster;

    private EngineExecutionResults walk(Chain chain, String cache, String... more) {
        EngineRun run = EngineRun.of(LongHistoryTest.Walk.class).on(cluster).param("schemaverify.locations", chain.location())
                .param("schemaverify.roundtrip.from", "10").param(MigratedDatabase.TEMPLATE_CACHE_PROPERTY, cache);
        for (int i = 0; i < more.length; i += 2) {
            run.param(more[i], more[i + 1]);
        }
        return run.execute();
    }

    private static String note(EngineExecutionResults results) {
        return entries(results, "schemaverify.notes").get(0);
    }

    private static String undoAll(EngineExecutionResults results) {
        return entries(results, "schemaverify.result").stream().filter(r -> r.contains("snapshots: ")).findFirst().orElseThrow();
    }

    private List<String> cached() {
        return cluster.svDatabases().stream().filter(n -> n.startsWith("sv_cache_")).toList();
    }

    /** The walk started on the prepared base an earlier run kept, read it in full (not its kept reading), and passed. */
    private static void passedReadingThePreparedCopyInFull(EngineExecutionResults results) {
        assertThat(note(results)).endsWith(" by an earlier run");
        assertThat(undoAll(results)).doesNotContain("kept with");
        results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0).aborted(0));
    }

    /** The prepared base a walk started on. */
    private static String preparedBy(EngineExecutionResults results) {
        return note(results).replaceAll(".*started on a copy of (sv_cache_[0-9a-f]{16}).*", "$1");
    }

    /** Runs a statement in a kept template, which takes no connections otherwise. */
    private void executeIn(String template, String sql) throws Exception {
        cluster.execute("ALTER DATABASE " + template + " WITH ALLOW_CONNECTIONS true");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + cluster.port() + "/" + template,
                cluster.user(), cluster.password()); Statement st = c.createStatement()) {
            st.execute(sql);
        } finally {
            cluster.execute("ALTER DATABASE " + template + " WITH ALLOW_CONNECTIONS false");
        }
    }

    @AfterEach
    void dropCached() {
        if (cluster != null) {
            for (String name : cached()) {
                cluster.execute("ALTER DATABASE " + name + " WITH IS_TEMPLATE false");
                cluster.execute("DROP DATABASE " + name + " WITH (FORCE)");
            }
        }
    }

    @Test
    void the_verdicts_on_a_prepared_base_are_those_of_a_walk_that_prepares_its_own(TestCluster cluster) {
        this.cluster = cluster;
        Chain chain = chain(true);
        EngineExecutionResults own = walk(chain, "0");
        assertThat(note(own)).doesNotContain("prepared");
        List<String> expected = failures(own);
        assertThat(expected).singleElement().asString().contains("note");

        EngineExecutionResults preparing = walk(chain, "4");
        assertThat(note(preparing)).contains("; started on a copy of sv_cache_").endsWith(" by this run");
        EngineExecutionResults prepared = walk(chain, "4");
        assertThat(note(prepared)).endsWith(", the base prepared for walking (its rows generated and its schema read) by an"
                + " earlier run");
        // the kept reading checked against a full one on the copy
        EngineExecutionResults checked = walk(chain, "4", VerifyRoundTrip.SNAPSHOTS_PROPERTY, "checked");
        assertThat(note(checked)).endsWith(" by an earlier run");

        for (EngineExecutionResults results : List.of(preparing, prepared, checked)) {
            assertThat(failures(results)).isEqualTo(expected);
        }

        // a chain without the defect: the undo of everything compared with the kept reading
        Chain clean = chain(false);
        assertThat(undoAll(walk(clean, "0"))).doesNotContain("kept with");
        walk(clean, "4");
        assertThat(undoAll(walk(clean, "4"))).contains(KEPT);
        assertThat(undoAll(walk(clean, "4", VerifyRoundTrip.SNAPSHOTS_PROPERTY, "checked"))).contains(KEPT);
    }

    @Test
    void planted_defects_after_the_start_are_reported_alike_on_a_prepared_base(TestCluster cluster) {
        this.cluster = cluster;
        // LongHistoryTest's chain: from V150 on, undos that leave things behind, a view frozen at 'now', rows an undo
        // deletes, a schema that depends on rows
        Chain chain = LongHistoryTest.history(310, new java.util.LinkedHashMap<>());
        // the walks that give the verdicts to expect and prepare the base read incrementally, as LongHistoryTest's walks
        // of this chain do (checked readings at each of their 480 steps are most of this class's time); the walk on the
        // prepared base checks each of its readings against a full one
        EngineExecutionResults own = walk(chain, "0", "schemaverify.roundtrip.from", "150", VerifyRoundTrip.SNAPSHOTS_PROPERTY,
                "incremental");
        List<String> expected = withoutTimes(failures(own));
        assertThat(entries(own, "schemaverify.cause")).containsExactly("undo_incomplete", "undo_incomplete",
                "undo_incomplete", "not_repeatable", "rows_lost", "head_differs");

        walk(chain, "4", "schemaverify.roundtrip.from", "150", VerifyRoundTrip.SNAPSHOTS_PROPERTY, "incremental");
        EngineExecutionResults prepared = walk(chain, "4", "schemaverify.roundtrip.from", "150", VerifyRoundTrip.SNAPSHOTS_PROPERTY,
                "checked");
        assertThat(note(prepared)).endsWith(" by an earlier run");
        assertThat(withoutTimes(failures(prepared))).isEqualTo(expected);
        assertThat(entries(prepared, "schemaverify.cause")).isEqualTo(entries(own, "schemaverify.cause"));
    }

    /** The failures with the moments a view froze ('now') left out. */
    private static List<String> withoutTimes(List<String> failures) {
        return failures.stream().map(f -> f.replaceAll("'\\d{4}-\\d\\d-\\d\\d [\\d:.]+'", "'T'")).toList();
    }

    @Test
    void a_role_that_is_not_a_superuser_walks_on_a_copy_of_the_base_and_prepares_none(TestCluster cluster) {
        this.cluster = cluster;
        cluster.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app_owner') THEN"
                + " CREATE ROLE app_owner LOGIN PASSWORD 'Owner-pass-5521' CREATEDB NOSUPERUSER; END IF; END $$");
        Chain chain = chain(false);
        for (int run = 0; run < 2; run++) {
            EngineExecutionResults results = walk(chain, "4", "schemaverify.user", "app_owner", "schemaverify.password",
                    "Owner-pass-5521");
            results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0).aborted(0));
            assertThat(note(results)).doesNotContain("prepared");
        }
        assertThat(cached()).singleElement(); // the base alone
    }

    @Test
    void a_run_in_another_time_zone_keeps_templates_of_its_own(TestCluster cluster) {
        this.cluster = cluster;
        // a migration's timestamptz literal without an offset names another instant in another time zone (the JVM's,
        // which the driver gives the session): what migrating builds, and how its values read, depend on it
        Chain chain = chain(false).with("V10__revision_10.sql", LongHistoryTest.up(10) + "ALTER TABLE t_9 ADD COLUMN"
                + " at timestamptz NOT NULL DEFAULT '2026-01-01 12:00';\n")
                .with("U10__revision_10.sql", LongHistoryTest.down(10) + "ALTER TABLE t_9 DROP COLUMN at;\n");
        java.util.TimeZone original = java.util.TimeZone.getDefault();
        try {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("UTC"));
            EngineExecutionResults here = walk(chain, "4");
            assertThat(failures(here)).isEmpty();
            assertThat(note(here)).endsWith(" by this run");

            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Asia/Tokyo"));
            EngineExecutionResults there = walk(chain, "4");
            assertThat(failures(there)).isEmpty();
            assertThat(note(there)).endsWith("; built in " + note(there).replaceAll(".*built in (\\d+ ms).*", "$1")
                    + " by this run; started on a copy of " + note(there).replaceAll(".*started on a copy of (sv_cache_\\w+).*",
                    "$1") + ", the base prepared for walking (its rows generated and its schema read) by this run");
            assertThat(cached()).hasSize(4);
        } finally {
            java.util.TimeZone.setDefault(original);
        }
    }

    @Test
    void a_kept_reading_taken_with_other_session_settings_is_read_again(TestCluster cluster) throws Exception {
        this.cluster = cluster;
        Chain chain = chain(false);
        // as if read where values read as text otherwise (an IntervalStyle, a bytea_output set on the server since)
        executeIn(preparedBy(walk(chain, "4")), "UPDATE schemaverify_walk.kept SET settings = 'elsewhere'");

        passedReadingThePreparedCopyInFull(walk(chain, "4"));
    }

    @Test
    void a_server_that_starts_sessions_quoting_every_identifier_keeps_templates_of_its_own_and_reads_as_any_other(
            TestCluster cluster) {
        this.cluster = cluster;
        Chain chain = chain(false);
        EngineExecutionResults here = walk(chain, "4");
        assertThat(failures(here)).isEmpty();
        assertThat(note(here)).doesNotContain("no row could be generated");
        // from now on a session starts quoting every identifier the catalog's functions write (types, defaults,
        // indexes): a dynamic format('%I') in a migration builds other text, so the templates are others; the readings
        // quote as PostgreSQL's defaults do, and rows are generated as before
        TestCluster.Configured quoting = cluster.configure("quote_all_identifiers", "on");
        try {
            EngineExecutionResults there = walk(chain, "4");
            assertThat(failures(there)).isEmpty();
            assertThat(note(there)).doesNotContain("no row could be generated")
                    .endsWith(", the base prepared for walking (its rows generated and its schema read) by this run");
            assertThat(preparedBy(there)).isNotEqualTo(preparedBy(here));
            assertThat(cached()).hasSize(4);
        } finally {
            quoting.close();
        }
    }

    @Test
    void a_role_changed_since_makes_the_walk_read_the_copy_in_full(TestCluster cluster) {
        this.cluster = cluster;
        Chain chain = chain(false);
        assertThat(undoAll(walk(chain, "4"))).contains(KEPT);
        cluster.execute("CREATE ROLE prepared_base_newcomer");
        try {
            passedReadingThePreparedCopyInFull(walk(chain, "4"));
        } finally {
            cluster.execute("DROP ROLE prepared_base_newcomer");
        }
    }

    @Test
    void a_prepared_base_whose_log_was_emptied_is_not_walked_and_is_prepared_again(TestCluster cluster) throws Exception {
        this.cluster = cluster;
        Chain chain = chain(true);
        String first = preparedBy(walk(chain, "4"));
        // what crash recovery does to the log's unlogged tables (its config alone: the log's position, still where the
        // reading left it, does not tell)
        executeIn(first, "TRUNCATE schemaverify_walk.config");

        EngineExecutionResults fallback = walk(chain, "4");
        assertThat(note(fallback)).doesNotContain("prepared").endsWith("; reused, built by an earlier run");
        assertThat(failures(fallback)).singleElement().asString().contains("note");
        assertThat(cached()).doesNotContain(first);

        assertThat(note(walk(chain, "4"))).contains("; started on a copy of sv_cache_").endsWith(" by this run");
    }

    @Test
    void a_kept_reading_that_holds_nothing_this_build_reads_is_not_walked_and_is_prepared_again(TestCluster cluster)
            throws Exception {
        this.cluster = cluster;
        Chain chain = chain(false);
        String prepared = preparedBy(walk(chain, "4"));
        // decoded beside the reading of the copy's log: bytes that are no image leave the copy unwalked all the same
        for (String column : List.of("image", "rows")) {
            executeIn(prepared, "UPDATE schemaverify_walk.kept SET " + column + " = convert_to('no image', 'UTF8')");

            EngineExecutionResults fallback = walk(chain, "4");
            assertThat(note(fallback)).as(column).doesNotContain("prepared").endsWith("; reused, built by an earlier run");
            fallback.testEvents().assertStatistics(s -> s.succeeded(3).failed(0).aborted(0));
            assertThat(cached()).as(column).doesNotContain(prepared);

            EngineExecutionResults again = walk(chain, "4");
            assertThat(note(again)).as(column).contains("; started on a copy of sv_cache_").endsWith(" by this run");
            prepared = preparedBy(again);
        }
    }
}
