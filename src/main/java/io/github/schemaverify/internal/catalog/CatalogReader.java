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

import io.github.schemaverify.internal.catalog.CatalogImage.Kind;
import io.github.schemaverify.internal.catalog.CatalogImage.Root;
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
import io.github.schemaverify.schema.SchemaObject;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.Sequence;
import io.github.schemaverify.schema.Table;
import io.github.schemaverify.schema.Trigger;
import io.github.schemaverify.schema.View;

/**
 * Reads a {@link SchemaSnapshot} from {@code pg_catalog} with one set-based query per object kind (never one per
 * table), all sent in one round trip. The session's search_path is set to the migration schemas and the extension
 * schemas, so types and expressions read unqualified ({@code vector(1536)}, not {@code public.vector(1536)}) and
 * equal schemas in different databases read the same.
 *
 * <p>Every object is read together with its root (the relation, routine or type it belongs to), so a reading can be
 * kept as a {@link CatalogImage} and later {@linkplain #reread re-read for some roots only}: the same queries,
 * restricted to those roots, in one round trip.
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

    /** The migration schemas this reader reads. */
    public List<String> schemas() {
        return schemas;
    }

    private static String notExtensionMember(String catalog, String oid) {
        return String.format(NOT_EXTENSION_MEMBER, "'" + catalog + "'", oid);
    }

    /** A full reading of the schema. */
    public SchemaSnapshot read(Connection c) throws SQLException {
        return readImage(c, -1).snapshot();
    }

    /** A full reading, kept by root so that {@link #reread} can replace parts of it; {@code position} is the log's. */
    public CatalogImage readImage(Connection c, long position) throws SQLException {
        return readImage(c, position, CatalogImage.Facts.NONE);
    }

    CatalogImage readImage(Connection c, long position, CatalogImage.Facts facts) throws SQLException {
        Reading reading = new Reading(null, null);
        reading.run(c);
        return new CatalogImage(position, reading.schemaNames, reading.extensions, reading.globalComments,
                reading.opclasses, reading.parts(), facts);
    }

    /**
     * Returns {@code since} with the {@code replaced} roots replaced by what a reading of the {@code read} ones (a
     * subset: the roots known to be gone need none) finds; a root not found is gone.
     * Global parts (schemas, extensions, comments on schemas, operator classes) are kept from {@code since}: a change
     * to them needs a full reading.
     */
    public CatalogImage reread(Connection c, CatalogImage since, Set<Root> replaced, Set<Root> read, long position,
            CatalogImage.Facts facts) throws SQLException {
        if (read.isEmpty()) {
            return since.replace(position, replaced, Map.of(), facts);
        }
        Reading reading = new Reading(read, since.opclasses());
        reading.run(c);
        return since.replace(position, replaced, reading.parts(), facts);
    }

    @FunctionalInterface
    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    private record Query(String sql, List<Kind> parameters, RowHandler handler) {
    }

    /**
     * One reading: full ({@code only == null}) or of some roots. Every query carries the root of what it reads, so
     * each object lands in its root's part.
     */
    private final class Reading {
        private final Set<Root> only;
        private final List<Query> queries = new ArrayList<>();
        final List<InstalledExtension> extensions = new ArrayList<>();
        final List<SchemaName> schemaNames = new ArrayList<>();
        final List<Comment> globalComments = new ArrayList<>();
        final Map<Long, String> opclasses;
        private final Map<Long, TableBuilder> tables = new HashMap<>();
        private final Map<Long, ViewBuilder> views = new HashMap<>();
        private final Map<Long, Map<Integer, String>> attnames = new HashMap<>();
        private final Map<Root, List<SchemaObject>> parts = new HashMap<>();

        Reading(Set<Root> only, Map<Long, String> opclasses) {
            this.only = only;
            this.opclasses = opclasses == null ? new HashMap<>() : opclasses;
        }

        private boolean full() {
            return only == null;
        }

        private void add(Kind kind, long oid, SchemaObject object) {
            parts.computeIfAbsent(new Root(kind, oid), k -> new ArrayList<>()).add(object);
        }

        Map<Root, List<SchemaObject>> parts() {
            tables.forEach((oid, t) -> add(Kind.RELATION, oid, t.build()));
            views.forEach((oid, v) -> add(Kind.RELATION, oid, v.build()));
            return parts;
        }

        /**
         * Adds a query. {@code {filter}} in it becomes, in a partial reading, {@code AND (filter)}, where {@code {R}},
         * {@code {P}} and {@code {T}} stand for the relation, routine and type roots read; a {@code null} filter means
         * the query only runs in a full reading. {@code ?} stands for the migration schemas.
         */
        private void query(String sql, String filter, RowHandler handler) {
            if (!full() && (filter == null || Arrays.stream(Kind.values()).noneMatch(k -> filter.contains("{" + k.code + "}")
                    && only.stream().anyMatch(r -> r.kind() == k)))) {
                return; // a full-reading query, or none of the roots it reads is being read
            }
            List<Kind> parameters = new ArrayList<>();
            String where = full() ? "" : " AND (" + parameters(filter, parameters) + ")";
            queries.add(new Query(sql.replace("?", schemaArray()).replace("{filter}", where), parameters, handler));
        }

        /**
         * Runs every query in one round trip: one prepared multi-statement (each part a server-side prepared
         * statement, planned once per connection), the roots of a partial reading as its parameters. Without an
         * explicit transaction the statements up to the protocol's sync form one implicit transaction, so the
         * search_path set first holds for the queries after it and is gone afterwards.
         */
        void run(Connection c) throws SQLException {
            define(c.getMetaData().getDatabaseMajorVersion());
            List<String> statements = new ArrayList<>();
            // the search_path: migration schemas first, then extension schemas; pg_catalog stays implicit, and so
            // first, so that no user object can change how built-in ones are named
            statements.add("SELECT set_config('search_path', (SELECT string_agg(quote_ident(s), ', ' ORDER BY o) FROM ("
                    + " SELECT s, o FROM unnest(" + schemaArray() + "::text[]) WITH ORDINALITY u(s, o)"
                    + " UNION ALL SELECT DISTINCT n.nspname, 1000000 FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
                    + "   WHERE n.nspname <> ALL(" + schemaArray() + "::text[]) AND n.nspname <> 'pg_catalog') x), true)");
            if (!full()) {
                // the roots are parameters: one generic plan, not a new custom plan per reading
                statements.add("SELECT set_config('plan_cache_mode', 'force_generic_plan', true)");
            }
            int skip = statements.size();
            queries.forEach(q -> statements.add(q.sql()));
            Map<Kind, Array> arrays = new HashMap<>();
            if (!full()) {
                for (Kind kind : Kind.values()) {
                    arrays.put(kind, c.createArrayOf("oid",
                            only.stream().filter(r -> r.kind() == kind).map(Root::oid).toArray(Long[]::new)));
                }
            }
            try (PreparedStatement ps = c.prepareStatement(String.join(";\n", statements))) {
                ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(1);
                int p = 1;
                for (Query q : queries) {
                    for (Kind kind : q.parameters()) {
                        ps.setArray(p++, arrays.get(kind));
                    }
                }
                boolean resultSet = ps.execute();
                for (int i = 0; i < statements.size(); i++) {
                    if (!resultSet) {
                        throw new SQLException("Expected a result for " + statements.get(i));
                    }
                    try (ResultSet rs = ps.getResultSet()) {
                        if (i >= skip) {
                            consume(rs, queries.get(i - skip).handler());
                        }
                    }
                    resultSet = ps.getMoreResults();
                }
            }
        }

        private static void consume(ResultSet rs, RowHandler handler) throws SQLException {
            while (rs.next()) {
                handler.row(rs);
            }
        }

        private void define(int version) {
            if (full()) {
                query("SELECT e.extname, e.extversion, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace",
                        null, rs -> extensions.add(new InstalledExtension(rs.getString(1), rs.getString(2), rs.getString(3))));
                query("SELECT nspname FROM pg_namespace WHERE nspname = ANY(?)", null,
                        rs -> schemaNames.add(new SchemaName(rs.getString(1))));
                query("SELECT oid, opcname FROM pg_opclass", null, rs -> opclasses.put(rs.getLong(1), rs.getString(2)));
            }

            query("SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence, c.relrowsecurity, c.relforcerowsecurity,"
                    + " CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,"
                    + " CASE WHEN c.relispartition THEN (SELECT pn.nspname || '.' || p.relname FROM pg_inherits i"
                    + "   JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace"
                    + "   WHERE i.inhrelid = c.oid) || ' ' || pg_get_expr(c.relpartbound, c.oid) END"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(?) AND " + notExtensionMember("pg_class", "c.oid") + "{filter}",
                    "c.oid = ANY({R})",
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
            query("SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
                    + " pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,"
                    + " CASE WHEN a.attcollation <> t.typcollation THEN co.collname END, a.attnum, quote_ident(a.attname)"
                    + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                    + " LEFT JOIN pg_collation co ON co.oid = a.attcollation"
                    + " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'm') AND n.nspname = ANY(?){filter}",
                    "a.attrelid = ANY({R})",
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
                                generated ? "" : expr, identity, generated ? expr : "", nz(rs.getString(8)), rs.getInt(9)));
                    });

            query("SELECT con.conrelid, con.conname, con.contype, pg_get_constraintdef(con.oid, true), con.convalidated,"
                    + " ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)"
                    + "   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord)"
                    + " FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE con.contype IN ('p', 'f', 'u', 'c', 'x') AND n.nspname = ANY(?){filter}",
                    "con.conrelid = ANY({R})",
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

            query("SELECT c.oid, n.nspname, c.relname, c.relkind = 'm', pg_get_viewdef(c.oid, true)"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY(?) AND " + notExtensionMember("pg_class", "c.oid") + "{filter}",
                    "c.oid = ANY({R})",
                    rs -> views.put(rs.getLong(1), new ViewBuilder(rs.getString(2), rs.getString(3), rs.getBoolean(4),
                            nz(rs.getString(5)))));

            // keys and operator classes come as raw vectors, resolved with the maps above: per-index subqueries and
            // pg_get_indexdef (which opens each index) cost more than the rest of the snapshot together. Only
            // expression keys need pg_get_indexdef.
            query("SELECT i.indrelid, ic.relname, am.amname, i.indisunique, i.indisprimary, i.indnkeyatts, i.indkey::text,"
                    + " i.indclass::text, CASE WHEN i.indexprs IS NOT NULL THEN"
                    + "   ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnatts) k ORDER BY k) END,"
                    + " ic.reloptions, pg_get_expr(i.indpred, i.indrelid, true), i.indisvalid, i.indisready, n.nspname"
                    + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid"
                    + " JOIN pg_namespace n ON n.oid = tc.relnamespace JOIN pg_am am ON am.oid = ic.relam"
                    + " WHERE tc.relkind IN ('r', 'p', 'm') AND n.nspname = ANY(?){filter}",
                    "i.indrelid = ANY({R})",
                    this::index);

            query("SELECT t.tgrelid, t.tgname, p.proname, pg_get_triggerdef(t.oid, true), t.tgenabled"
                    + " FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_class c ON c.oid = t.tgrelid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND n.nspname = ANY(?){filter}",
                    "t.tgrelid = ANY({R})",
                    rs -> {
                        TableBuilder t = tables.get(rs.getLong(1));
                        if (t != null) {
                            t.triggers.add(new Trigger(t.schema, t.name, rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getString(5)));
                        }
                    });

            query("SELECT pol.polrelid, pol.polname, pol.polcmd, pol.polpermissive,"
                    + " ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r) END FROM unnest(pol.polroles) r ORDER BY 1),"
                    + " pg_get_expr(pol.polqual, pol.polrelid, true), pg_get_expr(pol.polwithcheck, pol.polrelid, true)"
                    + " FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = ANY(?){filter}",
                    "pol.polrelid = ANY({R})",
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
                        t.policies.add(new Policy(t.schema, t.name, rs.getString(2), command, rs.getBoolean(4),
                                strings(rs.getArray(5)), nz(rs.getString(6)), nz(rs.getString(7))));
                    });

            query("SELECT c.oid, n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin,"
                    + " s.seqmax, s.seqcache, s.seqcycle,"
                    + " (SELECT tn.nspname || '.' || tc.relname || '.' || a.attname FROM pg_depend d JOIN pg_class tc ON tc.oid = d.refobjid"
                    + "   JOIN pg_namespace tn ON tn.oid = tc.relnamespace JOIN pg_attribute a ON a.attrelid = tc.oid AND a.attnum = d.refobjsubid"
                    + "   WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refobjsubid > 0 AND d.deptype = 'a' LIMIT 1)"
                    + " FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = ANY(?) AND " + notExtensionMember("pg_class", "c.oid")
                    + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid"
                    + "   AND d.deptype = 'i'){filter}",
                    "c.oid = ANY({R})",
                    rs -> {
                        String sequenceName = rs.getString(3);
                        if (HISTORY_TABLES.stream().anyMatch(sequenceName::startsWith)) {
                            return;
                        }
                        add(Kind.RELATION, rs.getLong(1), new Sequence(rs.getString(2), sequenceName, rs.getString(4),
                                rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getBoolean(10),
                                nz(rs.getString(11))));
                    });

            String body = version >= 14 ? "coalesce(nullif(p.prosrc, ''), pg_get_function_sqlbody(p.oid))" : "p.prosrc";
            query("SELECT p.oid, n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prokind,"
                    + " CASE WHEN p.prokind <> 'p' THEN pg_get_function_result(p.oid) END, l.lanname, p.provolatile, p.prosecdef, "
                    + body
                    + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang"
                    + " WHERE n.nspname = ANY(?) AND " + notExtensionMember("pg_proc", "p.oid") + "{filter}",
                    "p.oid = ANY({P})",
                    rs -> add(Kind.ROUTINE, rs.getLong(1), new Routine(rs.getString(2), rs.getString(3), rs.getString(4),
                            switch (rs.getString(5)) {
                                case "p" -> "procedure";
                                case "a" -> "aggregate";
                                case "w" -> "window";
                                default -> "function";
                            }, nz(rs.getString(6)), rs.getString(7), switch (rs.getString(8)) {
                                case "i" -> "IMMUTABLE";
                                case "s" -> "STABLE";
                                default -> "VOLATILE";
                            }, rs.getBoolean(9), nz(rs.getString(10)))));

            query("SELECT t.oid, n.nspname, t.typname,"
                    + " ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)"
                    + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                    + " WHERE t.typtype = 'e' AND n.nspname = ANY(?) AND " + notExtensionMember("pg_type", "t.oid") + "{filter}",
                    "t.oid = ANY({T})",
                    rs -> add(Kind.TYPE, rs.getLong(1), new EnumType(rs.getString(2), rs.getString(3), strings(rs.getArray(4)))));

            query("SELECT t.oid, n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault,"
                    + " ARRAY(SELECT pg_get_constraintdef(con.oid, true) FROM pg_constraint con WHERE con.contypid = t.oid"
                    + "   AND con.contype = 'c')"
                    + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                    + " WHERE t.typtype = 'd' AND n.nspname = ANY(?) AND " + notExtensionMember("pg_type", "t.oid") + "{filter}",
                    "t.oid = ANY({T})",
                    rs -> add(Kind.TYPE, rs.getLong(1), new Domain(rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getBoolean(5), nz(rs.getString(6)), strings(rs.getArray(7)))));

            query("SELECT t.oid, n.nspname, t.typname, ARRAY(SELECT a.attname || ' ' || format_type(a.atttypid, a.atttypmod)"
                    + "   FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)"
                    + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_class c ON c.oid = t.typrelid"
                    + " WHERE t.typtype = 'c' AND c.relkind = 'c' AND n.nspname = ANY(?) AND "
                    + notExtensionMember("pg_type", "t.oid") + "{filter}",
                    "t.oid = ANY({T})",
                    rs -> add(Kind.TYPE, rs.getLong(1), new CompositeType(rs.getString(2), rs.getString(3), strings(rs.getArray(4)))));

            // each branch starts from the objects in the migration schemas and looks their comment up by index; the
            // first two columns are the root the comment belongs to
            String comments = "SELECT CASE WHEN c.relkind = 'c' THEN 'T' ELSE 'R' END,"
                    + " CASE WHEN c.relkind IN ('i', 'I') THEN ix.indrelid WHEN c.relkind = 'c' THEN c.reltype ELSE c.oid END,"
                    + " CASE WHEN d.objsubid > 0 THEN 'column ' WHEN c.relkind = 'v' THEN 'view ' WHEN c.relkind = 'm'"
                    + "   THEN 'materialized view ' WHEN c.relkind IN ('i', 'I') THEN 'index ' WHEN c.relkind = 'S' THEN 'sequence '"
                    + "   WHEN c.relkind = 'c' THEN 'type ' ELSE 'table ' END"
                    + "   || n.nspname || '.' || c.relname || CASE WHEN d.objsubid > 0 THEN '.' || a.attname ELSE '' END, d.description"
                    + " FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid"
                    + " JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass"
                    + " LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid"
                    + " LEFT JOIN pg_index ix ON ix.indexrelid = c.oid"
                    + " WHERE n.nspname = ANY(?) AND " + notExtensionMember("pg_class", "c.oid")
                    + "   AND c.relname NOT IN ('" + String.join("','", HISTORY_TABLES) + "'){filter1}"
                    + " UNION ALL SELECT 'P', p.oid,"
                    + "   'function ' || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',"
                    + "   d.description FROM pg_namespace n JOIN pg_proc p ON p.pronamespace = n.oid"
                    + "   JOIN pg_description d ON d.objoid = p.oid AND d.classoid = 'pg_proc'::regclass"
                    + "   WHERE n.nspname = ANY(?) AND " + notExtensionMember("pg_proc", "p.oid") + "{filter2}"
                    + " UNION ALL SELECT 'T', t.oid, 'type ' || n.nspname || '.' || t.typname, d.description"
                    + "   FROM pg_namespace n JOIN pg_type t ON t.typnamespace = n.oid"
                    + "   JOIN pg_description d ON d.objoid = t.oid AND d.classoid = 'pg_type'::regclass"
                    + "   WHERE n.nspname = ANY(?) AND " + notExtensionMember("pg_type", "t.oid") + "{filter3}"
                    + " UNION ALL SELECT 'R', c.oid, 'constraint ' || n.nspname || '.' || c.relname || '.' || con.conname, d.description"
                    + "   FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid JOIN pg_constraint con ON con.conrelid = c.oid"
                    + "   JOIN pg_description d ON d.objoid = con.oid AND d.classoid = 'pg_constraint'::regclass"
                    + "   WHERE n.nspname = ANY(?){filter4}"
                    + " UNION ALL SELECT 'R', c.oid, 'trigger ' || n.nspname || '.' || c.relname || '.' || tg.tgname, d.description"
                    + "   FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid JOIN pg_trigger tg ON tg.tgrelid = c.oid"
                    + "   JOIN pg_description d ON d.objoid = tg.oid AND d.classoid = 'pg_trigger'::regclass"
                    + "   WHERE n.nspname = ANY(?){filter4}";
            RowHandler comment = rs -> add(Kind.of(rs.getString(1).charAt(0)), rs.getLong(2), new Comment(rs.getString(3),
                    rs.getString(4)));
            if (full()) {
                query(comments.replaceAll("\\{filter\\d}", "")
                        + " UNION ALL SELECT 'S', n.oid, 'schema ' || n.nspname, d.description FROM pg_namespace n"
                        + "   JOIN pg_description d ON d.objoid = n.oid AND d.classoid = 'pg_namespace'::regclass"
                        + "   WHERE n.nspname = ANY(?)",
                        null, rs -> {
                            if (rs.getString(1).equals("S")) {
                                globalComments.add(new Comment(rs.getString(3), rs.getString(4)));
                            } else {
                                comment.row(rs);
                            }
                        });
            } else {
                // the branches' filters, spelt out here because query() adds a single one
                String partial = comments.replace("?", schemaArray())
                        // the relations of the roots, their indexes and the composite types' relations, looked up by oid
                        .replace("{filter1}", " AND c.oid = ANY(ARRAY(SELECT unnest({R}) UNION ALL SELECT ix2.indexrelid"
                                + " FROM pg_index ix2 WHERE ix2.indrelid = ANY({R}) UNION ALL SELECT t2.typrelid FROM pg_type t2"
                                + " WHERE t2.oid = ANY({T})))")
                        .replace("{filter2}", " AND p.oid = ANY({P})")
                        .replace("{filter3}", " AND t.oid = ANY({T})")
                        .replace("{filter4}", " AND c.oid = ANY({R})");
                List<Kind> parameters = new ArrayList<>();
                queries.add(new Query(parameters(partial, parameters), parameters, comment));
            }
        }

        private void index(ResultSet rs) throws SQLException {
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
        }
    }

    /**
     * Replaces {@code {R}}, {@code {P}} and {@code {T}} (the relation, routine and type roots of a partial reading) by
     * parameters, adding their kinds in order to {@code kinds}.
     */
    private static String parameters(String text, List<Kind> kinds) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '{' && i + 2 < text.length() && text.charAt(i + 2) == '}' && "RPT".indexOf(text.charAt(i + 1)) >= 0) {
                kinds.add(Kind.of(text.charAt(i + 1)));
                out.append("?::oid[]");
                i += 2;
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    /** The schemas as an SQL array literal ({@code ARRAY['public','app']}). */
    private String schemaArray() {
        return textArray(schemas);
    }

    /** Strings as an SQL array literal ({@code ARRAY['public','app']}); names are checked identifiers, quotes doubled. */
    static String textArray(List<String> values) {
        return "ARRAY[" + values.stream().map(s -> "'" + s.replace("'", "''") + "'").collect(Collectors.joining(", ")) + "]";
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
            // attnum counts dropped columns too: the position is the rank among the columns that exist
            List<Column> ordered = new ArrayList<>(columns);
            ordered.sort(java.util.Comparator.comparingInt(Column::position));
            List<Column> positioned = new ArrayList<>();
            for (int k = 0; k < ordered.size(); k++) {
                Column c = ordered.get(k);
                positioned.add(new Column(c.schema(), c.table(), c.name(), c.type(), c.notNull(), c.defaultValue(), c.identity(),
                        c.generated(), c.collation(), k + 1));
            }
            return new Table(schema, name, kind, persistence, partitionKey, partitionOf, rls, forceRls, positioned, constraints,
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
