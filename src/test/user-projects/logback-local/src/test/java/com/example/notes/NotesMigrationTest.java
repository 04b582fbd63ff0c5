package com.example.notes;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.TestDatabase;
import io.github.schemaverify.VerifyRoundTrip;
import io.github.schemaverify.schema.SchemaSnapshot;

/** A user's project: its own JUnit, Flyway, PostgreSQL driver and AssertJ versions must be the ones that run. */
@MigratedDatabase
class NotesMigrationTest {

    @VerifyRoundTrip
    void every_revision_goes_up_down_and_up() {
    }

    @Test
    void notes_are_searchable_by_cosine_distance(SchemaSnapshot schema) {
        assertThat(schema).hasExtension("vector");
        assertThat(schema).table("notes").index("notes_embedding_idx").usesMethod("hnsw").hasOperatorClass("vector_cosine_ops");
    }

    @Test
    void each_test_gets_its_own_migrated_database(TestDatabase db, DataSource dataSource) throws Exception {
        db.execute("INSERT INTO notes (body, embedding) VALUES ('first', '[1,0,0]')");
        try (var c = dataSource.getConnection(); var rs = c.createStatement().executeQuery("SELECT count(*) FROM notes")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void the_projects_own_versions_run(Flyway flyway) throws IOException {
        assertThat(Test.class.getPackage().getImplementationVersion()).as("JUnit Jupiter").isEqualTo("6.1.3");
        assertThat(maven(Flyway.class, "org.flywaydb", "flyway-core")).as("Flyway (SchemaVerify's, none declared)").isEqualTo("13.12.2");
        assertThat(maven(Flyway.class, "org.flywaydb", "flyway-database-postgresql")).as("Flyway's PostgreSQL module").isEqualTo("13.12.2");
        assertThat(flyway.info().applied()).hasSize(2);
        assertThat(org.postgresql.Driver.class.getPackage().getImplementationVersion()).as("PostgreSQL JDBC driver").isEqualTo("42.7.14");
        assertThat(maven(org.assertj.core.api.Assertions.class, "org.assertj", "assertj-core")).as("AssertJ").isEqualTo("3.27.7");
    }

    private static String maven(Class<?> anchor, String group, String artifact) throws IOException {
        try (InputStream in = anchor.getClassLoader().getResourceAsStream("META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        }
    }
}
