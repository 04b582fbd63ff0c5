package com.example.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import com.pgvector.PGvector;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.TestDatabase;

/** Every test gets its own clone of the migrated schema, in milliseconds. */
@MigratedDatabase(placeholders = {"EMBEDDING_DIM=3", "IVFFLAT_LISTS=10"})
class MigrationsTest {

    @Test
    void stores_and_finds_the_nearest_memory(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            PGvector.addVectorType(c);
            c.createStatement().execute("INSERT INTO tenants (id, name) VALUES ('00000000-0000-0000-0000-000000000001', 'acme');"
                    + "INSERT INTO bots (id, tenant_id, name, content_hash) VALUES"
                    + " ('00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-000000000001', 'helper', 'h1')");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO memory_shards (bot_id, content, content_hash, embedding)"
                    + " VALUES ('00000000-0000-0000-0000-0000000000b1', ?, ?, ?)")) {
                for (String[] row : new String[][] {{"cats", "1,0,0"}, {"dogs", "0,1,0"}, {"fish", "0,0,1"}}) {
                    String[] p = row[1].split(",");
                    insert.setString(1, row[0]);
                    insert.setString(2, row[0]);
                    insert.setObject(3, new PGvector(new float[] {Float.parseFloat(p[0]), Float.parseFloat(p[1]), Float.parseFloat(p[2])}));
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement query = c.prepareStatement("SELECT content FROM memory_shards ORDER BY embedding <=> ? LIMIT 1")) {
                query.setObject(1, new PGvector(new float[] {0.1f, 0.9f, 0f}));
                try (ResultSet rs = query.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("dogs");
                }
            }
        }
    }

    @Test
    void each_test_starts_from_the_migrated_schema_with_no_rows(TestDatabase db) throws SQLException {
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM tenants")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }
}
