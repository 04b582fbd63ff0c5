package io.github.schemaverify.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.RepeatedTest;

import io.github.schemaverify.MigratedDatabase;

/**
 * ClonePoolBenchmark's test class: 200 tests, each on its own clone, doing what a repository test does (a hundred rows
 * with embeddings written, a nearest-neighbour query); {@code -Dwork=light} makes it ten rows and a count.
 */
@MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
public class ClonePoolFixture {

    @RepeatedTest(200)
    void writes_and_reads_its_own_rows(DataSource ds) throws SQLException {
        boolean light = "light".equals(System.getProperty("work"));
        try (Connection c = ds.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO documents (title, content_hash, embedding) VALUES (?, ?, ?::vector)")) {
            for (int i = 0; i < (light ? 10 : 100); i++) {
                insert.setString(1, "title " + i);
                insert.setString(2, "hash " + i);
                insert.setString(3, "[" + i + ", " + (i % 7) + ", 1]");
                insert.executeUpdate();
            }
            try (Statement st = c.createStatement()) {
                st.executeQuery(light ? "SELECT count(*) FROM documents"
                        : "SELECT id FROM documents ORDER BY embedding <=> '[3, 1, 1]' LIMIT 5").close();
            }
        }
    }
}
