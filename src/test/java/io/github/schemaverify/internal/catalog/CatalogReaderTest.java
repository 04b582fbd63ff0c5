package io.github.schemaverify.internal.catalog;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.TestDatabase;
import io.github.schemaverify.schema.Cast;
import io.github.schemaverify.schema.CastContext;
import io.github.schemaverify.schema.CastMethod;
import io.github.schemaverify.schema.Collation;
import io.github.schemaverify.schema.Column;
import io.github.schemaverify.schema.ColumnStorage;
import io.github.schemaverify.schema.Comment;
import io.github.schemaverify.schema.CompositeType;
import io.github.schemaverify.schema.Constraint;
import io.github.schemaverify.schema.ConstraintType;
import io.github.schemaverify.schema.DefaultPrivileges;
import io.github.schemaverify.schema.Domain;
import io.github.schemaverify.schema.EnumType;
import io.github.schemaverify.schema.EventTrigger;
import io.github.schemaverify.schema.Grant;
import io.github.schemaverify.schema.Identity;
import io.github.schemaverify.schema.Index;
import io.github.schemaverify.schema.OtherObject;
import io.github.schemaverify.schema.Parallel;
import io.github.schemaverify.schema.Policy;
import io.github.schemaverify.schema.PolicyCommand;
import io.github.schemaverify.schema.Publication;
import io.github.schemaverify.schema.RangeType;
import io.github.schemaverify.schema.ReplicaIdentity;
import io.github.schemaverify.schema.Role;
import io.github.schemaverify.schema.Routine;
import io.github.schemaverify.schema.RoutineKind;
import io.github.schemaverify.schema.Rule;
import io.github.schemaverify.schema.SchemaName;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.Sequence;
import io.github.schemaverify.schema.Statistics;
import io.github.schemaverify.schema.Table;
import io.github.schemaverify.schema.Trigger;
import io.github.schemaverify.schema.TriggerState;
import io.github.schemaverify.schema.View;
import io.github.schemaverify.schema.Volatility;
import io.github.schemaverify.schema.diff.Change;

/** One migration creates every object kind; the snapshot must show each with every property right. */
@MigratedDatabase(locations = "classpath:fixtures/catalog", schemas = {"public", "app"})
class CatalogReaderTest {

    @Test
    void a_list_bound_reads_sorted_and_nothing_else_does() {
        org.assertj.core.api.Assertions.assertThat(CatalogReader.listBoundSorted(
                "public.p FOR VALUES IN ('x)y', NULL, 'a''b')")).isEqualTo("public.p FOR VALUES IN ('a''b', 'x)y', NULL)");
        for (String unchanged : List.of("public.p FOR VALUES FROM (1) TO (10)", "public.p DEFAULT",
                "public.p FOR VALUES WITH (modulus 2, remainder 0)", "public.p FOR VALUES IN ('b', 'a'",
                // a foreign table that is no list partition, with the words in a literal
                "(c text) PARTITION OF public.p DEFAULT SERVER s OPTIONS (q ' FOR VALUES IN (b, a)')",
                "(c text DEFAULT ' PARTITION OF x FOR VALUES IN (b, a)') SERVER s")) {
            org.assertj.core.api.Assertions.assertThat(CatalogReader.listBoundSorted(unchanged)).isEqualTo(unchanged);
        }
        org.assertj.core.api.Assertions.assertThat(CatalogReader.listBoundSorted("(c text DEFAULT ' PARTITION OF ')"
                + " PARTITION OF public.p FOR VALUES IN ('b', 'a') SERVER s OPTIONS (q 'x')")).isEqualTo("(c text DEFAULT"
                + " ' PARTITION OF ') PARTITION OF public.p FOR VALUES IN ('a', 'b') SERVER s OPTIONS (q 'x')");
    }

    @Test
    void schemas_and_extensions(SchemaSnapshot s) {
        assertThat(s.schemas()).extracting(SchemaName::name).containsExactly("app", "public");
        assertThat(s.extension("vector").orElseThrow().version()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(s.extension("vector").orElseThrow().schema()).isEqualTo("public");
        assertThat(s.extension("plpgsql")).isPresent();
    }

    @Test
    void columns_with_types_nullability_defaults_identity_generated_and_collation(SchemaSnapshot s) {
        Table shards = s.table("memory_shards").orElseThrow();
        assertThat(shards.columns()).extracting(Column::name).containsExactly("content", "content_length", "during",
                "embedding", "id", "signature", "sparse", "state", "summary", "tenant_id");
        assertThat(shards.column("id")).contains(new Column("public", "memory_shards", "id", "bigint", true, "", Identity.ALWAYS, "", "", 1));
        assertThat(shards.column("content_length")).contains(
                new Column("public", "memory_shards", "content_length", "integer", false, "", Identity.NONE, "length(content)", "", 4));
        assertThat(shards.column("embedding")).contains(
                new Column("public", "memory_shards", "embedding", "vector(1536)", false, "", Identity.NONE, "", "", 6));
        assertThat(shards.column("state")).contains(
                new Column("public", "memory_shards", "state", "app.task_state", true, "'queued'::app.task_state", Identity.NONE, "", "",
                        5));
        assertThat(shards.column("summary").orElseThrow().dimensions()).isEqualTo(768);
        assertThat(shards.column("sparse").orElseThrow().dimensions()).isEqualTo(30000);
        assertThat(shards.column("signature").orElseThrow().dimensions()).isEqualTo(64);
        Table tenants = s.table("tenants").orElseThrow();
        assertThat(tenants.column("id")).contains(new Column("public", "tenants", "id", "bigint", true,
                "nextval('tenants_id_seq'::regclass)", Identity.NONE, "", "", 1));
        assertThat(tenants.column("name")).contains(new Column("public", "tenants", "name", "text", true, "", Identity.NONE, "", "C", 2,
                "", ColumnStorage.DEFAULT, "", List.of(new Grant("sv_catalog_reader", List.of("UPDATE")))));
        assertThat(shards.columnOrder()).containsExactly("id", "tenant_id", "content", "content_length", "state", "embedding",
                "summary", "sparse", "signature", "during");
        // only public and the extensions' schemas are on the reading search_path: app's types read qualified, so that
        // they never read as if they were public's
        assertThat(tenants.column("email").orElseThrow().type()).isEqualTo("app.email");
    }

    @Test
    void constraints_of_every_type(SchemaSnapshot s) {
        assertThat(s.table("tenants").orElseThrow().constraints()).containsExactly(
                new Constraint("public", "tenants", "tenants_name_key", ConstraintType.UNIQUE, List.of("name"), "UNIQUE (name)", true),
                new Constraint("public", "tenants", "tenants_name_not_blank", ConstraintType.CHECK, List.of("name"), "CHECK (name <> ''::text) NOT VALID", false),
                new Constraint("public", "tenants", "tenants_pkey", ConstraintType.PRIMARY_KEY, List.of("id"), "PRIMARY KEY (id)", true));
        assertThat(s.table("memory_shards").orElseThrow().constraints()).containsExactly(
                new Constraint("public", "memory_shards", "memory_shards_during_excl", ConstraintType.EXCLUDE, List.of("during"), "EXCLUDE USING gist (during WITH &&)", true),
                new Constraint("public", "memory_shards", "memory_shards_pkey", ConstraintType.PRIMARY_KEY, List.of("id"), "PRIMARY KEY (id)", true),
                new Constraint("public", "memory_shards", "memory_shards_tenant_id_fkey", ConstraintType.FOREIGN_KEY, List.of("tenant_id"),
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
                List.of("int8_ops", "text_ops"), new TreeMap<>(), List.of("state"), "state <> 'done'::app.task_state", true, true));
        assertThat(shards.index("memory_shards_pkey").orElseThrow().primary()).isTrue();
        assertThat(s.view("shard_stats").orElseThrow().indexes()).extracting(Index::name).containsExactly("shard_stats_tenant_idx");
    }

    @Test
    void triggers_policies_row_level_security_and_partitions(SchemaSnapshot s) {
        assertThat(s.table("tenants").orElseThrow().triggers()).containsExactly(new Trigger("public", "tenants",
                "tenants_created_at", "set_created_at",
                "CREATE TRIGGER tenants_created_at BEFORE INSERT ON tenants FOR EACH ROW EXECUTE FUNCTION set_created_at()", TriggerState.ORIGIN));
        Table shards = s.table("memory_shards").orElseThrow();
        assertThat(shards.rowSecurity()).isTrue();
        assertThat(shards.policies()).containsExactly(new Policy("public", "memory_shards", "tenant_isolation", PolicyCommand.SELECT, true,
                List.of("public"), "tenant_id = current_setting('app.tenant'::text)::bigint", ""));
        assertThat(s.table("events").orElseThrow().kind()).isEqualTo("partitioned table");
        assertThat(s.table("events").orElseThrow().partitionKey()).isEqualTo("RANGE (at)");
        assertThat(s.table("events_2026").orElseThrow().partitionOf())
                .isEqualTo("public.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')");
    }

    @Test
    void sequences_views_routines_and_types(SchemaSnapshot s, TestDatabase db) {
        int version = serverVersion(db);
        String owner = db.user();
        assertThat(s.sequences()).containsExactly(
                new Sequence("app", "ticket_seq", "integer", 100, 5, 100, 100000, 1, true, "", owner,
                        List.of(new Grant("sv_catalog_reader", List.of("USAGE")))),
                new Sequence("public", "tenants_id_seq", "bigint", 1, 1, 1, Long.MAX_VALUE, 1, false, "public.tenants.id", owner,
                        List.of()));
        // PostgreSQL 16 and later print the columns of a one-table view unqualified
        String table = version >= 160000 ? "" : "tenants.";
        assertThat(s.view("tenant_names").orElseThrow().definition()).isEqualTo(
                " SELECT TABLEid,\n    TABLEname\n   FROM tenants;".replace("TABLE", table));
        assertThat(s.view("shard_stats").orElseThrow().materialized()).isTrue();
        // PostgreSQL 13 prints a procedure's arguments without their mode
        String purge = version >= 140000 ? "app.purge(IN p_tenant bigint)" : "app.purge(p_tenant bigint)";
        assertThat(s.routines()).extracting(Routine::qualifiedName).containsExactly("app.eq_ci(a text, b text)",
                "app.int4_reverse_cmp(a integer, b integer)", "app.on_ddl()", "app.product(double precision)", purge, "app.recent(p_limit integer, p_label text)", "app.safe_lower(t text)",
                "app.shard_count(p_tenant bigint)", "app.task_state_rank(s app.task_state)", "public.set_created_at()",
                "public.tenant_names_insert()");
        assertThat(s.routines("shard_count")).containsExactly(new Routine("app", "shard_count", "p_tenant bigint",
                RoutineKind.FUNCTION, "bigint", "sql", Volatility.STABLE, false,
                "SELECT count(*) FROM public.memory_shards WHERE tenant_id = p_tenant", false, false, Parallel.UNSAFE, "", "",
                List.of(), "", "", owner, List.of(new Grant("PUBLIC", List.of()), new Grant("sv_catalog_reader", List.of("EXECUTE")))));
        assertThat(s.routines("purge").get(0).kind()).isEqualTo("procedure");
        assertThat(s.enums()).containsExactly(new EnumType("app", "task_state", List.of("queued", "running", "done"), owner,
                List.of(new Grant("sv_catalog_reader", List.of("USAGE WITH GRANT OPTION")))));
        assertThat(s.domains()).containsExactly(new Domain("app", "email", "text", true, "'nobody@example.com'::text",
                List.of("CHECK (VALUE ~~ '%@%'::text)"), owner, List.of()));
        assertThat(s.compositeTypes()).containsExactly(new CompositeType("app", "score", List.of("label text", "value double precision"),
                owner, List.of()));
    }

    static int serverVersion(TestDatabase db) {
        try (var c = db.connect(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT current_setting('server_version_num')::int")) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void comments_on_tables_columns_and_functions(SchemaSnapshot s) {
        assertThat(s.comments()).contains(new Comment("table public.tenants", "Customers"),
                new Comment("column public.memory_shards.embedding", "OpenAI embedding"),
                new Comment("function app.shard_count(p_tenant bigint)", "Shards per tenant"));
    }

    @Test
    void owners_and_privileges_of_every_kind_and_default_privileges(SchemaSnapshot s, TestDatabase db) {
        String owner = db.user();
        assertThat(s.schemas()).filteredOn(n -> n.name().equals("app")).containsExactly(new SchemaName("app", owner,
                List.of(new Grant("sv_catalog_reader", List.of("USAGE")))));
        Table tenants = s.table("tenants").orElseThrow();
        assertThat(tenants.owner()).isEqualTo(owner);
        assertThat(tenants.privileges()).containsExactly(new Grant("sv_catalog_reader", List.of("INSERT", "SELECT")));
        assertThat(s.table("audit_log").orElseThrow().owner()).isEqualTo("sv_catalog_owner");
        View named = s.view("app.named_tenants").orElseThrow();
        assertThat(named.owner()).isEqualTo("sv_catalog_owner");
        // created after ALTER DEFAULT PRIVILEGES IN SCHEMA app: it got the default grant
        assertThat(named.privileges()).containsExactly(new Grant("sv_catalog_reader", List.of("SELECT")));
        assertThat(s.defaultPrivileges()).containsExactly(new DefaultPrivileges(owner, "app", "TABLES",
                List.of(new Grant("sv_catalog_reader", List.of("SELECT")))));
        assertThat(new Change.Added(s.defaultPrivileges().get(0)).render()).isEqualTo("+ default privileges FOR ROLE " + owner
                + " IN SCHEMA app ON TABLES (sv_catalog_reader: SELECT)");
    }

    @Test
    void function_settings_argument_defaults_and_aggregates(SchemaSnapshot s, TestDatabase db) {
        String owner = db.user();
        assertThat(s.routines("safe_lower")).containsExactly(new Routine("app", "safe_lower", "t text", RoutineKind.FUNCTION, "text",
                "sql", Volatility.IMMUTABLE, false, "SELECT lower(t)", true, true, Parallel.SAFE, "5", "",
                List.of("search_path=pg_catalog, pg_temp"), "", "", owner, List.of()));
        assertThat(s.routines("safe_lower").get(0).summary()).isEqualTo("RETURNS text LANGUAGE sql IMMUTABLE STRICT LEAKPROOF"
                + " PARALLEL SAFE COST 5 SET search_path = pg_catalog, pg_temp");
        Routine recent = s.routines("recent").get(0);
        assertThat(recent.rows()).isEqualTo("50");
        assertThat(recent.argumentDefaults()).isEqualTo("10, 'any'::text");
        Routine product = s.routines("product").get(0);
        assertThat(product.kind()).isEqualTo("aggregate");
        assertThat(product.aggregate()).isEqualTo("SFUNC = float8mul, STYPE = double precision, INITCOND = '1'");
        // a range type's constructors and its multirange cast are part of it, not listed on their own
        assertThat(s.routines()).extracting(Routine::name).doesNotContain("float_range", "float_multirange");
    }

    @Test
    void view_options_instead_of_triggers_and_rules(SchemaSnapshot s) {
        View named = s.view("app.named_tenants").orElseThrow();
        assertThat(named.options()).containsExactly(Map.entry("check_option", "cascaded"), Map.entry("security_barrier", "true"));
        View names = s.view("tenant_names").orElseThrow();
        assertThat(names.triggers()).containsExactly(new Trigger("public", "tenant_names", "tenant_names_insert",
                "tenant_names_insert", "CREATE TRIGGER tenant_names_insert INSTEAD OF INSERT ON tenant_names FOR EACH ROW"
                + " EXECUTE FUNCTION tenant_names_insert()", TriggerState.ORIGIN));
        assertThat(names.rules()).containsExactly(new Rule("public", "tenant_names", "tenant_names_no_delete",
                "CREATE RULE tenant_names_no_delete AS\n    ON DELETE TO tenant_names DO INSTEAD NOTHING;"));
        assertThat(s.table("audit_log").orElseThrow().rules()).extracting(Rule::name).containsExactly("audit_log_no_update");
    }

    @Test
    void inheritance_storage_parameters_replica_identity_identity_options_column_storage_and_statistics(SchemaSnapshot s) {
        Table log = s.table("audit_log").orElseThrow();
        assertThat(log.inherits()).containsExactly("public.audit_base");
        assertThat(log.options()).containsExactly(Map.entry("autovacuum_enabled", "false"), Map.entry("fillfactor", "70"),
                Map.entry("toast.autovacuum_enabled", "false"));
        assertThat(log.replicaIdentity()).isEqualTo(ReplicaIdentity.FULL);
        assertThat(log.column("id").orElseThrow().identityOptions()).isEqualTo("START 1000 INCREMENT 10 CACHE 20");
        assertThat(log.column("detail").orElseThrow().storage()).isEqualTo(ColumnStorage.EXTERNAL);
        assertThat(log.statistics()).containsExactly(new Statistics("app", "audit_log_actor_action", "public.audit_log",
                "CREATE STATISTICS app.audit_log_actor_action (ndistinct, dependencies) ON actor, action FROM audit_log"));
        assertThat(log.summary()).isEqualTo("at timestamp with time zone NOT NULL, id bigint NOT NULL, actor text NOT NULL,"
                + " action text NOT NULL, detail text; PRIMARY KEY (id); 1 index; INHERITS (public.audit_base); WITH (autovacuum_enabled=false,"
                + " fillfactor=70, toast.autovacuum_enabled=false); REPLICA IDENTITY FULL");
    }

    @Test
    void index_keys_with_ordering_and_collation(SchemaSnapshot s) {
        Index index = s.table("audit_log").orElseThrow().index("audit_log_actor_idx").orElseThrow();
        assertThat(index.keyOptions()).containsExactly("COLLATE \"POSIX\" DESC", "NULLS FIRST", "DESC NULLS LAST");
        assertThat(index.summary()).isEqualTo("btree on audit_log (actor COLLATE \"POSIX\" DESC, action NULLS FIRST, id DESC NULLS LAST)");
        assertThat(index.properties()).containsEntry("key options", "actor COLLATE \"POSIX\" DESC, action NULLS FIRST, id DESC NULLS LAST");
    }

    @Test
    void pgvector_expression_keys_on_casts_subvectors_partial_indexes_and_every_operator_class(SchemaSnapshot s) {
        Table shards = s.table("memory_shards").orElseThrow();
        assertThat(shards.index("memory_shards_half_idx").orElseThrow().summary())
                .isEqualTo("hnsw on memory_shards ((embedding::halfvec(1536)) halfvec_cosine_ops)");
        assertThat(shards.index("memory_shards_binary_idx").orElseThrow().summary())
                .isEqualTo("hnsw on memory_shards ((binary_quantize(embedding)::bit(1536)) bit_hamming_ops)");
        assertThat(shards.index("memory_shards_prefix_idx").orElseThrow().summary()).isEqualTo("hnsw on memory_shards"
                + " ((subvector(embedding, 1, 256)::vector(256)) vector_l2_ops) WHERE state = 'running'::app.task_state");
        assertThat(s.table("vectors").orElseThrow().indexes()).extracting(i -> i.method() + " " + i.opclasses().get(0))
                .containsExactly("hnsw bit_hamming_ops", "hnsw bit_jaccard_ops", "hnsw halfvec_cosine_ops", "hnsw halfvec_ip_ops",
                        "hnsw halfvec_l1_ops", "hnsw halfvec_l2_ops", "hnsw sparsevec_cosine_ops", "hnsw sparsevec_ip_ops",
                        "hnsw sparsevec_l1_ops", "hnsw sparsevec_l2_ops", "hnsw vector_cosine_ops", "hnsw vector_ip_ops",
                        "hnsw vector_l1_ops", "hnsw vector_l2_ops", "ivfflat bit_hamming_ops", "ivfflat halfvec_cosine_ops",
                        "ivfflat halfvec_ip_ops", "ivfflat halfvec_l2_ops", "ivfflat vector_cosine_ops", "ivfflat vector_ip_ops",
                        "ivfflat vector_l2_ops");
    }

    @Test
    void collations_range_types_casts_publications_and_event_triggers(SchemaSnapshot s, TestDatabase db) {
        String owner = db.user();
        assertThat(s.collations()).containsExactly(new Collation("app", "posix_copy", "libc", "POSIX", "", true, owner));
        assertThat(s.rangeTypes()).containsExactly(new RangeType("app", "float_range", "double precision", "", "", "", "float8mi",
                owner, List.of()));
        assertThat(s.casts()).containsExactly(new Cast("app.task_state", "integer", CastMethod.FUNCTION,
                "app.task_state_rank(app.task_state)", CastContext.EXPLICIT));
        assertThat(s.publications()).containsExactly(new Publication("sv_catalog_pub", false, List.of("insert", "update"), false,
                List.of("public.tenants"), List.of(), owner));
        assertThat(s.eventTriggers()).containsExactly(new EventTrigger("sv_catalog_ddl", "ddl_command_end", "app.on_ddl",
                List.of("ALTER TABLE", "CREATE TABLE"), TriggerState.ORIGIN, owner));
        assertThat(s.roles()).as("roles are read only where SchemaVerify owns the server, and asked to").isEmpty();
    }

    @Test
    void kinds_without_a_record_of_their_own_by_definition_with_secrets_masked(SchemaSnapshot s, TestDatabase db) {
        String owner = db.user();
        // PostgreSQL 14 gave conversion functions a sixth argument (noError)
        String conversion = "iso8859_1_to_utf8(integer,integer,cstring,internal,integer" + (serverVersion(db) >= 140000
                ? ",boolean)" : ")");
        // sorted by kind, then name; those of pgvector (its operators, classes, families and access methods) left out
        assertThat(s.otherObjects()).containsExactly(
                new OtherObject("access method", "", "sv_catalog_btree", "TYPE INDEX HANDLER bthandler(internal)", "",
                        List.of()),
                new OtherObject("conversion", "app", "latin1_to_utf8", "FOR 'LATIN1' TO 'UTF8' FROM " + conversion,
                        owner,
                        List.of()),
                new OtherObject("foreign table", "app", "remote_items", "(id integer NOT NULL, title text OPTIONS (column_name"
                        + " 'name')) SERVER sv_catalog_remote OPTIONS (table_name 'items')", owner,
                        List.of(new Grant("sv_catalog_reader", List.of("SELECT")))),
                new OtherObject("foreign-data wrapper", "", "sv_catalog_fdw", "NO HANDLER NO VALIDATOR", owner, List.of()),
                new OtherObject("operator", "app", "===(text, text)", "FUNCTION = app.eq_ci(text,text), RETURNS boolean,"
                        + " COMMUTATOR = app.===(text,text), RESTRICT = eqsel(internal,oid,internal,integer)", owner, List.of()),
                new OtherObject("operator class", "app", "int4_reverse_ops USING btree",
                        "FOR TYPE integer FAMILY app.int4_reverse_ops", owner, List.of()),
                new OtherObject("operator family", "app", "int4_reverse_ops USING btree", """
                        OPERATOR 1 >(integer,integer)
                        OPERATOR 3 =(integer,integer)
                        OPERATOR 5 <(integer,integer)
                        FUNCTION 1 (integer, integer) app.int4_reverse_cmp(integer,integer)""", owner, List.of()),
                new OtherObject("server", "", "sv_catalog_remote",
                        "FOREIGN DATA WRAPPER sv_catalog_fdw OPTIONS (dsn '********', host 'db.example', odbc_PWD '********',"
                        + " password_required 'false', port '5432')", owner, List.of()),
                new OtherObject("text search configuration", "app", "english_custom",
                        "PARSER = \"default\"\nasciiword WITH english_simple, english_stem\nword WITH english_stem", owner,
                        List.of()),
                new OtherObject("text search dictionary", "public", "english_simple",
                        "TEMPLATE = simple, stopwords = 'english'", owner, List.of()),
                new OtherObject("user mapping", "", owner + " SERVER sv_catalog_remote",
                        "options not read (they hold credentials)", "", List.of()));
        assertThat(s.otherObject("text search configuration", "english_custom")).contains(s.otherObjects().get(8));
        assertThat(s.toCanonicalText()).contains("""
                text search configuration app.english_custom
                  definition: |
                    PARSER = "default"
                    asciiword WITH english_simple, english_stem
                    word WITH english_stem
                  owner: OWNER
                """.replace("OWNER", owner)).doesNotContain("hunter2").doesNotContain("hunter3").doesNotContain("hunter4");
        // a golden file holds them, and its drift names the whole kind (not its first word: "operator class")
        String committed = io.github.schemaverify.internal.snapshot.GoldenFile.render(s)
                .replace("asciiword WITH english_simple, english_stem\n", "asciiword WITH english_stem\n")
                .replace("FOR TYPE integer FAMILY app.int4_reverse_ops", "FOR TYPE bigint FAMILY app.int4_reverse_ops");
        assertThat(io.github.schemaverify.internal.snapshot.GoldenFile.compare(committed, s, java.util.Set.of())
                .changes()).extracting(c -> ((io.github.schemaverify.schema.diff.Change.Changed) c).before().kind() + ": "
                + c.render()).containsExactly(
                "operator class: ~ operator class app.int4_reverse_ops USING btree: definition was FOR TYPE bigint FAMILY"
                        + " app.int4_reverse_ops, is FOR TYPE integer FAMILY app.int4_reverse_ops",
                """
                text search configuration: ~ text search configuration app.english_custom: definition differs (- was, + is):
                      PARSER = "default"
                    - asciiword WITH english_stem
                    + asciiword WITH english_simple, english_stem
                      word WITH english_stem""");
    }

    @Test
    void roles_and_memberships_where_asked_to(java.sql.Connection c) throws java.sql.SQLException {
        try (var st = c.createStatement()) {
            st.execute("DROP ROLE IF EXISTS sv_reader_role_test; DROP ROLE IF EXISTS sv_login_role_test;"
                    + " CREATE ROLE sv_reader_role_test; CREATE ROLE sv_login_role_test LOGIN CONNECTION LIMIT 5 IN ROLE sv_reader_role_test;"
                    + " ALTER ROLE sv_login_role_test SET statement_timeout = '5s'");
            try {
                SchemaSnapshot s = new CatalogReader(List.of("public", "app"), true).read(c);
                assertThat(s.role("sv_login_role_test")).contains(new Role("sv_login_role_test", List.of("LOGIN",
                        "CONNECTION LIMIT 5"), List.of("sv_reader_role_test"), List.of("statement_timeout=5s")));
                assertThat(new Change.Added(s.role("sv_login_role_test").orElseThrow()).render()).isEqualTo("+ role sv_login_role_test (LOGIN"
                        + " CONNECTION LIMIT 5 IN ROLE sv_reader_role_test SET statement_timeout=5s)");
                assertThat(s.roles()).extracting(Role::name).noneMatch(n -> n.startsWith("pg_"));
            } finally {
                st.execute("DROP ROLE sv_login_role_test; DROP ROLE sv_reader_role_test");
            }
        }
    }

    @Test
    void a_roles_comment_and_expiry_where_roles_are_read_and_infinity_is_no_expiry(java.sql.Connection c)
            throws java.sql.SQLException {
        CatalogReader reader = new CatalogReader(List.of("public", "app"), true);
        try (var st = c.createStatement()) {
            st.execute("DROP ROLE IF EXISTS sv_expiring_role_test; CREATE ROLE sv_expiring_role_test");
            try {
                SchemaSnapshot before = reader.read(c);
                String until;
                try (var rs = st.executeQuery("SELECT '2030-01-01 00:00:00+00'::timestamptz::text")) {
                    rs.next();
                    until = rs.getString(1);
                }
                st.execute("ALTER ROLE sv_expiring_role_test CREATEDB VALID UNTIL '2030-01-01 00:00:00+00';"
                        + " COMMENT ON ROLE sv_expiring_role_test IS 'a contractor'");

                // every attribute at its default read "attributes was absent", as if the role were gone
                assertThat(io.github.schemaverify.schema.diff.SchemaDiff.between(before, reader.read(c)).render(""))
                        .isEqualTo("~ role sv_expiring_role_test: attributes was default, is CREATEDB, VALID UNTIL '" + until
                                + "'\n+ comment on role sv_expiring_role_test ('a contractor')\n");
                assertThat(new CatalogReader(List.of("public", "app")).read(c).comments()).as("roles are not read")
                        .extracting(Comment::target).noneMatch(t -> t.startsWith("role "));
                // PostgreSQL cannot set VALID UNTIL back to none: 'infinity' is how an undo says "never expires"
                st.execute("ALTER ROLE sv_expiring_role_test NOCREATEDB VALID UNTIL 'infinity';"
                        + " COMMENT ON ROLE sv_expiring_role_test IS NULL");
                assertThat(io.github.schemaverify.schema.diff.SchemaDiff.between(before, reader.read(c)).isEmpty()).isTrue();
            } finally {
                st.execute("DROP ROLE sv_expiring_role_test");
            }
        }
    }

    @Test
    @org.junit.jupiter.api.extension.ExtendWith(io.github.schemaverify.testing.TestCluster.Resolver.class)
    void each_kind_without_a_record_of_its_own_is_read_when_it_is_the_only_one(io.github.schemaverify.testing.TestCluster cluster)
            throws java.sql.SQLException {
        // the reading asks first whether any of these kinds may exist, and reads them only then: each alone must say so
        String database = "sv_other_kinds_" + ProcessHandle.current().pid();
        cluster.execute("CREATE DATABASE " + database);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(cluster.url().replace("/postgres", "/" + database),
                cluster.user(), cluster.password()); java.sql.Statement st = c.createStatement()) {
            // pgvector's operators, operator classes and families and access methods, in a schema read, are an
            // extension's: they need no query of those kinds
            st.execute("CREATE SCHEMA app; CREATE FUNCTION app.same(int, int) RETURNS boolean LANGUAGE sql AS 'SELECT $1 = $2';"
                    + " CREATE EXTENSION IF NOT EXISTS vector SCHEMA app");
            CatalogReader reader = new CatalogReader(List.of("public", "app"));
            assertThat(reader.read(c).otherObjects()).isEmpty();
            assertThat(othersMayExist(c)).isFalse();
            String[][] kinds = {
                {"text search configuration", "CREATE TEXT SEARCH CONFIGURATION app.cfg (COPY = english)",
                    "DROP TEXT SEARCH CONFIGURATION app.cfg"},
                {"text search dictionary", "CREATE TEXT SEARCH DICTIONARY app.dict (TEMPLATE = simple)",
                    "DROP TEXT SEARCH DICTIONARY app.dict"},
                {"text search parser", "CREATE TEXT SEARCH PARSER app.prs (START = prsd_start, GETTOKEN = prsd_nexttoken,"
                    + " END = prsd_end, LEXTYPES = prsd_lextype)", "DROP TEXT SEARCH PARSER app.prs"},
                {"text search template", "CREATE TEXT SEARCH TEMPLATE app.tmpl (LEXIZE = dsimple_lexize)",
                    "DROP TEXT SEARCH TEMPLATE app.tmpl"},
                {"operator", "CREATE OPERATOR app.=== (FUNCTION = app.same, LEFTARG = int, RIGHTARG = int)",
                    "DROP OPERATOR app.=== (int, int)"},
                {"operator family", "CREATE OPERATOR FAMILY app.fam USING btree", "DROP OPERATOR FAMILY app.fam USING btree"},
                {"operator class", "CREATE OPERATOR CLASS app.cls FOR TYPE int USING hash AS OPERATOR 1 =,"
                    + " FUNCTION 1 hashint4(int)", "DROP OPERATOR FAMILY app.cls USING hash"},
                {"conversion", "CREATE CONVERSION app.conv FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8",
                    "DROP CONVERSION app.conv"},
                {"foreign-data wrapper", "CREATE FOREIGN DATA WRAPPER sv_fdw", "DROP FOREIGN DATA WRAPPER sv_fdw"},
                {"server", "CREATE FOREIGN DATA WRAPPER sv_fdw; CREATE SERVER sv_srv FOREIGN DATA WRAPPER sv_fdw",
                    "DROP FOREIGN DATA WRAPPER sv_fdw CASCADE"},
                {"foreign table", "CREATE FOREIGN DATA WRAPPER sv_fdw; CREATE SERVER sv_srv FOREIGN DATA WRAPPER sv_fdw;"
                    + " CREATE FOREIGN TABLE app.ft (id int) SERVER sv_srv", "DROP FOREIGN DATA WRAPPER sv_fdw CASCADE"},
                {"user mapping", "CREATE FOREIGN DATA WRAPPER sv_fdw; CREATE SERVER sv_srv FOREIGN DATA WRAPPER sv_fdw;"
                    + " CREATE USER MAPPING FOR CURRENT_USER SERVER sv_srv", "DROP FOREIGN DATA WRAPPER sv_fdw CASCADE"},
                {"transform", "CREATE TRANSFORM FOR int LANGUAGE sql (FROM SQL WITH FUNCTION numeric_support(internal),"
                    + " TO SQL WITH FUNCTION int4recv(internal))", "DROP TRANSFORM FOR int LANGUAGE sql"},
                {"language", "CREATE LANGUAGE sv_lang HANDLER plpgsql_call_handler", "DROP LANGUAGE sv_lang"},
                {"access method", "CREATE ACCESS METHOD sv_am TYPE INDEX HANDLER bthandler", "DROP ACCESS METHOD sv_am"},
                {"database setting", "ALTER DATABASE " + database + " SET work_mem = '8MB'",
                    "ALTER DATABASE " + database + " RESET work_mem"},
                {"role setting", "ALTER ROLE CURRENT_USER IN DATABASE " + database + " SET work_mem = '8MB'",
                    "ALTER ROLE CURRENT_USER IN DATABASE " + database + " RESET work_mem"}};
            for (String[] kind : kinds) {
                st.execute(kind[1]);
                assertThat(othersMayExist(c)).as(kind[1]).isTrue();
                assertThat(reader.read(c).otherObjects()).as(kind[1]).extracting(OtherObject::kind).contains(kind[0]);
                st.execute(kind[2]);
                assertThat(reader.read(c).otherObjects()).as(kind[2]).isEmpty();
            }
        } finally {
            cluster.execute("DROP DATABASE " + database);
        }
    }

    /** What {@link CatalogReader#otherObjectsExist()} says of the schemas public and app. */
    private static boolean othersMayExist(java.sql.Connection c) throws java.sql.SQLException {
        try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(
                CatalogReader.otherObjectsExist().replace("?", "ARRAY['public', 'app']"))) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    @Test
    void extension_objects_and_the_history_table_are_left_out(SchemaSnapshot s) {
        assertThat(s.tables()).extracting(Table::name).doesNotContain("flyway_schema_history");
        assertThat(s.routines()).extracting(Routine::name).doesNotContain("cosine_distance", "vector_in", "l2_distance");
        assertThat(s.toCanonicalText()).doesNotContain("flyway_schema_history").doesNotContain("public.vector(");
    }
}
