package com.example.memory;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;

import org.junit.jupiter.api.Test;

import io.github.schemaverify.MatchesSchemaSnapshot;
import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.schema.SchemaSnapshot;

/**
 * The production-sized schema (1536 dimensions, 100 IVFFlat lists): extensions, vector indexes, deduplication, and
 * the committed golden file src/test/resources/schemaverify/agent-memory.schema.
 */
@MigratedDatabase(placeholders = {"EMBEDDING_DIM=1536", "IVFFLAT_INDEX=true", "IVFFLAT_LISTS=100", "HNSW_M=16", "HNSW_EF_CONSTRUCTION=64"})
@MatchesSchemaSnapshot("agent-memory")
class SchemaTest {

    @Test
    void has_pgvector_and_uuid_ossp(SchemaSnapshot schema) {
        assertThat(schema).hasExtension("vector").withVersionAtLeast("0.5.0").inSchema("public");
        assertThat(schema).hasExtension("uuid-ossp");
    }

    @Test
    void memory_shards_are_searchable_by_cosine_distance(SchemaSnapshot schema) {
        assertThat(schema).table("memory_shards").hasColumn("embedding").ofType("vector(1536)").isNotNull().hasDimensions(1536);
        assertThat(schema).table("memory_shards").index("memory_shards_embedding_idx")
                .usesMethod("ivfflat").hasOperatorClass("embedding", "vector_cosine_ops").hasOption("lists", "100").isValid();
        assertThat(schema).table("memory_shards").index("memory_shards_live_idx").hasPredicate("archived_at IS NULL");
    }

    @Test
    void bot_profiles_have_an_hnsw_index(SchemaSnapshot schema) {
        assertThat(schema).table("bots").index("bots_profile_embedding_idx")
                .usesMethod("hnsw").hasOperatorClass("vector_l2_ops").hasOption("m", "16").hasOption("ef_construction", "64");
    }

    @Test
    void bots_are_deduplicated_by_content_hash(SchemaSnapshot schema) {
        assertThat(schema).table("bots").hasUniqueIndexOn("content_hash");
        assertThat(schema).function("create_bot_for_tenant").returns("uuid").hasLanguage("plpgsql").bodyContains("ON CONFLICT");
    }

    @Test
    void timestamps_tasks_and_statistics(SchemaSnapshot schema) {
        assertThat(schema).table("tenants").hasTrigger("update_tenants_updated_at");
        assertThat(schema).table("workflows").trigger("update_workflows_updated_at").executesFunction("set_updated_at").fires("BEFORE UPDATE");
        assertThat(schema).enumType("task_state").hasLabels("queued", "running", "succeeded", "failed");
        assertThat(schema).table("tasks").hasForeignKeyOn("workflow_id").definitionContains("ON DELETE CASCADE");
        assertThat(schema).view("tenant_memory_stats").isMaterialized().index("tenant_memory_stats_tenant_idx").isUnique();
        assertThat(schema).view("live_memories").definitionContains("archived_at IS NULL");
    }
}
