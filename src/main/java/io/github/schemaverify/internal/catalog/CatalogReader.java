package io.github.schemaverify.internal.catalog;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.github.schemaverify.schema.Column;
import io.github.schemaverify.schema.Comment;
import io.github.schemaverify.schema.CompositeType;
import io.github.schemaverify.schema.Constraint;
import io.github.schemaverify.schema.Domain;
import io.github.schemaverify.schema.EnumType;
import io.github.schemaverify.schema.Index;
import io.github.schemaverify.schema.InstalledExtension;
import io.github.schemaverify.schema.Policy;
import io.github.schemaverify.schema.Routine;
import io.github.schemaverify.schema.SchemaName;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.Sequence;
import io.github.schemaverify.schema.Table;
import io.github.schemaverify.schema.Trigger;
import io.github.schemaverify.schema.View;

/**
 * Reads a {@link SchemaSnapshot} from {@code pg_catalog} in one read-only transaction, with one set-based query per
 * object kind (never one per table). The session's search_path is set to the migration schemas and the extension
 * schemas, so types and expressions read unqualified ({@code vector(1536)}, not {@code public.vector(1536)}) and
 * equal schemas in different databases read the same.
 */
public final class CatalogReader {
    /** Tables that belong to the migration tool, not to the schema. */
    public static final Set<String> HISTORY_TABLES = Set.of("flyway_schema_history");

    private static final String NOT_EXTENSION_MEMBER = " NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = %s::regclass"
            + " AND dep.objid = %s AND dep.deptype = 'e') ";

    private final List<String> schemas;

    public CatalogReader(List<String> schemas) {
        this.schemas = List.copyOf(schemas);
    }

    private static String notExtensionMember(String catalog, String oid) {
        return String.format(NOT_EXTENSION_MEMBER, "'" + catalog + "'", oid);
    }

    public SchemaSnapshot read(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            Batch batch = new Batch();
            int version = c.getMetaData().getDatabaseMajorVersion();
            SchemaSnapshot snapshot = snapshot(batch, c, version);
            c.rollback();
            return snapshot;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private SchemaSnapshot snapshot(Batch batch, Connection c, int version) throws SQLException {
        // one round trip: a read-only transaction, the search_path, then one query per object kind
        batch.statement("SET TRANSACTION READ ONLY");
        batch.add("SELECT set_config('search_path', (SELECT string_agg(quote_ident(s), ', ' ORDER BY o) FROM ("
                + " SELECT s, o FROM unnest(?::text[]) WITH ORDINALITY u(s, o)"
                + " UNION ALL SELECT DISTINCT n.nspname, 1000000 FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
                + "   WHERE n.nspname <> ALL(?::text[])) x), true)", rs -> {
                });
        List<InstalledExtension> extensions = new ArrayList<>();
        batch.add("SELECT e.extname, e.extversion, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace",
                rs -> extensions.add(new InstalledExtension(rs.getString(1), rs.getString(2), rs.getString(3))));
        List<SchemaName> schemaNames = new ArrayList<>();
        batch.add("SELECT nspname FROM pg_namespace WHERE nspname = ANY(?)", rs -> schemaNames.add(new SchemaName(rs.getString(1))));

        Map<Long, TableBuilder> tables = new HashMap<>();
        batch.add("SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence, c.relrowsecurity, c.relforcerowsecurity,"
                + " CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,"
                + " CASE WHEN c.relispartition THEN (SELECT pn.nspname || '.' || p.relname FROM pg_inherits i"
                + "   JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace"
                + "   WHERE i.inhrelid = c.oid) || ' ' || pg_get_expr(c.relpartbound, c.oid) END"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(?) AND " + notExtensionMember("pg_class", "c.oid"),
                rs -> {
                    if (HISTORY_TABLES.contains(rs.getString(3))) {
                        return;
                    }
                    TableBuilder t = new TableBuilder(rs.getString(2), rs.getString(3),
                            "p".equals(rs.getString(4)) ? "partitioned table" : "table",
                            switch (rs.getString(5)) {
                                case "u" -> "unlogged";
                                case "t" -> "temporary";
                                default -> "permanent";
                            }, nz(rs.getString(8)), nz(rs.getString(9)), rs.getBoolean(6), rs.getBoolean(7));
                    tables.put(rs.getLong(1), t);
                });

        // every column of tables and materialized views, also kept by number for the index keys below
        Map<Long, Map<Integer, String>> attnames = new HashMap<>();
        batch.add("SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
                + " pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,"
                + " CASE WHEN a.attcollation <> t.typcollation THEN co.collname END, a.attnum, quote_ident(a.attname)"
                + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + " LEFT JOIN pg_collation co ON co.oid = a.attcollation"
                + " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'm') AND n.nspname = ANY(?)",
                rs -> {
                    attnames.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(rs.getInt(9), rs.getString(10));
                    TableBuilder t = tables.get(rs.getLong(1));
                    if (t == null) {
                        return;
                    }
                    String expr = nz(rs.getString(5));
                    boolean generated = "s".equals(rs.getString(7)) || "v".equals(rs.getString(7));
                    String identity = switch (nz(rs.getString(6))) {
                        case "a" -> "ALWAYS";
                        case "d" -> "BY DEFAULT";
                        default -> "";
                    };
                    t.columns.add(new Column(t.schema, t.name, rs.getString(2), rs.getString(3), rs.getBoolean(4),
                            generated ? "" : expr, identity, generated ? expr : "", nz(rs.getString(8))));
                });

        batch.add("SELECT con.conrelid, con.conname, con.contype, pg_get_constraintdef(con.oid, true), con.convalidated,"
                + " ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)"
                + "   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord)"
                + " FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE con.contype IN ('p', 'f', 'u', 'c', 'x') AND n.nspname = ANY(?)",
                rs -> {
                    TableBuilder t = tables.get(rs.getLong(1));
                    if (t == null) {
                        return;
                    }
                    String type = switch (rs.getString(3)) {
                        case "p" -> "PRIMARY KEY";
                        case "f" -> "FOREIGN KEY";
                        case "u" -> "UNIQUE";
                        case "c" -> "CHECK";
                        default -> "EXCLUDE";
                    };
                    t.constraints.add(new Constraint(t.schema, t.name, rs.getString(2), type, strings(rs.getArray(6)),
                            rs.getString(4), rs.getBoolean(5)));
                });

        Map<Long, ViewBuilder> views = new HashMap<>();
        batch.add("SELECT c.oid, n.nspname, c.relname, c.relkind = 'm', pg_get_viewdef(c.oid, true)"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY(?) AND " + notExtensionMember("pg_class", "c.oid"),
                rs -> views.put(rs.getLong(1), new ViewBuilder(rs.getString(2), rs.getString(3), rs.getBoolean(4), nz(rs.getString(5)))));

        Map<Long, String> opclasses = new HashMap<>();
        batch.add("SELECT oid, opcname FROM pg_opclass", rs -> opclasses.put(rs.getLong(1), rs.getString(2)));
        // keys and operator classes come as raw vectors, resolved with the maps above: per-index subqueries and
        // pg_get_indexdef (which opens each index) cost more than the rest of the snapshot together. Only expression
        // keys need pg_get_indexdef.
        batch.add("SELECT i.indrelid, ic.relname, am.amname, i.indisunique, i.indisprimary, i.indnkeyatts, i.indkey::text,"
                + " i.indclass::text, CASE WHEN i.indexprs IS NOT NULL THEN"
                + "   ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnatts) k ORDER BY k) END,"
                + " ic.reloptions, pg_get_expr(i.indpred, i.indrelid, true), i.indisvalid, i.indisready, n.nspname"
                + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid"
                + " JOIN pg_namespace n ON n.oid = tc.relnamespace JOIN pg_am am ON am.oid = ic.relam"
                + " WHERE tc.relkind IN ('r', 'p', 'm') AND n.nspname = ANY(?)",
                rs -> {
                    long rel = rs.getLong(1);
                    TableBuilder t = tables.get(rel);
                    ViewBuilder v = views.get(rel);
                    if (t == null && v == null) {
                        return;
                    }
                    String[] attnums = rs.getString(7).trim().split(" ");
                    List<String> expressions = strings(rs.getArray(9));
                    Map<Integer, String> names = attnames.getOrDefault(rel, Map.of());
                    List<String> all = new ArrayList<>();
                    for (int k = 0; k < attnums.length; k++) {
                        int attnum = Integer.parseInt(attnums[k]);
                        all.add(attnum != 0 ? names.getOrDefault(attnum, "?") : expressions.get(k));
                    }
                    List<String> classes = new ArrayList<>();
                    for (String oid : rs.getString(8).trim().split(" ")) {
                        if (!oid.isEmpty()) {
                            classes.add(opclasses.getOrDefault(Long.parseLong(oid), ""));
                        }
                    }
                    int keys = rs.getInt(6);
                    Map<String, String> options = new TreeMap<>();
                    for (String option : strings(rs.getArray(10))) {
                        int eq = option.indexOf('=');
                        options.put(eq < 0 ? option : option.substring(0, eq), eq < 0 ? "" : option.substring(eq + 1));
                    }
                    Index index = new Index(rs.getString(14), t != null ? t.name : v.name, rs.getString(2), rs.getString(3),
                            rs.getBoolean(4), rs.getBoolean(5), all.subList(0, Math.min(keys, all.size())), classes,
                            new TreeMap<>(options), all.subList(Math.min(keys, all.size()), all.size()),
                            nz(rs.getString(11)), rs.getBoolean(12), rs.getBoolean(13));
                    (t != null ? t.indexes : v.indexes).add(index);
                });

        batch.add("SELECT t.tgrelid, t.tgname, p.proname, pg_get_triggerdef(t.oid, true), t.tgenabled"
                + " FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_class c ON c.oid = t.tgrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND n.nspname = ANY(?)",
                rs -> {
                    TableBuilder t = tables.get(rs.getLong(1));
                    if (t != null) {
                        t.triggers.add(new Trigger(t.schema, t.name, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                    }
                });

        batch.add("SELECT pol.polrelid, pol.polname, pol.polcmd, pol.polpermissive,"
                + " ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r) END FROM unnest(pol.polroles) r ORDER BY 1),"
                + " pg_get_expr(pol.polqual, pol.polrelid, true), pg_get_expr(pol.polwithcheck, pol.polrelid, true)"
                + " FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ANY(?)",
                rs -> {
                    TableBuilder t = tables.get(rs.getLong(1));
                    if (t == null) {
                        return;
                    }
                    String command = switch (rs.getString(3)) {
                        case "r" -> "SELECT";
                        case "a" -> "INSERT";
                        case "w" -> "UPDATE";
                        case "d" -> "DELETE";
                        default -> "ALL";
                    };
                    t.policies.add(new Policy(t.schema, t.name, rs.getString(2), command, rs.getBoolean(4), strings(rs.getArray(5)),
                            nz(rs.getString(6)), nz(rs.getString(7))));
                });

        List<Sequence> sequences = new ArrayList<>();
        batch.add("SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax,"
                + " s.seqcache, s.seqcycle,"
                + " (SELECT tn.nspname || '.' || tc.relname || '.' || a.attname FROM pg_depend d JOIN pg_class tc ON tc.oid = d.refobjid"
                + "   JOIN pg_namespace tn ON tn.oid = tc.relnamespace JOIN pg_attribute a ON a.attrelid = tc.oid AND a.attnum = d.refobjsubid"
                + "   WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refobjsubid > 0 AND d.deptype = 'a' LIMIT 1)"
                + " FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ANY(?) AND " + notExtensionMember("pg_class", "c.oid")
                + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i')",
                rs -> {
                    String sequenceName = rs.getString(2);
                    if (HISTORY_TABLES.stream().anyMatch(sequenceName::startsWith)) {
                        return;
                    }
                    sequences.add(new Sequence(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getBoolean(9), nz(rs.getString(10))));
                });

        List<Routine> routines = new ArrayList<>();
        String body = version >= 14 ? "coalesce(nullif(p.prosrc, ''), pg_get_function_sqlbody(p.oid))" : "p.prosrc";
        batch.add("SELECT n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prokind,"
                + " CASE WHEN p.prokind <> 'p' THEN pg_get_function_result(p.oid) END, l.lanname, p.provolatile, p.prosecdef, " + body
                + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang"
                + " WHERE n.nspname = ANY(?) AND " + notExtensionMember("pg_proc", "p.oid"),
                rs -> routines.add(new Routine(rs.getString(1), rs.getString(2), rs.getString(3), switch (rs.getString(4)) {
                    case "p" -> "procedure";
                    case "a" -> "aggregate";
                    case "w" -> "window";
                    default -> "function";
                }, nz(rs.getString(5)), rs.getString(6), switch (rs.getString(7)) {
                    case "i" -> "IMMUTABLE";
                    case "s" -> "STABLE";
                    default -> "VOLATILE";
                }, rs.getBoolean(8), nz(rs.getString(9)))));

        List<EnumType> enums = new ArrayList<>();
        batch.add("SELECT n.nspname, t.typname, ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)"
                + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                + " WHERE t.typtype = 'e' AND n.nspname = ANY(?) AND " + notExtensionMember("pg_type", "t.oid"),
                rs -> enums.add(new EnumType(rs.getString(1), rs.getString(2), strings(rs.getArray(3)))));

        List<Domain> domains = new ArrayList<>();
        batch.add("SELECT n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault,"
                + " ARRAY(SELECT pg_get_constraintdef(con.oid, true) FROM pg_constraint con WHERE con.contypid = t.oid AND con.contype = 'c')"
                + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                + " WHERE t.typtype = 'd' AND n.nspname = ANY(?) AND " + notExtensionMember("pg_type", "t.oid"),
                rs -> domains.add(new Domain(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), nz(rs.getString(5)),
                        strings(rs.getArray(6)))));

        List<CompositeType> composites = new ArrayList<>();
        batch.add("SELECT n.nspname, t.typname, ARRAY(SELECT a.attname || ' ' || format_type(a.atttypid, a.atttypmod)"
                + "   FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)"
                + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_class c ON c.oid = t.typrelid"
                + " WHERE t.typtype = 'c' AND c.relkind = 'c' AND n.nspname = ANY(?) AND " + notExtensionMember("pg_type", "t.oid"),
                rs -> composites.add(new CompositeType(rs.getString(1), rs.getString(2), strings(rs.getArray(3)))));

        List<Comment> comments = new ArrayList<>();
        // each branch starts from the objects in the migration schemas and looks their comment up by index
        batch.add("SELECT CASE WHEN d.objsubid > 0 THEN 'column ' WHEN c.relkind = 'v' THEN 'view ' WHEN c.relkind = 'm'"
                + "   THEN 'materialized view ' WHEN c.relkind IN ('i', 'I') THEN 'index ' WHEN c.relkind = 'S' THEN 'sequence '"
                + "   WHEN c.relkind = 'c' THEN 'type ' ELSE 'table ' END"
                + "   || n.nspname || '.' || c.relname || CASE WHEN d.objsubid > 0 THEN '.' || a.attname ELSE '' END, d.description"
                + " FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid"
                + " JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass"
                + " LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid"
                + " WHERE n.nspname = ANY(?) AND " + notExtensionMember("pg_class", "c.oid")
                + "   AND c.relname NOT IN ('" + String.join("','", HISTORY_TABLES) + "')"
                + " UNION ALL SELECT 'function ' || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',"
                + "   d.description FROM pg_namespace n JOIN pg_proc p ON p.pronamespace = n.oid"
                + "   JOIN pg_description d ON d.objoid = p.oid AND d.classoid = 'pg_proc'::regclass"
                + "   WHERE n.nspname = ANY(?) AND " + notExtensionMember("pg_proc", "p.oid")
                + " UNION ALL SELECT 'type ' || n.nspname || '.' || t.typname, d.description"
                + "   FROM pg_namespace n JOIN pg_type t ON t.typnamespace = n.oid"
                + "   JOIN pg_description d ON d.objoid = t.oid AND d.classoid = 'pg_type'::regclass"
                + "   WHERE n.nspname = ANY(?) AND " + notExtensionMember("pg_type", "t.oid")
                + " UNION ALL SELECT 'constraint ' || n.nspname || '.' || c.relname || '.' || con.conname, d.description"
                + "   FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid JOIN pg_constraint con ON con.conrelid = c.oid"
                + "   JOIN pg_description d ON d.objoid = con.oid AND d.classoid = 'pg_constraint'::regclass WHERE n.nspname = ANY(?)"
                + " UNION ALL SELECT 'trigger ' || n.nspname || '.' || c.relname || '.' || tg.tgname, d.description"
                + "   FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid JOIN pg_trigger tg ON tg.tgrelid = c.oid"
                + "   JOIN pg_description d ON d.objoid = tg.oid AND d.classoid = 'pg_trigger'::regclass WHERE n.nspname = ANY(?)"
                + " UNION ALL SELECT 'schema ' || n.nspname, d.description FROM pg_namespace n"
                + "   JOIN pg_description d ON d.objoid = n.oid AND d.classoid = 'pg_namespace'::regclass WHERE n.nspname = ANY(?)",
                rs -> comments.add(new Comment(rs.getString(1), rs.getString(2))));

        batch.execute(c);
        List<Table> tableList = tables.values().stream().map(TableBuilder::build).toList();
        List<View> viewList = views.values().stream().map(ViewBuilder::build).toList();
        return new SchemaSnapshot(schemaNames, extensions, tableList, sequences, viewList, routines, enums, domains, composites, comments);
    }

    @FunctionalInterface
    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    /**
     * The snapshot's queries, run in order on one connection inside the read-only transaction. Each is a server-side
     * prepared statement without parameters from its first use (pgjdbc caches them per connection), so a connection
     * that reads many snapshots, like a round trip's, plans each catalog query once.
     */
    private final class Batch {
        private final List<String> statements = new ArrayList<>();
        private final List<String> queries = new ArrayList<>();
        private final List<RowHandler> handlers = new ArrayList<>();

        void statement(String statement) {
            statements.add(statement);
        }

        void add(String query, RowHandler handler) {
            // the schemas go in as a literal: a statement without parameters is planned once per connection and its
            // plan reused, where a parameter would make PostgreSQL re-plan a custom plan on every snapshot
            queries.add(query.replace("?", schemaArray()));
            handlers.add(handler);
        }

        void execute(Connection c) throws SQLException {
            try (Statement st = c.createStatement()) {
                for (String statement : statements) {
                    st.execute(statement);
                }
            }
            for (int q = 0; q < queries.size(); q++) {
                try (PreparedStatement ps = c.prepareStatement(queries.get(q))) {
                    ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(1);
                    try (ResultSet rs = ps.executeQuery()) {
                        RowHandler handler = handlers.get(q);
                        while (rs.next()) {
                            handler.row(rs);
                        }
                    }
                }
            }
        }
    }

    /** The schemas as an SQL array literal ({@code ARRAY['public','app']}); names are checked identifiers, quotes doubled. */
    private String schemaArray() {
        return "ARRAY[" + schemas.stream().map(s -> "'" + s.replace("'", "''") + "'").collect(Collectors.joining(", ")) + "]";
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(v -> v == null ? "" : v.toString()).toList();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static final class TableBuilder {
        final String schema;
        final String name;
        final String kind;
        final String persistence;
        final String partitionKey;
        final String partitionOf;
        final boolean rls;
        final boolean forceRls;
        final List<Column> columns = new ArrayList<>();
        final List<Constraint> constraints = new ArrayList<>();
        final List<Index> indexes = new ArrayList<>();
        final List<Trigger> triggers = new ArrayList<>();
        final List<Policy> policies = new ArrayList<>();

        TableBuilder(String schema, String name, String kind, String persistence, String partitionKey, String partitionOf,
                boolean rls, boolean forceRls) {
            this.schema = schema;
            this.name = name;
            this.kind = kind;
            this.persistence = persistence;
            this.partitionKey = partitionKey;
            this.partitionOf = partitionOf;
            this.rls = rls;
            this.forceRls = forceRls;
        }

        Table build() {
            return new Table(schema, name, kind, persistence, partitionKey, partitionOf, rls, forceRls, columns, constraints,
                    indexes, triggers, policies);
        }
    }

    private static final class ViewBuilder {
        final String schema;
        final String name;
        final boolean materialized;
        final String definition;
        final List<Index> indexes = new ArrayList<>();

        ViewBuilder(String schema, String name, boolean materialized, String definition) {
            this.schema = schema;
            this.name = name;
            this.materialized = materialized;
            this.definition = definition;
        }

        View build() {
            return new View(schema, name, materialized, definition, indexes);
        }
    }
}
