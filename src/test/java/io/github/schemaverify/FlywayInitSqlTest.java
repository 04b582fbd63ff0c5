package io.github.schemaverify;

import static io.github.schemaverify.testing.EngineRun.everything;
import static io.github.schemaverify.testing.EngineRun.failures;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import javax.sql.DataSource;

import org.flywaydb.core.api.callback.Event;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;

/**
 * What the project's Flyway runs on every connection before migrating: its {@code initSql} setting, and from Flyway 12
 * the {@code afterConnect} SQL callbacks that take its place. SchemaVerify's Flyway runs them, and so do its own runs of
 * the scripts on every connection they open.
 */
class FlywayInitSqlTest {

    /** A migration that stops unless its connection says which time zone the old rows were written in. */
    private static Chain chain() {
        return Chain.empty()
                .with("V1__events.sql", "CREATE TABLE events (id int PRIMARY KEY, at timestamp);\n")
                .with("U1__events.sql", "DROP TABLE events;\n")
                .with("V2__events_tz.sql", "DO $$ BEGIN IF coalesce(current_setting('app.source_tz', true), '') = '' THEN"
                        + " RAISE EXCEPTION 'set app.source_tz first'; END IF; END $$;\n"
                        + "ALTER TABLE events ADD COLUMN source_tz text DEFAULT current_setting('app.source_tz');\n")
                .with("U2__events_tz.sql", "ALTER TABLE events DROP COLUMN source_tz;\n");
    }

    // the lock profile's policies ask for a lock_timeout before ACCESS EXCLUSIVE: the project sets one for the session
    @MigratedDatabase(initSql = "SET app.source_tz = '${SOURCE_TZ}';\nSET lock_timeout = '5s'", placeholders = "SOURCE_TZ=UTC")
    static class WithInitSql {
        @VerifyRoundTrip
        void round_trip() {
        }

        @VerifyIdempotent
        void idempotent() {
        }

        @VerifyLocks
        void locks() {
        }

        @Test
        void migrated(DataSource ds) {
        }
    }

    @MigratedDatabase
    static class Walk {
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
    void told_the_init_sql_the_template_the_walks_and_the_idempotency_check_run_it_on_every_connection() {
        EngineExecutionResults results = EngineRun.of(WithInitSql.class).param("schemaverify.locations", chain().location())
                .execute();

        assertThat(failures(results)).as(everything(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(8).failed(0).aborted(0));
    }

    @Test
    void a_placeholder_of_the_init_sql_without_a_value_fails_before_any_server_starts() {
        assertThat(failures(EngineRun.of(Migrated.class).param("schemaverify.locations", chain().location())
                .param("schemaverify.flyway.initSql", "SET app.source_tz = '${SOURCE_TZ}'")
                .param("schemaverify.server", "EXTERNAL").param("schemaverify.url", "jdbc:postgresql://127.0.0.1:1/postgres")
                .execute())).containsExactly("@MigratedDatabase on " + Migrated.class.getName() + ": initSql uses the"
                        + " placeholder ${SOURCE_TZ}, which has no value, and Flyway fails on it. Add placeholders ="
                        + " \"SOURCE_TZ=<value>\" to @MigratedDatabase (or the property schemaverify.placeholders).");
    }

    @Test
    void the_property_tells_it_as_the_attribute_does_and_without_it_the_migration_fails_as_in_such_a_flyway() {
        EngineExecutionResults told = EngineRun.of(Migrated.class).param("schemaverify.locations", chain().location())
                .param("schemaverify.flyway.initSql", "SET app.source_tz = 'UTC'").execute();
        assertThat(failures(told)).as(everything(told)).isEmpty();

        assertThat(failures(EngineRun.of(Migrated.class).param("schemaverify.locations", chain().location()).execute()))
                .singleElement().asString().startsWith("Migration V2__events_tz.sql failed at line 1: ERROR: set app.source_tz"
                        + " first");
    }

    @Test
    void an_init_sql_that_fails_is_named_with_the_statement() {
        assertThat(failures(EngineRun.of(Walk.class).param("schemaverify.locations", chain().location())
                .param("schemaverify.flyway.initSql", "SET app.source_tz = 'UTC'; SET no_such_setting = 1").execute()))
                .first().asString().isEqualTo("@MigratedDatabase on " + Walk.class.getName() + ": initSql (Flyway's"
                        + " initSql setting) failed on a new connection: ERROR: unrecognized configuration parameter"
                        + " \"no_such_setting\"\n  in the statement: SET no_such_setting = 1\nFix initSql (@MigratedDatabase(initSql)"
                        + " or schemaverify.flyway.initSql); Flyway runs it on every connection it opens.");
    }

    @Test
    void an_init_sql_that_fails_where_flyway_builds_the_template_is_named_as_in_the_walk() {
        // Flyway fails on its first connection, before any migration, in words that name neither initSql nor the fix
        assertThat(failures(EngineRun.of(Migrated.class).param("schemaverify.locations", chain().location())
                .param("schemaverify.flyway.initSql", "SET app.source_tz = 'UTC'; SET no_such_setting = 1").execute()))
                .containsExactly("@MigratedDatabase on " + Migrated.class.getName() + ": initSql (Flyway's"
                        + " initSql setting) failed on a new connection: ERROR: unrecognized configuration parameter"
                        + " \"no_such_setting\"\n  in the statement: SET no_such_setting = 1\nFix initSql (@MigratedDatabase(initSql)"
                        + " or schemaverify.flyway.initSql); Flyway runs it on every connection it opens.");
    }

    @Test
    void after_connect_callbacks_run_on_every_connection_as_flyway_runs_them() {
        Assumptions.assumeTrue(Arrays.stream(Event.values()).anyMatch(e -> e.getId().equals("afterConnect")),
                "afterConnect is a Flyway event from 12 on");
        // Flyway's built-in placeholders are known there
        Chain chain = chain().with("afterConnect.sql", "SET app.source_tz = 'UTC';\nSET app.migrating = '${flyway:database}';\n");

        EngineExecutionResults results = EngineRun.of(Walk.class).param("schemaverify.locations", chain.location()).execute();

        assertThat(failures(results)).as(everything(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(4).failed(0).aborted(0));

        Chain failing = chain().with("afterConnect.sql", "SET app.source_tz = 'UTC';\nSET no_such_setting = 1;\n");
        assertThat(failures(EngineRun.of(Walk.class).param("schemaverify.locations", failing.location()).execute()))
                .first().asString().isEqualTo("@MigratedDatabase on " + Walk.class.getName() + ": afterConnect.sql (a callback"
                        + " Flyway runs on every connection it migrates on) failed at line 2: ERROR: unrecognized configuration"
                        + " parameter \"no_such_setting\"\nFix the statement in " + failing.location() + "/afterConnect.sql.");
    }
}
