package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.testing.EngineRun.failures;

import org.junit.jupiter.api.Test;

import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;

/**
 * A database's privileges on itself reach every copy SchemaVerify makes of it, as its settings do: {@code CREATE
 * DATABASE ... TEMPLATE} copies neither. (The clones of {@code @VerifyIdempotent}: {@link IdempotencyVerdictsTest}.)
 */
class DatabasePrivilegesCopyTest {

    @MigratedDatabase
    static class Walk {
        @VerifyRoundTrip
        void round_trip() {
        }
    }

    @Test
    void a_walk_that_starts_over_on_a_copy_after_a_revision_granted_on_the_database_finds_no_difference() {
        // V3's undo forgets its table: the walk starts over on a copy of the database after V3, which lacked V2's grants,
        // so V4's round trip and the head read a difference that no migration made
        Chain chain = Chain.empty().with("V1__a.sql", "CREATE TABLE a (id int);\n").with("U1__a.sql", "DROP TABLE a;\n")
                .with("V2__grants.sql", "GRANT CREATE ON DATABASE ${flyway:database} TO PUBLIC;\n"
                        + "REVOKE TEMPORARY ON DATABASE ${flyway:database} FROM PUBLIC;\n")
                .with("U2__grants.sql", "REVOKE CREATE ON DATABASE ${flyway:database} FROM PUBLIC;\n"
                        + "GRANT TEMPORARY ON DATABASE ${flyway:database} TO PUBLIC;\n")
                .with("V3__b.sql", "CREATE TABLE b (id int);\n").with("U3__b.sql", "SELECT 1;\n")
                .with("V4__a_x.sql", "ALTER TABLE a ADD COLUMN x int;\n").with("U4__a_x.sql", "ALTER TABLE a DROP COLUMN x;\n");

        assertThat(failures(EngineRun.of(Walk.class).param("schemaverify.locations", chain.location()).execute()))
                .containsExactly("""
                        [V3__b.sql, up, down, up]
                        Expecting the schema after undoing V3 to equal the schema before V3,
                        but the undo left behind:
                          + table public.b (id integer)
                        Add the missing DROP or ALTER statements to U3__b.sql.""");
    }

    @MigratedDatabase
    static class WalkFromV2 {
        @VerifyRoundTrip(from = "2")
        void round_trip() {
        }
    }

    @Test
    void a_walk_that_starts_on_a_copy_of_a_base_that_granted_on_the_database_finds_no_difference() {
        // the base (V1) granted on itself; the walk's copy of it lacked the grant, which Flyway's fresh migrate has
        Chain chain = Chain.empty().with("V1__grants.sql", "CREATE TABLE a (id int);\n"
                        + "GRANT CREATE ON DATABASE ${flyway:database} TO PUBLIC;\n"
                        + "REVOKE TEMPORARY ON DATABASE ${flyway:database} FROM PUBLIC;\n")
                .with("V2__a_x.sql", "ALTER TABLE a ADD COLUMN x int;\n").with("U2__a_x.sql", "ALTER TABLE a DROP COLUMN x;\n");

        assertThat(failures(EngineRun.of(WalkFromV2.class).param("schemaverify.locations", chain.location()).execute()))
                .isEmpty();
    }
}
