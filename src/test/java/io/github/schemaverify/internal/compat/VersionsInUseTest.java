package io.github.schemaverify.internal.compat;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.Flyway;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.Test;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.TestDatabase;

/**
 * Proves that a run is on the versions it claims to be: CI runs part of the suite on other PostgreSQL majors
 * ({@code -Dschemaverify.test.pgMajor=18 -Dschemaverify.pg.bin=...}) and other Flyway versions
 * ({@code -Dtest.flyway.version=10.0.0}), and this class fails if the run silently used something else.
 */
@MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
class VersionsInUseTest {

    @Test
    void flyway_on_the_class_path_is_the_version_this_run_asked_for() {
        String expected = System.getProperty("schemaverify.test.flywayVersion");
        ClassLoader loader = Flyway.class.getClassLoader();
        assertThat(Compatibility.mavenVersion(loader, Compatibility.FLYWAY_CORE)).contains(expected);
        assertThat(Compatibility.mavenVersion(loader, Compatibility.FLYWAY_POSTGRESQL)).contains(expected);
    }

    @Test
    void the_server_is_the_postgresql_major_this_run_asked_for(TestDatabase db) throws SQLException {
        int expected = Integer.getInteger("schemaverify.test.pgMajor", 0);
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int,"
                     + " (SELECT extversion FROM pg_extension WHERE extname = 'vector')")) {
            rs.next();
            int major = rs.getInt(1) / 10000;
            assertThat(major).isGreaterThanOrEqualTo(Compatibility.MINIMUM_POSTGRES_MAJOR);
            if (expected > 0) {
                assertThat(major).isEqualTo(expected);
            }
            assertThat(rs.getString(2)).as("pgvector in the migrated database").isNotBlank();
        }
    }

    @Test
    @SuppressWarnings("deprecation") // getPlugin is deprecated in newer Flyway, and the only call every version has
    void flyway_runs_without_its_transactional_lock(Flyway flyway) {
        // the lock would deadlock CREATE INDEX CONCURRENTLY (flyway/flyway#3682); set through different means per version
        assertThat(flyway.getConfiguration().getPluginRegister().getPlugin(PostgreSQLConfigurationExtension.class)
                .isTransactionalLock()).isFalse();
    }
}
