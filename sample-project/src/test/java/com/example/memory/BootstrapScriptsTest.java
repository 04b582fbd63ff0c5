package com.example.memory;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import io.github.schemaverify.Engine;
import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.TestDatabase;
import io.github.schemaverify.VerifyIdempotent;

/**
 * The scripts the service runs on every start, with no history table (engine SQL_SCRIPTS): running them again, three
 * times in all, must not fail and must change neither schema nor data.
 */
@MigratedDatabase(engine = Engine.SQL_SCRIPTS,
        scripts = {"classpath:db/bootstrap/settings.sql", "classpath:db/bootstrap/search_path.sql"})
class BootstrapScriptsTest {

    @VerifyIdempotent
    void startup_scripts_can_run_on_every_start() {
    }

    @Test
    void settings_are_seeded_once(TestDatabase db) throws SQLException {
        db.execute("SELECT 1"); // TestDatabase.execute runs any SQL on the test's database
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT service_setting('recall_limit')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("20");
        }
    }
}
