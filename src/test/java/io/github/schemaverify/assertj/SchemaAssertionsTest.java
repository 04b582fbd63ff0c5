package io.github.schemaverify.assertj;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.assertj.SchemaAssertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.github.schemaverify.Isolation;
import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.diff.SchemaDiff;

/** Each assertion passes on a matching schema and fails with the exact text on a wrong one, hard or soft. */
@MigratedDatabase(locations = "classpath:fixtures/catalog", schemas = {"public", "app"}, isolation = Isolation.PER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaAssertionsTest {

    @Test
    void an_extension_is_checked_for_presence_and_version_and_a_missing_one_lists_the_installed_ones(SchemaSnapshot schema) {
        assertThat(schema).hasExtension("vector").withVersionAtLeast("0.5.0").inSchema("public");
        String version = schema.extension("vector").orElseThrow().version();
        assertThat(schema).hasExtension("vector").withVersion(version);
        assertThatThrownBy(() -> assertThat(schema).hasExtension("vector").withVersionAtLeast("9.1.0"))
                .hasMessage(String.format("[extension vector] %nExpecting extension vector to have version at least 9.1.0,%nbut it has %s", version));
        assertThatThrownBy(() -> assertThat(schema).hasExtension("postgis")).hasMessage(String.format(
                "%nExpecting the schema to have extension \"postgis\",%nbut it has: plpgsql, vector"));
        assertThatThrownBy(() -> assertThat(schema).doesNotHaveExtension("vector"))
                .hasMessage(String.format("%nExpecting the schema not to have extension \"vector\",%nbut it has."));
    }

    @Test
    void a_column_failing_type_nullability_or_dimensions_is_named_with_what_it_is(SchemaSnapshot schema) {
        assertThat(schema).table("memory_shards").hasColumn("embedding").ofType("vector(1536)").isNullable().hasDimensions(1536);
        assertThat(schema).table("public.tenants").hasColumn("id").ofType("bigint").isNotNull()
                .hasDefault("nextval('tenants_id_seq'::regclass)");
        assertThat(schema).table("memory_shards").column("id").isIdentity();
        assertThatThrownBy(() -> assertThat(schema).table("bots")).hasMessage(String.format(
                "%nExpecting the schema to have table \"bots\",%nbut it has: public.audit_base, public.audit_log, public.events,"
                        + " public.events_2026, public.memory_shards, public.tenants, public.vectors"));
        assertThatThrownBy(() -> assertThat(schema).table("tenants").hasColumn("content_hash")).hasMessage(String.format(
                "[table public.tenants] %nExpecting table public.tenants to have column \"content_hash\",%nbut it has:"
                        + " created_at, email, id, name"));
        assertThatThrownBy(() -> assertThat(schema).table("memory_shards").hasColumn("embedding").ofType("vector(768)"))
                .hasMessage(String.format("[column public.memory_shards.embedding] %nExpecting column public.memory_shards.embedding to have"
                        + " type \"vector(768)\",%nbut it is \"vector(1536)\""));
        assertThatThrownBy(() -> assertThat(schema).table("memory_shards").hasColumn("embedding").isNotNull())
                .hasMessage(String.format("[column public.memory_shards.embedding] %nExpecting column public.memory_shards.embedding to be"
                        + " NOT NULL,%nbut it is nullable"));
        assertThatThrownBy(() -> assertThat(schema).table("memory_shards").hasColumn("embedding").hasDimensions(768))
                .hasMessage(String.format("[column public.memory_shards.embedding] %nExpecting column public.memory_shards.embedding"
                        + " to have 768 dimensions,%nbut it has 1536 (vector(1536))"));
        assertThatThrownBy(() -> assertThat(schema).table("memory_shards").hasColumn("content").hasDimensions(3))
                .hasMessage(String.format("[column public.memory_shards.content] %nExpecting column public.memory_shards.content to have"
                        + " 3 dimensions,%nbut it is not a vector column (text)"));
    }

    @Test
    void an_index_method_that_needs_a_minimum_extension_version(SchemaSnapshot schema) {
        String version = schema.extension("vector").orElseThrow().version();
        assertThat(schema).hasExtensionAtLeastWhereIndexesUse("vector", "0.7.0", "hnsw")
                .hasExtensionAtLeastWhereIndexesUse("vector", "99.0.0", "brin"); // no brin index: nothing needed
        assertThatThrownBy(() -> assertThat(schema).hasExtensionAtLeastWhereIndexesUse("vector", "99.0.0", "ivfflat"))
                .hasMessage(String.format("%nExpecting extension vector at version 99.0.0 or later, which indexes using ivfflat"
                        + " need,%nbut it is %s, and these indexes use ivfflat:%n  public.memory_shards_embedding_idx%n"
                        + "  public.vectors_ivfflat_b_hamming%n  public.vectors_ivfflat_h_cosine%n  public.vectors_ivfflat_h_ip%n"
                        + "  public.vectors_ivfflat_h_l2%n  public.vectors_ivfflat_v_cosine%n  public.vectors_ivfflat_v_ip%n"
                        + "  public.vectors_ivfflat_v_l2%nUpdate it (ALTER EXTENSION vector UPDATE) on a server that has version"
                        + " 99.0.0 or later.", version));
    }

    @Test
    void a_vector_index_failing_method_operator_class_or_option_is_named_with_what_it_has(SchemaSnapshot schema) {
        assertThat(schema).table("memory_shards").index("memory_shards_embedding_idx")
                .usesMethod("ivfflat").hasOperatorClass("vector_cosine_ops").hasOperatorClass("embedding", "vector_cosine_ops")
                .hasOption("lists", "100").hasKeys("embedding").isValid();
        assertThat(schema).table("memory_shards").index("memory_shards_summary_idx").usesMethod("hnsw")
                .hasOption("m", "16").hasOption("ef_construction", "64");
        assertThatThrownBy(() -> assertThat(schema).table("memory_shards").index("memory_shards_embedding_idx").usesMethod("hnsw"))
                .hasMessage(String.format("[index public.memory_shards_embedding_idx] %nExpecting index public.memory_shards_embedding_idx"
                        + " to have access method \"hnsw\",%nbut it is \"ivfflat\""));
        assertThatThrownBy(() -> assertThat(schema).table("memory_shards").index("memory_shards_embedding_idx")
                .hasOperatorClass("vector_l2_ops")).hasMessage(String.format("[index public.memory_shards_embedding_idx] %nExpecting index"
                        + " public.memory_shards_embedding_idx to have operator class \"vector_l2_ops\",%nbut it is \"vector_cosine_ops\""));
        assertThatThrownBy(() -> assertThat(schema).table("memory_shards").index("memory_shards_embedding_idx").hasOption("lists", "200"))
                .hasMessage(String.format("[index public.memory_shards_embedding_idx] %nExpecting index public.memory_shards_embedding_idx to"
                        + " have option lists=200,%nbut it has lists=100"));
        assertThatThrownBy(() -> assertThat(schema).table("memory_shards").index("memory_shards_embedding_idx").hasOption("probes", "10"))
                .hasMessage(String.format("[index public.memory_shards_embedding_idx] %nExpecting index public.memory_shards_embedding_idx to"
                        + " have option probes=10,%nbut it has no probes option"));
        assertThatThrownBy(() -> assertThat(schema).table("memory_shards").index("missing_idx")).hasMessage(String.format(
                "[table public.memory_shards] %nExpecting table public.memory_shards to have index \"missing_idx\",%nbut it has:"
                        + " memory_shards_binary_idx, memory_shards_during_excl, memory_shards_embedding_idx, memory_shards_half_idx,"
                        + " memory_shards_pkey, memory_shards_prefix_idx, memory_shards_summary_idx, memory_shards_tenant_content_idx"));
    }

    @Test
    void unique_indexes_constraints_and_triggers_missing_or_not_validated_are_named(SchemaSnapshot schema) {
        assertThat(schema).table("tenants").hasUniqueIndexOn("name").hasPrimaryKey("id").hasTrigger("tenants_created_at");
        assertThat(schema).table("tenants").trigger("tenants_created_at").executesFunction("set_created_at")
                .fires("BEFORE INSERT").isEnabled();
        assertThat(schema).table("memory_shards").hasForeignKeyOn("tenant_id").definitionContains("REFERENCES tenants(id)")
                .definitionContains("ON DELETE CASCADE").isValidated();
        assertThat(schema).table("memory_shards").index("memory_shards_tenant_content_idx").isUnique().includes("state")
                .hasPredicate("state <> 'done'::app.task_state");
        assertThatThrownBy(() -> assertThat(schema).table("tenants").hasUniqueIndexOn("email")).hasMessage(String.format(
                "[table public.tenants] %nExpecting table public.tenants to have a unique index on (email),%nbut its unique"
                        + " indexes are: tenants_name_key (name), tenants_pkey (id)"));
        assertThatThrownBy(() -> assertThat(schema).table("tenants").hasTrigger("update_tenants_updated_at")).hasMessage(String.format(
                "[table public.tenants] %nExpecting table public.tenants to have trigger \"update_tenants_updated_at\",%nbut it"
                        + " has: tenants_created_at"));
        assertThatThrownBy(() -> assertThat(schema).table("tenants").constraint("tenants_name_not_blank").isValidated())
                .hasMessage(String.format("[constraint public.tenants.tenants_name_not_blank] %nExpecting constraint"
                        + " public.tenants.tenants_name_not_blank to be validated,%nbut it is NOT VALID"));
        assertThat(schema).table("memory_shards").hasRowLevelSecurity().hasPolicy("tenant_isolation");
        assertThat(schema).table("events").isPartitioned();
    }

    @Test
    void functions_views_and_enums_missing_or_different_are_named(SchemaSnapshot schema) {
        assertThat(schema).hasFunction("set_created_at").hasFunction("app.shard_count");
        assertThat(schema).function("shard_count").returns("bigint").hasLanguage("sql").hasVolatility("STABLE")
                .hasArguments("p_tenant bigint").bodyContains("count(*)");
        assertThat(schema).view("shard_stats").isMaterialized().definitionContains("count(*)").index("shard_stats_tenant_idx").isUnique();
        assertThat(schema).enumType("task_state").hasLabels("queued", "running", "done");
        assertThat(schema).hasSequence("app.ticket_seq").hasDomain("email").hasCompositeType("score");
        assertThat(schema).hasOtherObject("text search configuration", "english_custom")
                .hasOtherObject("operator class", "app.int4_reverse_ops USING btree").hasOtherObject("server", "sv_catalog_remote");
        assertThatThrownBy(() -> assertThat(schema).hasOtherObject("text search configuration", "english_unaccent")).hasMessage(
                String.format("%nExpecting the schema to have text search configuration \"english_unaccent\",%nbut it has:"
                        + " app.english_custom"));
        assertThat(schema).doesNotHaveOtherObject("text search configuration", "english_unaccent");
        assertThatThrownBy(() -> assertThat(schema).doesNotHaveOtherObject("server", "sv_catalog_remote"))
                .hasMessage(String.format("%nExpecting the schema not to have server \"sv_catalog_remote\",%nbut it has."));
        assertThatThrownBy(() -> assertThat(schema).hasOtherObject("text search config", "english_custom"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("\"text search config\" is no kind of object without"
                        + " a record of its own; the kinds are access method, conversion, database setting, foreign table,"
                        + " foreign-data wrapper, language, operator, operator class, operator family, privileges, role setting, server,"
                        + " text search configuration, text search"
                        + " dictionary, text search parser, text search template, transform, user mapping (tables, views,"
                        + " functions, types and the others have records and methods of their own: SchemaSnapshot.table(name),"
                        + " ...)");
        assertThatThrownBy(() -> assertThat(schema).hasFunction("create_bot_for_tenant")).hasMessage(String.format(
                "%nExpecting the schema to have function \"create_bot_for_tenant\",%nbut it has: app.eq_ci(a text, b text),"
                        + " app.int4_reverse_cmp(a integer, b integer), app.on_ddl(), app.product(double precision), app.purge(IN p_tenant bigint), app.recent(p_limit integer, p_label text),"
                        + " app.safe_lower(t text), app.shard_count(p_tenant bigint), app.task_state_rank(s app.task_state),"
                        + " public.set_created_at(), public.tenant_names_insert()"));
        assertThatThrownBy(() -> assertThat(schema).enumType("task_state").hasLabels("queued", "done")).hasMessage(String.format(
                "[enum app.task_state] %nExpecting enum app.task_state to have labels \"queued, done\",%nbut it is \"queued,"
                        + " running, done\""));
        assertThatThrownBy(() -> assertThat(schema).view("tenant_names").isMaterialized()).hasMessage(String.format(
                "[view public.tenant_names] %nExpecting view public.tenant_names to be materialized,%nbut it is a plain view"));
    }

    @Test
    void a_diff_that_should_be_empty_lists_every_change_and_a_missing_change_shows_the_others(SchemaSnapshot schema) {
        assertThat(SchemaDiff.between(schema, schema)).isEmpty();
        SchemaDiff diff = SchemaDiff.between(SchemaSnapshot.empty(), new SchemaSnapshot(java.util.List.of(), schema.extensions(),
                java.util.List.of(), java.util.List.of(), java.util.List.of(), java.util.List.of(), schema.enums(), java.util.List.of(),
                java.util.List.of(), java.util.List.of()));
        assertThat(diff).isNotEmpty().containsChange("+ enum app.task_state (AS ENUM ('queued', 'running', 'done'))");
        String vector = schema.extension("vector").orElseThrow().version();
        assertThatThrownBy(() -> assertThat(diff).isEmpty()).hasMessage(String.format(("%nExpecting no schema differences,%nbut found 3:%n"
                + "  + extension plpgsql (plpgsql 1.0 in pg_catalog)%n"
                + "  + extension vector (vector " + vector + " in public)%n"
                + "  + enum app.task_state (AS ENUM ('queued', 'running', 'done'))")));
        assertThatThrownBy(() -> assertThat(SchemaDiff.between(schema, schema)).containsChange("- table public.tenants"))
                .hasMessage(String.format("%nExpecting the differences to contain:%n  - table public.tenants%nbut they are:%n  (none)"));
    }

    @Test
    void soft_assertions_collect_every_failure_of_a_navigation_chain_and_go_on_past_a_missing_table(SchemaSnapshot schema) {
        SoftSchemaAssertions softly = new SoftSchemaAssertions();
        softly.assertThat(schema).doesNotHaveTable("tenants").hasTable("bots").table("missing").column("x").ofType("int").isNotNull();
        softly.assertThat(schema).table("memory_shards").hasColumn("embedding").ofType("vector(768)").isNotNull().hasDimensions(768)
                .isNullable();
        softly.assertThat(schema).view("tenant_names").index("missing_idx").usesMethod("hnsw");
        softly.assertThat("AssertJ's own soft assertions are there too").startsWith("AssertJ");

        String tables = "public.audit_base, public.audit_log, public.events, public.events_2026, public.memory_shards, public.tenants,"
                + " public.vectors";
        String column = "[column public.memory_shards.embedding] %nExpecting column public.memory_shards.embedding";
        // AssertJ ends each collected message with the line of the test that made it
        String location = "\\Rat SchemaAssertionsTest\\.soft_assertions_collect_[a-z_]+\\(SchemaAssertionsTest\\.java:\\d+\\)$";
        assertThat(softly.errorsCollected()).extracting(Throwable::getMessage).allMatch(m -> m.matches("(?s).*" + location))
                .extracting(m -> m.replaceFirst(location, "")).containsExactly(
                String.format("%nExpecting the schema not to have table \"tenants\",%nbut it has."),
                String.format("%nExpecting the schema to have table \"bots\",%nbut it has: " + tables),
                String.format("%nExpecting the schema to have table \"missing\",%nbut it has: " + tables),
                String.format(column + " to have type \"vector(768)\",%nbut it is \"vector(1536)\""),
                String.format(column + " to be NOT NULL,%nbut it is nullable"),
                String.format(column + " to have 768 dimensions,%nbut it has 1536 (vector(1536))"),
                String.format("[view public.tenant_names] %nExpecting view public.tenant_names to have index \"missing_idx\",%nbut"
                        + " it has: none"));
        assertThatThrownBy(softly::assertAll).hasMessageStartingWith(String.format("%nMultiple Failures (7 failures)"));
    }

    @Test
    void hard_assertions_stop_at_the_first_failure_of_a_chain() {
        SchemaSnapshot empty = SchemaSnapshot.empty();
        assertThatThrownBy(() -> assertThat(empty).hasTable("bots").table("missing").column("x")).hasMessage(String.format(
                "%nExpecting the schema to have table \"bots\",%nbut it has: none"));
        assertThatThrownBy(() -> assertThat((SchemaSnapshot) null).table("bots")).hasMessage(String.format(
                "%nExpecting actual not to be null"));
    }
}
