package com.example.memory;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.readiness.ReadinessLevel.FULL_READY;
import static io.github.schemaverify.readiness.ReadinessLevel.ONLINE_PARTIAL;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.github.schemaverify.ReadinessStage;
import io.github.schemaverify.TestDatabase;
import io.github.schemaverify.readiness.ReadinessTimeline;

/**
 * SchemaVerify's own staged bootstrap of each test database: the default memories seed in the background
 * ({@code vector_seeding}), so the test starts at online_partial and can wait for full_ready.
 */
@AgentMemoryDatabase
class SeededSearchTest {

    @ReadinessStage(name = "vector_seeding", async = true)
    static void seed(DataSource dataSource) throws Exception {
        BootstrapReadinessTest.seedDefaultMemories(dataSource);
    }

    @Test
    void search_waits_for_the_seeded_memories(ReadinessTimeline timeline, TestDatabase db) throws Exception {
        timeline.awaitLevel(FULL_READY, Duration.ofSeconds(30));
        assertThat(timeline).passedThroughLevels(ONLINE_PARTIAL, FULL_READY).gateReadyBefore("db_index_load", "vector_seeding");
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM memory_shards")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(20);
        }
    }
}
