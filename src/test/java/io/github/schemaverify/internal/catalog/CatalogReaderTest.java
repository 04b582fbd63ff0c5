package io.github.schemaverify.internal.catalog;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.schema.Column;
import io.github.schemaverify.schema.Comment;
import io.github.schemaverify.schema.CompositeType;
import io.github.schemaverify.schema.Constraint;
import io.github.schemaverify.schema.Domain;
import io.github.schemaverify.schema.EnumType;
import io.github.schemaverify.schema.Index;
import io.github.schemaverify.schema.Policy;
import io.github.schemaverify.schema.Routine;
import io.github.schemaverify.schema.SchemaName;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.Sequence;
import io.github.schemaverify.schema.Table;
import io.github.schemaverify.schema.Trigger;
import io.github.schemaverify.schema.View;

/** One migration creates every object kind; the snapshot must show each with every property right. */
@MigratedDatabase(locations = "classpath:fixtures/catalog", schemas = {"public", "app"})
class CatalogReaderTest {

    @Test
    void schemas_and_extensions(SchemaSnapshot s) {
        assertThat(s.schemas()).containsExactly(new SchemaName("app"), new SchemaName("public"));
        assertThat(s.extension("vector").orElseThrow().version()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(s.extension("vector").orElseThrow().schema()).isEqualTo("public");
        assertThat(s.extension("plpgsql")).isPresent();
    }

    @Test
    void columns_with_types_nullability_defaults_identity_generated_and_collation(SchemaSnapshot s) {
        Table shards = s.table("memory_shards").orElseThrow();
        assertThat(shards.columns()).extracting(Column::name).containsExactly("content", "content_length", "during",
                "embedding", "id", "signature", "sparse", "state", "summary", "tenant_id");
        assertThat(shards.column("id")).contains(new Column("public", "memory_shards", "id", "bigint", true, "", "ALWAYS", "", "", 1));
        assertThat(shards.column("content_length")).contains(
                new Column("public", "memory_shards", "content_length", "integer", false, "", "", "length(content)", "", 4));
        assertThat(shards.column("embedding")).contains(
                new Column("public", "memory_shards", "embedding", "vector(1536)", false, "", "", "", "", 6));
        assertThat(shards.column("state")).contains(
                new Column("public", "memory_shards", "state", "task_state", true, "'queued'::task_state", "", "", "", 5));
        assertThat(shards.column("summary").orElseThrow().dimensions()).isEqualTo(768);
        assertThat(shards.column("sparse").orElseThrow().dimensions()).isEqualTo(30000);
        assertThat(shards.column("signature").orElseThrow().dimensions()).isEqualTo(64);
        Table tenants = s.table("tenants").orElseThrow();
        assertThat(tenants.column("id")).contains(new Column("public", "tenants", "id", "bigint", true,
                "nextval('tenants_id_seq'::regclass)", "", "", "", 1));
        assertThat(tenants.column("name")).contains(new Column("public", "tenants", "name", "text", true, "", "", "", "C", 2));
        assertThat(shards.columnOrder()).containsExactly("id", "tenant_id", "content", "content_length", "state", "embedding",
                "summary", "sparse", "signature", "during");
        // every migration schema is on the reading search_path, so their types read unqualified, as public's do
        assertThat(tenants.column("email").orElseThrow().type()).isEqualTo("email");
    }

    @Test
    void constraints_of_every_type(SchemaSnapshot s) {
        assertThat(s.table("tenants").orElseThrow().constraints()).containsExactly(
                new Constraint("public", "tenants", "tenants_name_key", "UNIQUE", List.of("name"), "UNIQUE (name)", true),
                new Constraint("public", "tenants", "tenants_name_not_blank", "CHECK", List.of("name"), "CHECK (name <> ''::text) NOT VALID", false),
                new Constraint("public", "tenants", "tenants_pkey", "PRIMARY KEY", List.of("id"), "PRIMARY KEY (id)", true));
        assertThat(s.table("memory_shards").orElseThrow().constraints()).containsExactly(
                new Constraint("public", "memory_shards", "memory_shards_during_excl", "EXCLUDE", List.of("during"), "EXCLUDE USING gist (during WITH &&)", true),
                new Constraint("public", "memory_shards", "memory_shards_pkey", "PRIMARY KEY", List.of("id"), "PRIMARY KEY (id)", true),
                new Constraint("public", "memory_shards", "memory_shards_tenant_id_fkey", "FOREIGN KEY", List.of("tenant_id"),
                        "FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON UPDATE RESTRICT ON DELETE CASCADE", true));
    }

    @Test
    void indexes_with_method_keys_opclasses_options_include_predicate_and_validity(SchemaSnapshot s) {
        Table shards = s.table("memory_shards").orElseThrow();
        assertThat(shards.index("memory_shards_embedding_idx")).contains(new Index("public", "memory_shards",
                "memory_shards_embedding_idx", "ivfflat", false, false, List.of("embedding"), List.of("vector_cosine_ops"),
                new TreeMap<>(Map.of("lists", "100")), List.of(), "", true, true));
        assertThat(shards.index("memory_shards_summary_idx")).contains(new Index("public", "memory_shards",
                "memory_shards_summary_idx", "hnsw", false, false, List.of("summary"), List.of("halfvec_l2_ops"),
                new TreeMap<>(Map.of("m", "16", "ef_construction", "64")), List.of(), "", true, true));
        assertThat(shards.index("memory_shards_tenant_content_idx")).contains(new Index("public", "memory_shards",
                "memory_shards_tenant_content_idx", "btree", true, false, List.of("tenant_id", "md5(content)"),
                List.of("int8_ops", "text_ops"), new TreeMap<>(), List.of("state"), "state <> 'done'::task_state", true, true));
        assertThat(shards.index("memory_shards_pkey").orElseThrow().primary()).isTrue();
        assertThat(s.view("shard_stats").orElseThrow().indexes()).extracting(Index::name).containsExactly("shard_stats_tenant_idx");
    }

    @Test
    void triggers_policies_row_level_security_and_partitions(SchemaSnapshot s) {
        assertThat(s.table("tenants").orElseThrow().triggers()).containsExactly(new Trigger("public", "tenants",
                "tenants_created_at", "set_created_at",
                "CREATE TRIGGER tenants_created_at BEFORE INSERT ON tenants FOR EACH ROW EXECUTE FUNCTION set_created_at()", "O"));
        Table shards = s.table("memory_shards").orElseThrow();
        assertThat(shards.rowSecurity()).isTrue();
        assertThat(shards.policies()).containsExactly(new Policy("public", "memory_shards", "tenant_isolation", "SELECT", true,
                List.of("public"), "tenant_id = current_setting('app.tenant'::text)::bigint", ""));
        assertThat(s.table("events").orElseThrow().kind()).isEqualTo("partitioned table");
        assertThat(s.table("events").orElseThrow().partitionKey()).isEqualTo("RANGE (at)");
        assertThat(s.table("events_2026").orElseThrow().partitionOf())
                .isEqualTo("public.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')");
    }

    @Test
    void sequences_views_routines_and_types(SchemaSnapshot s) {
        assertThat(s.sequences()).containsExactly(
                new Sequence("app", "ticket_seq", "integer", 100, 5, 100, 100000, 1, true, ""),
                new Sequence("public", "tenants_id_seq", "bigint", 1, 1, 1, Long.MAX_VALUE, 1, false, "public.tenants.id"));
        assertThat(s.view("tenant_names")).contains(new View("public", "tenant_names", false,
                " SELECT tenants.id,\n    tenants.name\n   FROM tenants;", List.of()));
        assertThat(s.view("shard_stats").orElseThrow().materialized()).isTrue();
        assertThat(s.routines()).extracting(Routine::qualifiedName)
                .containsExactly("app.purge(IN p_tenant bigint)", "app.shard_count(p_tenant bigint)", "public.set_created_at()");
        assertThat(s.routines("shard_count")).containsExactly(new Routine("app", "shard_count", "p_tenant bigint", "function",
                "bigint", "sql", "STABLE", false, "SELECT count(*) FROM public.memory_shards WHERE tenant_id = p_tenant"));
        assertThat(s.routines("purge").get(0).kind()).isEqualTo("procedure");
        assertThat(s.enums()).containsExactly(new EnumType("app", "task_state", List.of("queued", "running", "done")));
        assertThat(s.domains()).containsExactly(new Domain("app", "email", "text", true, "'nobody@example.com'::text",
                List.of("CHECK (VALUE ~~ '%@%'::text)")));
        assertThat(s.compositeTypes()).containsExactly(new CompositeType("app", "score", List.of("label text", "value double precision")));
    }

    @Test
    void comments_on_tables_columns_and_functions(SchemaSnapshot s) {
        assertThat(s.comments()).contains(new Comment("table public.tenants", "Customers"),
                new Comment("column public.memory_shards.embedding", "OpenAI embedding"),
                new Comment("function app.shard_count(p_tenant bigint)", "Shards per tenant"));
    }

    @Test
    void extension_objects_and_the_history_table_are_left_out(SchemaSnapshot s) {
        assertThat(s.tables()).extracting(Table::name).doesNotContain("flyway_schema_history");
        assertThat(s.routines()).extracting(Routine::name).doesNotContain("cosine_distance", "vector_in", "l2_distance");
        assertThat(s.toCanonicalText()).doesNotContain("flyway_schema_history").doesNotContain("public.vector(");
    }
}
