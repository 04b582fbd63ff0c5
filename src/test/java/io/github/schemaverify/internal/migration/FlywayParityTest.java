package io.github.schemaverify.internal.migration;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.internal.catalog.CatalogReader;
import io.github.schemaverify.internal.verify.DataFingerprint;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.diff.SchemaDiff;
import io.github.schemaverify.testing.Corpus;
import io.github.schemaverify.testing.TestCluster;

/**
 * The walk applies scripts exactly as Flyway does: a corpus of tricky scripts (comments anywhere, a byte order mark
 * and CRLF, nested dollar quotes, DO blocks, E'' strings with semicolons, nested block comments, BEGIN ATOMIC bodies,
 * COPY FROM STDIN data, CONCURRENTLY, rules with parenthesised actions, a script that moves the search path, script
 * config files, placeholders) is applied once by Flyway and once by SchemaVerify's runner: equal schemas, equal data.
 */
@ExtendWith(TestCluster.Resolver.class)
class FlywayParityTest {
    private static final Map<String, String> PLACEHOLDERS = Map.of("TABLE", "labels", "LABEL", "hello");
    private static final List<String> SCHEMAS = List.of("public", "side");

    private static String fresh(TestCluster cluster, String name) {
        cluster.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        cluster.execute("CREATE DATABASE " + name + " TEMPLATE template0");
        return name;
    }

    private static Connection connect(TestCluster cluster, String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + cluster.port() + "/" + database, cluster.user(),
                cluster.password());
    }

    private static Flyway flyway(TestCluster cluster, String database, String... locations) {
        return flyway(cluster, database, false, locations);
    }

    private static Flyway flyway(TestCluster cluster, String database, boolean mixed, String... locations) {
        var configuration = Flyway.configure().dataSource("jdbc:postgresql://127.0.0.1:" + cluster.port() + "/" + database,
                cluster.user(), cluster.password()).locations(locations).placeholders(PLACEHOLDERS)
                .validateMigrationNaming(false).mixed(mixed).loggers("slf4j");
        configuration.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return configuration.load();
    }

    private record State(SchemaSnapshot schema, Map<String, DataFingerprint.TableData> data) {
    }

    private static State state(Connection c) throws SQLException {
        CatalogReader reader = new CatalogReader(SCHEMAS);
        SchemaSnapshot schema = reader.read(c);
        return new State(schema, DataFingerprint.of(c, schema, reader.sessionStart()));
    }

    @Test
    void every_script_of_the_corpus_gives_the_schema_and_data_that_flyway_gives(TestCluster cluster) throws SQLException {
        String byFlyway = fresh(cluster, "parity_flyway");
        String byWalk = fresh(cluster, "parity_walk");
        List<String> corpus = Corpus.locations(cluster);
        flyway(cluster, byFlyway, corpus.toArray(String[]::new)).migrate();

        MigrationSource source = MigrationSource.scan(corpus, getClass().getClassLoader());
        assertThat(source.versioned()).hasSizeGreaterThanOrEqualTo(12);
        List<String> notices;
        try (Connection c = connect(cluster, byWalk)) {
            ScriptRunner.Session session = ScriptRunner.Session.of(c);
            notices = new java.util.ArrayList<>();
            for (MigrationFile v : source.versioned()) {
                notices.addAll(ScriptRunner.run(c, session, v, PLACEHOLDERS));
            }
        }
        State flyway;
        State walk;
        try (Connection a = connect(cluster, byFlyway); Connection b = connect(cluster, byWalk)) {
            flyway = state(a);
            walk = state(b);
        }
        assertThat(SchemaDiff.between(flyway.schema(), walk.schema()).render("")).isEmpty();
        assertThat(walk.data()).isEqualTo(flyway.data());
        // the corpus really did what it says: rows from COPY, both rule actions, the restored search path
        assertThat(walk.data().get("public.imported").rows()).isEqualTo(5);
        assertThat(walk.data().get("public.event_log").rows()).isEqualTo(2);
        assertThat(walk.data().get("public.strings").rows()).isEqualTo(8);
        assertThat(walk.schema().table("public.after_path")).isPresent();
        assertThat(walk.schema().table("side.in_side")).isPresent();
        assertThat(notices).contains("did; it");
        cluster.execute("DROP DATABASE " + byFlyway + " WITH (FORCE)");
        cluster.execute("DROP DATABASE " + byWalk + " WITH (FORCE)");
    }

    @Test
    void a_script_mixing_transactional_and_non_transactional_statements_fails_as_in_flyway(TestCluster cluster,
            @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("V1__mixed.sql"), "CREATE TABLE t (a int);\nCREATE INDEX CONCURRENTLY t_a ON t (a);\n");
        String byFlyway = fresh(cluster, "parity_mixed_flyway");
        String byWalk = fresh(cluster, "parity_mixed_walk");
        assertThatThrownBy(() -> flyway(cluster, byFlyway, "filesystem:" + dir).migrate()).isInstanceOf(FlywayException.class)
                .hasMessageContaining("Detected both transactional and non-transactional statements within the same migration");

        MigrationFile file = MigrationSource.scan(List.of("filesystem:" + dir), getClass().getClassLoader()).versioned().get(0);
        try (Connection c = connect(cluster, byWalk)) {
            assertThatThrownBy(() -> ScriptRunner.run(c, ScriptRunner.Session.of(c), file, Map.of()))
                    .isInstanceOf(ScriptRunner.Failure.class)
                    .hasMessage("V1__mixed.sql mixes statements that must run in a transaction with statements that cannot"
                            + " (line 2: CREATE INDEX CONCURRENTLY t_a ON t (a) [non-transactional]), and Flyway refuses to"
                            + " apply it (\"Detected both transactional and non-transactional statements within the same"
                            + " migration\").\nMove the statements that cannot run in a transaction (CREATE INDEX"
                            + " CONCURRENTLY, VACUUM, ...) into a migration of their own, or run the whole script outside a"
                            + " transaction with a V1__mixed.sql.conf holding executeInTransaction=false (a failure then keeps"
                            + " what ran before it; a -- flyway: comment line in the script is no such setting to Flyway"
                            + " Community); if your Flyway runs with mixed = true (flyway.mixed, spring.flyway.mixed), give"
                            + " SchemaVerify the same: @MigratedDatabase(mixed = true), or the property"
                            + " schemaverify.flyway.mixed=true.");
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM pg_class WHERE relname = 't'")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
        cluster.execute("DROP DATABASE " + byFlyway + " WITH (FORCE)");
        cluster.execute("DROP DATABASE " + byWalk + " WITH (FORCE)");
    }

    @Test
    void under_flyways_mixed_setting_a_script_of_both_kinds_runs_outside_a_transaction_as_in_flyway(TestCluster cluster,
            @TempDir Path dir) throws Exception {
        // a backfill and its index in one migration: with mixed on, Flyway runs it statement by statement, and a
        // failure keeps what ran before it
        Files.writeString(dir.resolve("V1__t.sql"), "CREATE TABLE steps (id bigserial PRIMARY KEY, run_id text, alias text);\n"
                + "INSERT INTO steps (run_id, alias) VALUES ('r', 'a'), ('r', 'b');\n");
        Files.writeString(dir.resolve("V2__mixed.sql"), "ALTER TABLE steps ADD COLUMN IF NOT EXISTS agg text;\n"
                + "UPDATE steps SET agg = alias WHERE agg IS NULL;\n"
                + "CREATE INDEX CONCURRENTLY IF NOT EXISTS steps_agg ON steps (run_id, agg);\n");
        Files.writeString(dir.resolve("V3__broken.sql"), "ALTER TABLE steps ADD COLUMN kept text;\n"
                + "CREATE INDEX CONCURRENTLY steps_kept ON steps (kept);\nSELECT 1 / 0;\n");
        String byFlyway = fresh(cluster, "parity_mixed_on_flyway");
        String byWalk = fresh(cluster, "parity_mixed_on_walk");
        assertThatThrownBy(() -> flyway(cluster, byFlyway, true, "filesystem:" + dir).migrate())
                .isInstanceOf(FlywayException.class).hasMessageContaining("division by zero");

        List<MigrationFile> files = MigrationSource.scan(List.of("filesystem:" + dir), getClass().getClassLoader()).versioned();
        try (Connection c = connect(cluster, byWalk)) {
            ScriptRunner.Session session = ScriptRunner.Session.of(c).withMixed(true);
            ScriptRunner.run(c, session, files.get(0), Map.of());
            ScriptRunner.run(c, session, files.get(1), Map.of());
            assertThatThrownBy(() -> ScriptRunner.run(c, session, files.get(2), Map.of()))
                    .isInstanceOf(ScriptRunner.Failure.class).hasMessageContaining("division by zero");
        }
        State flyway;
        State walk;
        try (Connection a = connect(cluster, byFlyway); Connection b = connect(cluster, byWalk)) {
            flyway = state(a);
            walk = state(b);
        }
        // Flyway's history table aside (the walk writes none), both kept what ran before the failure
        assertThat(SchemaDiff.between(flyway.schema(), walk.schema()).render("")).isEmpty();
        assertThat(walk.schema().table("public.steps").orElseThrow().index("steps_kept")).isPresent();
        assertThat(walk.data().get("public.steps")).isEqualTo(flyway.data().get("public.steps"));
        cluster.execute("DROP DATABASE " + byFlyway + " WITH (FORCE)");
        cluster.execute("DROP DATABASE " + byWalk + " WITH (FORCE)");
    }

    @Test
    void a_file_that_is_not_utf8_is_named_with_the_encoding_expected_before_any_server_work(@TempDir Path dir)
            throws Exception {
        Files.write(dir.resolve("V1__latin1.sql"), "CREATE TABLE t (a text);\nINSERT INTO t VALUES ('caf\u00e9');\n"
                .getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> MigrationSource.scan(List.of("filesystem:" + dir), getClass().getClassLoader()))
                .isInstanceOf(SchemaVerifyException.class)
                .hasMessage("filesystem:" + dir + "/V1__latin1.sql is not valid UTF-8: byte 0xE9 at line 2 cannot be decoded."
                        + " Flyway reads migrations as UTF-8 and fails on this file too (\"Unable to calculate checksum\")."
                        + " Save the file as UTF-8, or name its encoding in V1__latin1.sql.conf (encoding=ISO-8859-1, say).");

        // and with the encoding named, both read it
        Files.writeString(dir.resolve("V1__latin1.sql.conf"), "encoding=ISO-8859-1\n");
        MigrationFile file = MigrationSource.scan(List.of("filesystem:" + dir), getClass().getClassLoader()).versioned().get(0);
        assertThat(file.content()).contains("caf\u00e9");
    }

    @Test
    void a_byte_order_mark_is_dropped_as_flyway_drops_it_and_does_not_hide_the_irreversible_marker(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("V1__x.sql"), "\uFEFF-- schemaverify:irreversible\r\nDELETE FROM t;\r\n");
        MigrationFile file = MigrationSource.scan(List.of("filesystem:" + dir), getClass().getClassLoader()).versioned().get(0);
        assertThat(file.content()).startsWith("-- schemaverify:irreversible");
        assertThat(file.markedIrreversible()).isTrue();
    }
}
