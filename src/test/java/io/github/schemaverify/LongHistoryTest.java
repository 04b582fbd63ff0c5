package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.testing.EngineRun.entries;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;

/**
 * A generated history of 350 revisions with a defect of every round-trip cause planted at known places: one run
 * reports every planted failure with its cause, at its revision, and passes every other revision.
 */
class LongHistoryTest {
    static final int REVISIONS = 350;
    /** {@link #plantedWalk}'s walks, by their lanes. */
    private static final Map<Integer, EngineExecutionResults> PLANTED_WALKS = new HashMap<>();

    @MigratedDatabase
    static class Walk {
        @VerifyRoundTrip
        void round_trip() {
        }
    }

    /** Revision {@code i}: a table of its own and one more object, each taken back by its undo. */
    static String up(int i) {
        StringBuilder sql = new StringBuilder("-- revision " + i + "\nCREATE TABLE t_" + i
                + " (id bigserial PRIMARY KEY, name text NOT NULL);\n");
        switch (i % 5) {
            case 0 -> sql.append("CREATE INDEX t_").append(i).append("_name_idx ON t_").append(i).append(" (name);\n");
            case 1 -> sql.append(i > 1 ? "ALTER TABLE t_" + i + " ADD COLUMN parent bigint REFERENCES t_" + (i - 1) + " (id);\n"
                    : "COMMENT ON TABLE t_1 IS 'the first';\n");
            case 2 -> sql.append("CREATE FUNCTION f_").append(i).append("() RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT ")
                    .append(i).append(" $$;\n");
            case 3 -> sql.append("CREATE VIEW v_").append(i).append(" AS SELECT id, upper(name) AS name FROM t_").append(i)
                    .append(";\n");
            default -> sql.append("CREATE TYPE e_").append(i).append(" AS ENUM ('a', 'b');\nALTER TABLE t_").append(i)
                    .append(" ADD COLUMN state e_").append(i).append(";\n");
        }
        return sql.toString();
    }

    static String down(int i) {
        String extra = switch (i % 5) {
            case 2 -> "DROP FUNCTION f_" + i + "();\n";
            case 3 -> "DROP VIEW v_" + i + ";\n";
            default -> "";
        };
        return extra + "DROP TABLE t_" + i + ";\n" + (i % 5 == 4 ? "DROP TYPE e_" + i + ";\n" : "");
    }

    /** The chain with its planted defects; the expected cause of each planted revision. */
    static Chain history(int revisions, Map<Integer, String> planted) {
        Chain chain = Chain.empty();
        for (int i = 1; i <= revisions; i++) {
            String up = up(i);
            String down = down(i);
            String cause = null;
            switch (i) {
                case 40 -> {
                    down = down.replace("DROP TABLE t_40", "DROP TABLE t_40x");
                    cause = "undo_failed";
                }
                case 80 -> cause = "missing_undo";
                case 120 -> {
                    up += "CREATE SEQUENCE s_120;\n";
                    cause = "undo_incomplete";
                }
                case 150 -> {
                    up += "DROP FUNCTION f_142();\n";
                    cause = "undo_incomplete";
                }
                case 170 -> {
                    down += "DROP INDEX t_5_name_idx;\n";
                    cause = "undo_incomplete";
                }
                case 190 -> {
                    up += "ALTER TABLE t_10 ALTER COLUMN name TYPE varchar(100);\n";
                    down += "ALTER TABLE t_10 DROP COLUMN name;\nALTER TABLE t_10 ADD COLUMN name text NOT NULL DEFAULT '';\n"
                            + "ALTER TABLE t_10 ALTER COLUMN name DROP DEFAULT;\n";
                    cause = "undo_incomplete";
                }
                case 220 -> {
                    up += "CREATE VIEW frozen_220 AS SELECT 'now'::timestamp AS at;\n";
                    down = "DROP VIEW frozen_220;\n" + down;
                    cause = "not_repeatable";
                }
                case 260 -> {
                    down += "DELETE FROM t_100;\n";
                    cause = "rows_lost";
                }
                case 300 -> {
                    // a schema that depends on rows: the walk's tables hold rows, a fresh migrate's do not
                    up += "DO $$ BEGIN IF EXISTS (SELECT 1 FROM t_1) THEN CREATE TABLE seen_rows (id int); END IF; END $$;\n";
                    down += "DROP TABLE IF EXISTS seen_rows;\n";
                }
                default -> {
                }
            }
            if (cause != null) {
                planted.put(i, cause);
            }
            chain = chain.with("V" + i + "__revision_" + i + ".sql", up);
            if (i != 80) {
                chain = chain.with("U" + i + "__revision_" + i + ".sql", down);
            }
        }
        return chain;
    }

    /**
     * The walk of the planted history, reading incrementally as users run it (the suite's other walks check every
     * reading against a full one), in that many lanes: walked once per lane count for the whole suite, since this
     * class and {@link RoundTripFromTest} both compare with it (each walk of these 350 revisions takes 10 to 30 s).
     */
    static synchronized EngineExecutionResults plantedWalk(int lanes) {
        return PLANTED_WALKS.computeIfAbsent(lanes, n -> EngineRun.of(Walk.class)
                .param("schemaverify.locations", history(REVISIONS, new LinkedHashMap<>()).location())
                .param(VerifyRoundTrip.SNAPSHOTS_PROPERTY, "incremental").param(VerifyRoundTrip.LANES_PROPERTY, "" + n)
                .execute());
    }

    @Test
    void every_planted_defect_is_reported_at_its_revision_with_its_cause_and_every_other_revision_passes() {
        Map<Integer, String> planted = new LinkedHashMap<>();
        history(REVISIONS, planted);

        // in three lanes, as a machine with three cores or more walks it
        EngineExecutionResults results = plantedWalk(3);

        Map<String, String> failed = new LinkedHashMap<>();
        List<String> causes = entries(results, "schemaverify.cause");
        List<Event> failures = results.testEvents().failed().list();
        for (int k = 0; k < failures.size(); k++) {
            failed.put(failures.get(k).getTestDescriptor().getDisplayName().split(" ")[0], causes.get(k));
        }
        Map<String, String> expected = new LinkedHashMap<>();
        planted.forEach((version, cause) -> expected.put("V" + version, cause));
        expected.put("re-applying", "head_differs");
        assertThat(failed).containsExactlyEntriesOf(expected);
        results.testEvents().assertStatistics(s -> s.succeeded(REVISIONS - planted.size()).failed(planted.size() + 1).aborted(1));
        assertThat(failures.get(failures.size() - 1).getPayload(TestExecutionResult.class).orElseThrow().getThrowable()
                .orElseThrow().getMessage()).contains("  - table public.seen_rows (id integer)\n");
    }

    @Test
    void walked_in_three_lanes_side_by_side_every_verdict_is_the_one_of_a_single_walk() {
        List<String> one = verdicts(plantedWalk(1));
        EngineExecutionResults three = plantedWalk(3);

        assertThat(verdicts(three)).hasSize(REVISIONS + 2).containsExactlyElementsOf(one);
        assertThat(entries(three, "schemaverify.notes")).filteredOn(n -> n.contains("lane")).hasSize(2)
                .allSatisfy(n -> assertThat(n).matches("walked in lane [23] of 3, which started on a database with V1 to V\\d+"
                        + " applied once"));
    }

    @Test
    void a_revision_that_does_not_apply_early_aborts_the_later_lanes_steps_as_a_single_walk_would() {
        Chain chain = history(150, new LinkedHashMap<>()).with("V20__revision_20.sql",
                "CREATE TABLE t_20 (id bigint REFERENCES missing (id));\n");

        List<String> one = verdicts(EngineRun.of(Walk.class).param("schemaverify.locations", chain.location())
                .param("schemaverify.walk.lanes", "1").execute());
        List<String> three = verdicts(EngineRun.of(Walk.class).param("schemaverify.locations", chain.location())
                .param("schemaverify.walk.lanes", "3").execute());

        assertThat(three).hasSize(152).containsExactlyElementsOf(one);
        assertThat(three.get(100)).isEqualTo("V101 revision_101: up, down, up ABORTED V20 revision_20 failed to apply (ERROR:"
                + " relation \"missing\" does not exist), so the revisions after it cannot run.");
    }

    /** Each invocation's name, status and cause, in order. */
    private static List<String> verdicts(EngineExecutionResults results) {
        return results.testEvents().finished().list().stream().map(e -> e.getTestDescriptor().getDisplayName() + " "
                + e.getPayload(TestExecutionResult.class).orElseThrow().getStatus() + " " + e.getPayload(TestExecutionResult.class)
                .orElseThrow().getThrowable().map(t -> t.getMessage().lines().findFirst().orElse("")).orElse("")).toList();
    }

    @Test
    void a_revision_that_does_not_apply_ends_the_walk_with_the_reason_for_every_later_step() {
        Map<Integer, String> planted = new LinkedHashMap<>();
        Chain chain = history(20, planted).with("V21__broken.sql", "CREATE TABLE t_21 (id bigint REFERENCES missing (id));\n")
                .with("V22__after.sql", "CREATE TABLE t_22 (id int);\n").with("U22__after.sql", "DROP TABLE t_22;\n");

        EngineExecutionResults results = EngineRun.of(Walk.class).param("schemaverify.locations", chain.location()).execute();

        assertThat(entries(results, "schemaverify.cause")).containsExactly("up_failed");
        results.testEvents().assertStatistics(s -> s.succeeded(20).failed(1).aborted(3));
        assertThat(results.testEvents().aborted().list()).allSatisfy(e -> assertThat(e.getPayload(TestExecutionResult.class)
                .orElseThrow().getThrowable().orElseThrow().getMessage()).isEqualTo("V21 broken failed to apply (ERROR:"
                + " relation \"missing\" does not exist), so the revisions after it cannot run."));
    }
}
