package io.github.schemaverify;

import static io.github.schemaverify.testing.EngineRun.everything;
import static io.github.schemaverify.testing.EngineRun.failures;
import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;

/**
 * Flyway's {@code mixed} setting: a project whose Flyway has it on applies migrations that mix statements which must
 * run in a transaction with statements which cannot, and SchemaVerify, told the same, applies and walks them as Flyway
 * does (outside a transaction); told nothing, it fails them as Flyway without the setting does, and says how to tell it.
 */
class FlywayMixedTest {

    /** A backfill and its index in one migration, as production applied it under mixed = true. */
    private static Chain chain() {
        return Chain.empty()
                .with("V1__steps.sql", "CREATE TABLE steps (id bigserial PRIMARY KEY, run_id text, alias text);\n")
                .with("U1__steps.sql", "DROP TABLE steps;\n")
                .with("V2__aggregate.sql", "ALTER TABLE steps ADD COLUMN IF NOT EXISTS agg text;\n"
                        + "UPDATE steps SET agg = alias WHERE agg IS NULL;\n"
                        + "CREATE INDEX CONCURRENTLY IF NOT EXISTS steps_agg ON steps (run_id, agg);\n")
                .with("U2__aggregate.sql", "DROP INDEX CONCURRENTLY IF EXISTS steps_agg;\nALTER TABLE steps DROP COLUMN agg;\n");
    }

    @MigratedDatabase(mixed = true)
    static class Mixed {
        @VerifyRoundTrip
        void round_trip() {
        }

        @VerifyIdempotent
        void idempotent() {
        }

        // V2 runs outside a transaction here too: its index is built CONCURRENTLY (the lock_timeout rule aside)
        @VerifyLocks(requireLockTimeout = false)
        void locks() {
        }

        @Test
        void migrated(DataSource ds) {
        }
    }

    @MigratedDatabase
    static class NotTold {
        @VerifyRoundTrip
        void round_trip() {
        }
    }

    @MigratedDatabase
    static class Migrated {
        @Test
        void migrated(DataSource ds) {
        }
    }

    @Test
    void told_mixed_the_template_the_walk_and_the_idempotency_check_apply_such_a_migration_as_flyway_does() {
        EngineExecutionResults results = EngineRun.of(Mixed.class).param("schemaverify.locations", chain().location()).execute();

        assertThat(failures(results)).as(everything(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(8).failed(0).aborted(0));
    }

    @Test
    void the_property_tells_it_as_the_attribute_does() {
        EngineExecutionResults results = EngineRun.of(Migrated.class).param("schemaverify.locations", chain().location())
                .param("schemaverify.flyway.mixed", "true").execute();

        assertThat(failures(results)).as(everything(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void told_nothing_such_a_migration_fails_as_in_flyway_naming_the_setting() {
        assertThat(failures(EngineRun.of(NotTold.class).param("schemaverify.locations", chain().location()).execute()))
                .first().asString().startsWith("""
                [V2__aggregate.sql, up]
                Expecting V2 to apply,
                but V2__aggregate.sql mixes statements that must run in a transaction with statements that cannot (line 3: \
                CREATE INDEX CONCURRENTLY IF NOT EXISTS steps_agg ON steps (run_id, agg) [non-transactional]), and Flyway \
                refuses to apply it""").contains("if your Flyway runs with mixed = true (flyway.mixed, spring.flyway.mixed),"
                        + " give SchemaVerify the same: @MigratedDatabase(mixed = true), or the property"
                        + " schemaverify.flyway.mixed=true");

        assertThat(failures(EngineRun.of(Migrated.class).param("schemaverify.locations", chain().location()).execute()))
                .containsExactly("""
                        Flyway failed: Detected both transactional and non-transactional statements within the same \
                        migration (even though mixed is false). Offending statement found at line 3: CREATE INDEX \
                        CONCURRENTLY IF NOT EXISTS steps_agg ON steps (run_id, agg) [non-transactional]
                          (in V2__aggregate.sql; if your Flyway runs with mixed = true (flyway.mixed, spring.flyway.mixed), \
                        give SchemaVerify the same: @MigratedDatabase(mixed = true), or the property \
                        schemaverify.flyway.mixed=true)""");
    }

    @Test
    void a_statement_that_refuses_the_scripts_transaction_is_told_to_go_outside_it_as_flyway_is_told() {
        // Flyway's parser does not know DETACH PARTITION ... CONCURRENTLY: it runs the script in a transaction, which the
        // statement refuses; once only "Fix the statement in ...", with nothing of how
        Chain chain = Chain.empty()
                .with("V1__metrics.sql", "CREATE TABLE metrics (id bigint, on_day date NOT NULL) PARTITION BY RANGE (on_day);\n"
                        + "CREATE TABLE metrics_2024 PARTITION OF metrics FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n")
                .with("U1__metrics.sql", "DROP TABLE metrics;\n")
                .with("V2__detach_2024.sql", "ALTER TABLE metrics DETACH PARTITION metrics_2024 CONCURRENTLY;\n")
                // DETACH ... CONCURRENTLY leaves the partition's bounds behind as a check constraint
                .with("U2__detach_2024.sql", "ALTER TABLE metrics_2024 DROP CONSTRAINT metrics_2024_on_day_check;\n"
                        + "ALTER TABLE metrics ATTACH PARTITION metrics_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n");

        String fix = "Fix the statement in " + chain.location() + "/V2__detach_2024.sql: Flyway runs a script in one"
                + " transaction, and this statement refuses one; put executeInTransaction=false in a file"
                + " V2__detach_2024.sql.conf beside the script, and Flyway (and SchemaVerify) run its statements one by one,"
                + " outside a transaction; ";
        String failed = """
                V2__detach_2024.sql failed at line 1: ERROR: ALTER TABLE ... DETACH CONCURRENTLY cannot run inside a \
                transaction block
                  in the statement at line 1:
                    ALTER TABLE metrics DETACH PARTITION metrics_2024 CONCURRENTLY
                """;
        assertThat(failures(EngineRun.of(NotTold.class).param("schemaverify.locations", chain.location()).execute()))
                .containsExactly("[V2__detach_2024.sql, up]\nExpecting V2 to apply,\nbut " + failed + fix
                        + "undo all and the re-apply by Flyway cannot run until it applies.");
        assertThat(failures(EngineRun.of(Migrated.class).param("schemaverify.locations", chain.location()).execute()))
                .containsExactly("Migration " + failed + fix + "the migrations after it were not applied.");

        // told, both run it as Flyway does
        Chain told = chain.with("V2__detach_2024.sql.conf", "executeInTransaction=false\n");
        assertThat(failures(EngineRun.of(NotTold.class).param("schemaverify.locations", told.location()).execute())).isEmpty();
    }

    @Test
    void a_property_that_is_no_boolean_is_named() {
        assertThat(failures(EngineRun.of(Migrated.class).param("schemaverify.locations", chain().location())
                .param("schemaverify.flyway.mixed", "yes").execute())).containsExactly("@MigratedDatabase on "
                + Migrated.class.getName() + ": property schemaverify.flyway.mixed is \"yes\", which is not true or false."
                + " Set it as the project's Flyway has mixed (flyway.mixed, spring.flyway.mixed).");
    }
}
