package io.github.schemaverify.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.schemaverify.Engine;
import io.github.schemaverify.Isolation;
import io.github.schemaverify.ServerMode;
import io.github.schemaverify.internal.catalog.CatalogTracker;
import io.github.schemaverify.internal.config.Config;
import io.github.schemaverify.internal.config.ServerSettings;
import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.migration.MigrationPlan;
import io.github.schemaverify.internal.server.ExternalServer;
import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.TestCluster;

/** The walk's own life cycle, where no JUnit invocation shows it: what closing it does to work begun ahead. */
@ExtendWith(TestCluster.Resolver.class)
class RoundTripWalkTest {

    @Test
    void the_widest_value_of_a_type_of_a_size_is_as_long_as_the_type_allows_and_named_so() {
        assertThat(RoundTripWalk.widest("character varying(128)")).hasValueSatisfying(v -> assertThat(v)
                .containsExactly("repeat('s', 128)", "a text of 128 characters"));
        assertThat(RoundTripWalk.widest("character(3)[]")).hasValueSatisfying(v -> assertThat(v)
                .containsExactly("ARRAY[repeat('s', 3)]", "an array holding a text of 3 characters"));
        assertThat(RoundTripWalk.widest("numeric(12,2)")).hasValueSatisfying(v -> assertThat(v)
                .containsExactly("9999999999.99", "9999999999.99"));
        assertThat(RoundTripWalk.widest("numeric(3,3)")).hasValueSatisfying(v -> assertThat(v).startsWith("0.999"));
        assertThat(RoundTripWalk.widest("numeric(6,0)")).hasValueSatisfying(v -> assertThat(v).startsWith("999999"));
        // no bound, a bound no row is meant to reach, or a scale PostgreSQL 15 allows beyond the precision: not tried
        for (String type : List.of("text", "character varying", "numeric", "integer", "character varying(10485760)",
                "character varying(1234567)", "numeric(2,5)", "numeric(4,-2)")) {
            assertThat(RoundTripWalk.widest(type)).as(type).isEmpty();
        }
        assertThat(RoundTripWalk.widest("character varying(100000)")).isPresent();
    }

    @Test
    void scripts_that_change_roles_or_grant_role_memberships_are_found_without_recursing_over_long_texts() {
        assertThat(RoundTripWalk.mayTouchRoles("CREATE ROLE app;")).isTrue();
        assertThat(RoundTripWalk.mayTouchRoles("GRANT admin TO bob;")).isTrue();
        assertThat(RoundTripWalk.mayTouchRoles("GRANT \"Admin\", auditor TO bob;")).isTrue();
        assertThat(RoundTripWalk.mayTouchRoles("GRANT SELECT ON t TO bob;")).isFalse();
        assertThat(RoundTripWalk.mayTouchRoles("GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA app TO bob;\nGRANT admin TO"
                + " carol;")).isTrue();
        assertThat(RoundTripWalk.mayTouchRoles("GRANT SELECT ON photo TO bob;")).isFalse();
        // a text that a regex repeating a group once a character overflowed the stack on (Windmill's first migration)
        assertThat(RoundTripWalk.mayTouchRoles("COMMENT ON TABLE t IS 'GRANT" + " the role".repeat(50_000) + "';")).isFalse();
    }

    @Test
    void undo_all_that_is_not_run_says_why_for_each_revision_it_would_stop_at() {
        // found on a real history: a revision without an undo script and one that created a schema of its own were said
        // to have "failed their own undo check"
        assertThat(RoundTripWalk.undoAllBlocked(List.of(new RoundTripWalk.Unwalked("V1.0.1", RoundTripWalk.UndoBlock.UNREAD),
                new RoundTripWalk.Unwalked("V1.0.2", RoundTripWalk.UndoBlock.NO_UNDO),
                new RoundTripWalk.Unwalked("V1.0.3", RoundTripWalk.UndoBlock.NO_UNDO),
                new RoundTripWalk.Unwalked("V5", RoundTripWalk.UndoBlock.FAILED),
                new RoundTripWalk.Unwalked("V6", RoundTripWalk.UndoBlock.FAILS_ON_ROWS)))).isEqualTo("V5 failed its own undo"
                        + " check; V6 fails on tables that hold rows (its undo was not walked); V1.0.2, V1.0.3 have no undo"
                        + " script; V1.0.1 changes schemas the walk does not read (its undo was not walked), so undoing every"
                        + " revision from head would only repeat those findings; fix them first.");
        assertThat(RoundTripWalk.undoAllBlocked(List.of(new RoundTripWalk.Unwalked("V2", RoundTripWalk.UndoBlock.FAILED))))
                .isEqualTo("V2 failed its own undo check, so undoing every revision from head would only repeat that finding;"
                        + " fix it first.");
    }

    @Test
    void closing_the_walk_after_its_last_revision_stops_the_undo_all_begun_beside_it(TestCluster cluster) {
        // undoing V3 takes a second: undo all, begun when V3 is walked, meets the close before it undoes V2
        Chain chain = Chain.empty()
                .with("V1__a.sql", "CREATE TABLE a (id int);\n").with("U1__a.sql", "DROP TABLE a;\n")
                .with("V2__b.sql", "CREATE TABLE b (id int);\n").with("U2__b.sql", "DROP TABLE b;\n")
                .with("V3__c.sql", "CREATE TABLE c (id int);\n").with("U3__c.sql", "SELECT pg_sleep(1);\nDROP TABLE c;\n");
        Config config = new Config("RoundTripWalkTest", List.of(chain.location()), Engine.FLYWAY, List.of(), Config.LATEST,
                new TreeMap<>(), List.of("public"), Isolation.PER_METHOD, new ServerSettings(ServerMode.EXTERNAL, "",
                        Optional.of(cluster.url()), Optional.of(cluster.user()), Optional.of(cluster.password()), Optional.empty(),
                        "postgres"));
        ClassLoader loader = RoundTripWalkTest.class.getClassLoader();
        MigrationPlan plan = MigrationPlan.prepare(config, loader);
        List<String> before = cluster.databases();

        try (DatabaseManager manager = new DatabaseManager(ExternalServer.connect(cluster.url(), Optional.of(cluster.user()),
                Optional.of(cluster.password())))) {
            RoundTripWalk walk = new RoundTripWalk(manager, plan, new RoundTripWalk.Settings(true, Set.of(), Optional.empty(),
                    CatalogTracker.Mode.INCREMENTAL, true, Set.of()), loader);
            for (int i = 0; i < 3; i++) {
                assertThat(walk.outcome(i).status()).as(walk.outcome(i).message()).isEqualTo(Outcome.Status.PASSED);
            }
            walk.close();

            // no invocation asked for it: it stopped instead of undoing the rest
            assertThat(walk.kind(3)).isEqualTo("undo_all");
            Outcome undoAll = walk.outcome(3);
            assertThat(undoAll.status()).isEqualTo(Outcome.Status.ABORTED);
            assertThat(undoAll.message()).isEqualTo("the walk was closed before undo all ran");
        }
        assertThat(cluster.databases()).isEqualTo(before);
    }
}
