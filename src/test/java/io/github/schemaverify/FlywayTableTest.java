package io.github.schemaverify;

import static io.github.schemaverify.testing.EngineRun.entries;
import static io.github.schemaverify.testing.EngineRun.everything;
import static io.github.schemaverify.testing.EngineRun.failures;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.schemaverify.schema.Table;
import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;

/**
 * A project whose Flyway keeps its history in a table of another name (its {@code table} setting), as services that
 * share one database do: SchemaVerify's Flyway keeps it there, the walk's scripts find it there, snapshots leave it out.
 */
class FlywayTableTest {

    /** Callbacks that name the history table, literally and through Flyway's built-in placeholder. */
    private static Chain chain() {
        return Chain.empty()
                .with("V1__notes.sql", "CREATE TABLE notes (id int PRIMARY KEY);\n")
                .with("U1__notes.sql", "DROP TABLE notes;\n")
                .with("V2__note_body.sql", "ALTER TABLE notes ADD COLUMN body text;\n")
                .with("U2__note_body.sql", "ALTER TABLE notes DROP COLUMN body;\n")
                .with("afterMigrate.sql", "GRANT SELECT ON flyway_schema_history_orders TO PUBLIC;\n"
                        + "COMMENT ON TABLE ${flyway:table} IS 'the orders service''s history';\n");
    }

    @MigratedDatabase(flywayTable = "flyway_schema_history_orders")
    static class Told {
        @VerifyRoundTrip
        void round_trip() {
        }

        @VerifyIdempotent
        void idempotent() {
        }

        @Test
        void migrated(Connection c, TestDatabase db, TestReporter reporter) throws SQLException {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM"
                    + " flyway_schema_history_orders WHERE success), to_regclass('flyway_schema_history') IS NULL,"
                    + " obj_description('flyway_schema_history_orders'::regclass)")) {
                rs.next();
                reporter.publishEntry("history", rs.getLong(1) + " rows, default table absent " + rs.getBoolean(2) + ", "
                        + rs.getString(3));
            }
            reporter.publishEntry("tables", String.join(",", db.snapshot().tables().stream().map(Table::name).toList()));
        }
    }

    @MigratedDatabase
    static class NotTold {
        @VerifyRoundTrip
        void round_trip() {
        }
    }

    @Test
    void told_the_table_flyway_keeps_its_history_there_and_the_walk_and_the_snapshots_agree() {
        EngineExecutionResults results = EngineRun.of(Told.class).param("schemaverify.locations", chain().location()).execute();

        assertThat(failures(results)).as(everything(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(6).failed(0).aborted(0));
        assertThat(entries(results, "history")).containsExactly("2 rows, default table absent true, the orders service's"
                + " history");
        assertThat(entries(results, "tables")).containsExactly("notes");
    }

    @Test
    void not_told_a_callback_naming_the_table_fails_as_it_would_in_such_a_flyway_and_the_property_tells_it() {
        EngineExecutionResults results = EngineRun.of(NotTold.class).param("schemaverify.locations", chain().location())
                .execute();
        assertThat(failures(results)).isNotEmpty().allSatisfy(f -> assertThat(f)
                .contains("relation \"flyway_schema_history_orders\" does not exist"));

        EngineExecutionResults told = EngineRun.of(NotTold.class).param("schemaverify.locations", chain().location())
                .param("schemaverify.flyway.table", "flyway_schema_history_orders").execute();
        assertThat(failures(told)).as(everything(told)).isEmpty();
    }
}
