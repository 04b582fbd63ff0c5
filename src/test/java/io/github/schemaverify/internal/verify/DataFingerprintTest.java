package io.github.schemaverify.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.schemaverify.internal.catalog.CatalogReader;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.testing.TestCluster;

/**
 * What "the data changed" means for an idempotency check, on a real server: the rows' hash, and by column the values
 * whatever rows hold them, to name the columns that changed.
 */
@ExtendWith(TestCluster.Resolver.class)
class DataFingerprintTest {
    private static final String DATABASE = "fingerprint_test";
    private static Connection connection;

    @BeforeAll
    static void database(TestCluster cluster) throws SQLException {
        cluster.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        cluster.execute("CREATE DATABASE " + DATABASE + " TEMPLATE template0");
        connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + cluster.port() + "/" + DATABASE,
                cluster.user(), cluster.password());
    }

    @AfterAll
    static void drop(TestCluster cluster) throws SQLException {
        connection.close();
        cluster.execute("DROP DATABASE " + DATABASE + " WITH (FORCE)");
    }

    private static void execute(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    private static Map<String, DataFingerprint.TableData> fingerprint() throws SQLException {
        CatalogReader reader = new CatalogReader(List.of("public"));
        SchemaSnapshot schema = reader.read(connection);
        return DataFingerprint.of(connection, schema, reader.sessionStart());
    }

    private static List<String> lines(String change) throws SQLException {
        return lines("text", change);
    }

    /** The lines for {@code change} on a table of three rows whose owner column is of {@code ownerType}. */
    private static List<String> lines(String ownerType, String change) throws SQLException {
        execute("DROP TABLE IF EXISTS tokens");
        execute("CREATE TABLE tokens (id int, owner " + ownerType + ", note text, seen timestamptz)");
        execute("INSERT INTO tokens VALUES (1, 'ann', NULL, '2026-01-01'), (2, 'bob', 'b', '2026-01-02'),"
                + " (3, 'cy', '', '2026-01-03')");
        Map<String, DataFingerprint.TableData> before = fingerprint();
        execute(change);
        return DataFingerprint.differences(before, fingerprint()).stream().map(DataFingerprint.Change::line).toList();
    }

    @Test
    void rows_written_again_as_they_were_are_no_change() throws SQLException {
        assertThat(lines("DELETE FROM tokens; INSERT INTO tokens VALUES (3, 'cy', '', '2026-01-03'),"
                + " (2, 'bob', 'b', '2026-01-02'), (1, 'ann', NULL, '2026-01-01')")).isEmpty();
    }

    @Test
    void a_value_rewritten_names_its_column_alone() throws SQLException {
        assertThat(lines("UPDATE tokens SET seen = '2026-02-01' WHERE id = 2"))
                .containsExactly("~ table public.tokens: 3 rows, but the values of seen changed");
    }

    @Test
    void values_swapped_between_rows_change_the_rows_but_not_the_columns_values() throws SQLException {
        assertThat(lines("UPDATE tokens SET owner = CASE id WHEN 1 THEN 'bob' WHEN 2 THEN 'ann' ELSE owner END"))
                .containsExactly("~ table public.tokens: 3 rows, but their content changed");
    }

    @Test
    void a_null_made_an_empty_string_is_a_value_changed() throws SQLException {
        assertThat(lines("UPDATE tokens SET note = '' WHERE id = 1"))
                .containsExactly("~ table public.tokens: 3 rows, but the values of note changed");
    }

    @Test
    void a_value_changed_in_case_alone_under_a_case_insensitive_collation_names_its_column() throws SQLException {
        execute("CREATE COLLATION IF NOT EXISTS case_blind (provider = icu, locale = 'und-u-ks-level2', deterministic = false)");
        assertThat(lines("text COLLATE case_blind", "UPDATE tokens SET owner = 'Bob' WHERE id = 2"))
                .containsExactly("~ table public.tokens: 3 rows, but the values of owner changed");
    }

    @Test
    void rows_added_or_removed_are_counted() throws SQLException {
        assertThat(lines("INSERT INTO tokens VALUES (4, 'dee', NULL, NULL)")).containsExactly("~ table public.tokens: rows was 3,"
                + " is 4");
        assertThat(lines("DELETE FROM tokens WHERE id = 3")).containsExactly("~ table public.tokens: rows was 3, is 2");
    }
}
