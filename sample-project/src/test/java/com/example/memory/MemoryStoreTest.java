package com.example.memory;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;

import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

/** The service's own code against a freshly cloned, migrated database per test (pgvector-java for the vectors). */
@AgentMemoryDatabase
class MemoryStoreTest {

    @Test
    void recalls_the_nearest_memories_first(DataSource dataSource) throws SQLException {
        MemoryStore store = new MemoryStore(dataSource);
        UUID tenant = store.createTenant("acme");
        UUID bot = store.createBot(tenant, "helper", "hash-1");
        store.remember(bot, "likes cats", new float[] {1, 0, 0});
        store.remember(bot, "owns a dog", new float[] {0, 1, 0});
        store.remember(bot, "keeps fish", new float[] {0, 0, 1});

        assertThat(store.recall(bot, new float[] {0.1f, 0.9f, 0}, 2)).containsExactly("owns a dog", "likes cats");
    }

    @Test
    void creating_the_same_bot_twice_returns_the_first(DataSource dataSource) throws SQLException {
        MemoryStore store = new MemoryStore(dataSource);
        UUID tenant = store.createTenant("globex");
        UUID first = store.createBot(tenant, "helper", "same-hash");
        UUID second = store.createBot(tenant, "helper again", "same-hash");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void every_test_starts_from_an_empty_migrated_database(DataSource dataSource) throws SQLException {
        try (var c = dataSource.getConnection(); var rs = c.createStatement().executeQuery("SELECT count(*) FROM tenants")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }
}
