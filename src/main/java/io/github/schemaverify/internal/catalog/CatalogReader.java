package io.github.schemaverify.internal.catalog;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.github.schemaverify.internal.catalog.CatalogImage.Kind;
import io.github.schemaverify.internal.catalog.CatalogImage.Root;
import io.github.schemaverify.internal.config.Config;
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
import io.github.schemaverify.schema.InstalledExtension;
import io.github.schemaverify.schema.OtherObject;
import io.github.schemaverify.schema.Parallel;
import io.github.schemaverify.schema.Persistence;
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
import io.github.schemaverify.schema.SchemaObject;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.Sequence;
import io.github.schemaverify.schema.Statistics;
import io.github.schemaverify.schema.Table;
import io.github.schemaverify.schema.TableKind;
import io.github.schemaverify.schema.Trigger;
import io.github.schemaverify.schema.TriggerState;
import io.github.schemaverify.schema.View;
import io.github.schemaverify.schema.Volatility;

/**
 * Reads a {@link SchemaSnapshot} from {@code pg_catalog} with one set-based query per object kind (never one per
 * table), all sent in one round trip. The session's search_path is set to {@code public} (when it is a migration
 * schema) and the extensions' schemas, so their types and expressions read unqualified ({@code vector(1536)}, not
 * {@code public.vector(1536)}), those of other schemas qualified ({@code app.email}), and equal schemas in different
 * databases read the same.
 *
 * <p>Every object is read together with its root (the relation, routine or type it belongs to), so a reading can be
 * kept as a {@link CatalogImage} and later {@linkplain #reread re-read for some roots only}: the same queries,
 * restricted to those roots, in one round trip.
 */
public final class CatalogReader {
    private final List<String> schemas;
    /** {@link #schemas} as an SQL array literal, as every reading's queries name them. */
    private final String schemaArray;
    /** The session's starting settings, per connection read (every reading pins them first). */
    private final SessionStart sessionStart = new SessionStart();
    private final boolean roles;
    /** The table that belongs to the migration tool, not to the schema: Flyway's schema history, left out. */
    private final String historyTable;
    /**
     * Readings done and ready to run again, by what they read ({@link Reading#shape}): a reading's queries (the SQL of
     * some 25 catalog queries, and the one statement they are sent as) are built once per shape, where building them
     * again at every reading took a 200-revision walk about a tenth of its CPU. A reading is taken by one thread at a
     * time and holds none of its results once given back.
     */
    private final Map<String, java.util.Queue<Reading>> idle = new java.util.concurrent.ConcurrentHashMap<>();

    /** A reader of these schemas; roles are not read. */
    public CatalogReader(List<String> schemas) {
        this(schemas, false);
    }

    /** A reader of these schemas that leaves out Flyway's history table by its default name. */
    public CatalogReader(List<String> schemas, boolean roles) {
        this(schemas, roles, Config.DEFAULT_HISTORY_TABLE);
    }

    /**
     * A reader of these schemas that also reads the server's roles when {@code roles} is true: only where SchemaVerify
     * owns the server ({@code PgServer.ephemeral()}), since elsewhere roles are shared with whoever else uses it; Flyway's
     * history table, {@code historyTable} (its {@code table} setting), is left out.
     */
    public CatalogReader(List<String> schemas, boolean roles, String historyTable) {
        this.schemas = List.copyOf(schemas);
        this.schemaArray = textArray(this.schemas);
        this.roles = roles;
        this.historyTable = historyTable;
    }

    /** True when this reader reads the server's roles. */
    public boolean readsRoles() {
        return roles;
    }

    /**
     * The session's starting settings this reader pins its readings to: for the DDL log's reading, and for reading rows
     * on the same connections, which then need no second look at {@code pg_settings}.
     */
    public SessionStart sessionStart() {
        return sessionStart;
    }

    /** The migration schemas this reader reads. */
    public List<String> schemas() {
        return schemas;
    }

    /** Not part of another object, as a range type's constructors and its multirange cast are. */
    private static String notInternal(String catalog, String oid) {
        return " NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = '" + catalog + "'::regclass AND dep.objid = " + oid
                + " AND dep.deptype = 'i') ";
    }

    /**
     * Option names whose values are secrets, never read: {@code password}, {@code pwd}, a token, and names ending so
     * ({@code odbc_PWD}, {@code ssl_password}); not {@code password_required}, which is no secret and matters.
     */
    private static final String SECRET_NAME = "^(password|passwd|pwd|passphrase|secret|token|api_{0,1}key|secret_{0,1}key|private_{0,1}key"
            + "|credentials{0,1})$|_(password|passwd|pwd|passphrase|secret|token|key|credentials{0,1})$";
    // no question mark in either: the reading replaces each with the migration schemas
    /** Option values that hold a secret whatever their name: {@code dsn 'host=x password=y'}, {@code user:pw@host}. */
    private static final String SECRET_VALUE = "(password|passwd|pwd)\\s*=|://[^/@:]*:[^/@]*@";

    /**
     * A setting ({@code name=value}, as {@code rolconfig} and {@code pg_db_role_setting} keep it) as text, its value
     * {@code ********} where the name's last part ({@code app.jwt_secret}: {@code jwt_secret}) or the value says it is
     * a secret.
     */
    private static String settingText(String setting) {
        return "CASE WHEN regexp_replace(split_part(" + setting + ", '=', 1), '^.*\\.', '') ~* '" + SECRET_NAME + "' OR substr("
                + setting + ", strpos(" + setting + ", '=') + 1) ~* '" + SECRET_VALUE + "' THEN split_part(" + setting
                + ", '=', 1) || '=********' ELSE " + setting + " END";
    }

    /**
     * An options column ({@code name=value} items) as {@code  OPTIONS (a 'x', b 'y')}, sorted, each secret's value
     * masked; {@code ""} for none.
     */
    private static String optionsText(String column) {
        return "coalesce((SELECT ' OPTIONS (' || string_agg(split_part(o, '=', 1) || ' ' || CASE WHEN split_part(o, '=', 1) ~* '"
                + SECRET_NAME + "' OR substr(o, strpos(o, '=') + 1) ~* '" + SECRET_VALUE + "' THEN '''********'''"
                + " ELSE quote_literal(substr(o, strpos(o, '=') + 1)) END, ', ' ORDER BY o) || ')'"
                + " FROM unnest(" + column + ") o), '')";
    }

    /** The name of a text search parser, template or operator family: qualified unless the search_path finds it. */
    private static String visibleName(String catalog, String name, String namespace, String oid, String visible) {
        return "(SELECT CASE WHEN " + visible + "(x.oid) THEN '' ELSE quote_ident(xn.nspname) || '.' END || quote_ident(x." + name + ")"
                + " FROM " + catalog + " x JOIN pg_namespace xn ON xn.oid = x." + namespace + " WHERE x.oid = " + oid + ")";
    }

    /**
     * The kinds without a record of their own ({@link OtherObject}), each as kind, schema, name, definition, owner,
     * privileges and their default: those of a schema in the migration schemas, the others in the whole database, none
     * of an extension's and none built in.
     */
    private static String otherObjects() {
        // with argument types: a function's name alone reads qualified as soon as an overload exists in another schema
        String function = "::regprocedure::text";
        return "SELECT 'text search configuration', n.nspname, c.cfgname::text, 'PARSER = '"
                + " || " + visibleName("pg_ts_parser", "prsname", "prsnamespace", "c.cfgparser", "pg_ts_parser_is_visible")
                // one line per token type (and per member of a family below): a diff then shows the one that changed
                + " || coalesce((SELECT chr(10) || string_agg(t.alias || ' WITH ' || m.dicts, chr(10) ORDER BY t.tokid)"
                + "   FROM ts_token_type(c.cfgparser) t JOIN (SELECT maptokentype, string_agg(mapdict::regdictionary::text, ', '"
                + "   ORDER BY mapseqno) AS dicts FROM pg_ts_config_map WHERE mapcfg = c.oid GROUP BY maptokentype) m"
                + "   ON m.maptokentype = t.tokid), ''), pg_get_userbyid(c.cfgowner), NULL::text[], NULL::text[],"
                // the object's comment, where it has one: a column of each branch, as of each query of the global kinds
                + " " + comment("pg_ts_config", "c.oid")
                + " FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace"
                + " WHERE n.nspname = ANY(?) AND " + notExtensionMember("pg_ts_config", "c.oid")
                + " UNION ALL SELECT 'text search dictionary', n.nspname, d.dictname::text, 'TEMPLATE = '"
                + " || " + visibleName("pg_ts_template", "tmplname", "tmplnamespace", "d.dicttemplate", "pg_ts_template_is_visible")
                + " || coalesce(', ' || d.dictinitoption, ''), pg_get_userbyid(d.dictowner), NULL, NULL,"
                + " " + comment("pg_ts_dict", "d.oid")
                + " FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace"
                + " WHERE n.nspname = ANY(?) AND " + notExtensionMember("pg_ts_dict", "d.oid")
                + " UNION ALL SELECT 'text search parser', n.nspname, p.prsname::text, 'START = ' || p.prsstart" + function
                + " || ', GETTOKEN = ' || p.prstoken" + function + " || ', END = ' || p.prsend" + function
                + " || ', LEXTYPES = ' || p.prslextype" + function
                + " || CASE WHEN p.prsheadline <> 0 THEN ', HEADLINE = ' || p.prsheadline" + function + " ELSE '' END, '', NULL, NULL,"
                + " " + comment("pg_ts_parser", "p.oid")
                + " FROM pg_ts_parser p JOIN pg_namespace n ON n.oid = p.prsnamespace"
                + " WHERE n.nspname = ANY(?) AND " + notExtensionMember("pg_ts_parser", "p.oid")
                + " UNION ALL SELECT 'text search template', n.nspname, t.tmplname::text,"
                + " CASE WHEN t.tmplinit <> 0 THEN 'INIT = ' || t.tmplinit" + function + " || ', ' ELSE '' END"
                + " || 'LEXIZE = ' || t.tmpllexize" + function + ", '', NULL, NULL, " + comment("pg_ts_template", "t.oid")
                + " FROM pg_ts_template t JOIN pg_namespace n ON n.oid = t.tmplnamespace"
                + " WHERE n.nspname = ANY(?) AND " + notExtensionMember("pg_ts_template", "t.oid")
                // an operator is named by its argument types, as DROP OPERATOR names it
                + " UNION ALL SELECT 'operator', n.nspname, " + operatorName("o") + ","
                + " 'FUNCTION = ' || o.oprcode::regprocedure::text || ', RETURNS ' || format_type(o.oprresult, NULL)"
                + " || CASE WHEN o.oprcom <> 0 THEN ', COMMUTATOR = ' || o.oprcom::regoperator::text ELSE '' END"
                + " || CASE WHEN o.oprnegate <> 0 THEN ', NEGATOR = ' || o.oprnegate::regoperator::text ELSE '' END"
                + " || CASE WHEN o.oprrest <> 0 THEN ', RESTRICT = ' || o.oprrest" + function + " ELSE '' END"
                + " || CASE WHEN o.oprjoin <> 0 THEN ', JOIN = ' || o.oprjoin" + function + " ELSE '' END"
                + " || CASE WHEN o.oprcanhash THEN ', HASHES' ELSE '' END || CASE WHEN o.oprcanmerge THEN ', MERGES' ELSE '' END,"
                + " pg_get_userbyid(o.oprowner), NULL, NULL, " + comment("pg_operator", "o.oid")
                + " FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace"
                // a shell operator (left by a commutator or negator never defined itself) is none, as pg_dump has it
                + " WHERE o.oprcode <> 0 AND n.nspname = ANY(?) AND " + notExtensionMember("pg_operator", "o.oid")
                // a family holds the operators and support functions of its classes, and those added to it alone
                + " UNION ALL SELECT 'operator family', n.nspname, f.opfname || ' USING ' || a.amname,"
                + " coalesce((SELECT string_agg(m.member, chr(10) ORDER BY m.part, m.number, m.member) FROM ("
                + "   SELECT 0 AS part, ao.amopstrategy AS number, 'OPERATOR ' || ao.amopstrategy || ' ' || ao.amopopr::regoperator::text"
                + "   || CASE WHEN ao.amoppurpose = 'o' THEN ' FOR ORDER BY ' || " + visibleName("pg_opfamily", "opfname",
                "opfnamespace", "ao.amopsortfamily", "pg_opfamily_is_visible") + " ELSE '' END AS member"
                + "   FROM pg_amop ao WHERE ao.amopfamily = f.oid"
                + "   UNION ALL SELECT 1, ap.amprocnum, 'FUNCTION ' || ap.amprocnum || ' (' || format_type(ap.amproclefttype, NULL)"
                + "   || ', ' || format_type(ap.amprocrighttype, NULL) || ') ' || ap.amproc::regprocedure::text"
                + "   FROM pg_amproc ap WHERE ap.amprocfamily = f.oid) m), 'no members'), pg_get_userbyid(f.opfowner), NULL, NULL,"
                + " " + comment("pg_opfamily", "f.oid")
                + " FROM pg_opfamily f JOIN pg_am a ON a.oid = f.opfmethod JOIN pg_namespace n ON n.oid = f.opfnamespace"
                + " WHERE n.nspname = ANY(?) AND " + notExtensionMember("pg_opfamily", "f.oid")
                + " UNION ALL SELECT 'operator class', n.nspname, c.opcname || ' USING ' || a.amname,"
                + " CASE WHEN c.opcdefault THEN 'DEFAULT ' ELSE '' END || 'FOR TYPE ' || format_type(c.opcintype, NULL)"
                + " || ' FAMILY ' || " + visibleName("pg_opfamily", "opfname", "opfnamespace", "c.opcfamily", "pg_opfamily_is_visible")
                + " || CASE WHEN c.opckeytype <> 0 THEN ' STORAGE ' || format_type(c.opckeytype, NULL) ELSE '' END,"
                + " pg_get_userbyid(c.opcowner), NULL, NULL, " + comment("pg_opclass", "c.oid")
                + " FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod JOIN pg_namespace n ON n.oid = c.opcnamespace"
                + " WHERE n.nspname = ANY(?) AND " + notExtensionMember("pg_opclass", "c.oid")
                + " UNION ALL SELECT 'conversion', n.nspname, c.conname::text, CASE WHEN c.condefault THEN 'DEFAULT ' ELSE '' END"
                + " || 'FOR ' || quote_literal(pg_encoding_to_char(c.conforencoding)) || ' TO '"
                + " || quote_literal(pg_encoding_to_char(c.contoencoding)) || ' FROM ' || c.conproc" + function + ","
                + " pg_get_userbyid(c.conowner), NULL, NULL, " + comment("pg_conversion", "c.oid")
                + " FROM pg_conversion c JOIN pg_namespace n ON n.oid = c.connamespace"
                + " WHERE n.nspname = ANY(?) AND " + notExtensionMember("pg_conversion", "c.oid")
                // a foreign table: its columns in order with their options and server, then one line per constraint
                // and per trigger (the readers of tables' parts read tables, views and materialized views alone)
                + " UNION ALL SELECT 'foreign table', n.nspname, c.relname::text, '(' || coalesce((SELECT string_agg("
                + "   quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)"
                + "   || CASE WHEN a.attcollation <> ty.typcollation THEN ' COLLATE ' || a.attcollation::regcollation::text ELSE '' END"
                + "   || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END"
                + "   || coalesce(CASE WHEN a.attgenerated = 's' THEN ' GENERATED ALWAYS AS (' || pg_get_expr(ad.adbin, ad.adrelid)"
                + "   || ') STORED' ELSE ' DEFAULT ' || pg_get_expr(ad.adbin, ad.adrelid) END, '')"
                // in a fixed order: the order of grants is not a difference
                + "   || CASE WHEN a.attacl IS NOT NULL THEN ' PRIVILEGES ' || array_to_string(ARRAY(SELECT x::text"
                + "   FROM unnest(a.attacl) x ORDER BY 1), ' ') ELSE '' END"
                + "   || " + optionsText("a.attfdwoptions")
                + "   , ', ' ORDER BY a.attnum) FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid"
                + "   LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum"
                + "   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '') || ')'"
                + " || CASE WHEN c.relispartition THEN coalesce((SELECT ' PARTITION OF ' || pn.nspname || '.' || p.relname"
                + "   FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace"
                + "   WHERE i.inhrelid = c.oid), '') || ' ' || pg_get_expr(c.relpartbound, c.oid)"
                + "   ELSE coalesce((SELECT ' INHERITS (' || string_agg(pn.nspname || '.' || p.relname, ', ' ORDER BY i.inhseqno)"
                + "   || ')' FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace"
                + "   WHERE i.inhrelid = c.oid), '') END"
                + " || ' SERVER ' || quote_ident(s.srvname) || " + optionsText("ft.ftoptions")
                // NOT NULL is the column's (PostgreSQL 18 also keeps it as a constraint)
                + " || coalesce((SELECT string_agg(chr(10) || 'CONSTRAINT ' || quote_ident(co.conname) || ' '"
                + "   || pg_get_constraintdef(co.oid), '' ORDER BY co.conname) FROM pg_constraint co WHERE co.conrelid = c.oid"
                + "   AND co.contype <> 'n'), '')"
                + " || coalesce((SELECT string_agg(chr(10) || pg_get_triggerdef(tg.oid, true)"
                + "   || CASE tg.tgenabled WHEN 'O' THEN '' WHEN 'D' THEN ' (disabled)' WHEN 'R' THEN ' (enabled on replica only)'"
                + "   ELSE ' (enabled always)' END, '' ORDER BY tg.tgname) FROM pg_trigger tg WHERE tg.tgrelid = c.oid"
                + "   AND NOT tg.tgisinternal), ''),"
                + " pg_get_userbyid(c.relowner), c.relacl::text[], CASE WHEN c.relacl IS NOT NULL THEN acldefault('r', c.relowner)::text[] END,"
                + " NULL" // its comment is read with the relations' ("comment on table ...")
                + " FROM pg_foreign_table ft JOIN pg_class c ON c.oid = ft.ftrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_foreign_server s ON s.oid = ft.ftserver"
                + " WHERE n.nspname = ANY(?) AND " + notExtensionMember("pg_class", "c.oid")
                // of the whole database
                + " UNION ALL SELECT 'foreign-data wrapper', '', w.fdwname::text,"
                + " CASE WHEN w.fdwhandler <> 0 THEN 'HANDLER ' || w.fdwhandler" + function + " ELSE 'NO HANDLER' END"
                + " || CASE WHEN w.fdwvalidator <> 0 THEN ' VALIDATOR ' || w.fdwvalidator" + function + " ELSE ' NO VALIDATOR' END"
                + " || " + optionsText("w.fdwoptions") + ", pg_get_userbyid(w.fdwowner), w.fdwacl::text[],"
                + " CASE WHEN w.fdwacl IS NOT NULL THEN acldefault('F', w.fdwowner)::text[] END, " + comment("pg_foreign_data_wrapper", "w.oid")
                + " FROM pg_foreign_data_wrapper w WHERE " + notExtensionMember("pg_foreign_data_wrapper", "w.oid")
                + " UNION ALL SELECT 'server', '', s.srvname::text, 'FOREIGN DATA WRAPPER ' || quote_ident(w.fdwname)"
                + " || coalesce(' TYPE ' || quote_literal(s.srvtype), '') || coalesce(' VERSION ' || quote_literal(s.srvversion), '')"
                + " || " + optionsText("s.srvoptions") + ", pg_get_userbyid(s.srvowner), s.srvacl::text[],"
                + " CASE WHEN s.srvacl IS NOT NULL THEN acldefault('S', s.srvowner)::text[] END, " + comment("pg_foreign_server", "s.oid")
                + " FROM pg_foreign_server s JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw"
                + " WHERE " + notExtensionMember("pg_foreign_server", "s.oid")
                // by role and server alone: its options hold credentials, and only some roles may read them
                // (pg_user_mappings, not pg_user_mapping: any role may read that)
                + " UNION ALL SELECT 'user mapping', '', um.usename || ' SERVER ' || um.srvname,"
                + " 'options not read (they hold credentials)', '', NULL, NULL, NULL FROM pg_user_mappings um"
                + " UNION ALL SELECT 'transform', '', format_type(t.trftype, NULL) || ' LANGUAGE ' || quote_ident(l.lanname),"
                + " concat_ws(', ', CASE WHEN t.trffromsql <> 0 THEN 'FROM SQL WITH FUNCTION ' || t.trffromsql::regprocedure::text END,"
                + "   CASE WHEN t.trftosql <> 0 THEN 'TO SQL WITH FUNCTION ' || t.trftosql::regprocedure::text END), '', NULL, NULL,"
                + " " + comment("pg_transform", "t.oid")
                + " FROM pg_transform t JOIN pg_language l ON l.oid = t.trflang WHERE " + notExtensionMember("pg_transform", "t.oid")
                + " UNION ALL SELECT 'language', '', l.lanname::text, CASE WHEN l.lanpltrusted THEN 'TRUSTED ' ELSE '' END"
                + " || 'HANDLER ' || l.lanplcallfoid" + function
                + " || CASE WHEN l.laninline <> 0 THEN ' INLINE ' || l.laninline" + function + " ELSE '' END"
                + " || CASE WHEN l.lanvalidator <> 0 THEN ' VALIDATOR ' || l.lanvalidator" + function + " ELSE '' END,"
                + " pg_get_userbyid(l.lanowner), l.lanacl::text[], CASE WHEN l.lanacl IS NOT NULL THEN acldefault('l', l.lanowner)::text[] END,"
                + " " + comment("pg_language", "l.oid")
                + " FROM pg_language l WHERE l.oid >= 16384 AND " + notExtensionMember("pg_language", "l.oid")
                + " UNION ALL SELECT 'access method', '', a.amname::text, 'TYPE ' || CASE a.amtype WHEN 'i' THEN 'INDEX' ELSE 'TABLE' END"
                + " || ' HANDLER ' || a.amhandler" + function + ", '', NULL, NULL, " + comment("pg_am", "a.oid")
                + " FROM pg_am a WHERE a.oid >= 16384 AND " + notExtensionMember("pg_am", "a.oid")
                // the database's own settings (ALTER DATABASE ... SET, ALTER ROLE ... IN DATABASE ... SET); a value
                // whose name says it is a secret (app.jwt_secret) is not read
                + " UNION ALL SELECT CASE WHEN s.setrole = 0 THEN 'database setting' ELSE 'role setting' END, '',"
                + " split_part(c.setting, '=', 1) || CASE WHEN s.setrole = 0 THEN '' ELSE ' for ' || pg_get_userbyid(s.setrole) END,"
                + " substr(" + settingText("c.setting") + ", strpos(c.setting, '=') + 1), '', NULL, NULL, NULL"
                + " FROM pg_db_role_setting s CROSS JOIN unnest(s.setconfig) c(setting)"
                + " WHERE s.setdatabase = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())";
    }

    /**
     * Whether the database may hold any of the kinds {@link #otherObjects()} reads, one boolean: true where any of them
     * has a candidate (of a migration schema, or not built in, and no extension's member), before the conditions that
     * may still leave it out (a shell operator). Most schemas have none, and that query, one branch per kind with lookups in each, costs
     * a session that has not read those catalogs yet 20 to 40 ms of the server's planning; this one a few. An
     * extension's members are left out here too: pgvector's operators, operator classes and families (in the schema it
     * is installed in, often a migration schema) and access methods made every full reading with it run that query. A
     * user mapping needs a server, so servers stand for both.
     */
    static String otherObjectsExist() {
        StringBuilder sql = new StringBuilder("SELECT");
        String[][] namespaced = {{"pg_ts_config", "cfgnamespace"}, {"pg_ts_dict", "dictnamespace"},
            {"pg_ts_parser", "prsnamespace"}, {"pg_ts_template", "tmplnamespace"}, {"pg_operator", "oprnamespace"},
            {"pg_opfamily", "opfnamespace"}, {"pg_opclass", "opcnamespace"}, {"pg_conversion", "connamespace"}};
        for (String[] kind : namespaced) {
            sql.append(" EXISTS (SELECT 1 FROM ").append(kind[0]).append(" x JOIN pg_namespace n ON n.oid = x.").append(kind[1])
                    .append(" WHERE n.nspname = ANY(?) AND").append(notExtensionMember(kind[0], "x.oid")).append(") OR");
        }
        return sql + " EXISTS (SELECT 1 FROM pg_foreign_table)"
                + " OR EXISTS (SELECT 1 FROM pg_foreign_data_wrapper x WHERE" + notExtensionMember("pg_foreign_data_wrapper", "x.oid") + ")"
                + " OR EXISTS (SELECT 1 FROM pg_foreign_server) OR EXISTS (SELECT 1 FROM pg_transform x WHERE"
                + notExtensionMember("pg_transform", "x.oid") + ")"
                + " OR EXISTS (SELECT 1 FROM pg_language x WHERE x.oid >= 16384 AND" + notExtensionMember("pg_language", "x.oid") + ")"
                + " OR EXISTS (SELECT 1 FROM pg_am x WHERE x.oid >= 16384 AND" + notExtensionMember("pg_am", "x.oid") + ")"
                + " OR EXISTS (SELECT 1 FROM pg_db_role_setting s"
                + "   WHERE s.setdatabase = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database()))";
    }

    /**
     * The privileges on what a snapshot reads nowhere else, as kind {@value
     * OtherObject#PRIVILEGES}, each with the grants it started with as its default (the owner's name only names the
     * grantor): the current database's ({@code on database}: its name differs between the walk's copies) against the
     * kind's default; those on an extension's objects (a relation or its column, a routine, a type, a schema, a
     * language such as plpgsql, a foreign-data wrapper or server), named as {@code pg_describe_object} names them,
     * against what the extension's script left ({@code pg_init_privs}, else the kind's default); and the built-in
     * languages' against the kind's default. Only objects that have privileges of their own are looked at (then asked
     * whether an extension's), and of the objects made at {@code initdb} only the languages: plpgsql's functions are no
     * migration's business. Scanning for those was cheaper than looking up each member of each extension (0.33 against
     * 0.6 ms a full reading with pgvector's 238 members).
     */
    private static String privilegesElsewhere() {
        String acl = "   UNION ALL SELECT '%1$s'::regclass, x.oid, 0, x.%2$sowner, x.%2$sacl, '%3$s' FROM %1$s x"
                + " WHERE x.%2$sacl IS NOT NULL AND x.oid >= 16384";
        return "SELECT '" + OtherObject.PRIVILEGES + "', '', 'on database', '', pg_get_userbyid(d.datdba), d.datacl::text[],"
                + " acldefault('d', d.datdba)::text[], NULL FROM pg_database d WHERE d.datname = current_database()"
                + " AND d.datacl IS NOT NULL"
                + " UNION ALL SELECT '" + OtherObject.PRIVILEGES + "', '', 'on ' || pg_describe_object(p.classid, p.objid, p.objsubid),"
                + " '', pg_get_userbyid(p.owner), p.acl::text[], coalesce(ip.initprivs, acldefault(p.kind, p.owner))::text[], NULL"
                + " FROM (SELECT 'pg_class'::regclass AS classid, x.oid AS objid, 0 AS objsubid, x.relowner AS owner, x.relacl AS acl,"
                + "   CASE WHEN x.relkind = 'S' THEN 's' ELSE 'r' END::\"char\" AS kind FROM pg_class x"
                + "   WHERE x.relacl IS NOT NULL AND x.oid >= 16384"
                // columns: of an extension's relations only, found from its members
                + "   UNION ALL SELECT 'pg_class'::regclass, x.oid, a.attnum, x.relowner, a.attacl, 'c' FROM pg_depend m"
                + "   JOIN pg_class x ON x.oid = m.objid JOIN pg_attribute a ON a.attrelid = x.oid"
                + "   WHERE m.refclassid = 'pg_extension'::regclass AND m.deptype = 'e' AND m.classid = 'pg_class'::regclass"
                + "   AND a.attnum > 0 AND a.attacl IS NOT NULL"
                + acl.formatted("pg_proc", "pro", "f") + acl.formatted("pg_type", "typ", "T")
                + acl.formatted("pg_namespace", "nsp", "n")
                + "   UNION ALL SELECT 'pg_language'::regclass, x.oid, 0, x.lanowner, x.lanacl, 'l' FROM pg_language x"
                + "   WHERE x.lanacl IS NOT NULL"
                + acl.formatted("pg_foreign_data_wrapper", "fdw", "F") + acl.formatted("pg_foreign_server", "srv", "S") + ") p"
                + " LEFT JOIN pg_init_privs ip ON ip.objoid = p.objid AND ip.classoid = p.classid AND ip.objsubid = p.objsubid"
                + " WHERE p.acl IS DISTINCT FROM ip.initprivs AND (EXISTS (SELECT 1 FROM pg_depend m WHERE m.classid = p.classid"
                + "   AND m.objid = p.objid AND m.objsubid = 0 AND m.deptype = 'e' OFFSET 0)"
                + "   OR p.classid = 'pg_language'::regclass AND p.objid < 16384)";
    }

    /**
     * The comment on an object that has no root, as a column of the query that reads the object: on {@code oid}, of
     * {@code catalog}, looked up by its oid (a comment read on its own, as a root's are, scanned the catalog again, and
     * a join let the planner read every comment on the kind, hundreds on the built-in collations and operators). The
     * reading adds it as a {@link Comment} on the object's key ({@code Reading.global}).
     */
    private static String comment(String catalog, String oid) {
        return "(SELECT cmt.description FROM pg_description cmt WHERE cmt.objoid = " + oid + " AND cmt.classoid = '" + catalog
                + "'::regclass AND cmt.objsubid = 0)";
    }

    /**
     * The current database's comment ({@code comment on database}: its name differs between the databases the walk
     * compares), unless it is the mark SchemaVerify leaves on the databases it creates on a server it does not own.
     */
    private static final String DATABASE_COMMENT = " UNION ALL SELECT 'S', x.oid, 'database', d.description FROM pg_database x"
            + "   JOIN pg_shdescription d ON d.objoid = x.oid AND d.classoid = 'pg_database'::regclass"
            + "   WHERE x.datname = current_database() AND d.description !~ '%s'";

    /**
     * The comment SchemaVerify puts on each database it creates on a server it does not own, which says what it is
     * ({@code RunToken.COMMENT_PREFIX}, {@code TEMPLATE_COMMENT_PREFIX}, {@code DatabaseManager.CACHE_COMMENT_PREFIX}),
     * as a regular expression: no comment of the schema's, and different in each copy the walk compares. A copy of a
     * database whose migrations commented it gets their comment instead, which is read ({@code DatabaseManager}).
     */
    public static final String SCHEMAVERIFY_MARK = "^SchemaVerify (run|template|cache) ";

    /** The roles a reading of roles reads, as a condition on the alias {@code %1$s}: not the bootstrap superuser, none built in. */
    private static final String READ_ROLES = "%1$s.oid <> 10 AND %1$s.rolname NOT LIKE 'pg\\_%%'";

    /** An operator's name as {@code DROP OPERATOR} names it, with its argument types: {@code ===(text, text)}. */
    private static String operatorName(String o) {
        return o + ".oprname || '(' || CASE WHEN " + o + ".oprleft = 0 THEN 'NONE' ELSE format_type(" + o + ".oprleft, NULL) END"
                + " || ', ' || CASE WHEN " + o + ".oprright = 0 THEN 'NONE' ELSE format_type(" + o + ".oprright, NULL) END || ')'";
    }

    private static String notExtensionMember(String catalog, String oid) {
        return " NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = '" + catalog + "'::regclass AND dep.objid = " + oid
                + " AND dep.deptype = 'e') ";
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
        Reading reading = take(null, null);
        try {
            reading.run(c);
            return new CatalogImage(position, reading.globals, reading.opclasses, reading.parts(), facts);
        } finally {
            giveBack(reading);
        }
    }

    /**
     * Returns {@code since} with the {@code replaced} roots replaced by what a reading of the {@code read} ones (a
     * subset: the roots known to be gone need none) finds; a root not found is gone.
     * Global parts (schemas, extensions, collations, casts, publications, event triggers, default privileges, roles, the
     * kinds without a record of their own, the comments on all of these and on the database, and the names of operator
     * classes) are kept from {@code since}: a change to them needs a full reading.
     */
    public CatalogImage reread(Connection c, CatalogImage since, Set<Root> replaced, Set<Root> read, long position,
            CatalogImage.Facts facts) throws SQLException {
        if (read.isEmpty()) {
            return since.replace(position, replaced, Map.of(), facts);
        }
        Reading reading = take(read, since.opclasses());
        try {
            reading.run(c);
            return since.replace(position, replaced, reading.parts(), facts);
        } finally {
            giveBack(reading);
        }
    }

    /** A reading of {@code only} (all when null), one of the same shape done before when there is one. */
    private Reading take(Set<Root> only, Map<Long, String> opclasses) {
        Reading reading = idle.computeIfAbsent(Reading.shape(only), k -> new java.util.concurrent.ConcurrentLinkedQueue<>()).poll();
        if (reading == null) {
            reading = new Reading(only);
        }
        reading.start(only, opclasses);
        return reading;
    }

    private void giveBack(Reading reading) {
        reading.clear();
        idle.get(reading.shape).offer(reading);
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
        /** What it reads: {@code full}, or the kinds of roots a partial reading reads ({@code [RELATION, TYPE]}). */
        final String shape;
        /** The kinds of the roots a partial reading reads; its queries depend on nothing else. */
        private final Set<Kind> kindsRead;
        private final boolean full;
        private final List<Query> queries = new ArrayList<>();
        /** The server version the queries are defined for; 0 before they are. */
        private int definedFor;
        /** The statement the queries are sent as, and the session pin it starts with (the same string each time). */
        private String sent;
        private String sentPin;
        /**
         * A full reading's query of the kinds without a record of their own ({@link #otherObjects()}), run after the
         * others where {@link #otherObjectsExist()} finds any may exist: its statement as sent, and its pin.
         */
        private Query others;
        private String othersSent;
        private String othersPin;
        /** What the last run's {@link #otherObjectsExist()} said, and where in {@link #globals} its rows go. */
        private boolean othersMayExist;
        private int othersAt;
        // what one run reads: set by start, dropped by clear (the image built from them keeps them)
        private Set<Root> only;
        List<SchemaObject> globals;
        Map<Long, String> opclasses;
        private Map<Long, TableBuilder> tables;
        private Map<Long, ViewBuilder> views;
        private Map<Long, Map<Integer, String>> attnames;
        private Map<Long, Map<Integer, Long>> attcollations;
        private Map<Root, List<SchemaObject>> parts;

        Reading(Set<Root> only) {
            this.full = only == null;
            this.kindsRead = kinds(only);
            this.shape = shape(only);
        }

        private static Set<Kind> kinds(Set<Root> only) {
            Set<Kind> kinds = EnumSet.noneOf(Kind.class);
            if (only != null) {
                only.forEach(r -> kinds.add(r.kind()));
            }
            return kinds;
        }

        static String shape(Set<Root> only) {
            return only == null ? "full" : kinds(only).toString();
        }

        /** Readies it to read {@code only} (of its shape), into fresh collections. */
        void start(Set<Root> only, Map<Long, String> opclasses) {
            this.only = only;
            this.opclasses = opclasses == null ? new HashMap<>() : opclasses;
            globals = new ArrayList<>();
            tables = new HashMap<>();
            views = new HashMap<>();
            attnames = new HashMap<>();
            attcollations = new HashMap<>();
            parts = new HashMap<>();
        }

        /** Lets go of what the last run read. */
        void clear() {
            only = null;
            opclasses = null;
            globals = null;
            tables = null;
            views = null;
            attnames = null;
            attcollations = null;
            parts = null;
        }

        private boolean full() {
            return full;
        }

        /** Whether a partial reading's filter names a kind of root this reading reads ({@code {R}}, {@code {P}}, {@code {T}}). */
        private boolean namesRead(String filter) {
            for (Kind kind : kindsRead) {
                if (filter.contains(TOKENS.get(kind))) {
                    return true;
                }
            }
            return false;
        }

        /** Adds a global object, and the comment on it where it has one: on its key ({@code comment on collation app.c}). */
        private void global(SchemaObject object, String comment) {
            globals.add(object);
            if (comment != null) {
                globals.add(new Comment(object.key(), comment));
            }
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
         * the query only runs in a full reading. {@code ?} stands for the migration schemas. A filter on the parts of
         * relations (columns, constraints, indexes...) names the relation's roots on the relation too: the generic plan
         * then looks both up by oid instead of scanning every relation of the catalog.
         */
        private void query(String sql, String filter, RowHandler handler) {
            if (!full() && (filter == null || !namesRead(filter))) {
                return; // a full-reading query, or none of the roots it reads is being read
            }
            List<Kind> parameters = new ArrayList<>();
            String where = full() ? "" : " AND (" + parameters(filter, parameters) + ")";
            queries.add(new Query(sql.replace("?", schemaArray).replace("{filter}", where), parameters, handler));
        }

        /**
         * Runs every query in one round trip: one prepared multi-statement (each part a server-side prepared
         * statement, planned once per connection), the roots of a partial reading as its parameters. Without an
         * explicit transaction the statements up to the protocol's sync form one implicit transaction, so the
         * search_path set first holds for the queries after it and is gone afterwards. A full reading whose
         * {@link #otherObjectsExist()} finds any takes a second round trip for {@link #otherObjects()}, with the same
         * settings set first.
         */
        void run(Connection c) throws SQLException {
            int version = c.getMetaData().getDatabaseMajorVersion();
            if (definedFor != version) {
                queries.clear();
                sent = null;
                othersSent = null;
                define(version);
                definedFor = version;
            }
            List<String> statements = new ArrayList<>();
            // the session's settings as it started, whatever a migration set since (SessionStart)
            String pin = sessionStart.pin(c);
            statements.add(pin);
            // the search_path: public when the migrations own it, then the extensions' schemas; pg_catalog stays
            // implicit, and so first, so that no user object can change how built-in ones are named. Objects of the
            // other migration schemas read qualified, so that app.mood never reads as if it were public's
            String searchPath = "SELECT set_config('search_path', (SELECT coalesce(string_agg(quote_ident(s), ', ' ORDER BY o, s), '')"
                    + " FROM (SELECT 'public' AS s, 0 AS o WHERE 'public' = ANY(" + schemaArray + "::text[])"
                    + " UNION SELECT n.nspname, 1 FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
                    + "   WHERE n.nspname NOT IN ('pg_catalog', 'public')) x), true)";
            statements.add(searchPath);
            if (!full()) {
                // the roots are parameters: one generic plan, not a new custom plan per reading. The catalogs are in
                // memory, so a page fetched at random costs about what a page read in sequence does: priced so, the
                // generic plan looks the few roots up instead of scanning (and hashing) whole catalogs at every reading
                statements.add("SELECT set_config('plan_cache_mode', 'force_generic_plan', true),"
                        + " set_config('random_page_cost', '1.1', true)");
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
            if (sent == null || !pin.equals(sentPin)) {
                sent = String.join(";\n", statements);
                sentPin = pin;
            }
            othersMayExist = false;
            execute(c, sent, statements.size(), skip, queries, arrays);
            if (othersMayExist) {
                // in a second round trip, under the same settings, where the reading of the first would have put them
                List<SchemaObject> after = new ArrayList<>(globals.subList(othersAt, globals.size()));
                globals.subList(othersAt, globals.size()).clear();
                if (othersSent == null || !pin.equals(othersPin)) {
                    othersSent = String.join(";\n", pin, searchPath, others.sql());
                    othersPin = pin;
                }
                execute(c, othersSent, 3, 2, List.of(others), arrays);
                globals.addAll(after);
            }
        }

        /**
         * Runs {@code sql}, {@code count} statements, as one prepared multi-statement (each part a server-side prepared
         * statement), its parameters the root arrays of each query's kinds, and hands the rows of each statement after
         * the first {@code skip} to its query's handler.
         */
        private static void execute(Connection c, String sql, int count, int skip, List<Query> queries,
                Map<Kind, Array> arrays) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(1);
                int p = 1;
                for (Query q : queries) {
                    for (Kind kind : q.parameters()) {
                        ps.setArray(p++, arrays.get(kind));
                    }
                }
                boolean resultSet = ps.execute();
                for (int i = 0; i < count; i++) {
                    if (!resultSet) {
                        throw new SQLException("Expected a result for statement " + (i + 1) + " of " + sql);
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
                        null, rs -> globals.add(new InstalledExtension(rs.getString(1), rs.getString(2), rs.getString(3))));
                query("SELECT nspname, pg_get_userbyid(nspowner), nspacl::text[],"
                        + " CASE WHEN nspacl IS NOT NULL THEN acldefault('n', nspowner)::text[] END"
                        + " FROM pg_namespace WHERE nspname = ANY(?)", null,
                        rs -> {
                            List<String> defaults = nullableStrings(rs.getArray(4));
                            if (defaults != null && rs.getString(1).equals("public")) {
                                // initdb grants PUBLIC on the public schema: USAGE from 15 on, USAGE and CREATE before
                                defaults = new ArrayList<>(defaults);
                                String grantor = "/\"" + rs.getString(2).replace("\"", "\"\"") + "\"";
                                defaults.add((version >= 15 ? "=U" : "=UC") + grantor);
                            }
                            globals.add(new SchemaName(rs.getString(1), rs.getString(2),
                                    Acl.grants(nullableStrings(rs.getArray(3)), defaults, rs.getString(2))));
                        });
                query("SELECT oid, opcname FROM pg_opclass", null, rs -> opclasses.put(rs.getLong(1), rs.getString(2)));
                String locale = version >= 17 ? "coalesce(c.colllocale, c.collcollate)"
                        : version >= 15 ? "coalesce(c.colliculocale, c.collcollate)" : "c.collcollate";
                query("SELECT n.nspname, c.collname, c.collprovider, " + locale + ","
                        + " CASE WHEN c.collprovider = 'c' AND c.collctype <> c.collcollate THEN c.collctype END,"
                        + " c.collisdeterministic, pg_get_userbyid(c.collowner), " + (version >= 16 ? "c.collicurules" : "NULL")
                        + ", " + comment("pg_collation", "c.oid")
                        + " FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace"
                        + " WHERE n.nspname = ANY(?) AND " + notExtensionMember("pg_collation", "c.oid"), null,
                        rs -> global(new Collation(rs.getString(1), rs.getString(2), switch (rs.getString(3)) {
                            case "c" -> "libc";
                            case "i" -> "icu";
                            case "b" -> "builtin";
                            default -> "default";
                        }, nz(rs.getString(4)), nz(rs.getString(5)), rs.getBoolean(6), rs.getString(7), nz(rs.getString(8))),
                                rs.getString(9)));
                // casts, publications, event triggers and default privileges belong to the database, not to a schema
                query("SELECT format_type(c.castsource, NULL), format_type(c.casttarget, NULL), c.castmethod,"
                        + " CASE WHEN c.castfunc <> 0 THEN c.castfunc::regprocedure::text END, c.castcontext, "
                        + comment("pg_cast", "c.oid")
                        + " FROM pg_cast c WHERE c.oid >= 16384 AND " + notExtensionMember("pg_cast", "c.oid")
                        + " AND " + notInternal("pg_cast", "c.oid"), null,
                        rs -> global(new Cast(rs.getString(1), rs.getString(2), switch (rs.getString(3)) {
                            case "f" -> CastMethod.FUNCTION;
                            case "i" -> CastMethod.INOUT;
                            default -> CastMethod.BINARY;
                        }, nz(rs.getString(4)), switch (rs.getString(5)) {
                            case "a" -> CastContext.ASSIGNMENT;
                            case "i" -> CastContext.IMPLICIT;
                            default -> CastContext.EXPLICIT;
                        }), rs.getString(6)));
                String publishedTable = "n.nspname || '.' || c.relname" + (version >= 15
                        ? " || CASE WHEN pr.prattrs IS NOT NULL THEN ' (' || (SELECT string_agg(a.attname, ', ' ORDER BY k.o)"
                        + "   FROM unnest(pr.prattrs::int2[]) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = pr.prrelid"
                        + "   AND a.attnum = k.n) || ')' ELSE '' END"
                        + " || CASE WHEN pr.prqual IS NOT NULL THEN ' WHERE ' || pg_get_expr(pr.prqual, pr.prrelid) ELSE '' END"
                        : "");
                query("SELECT p.pubname, p.puballtables, p.pubinsert, p.pubupdate, p.pubdelete, p.pubtruncate, p.pubviaroot,"
                        + " pg_get_userbyid(p.pubowner), ARRAY(SELECT " + publishedTable + " FROM pg_publication_rel pr"
                        + "   JOIN pg_class c ON c.oid = pr.prrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE pr.prpubid = p.oid),"
                        + (version >= 15 ? " ARRAY(SELECT n.nspname::text FROM pg_publication_namespace pn JOIN pg_namespace n"
                        + "   ON n.oid = pn.pnnspid WHERE pn.pnpubid = p.oid)" : " ARRAY[]::text[]")
                        + ", " + comment("pg_publication", "p.oid") + " FROM pg_publication p", null,
                        rs -> {
                            List<String> operations = new ArrayList<>();
                            String[] names = {"insert", "update", "delete", "truncate"};
                            for (int k = 0; k < names.length; k++) {
                                if (rs.getBoolean(3 + k)) {
                                    operations.add(names[k]);
                                }
                            }
                            global(new Publication(rs.getString(1), rs.getBoolean(2), operations, rs.getBoolean(7),
                                    strings(rs.getArray(9)), strings(rs.getArray(10)), rs.getString(8)), rs.getString(11));
                        });
                query("SELECT e.evtname, e.evtevent, e.evtfoid::regproc::text, e.evttags, e.evtenabled, pg_get_userbyid(e.evtowner), "
                        + comment("pg_event_trigger", "e.oid")
                        + " FROM pg_event_trigger e WHERE e.evtname NOT LIKE 'schemaverify\\_walk%' AND "
                        + notExtensionMember("pg_event_trigger", "e.oid"), null,
                        rs -> global(new EventTrigger(rs.getString(1), rs.getString(2), rs.getString(3),
                                strings(rs.getArray(4)), TriggerState.of(rs.getString(5)), rs.getString(6)), rs.getString(7)));
                // the kinds without a record of their own, read in a second round trip where any may exist (run)
                query(otherObjectsExist(), null, rs -> {
                    othersMayExist = rs.getBoolean(1);
                    othersAt = globals.size();
                });
                RowHandler otherObject = rs -> {
                    List<Grant> grants = grants(rs, 6, 5);
                    if (OtherObject.PRIVILEGES.equals(rs.getString(1))) {
                        // only where they differ from the default: the owner named only the grantor
                        if (!grants.isEmpty()) {
                            globals.add(new OtherObject(OtherObject.PRIVILEGES, "", rs.getString(3), "", "", grants));
                        }
                        return;
                    }
                    // a foreign table may be a list partition: its values sorted, as a table's
                    global(new OtherObject(rs.getString(1), rs.getString(2), rs.getString(3), "foreign table".equals(
                            rs.getString(1)) ? listBoundSorted(nz(rs.getString(4)).strip()) : nz(rs.getString(4)).strip(),
                            nz(rs.getString(5)), grants), rs.getString(8));
                };
                others = new Query(otherObjects().replace("?", schemaArray), List.of(), otherObject);
                query(privilegesElsewhere(), null, otherObject);
                // a schema's entry holds only what it adds; the global one replaces the built-in default
                query("SELECT pg_get_userbyid(d.defaclrole), coalesce(n.nspname, ''), d.defaclobjtype, d.defaclacl::text[],"
                        + " CASE WHEN d.defaclnamespace = 0 THEN acldefault(CASE d.defaclobjtype WHEN 'S' THEN 's'::\"char\""
                        + "   ELSE d.defaclobjtype END, d.defaclrole)::text[] END"
                        + " FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace"
                        + " WHERE d.defaclnamespace = 0 OR n.nspname = ANY(?)", null,
                        rs -> {
                            List<Grant> grants = Acl.grants(strings(rs.getArray(4)), nullableStrings(rs.getArray(5)), rs.getString(1));
                            if (!grants.isEmpty()) {
                                globals.add(new DefaultPrivileges(rs.getString(1), rs.getString(2), switch (rs.getString(3)) {
                                    case "r" -> "TABLES";
                                    case "S" -> "SEQUENCES";
                                    case "f" -> "FUNCTIONS";
                                    case "T" -> "TYPES";
                                    case "n" -> "SCHEMAS";
                                    default -> rs.getString(3);
                                }, grants));
                            }
                        });
                if (roles) {
                    // never rolpassword; the bootstrap superuser (oid 10) and built-in roles are the server's
                    query("SELECT r.rolname, r.rolsuper, r.rolinherit, r.rolcreaterole, r.rolcreatedb, r.rolcanlogin,"
                            // 'infinity' is no expiry, as none is: ALTER ROLE cannot set it back to none, only to that
                            + " r.rolreplication, r.rolbypassrls, r.rolconnlimit,"
                            + " CASE WHEN r.rolvaliduntil <> 'infinity' THEN r.rolvaliduntil::text END,"
                            + " ARRAY(SELECT DISTINCT g.rolname || CASE WHEN m.admin_option THEN ' WITH ADMIN OPTION' ELSE '' END"
                            + "   FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid),"
                            // a setting whose name says it holds a secret reads as set, its value not read
                            + " ARRAY(SELECT " + settingText("c") + " FROM unnest(r.rolconfig) WITH ORDINALITY u(c, n) ORDER BY n),"
                            + " (SELECT d.description FROM pg_shdescription d WHERE d.objoid = r.oid"
                            + "   AND d.classoid = 'pg_authid'::regclass)"
                            + " FROM pg_roles r WHERE " + READ_ROLES.formatted("r"), null,
                            rs -> {
                                List<String> attributes = new ArrayList<>();
                                String[] names = {"SUPERUSER", "NOINHERIT", "CREATEROLE", "CREATEDB", "LOGIN", "REPLICATION", "BYPASSRLS"};
                                for (int k = 0; k < names.length; k++) {
                                    // rolinherit is on by default: NOINHERIT is the attribute to show
                                    if (rs.getBoolean(2 + k) != (k == 1)) {
                                        attributes.add(names[k]);
                                    }
                                }
                                if (rs.getInt(9) != -1) {
                                    attributes.add("CONNECTION LIMIT " + rs.getInt(9));
                                }
                                if (rs.getString(10) != null) {
                                    attributes.add("VALID UNTIL '" + rs.getString(10) + "'");
                                }
                                global(new Role(rs.getString(1), attributes, strings(rs.getArray(11)), strings(rs.getArray(12))),
                                        rs.getString(13));
                            });
                }
            }

            query("SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence, c.relrowsecurity, c.relforcerowsecurity,"
                    + " CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,"
                    + " CASE WHEN c.relispartition THEN (SELECT pn.nspname || '.' || p.relname FROM pg_inherits i"
                    + "   JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace"
                    + "   WHERE i.inhrelid = c.oid) || ' ' || pg_get_expr(c.relpartbound, c.oid) END,"
                    + " pg_get_userbyid(c.relowner), c.relacl::text[],"
                    + " CASE WHEN c.relacl IS NOT NULL THEN acldefault('r', c.relowner)::text[] END,"
                    + " c.reloptions, tc.reloptions, c.relreplident,"
                    + " CASE WHEN c.reloftype <> 0 THEN format_type(c.reloftype, NULL) END,"
                    // heap, PostgreSQL's own, reads as the default; a partitioned table has none unless one is named
                    // (17: its partitions then take that one, not default_table_access_method)
                    + " CASE WHEN c.relam <> 0 THEN (SELECT am.amname FROM pg_am am WHERE am.oid = c.relam"
                    + "   AND (am.amname <> 'heap' OR c.relkind = 'p')) END,"
                    + " " + TABLESPACE.formatted("c")
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " LEFT JOIN pg_class tc ON tc.oid = c.reltoastrelid"
                    + " WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(?) AND " + notExtensionMember("pg_class", "c.oid") + "{filter}",
                    "c.oid = ANY({R})",
                    rs -> {
                        if (historyTable.equals(rs.getString(3))) {
                            return;
                        }
                        TableBuilder t = new TableBuilder(rs.getString(2), rs.getString(3),
                                "p".equals(rs.getString(4)) ? TableKind.PARTITIONED_TABLE : TableKind.TABLE,
                                switch (rs.getString(5)) {
                                    case "u" -> Persistence.UNLOGGED;
                                    case "t" -> Persistence.TEMPORARY;
                                    default -> Persistence.PERMANENT;
                                }, nz(rs.getString(8)), listBoundSorted(nz(rs.getString(9))), rs.getBoolean(6), rs.getBoolean(7));
                        t.owner = rs.getString(10);
                        t.privileges = grants(rs, 11, 10);
                        options(rs.getArray(13), "", t.options);
                        options(rs.getArray(14), "toast.", t.options);
                        t.replicaIdentity = switch (rs.getString(15)) {
                            case "n" -> ReplicaIdentity.NOTHING;
                            case "f" -> ReplicaIdentity.FULL;
                            case "i" -> ReplicaIdentity.INDEX;
                            default -> ReplicaIdentity.DEFAULT;
                        };
                        t.ofType = nz(rs.getString(16));
                        t.accessMethod = nz(rs.getString(17));
                        t.tablespace = nz(rs.getString(18));
                        tables.put(rs.getLong(1), t);
                    });

            // INHERITS parents (partitions show their parent as partition of)
            query("SELECT i.inhrelid, pn.nspname || '.' || p.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_class p ON p.oid = i.inhparent"
                    + " JOIN pg_namespace pn ON pn.oid = p.relnamespace"
                    + " WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY(?){filter}"
                    + " ORDER BY i.inhrelid, i.inhseqno",
                    "i.inhrelid = ANY({R}) AND c.oid = ANY({R})",
                    rs -> {
                        TableBuilder t = tables.get(rs.getLong(1));
                        if (t != null) {
                            t.inherits.add(rs.getString(2));
                        }
                    });

            // every column of tables and materialized views, also kept by number for the index keys below
            String compression = version >= 14 ? "a.attcompression::text" : "''";
            query("SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
                    + " pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,"
                    + " CASE WHEN a.attcollation <> t.typcollation THEN co.collname END, a.attnum, quote_ident(a.attname),"
                    + " a.attcollation, CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END, " + compression + ","
                    + " a.attacl::text[],"
                    + " CASE WHEN a.attidentity <> '' THEN (SELECT ARRAY[format_type(s.seqtypid, NULL), s.seqstart::text,"
                    + "   s.seqincrement::text, s.seqmin::text, s.seqmax::text, s.seqcache::text, s.seqcycle::text,"
                    + "   (SELECT sc.relname FROM pg_class sc WHERE sc.oid = s.seqrelid)]"
                    + "   FROM pg_depend dep JOIN pg_sequence s ON s.seqrelid = dep.objid WHERE dep.refclassid = 'pg_class'::regclass"
                    + "   AND dep.refobjid = a.attrelid AND dep.refobjsubid = a.attnum AND dep.classid = 'pg_class'::regclass"
                    + "   AND dep.deptype = 'i') END, "
                    // from 18 a NOT NULL may be NOT VALID: attnotnull holds, its constraint is not validated
                    + (version >= 18 ? "a.attnotnull AND EXISTS (SELECT 1 FROM pg_constraint nn WHERE nn.conrelid = a.attrelid"
                    + "   AND nn.contype = 'n' AND nn.conkey[1] = a.attnum AND NOT nn.convalidated)" : "false")
                    // the statistics target: -1 for the default before 17, NULL from 17
                    + ", coalesce(a.attstattarget::int, -1),"
                    // the planner's options; attoptions may hold more, which are not the column's (a server build's own)
                    // (as numbers: the text is as written, and -.5 is -0.5)
                    + " CASE WHEN a.attoptions IS NOT NULL THEN ARRAY(SELECT split_part(o, '=', 1) || '='"
                    + "   || split_part(o, '=', 2)::float8 FROM unnest(a.attoptions) o"
                    + "   WHERE split_part(o, '=', 1) IN ('n_distinct', 'n_distinct_inherited')) END,"
                    // the privileges on an identity column's sequence, whose owner is always the table's
                    + " CASE WHEN a.attidentity <> '' THEN (SELECT sc.relacl::text[] FROM pg_depend dep JOIN pg_class sc"
                    + "   ON sc.oid = dep.objid WHERE dep.refclassid = 'pg_class'::regclass AND dep.refobjid = a.attrelid"
                    + "   AND dep.refobjsubid = a.attnum AND dep.classid = 'pg_class'::regclass AND dep.deptype = 'i') END,"
                    + " CASE WHEN a.attidentity <> '' THEN acldefault('s', c.relowner)::text[] END,"
                    + " CASE WHEN a.attidentity <> '' THEN pg_get_userbyid(c.relowner) END,"
                    // an inherited column its table declares too (NO INHERIT, then INHERIT, leaves every column so)
                    + " a.attinhcount > 0 AND a.attislocal,"
                    // the table's owner: a column privilege granted by another role (through a grant option) names it
                    + " CASE WHEN a.attacl IS NOT NULL THEN pg_get_userbyid(c.relowner) END"
                    + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                    + " LEFT JOIN pg_collation co ON co.oid = a.attcollation"
                    + " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'm') AND n.nspname = ANY(?){filter}",
                    "a.attrelid = ANY({R}) AND c.oid = ANY({R})",
                    rs -> {
                        attnames.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(rs.getInt(9), rs.getString(10));
                        attcollations.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(rs.getInt(9), rs.getLong(11));
                        TableBuilder t = tables.get(rs.getLong(1));
                        if (t == null) {
                            return;
                        }
                        String expr = nz(rs.getString(5));
                        boolean generated = "s".equals(rs.getString(7)) || "v".equals(rs.getString(7));
                        Identity identity = switch (nz(rs.getString(6))) {
                            case "a" -> Identity.ALWAYS;
                            case "d" -> Identity.BY_DEFAULT;
                            default -> Identity.NONE;
                        };
                        ColumnStorage storage = switch (nz(rs.getString(12))) {
                            case "p" -> ColumnStorage.PLAIN;
                            case "e" -> ColumnStorage.EXTERNAL;
                            case "x" -> ColumnStorage.EXTENDED;
                            case "m" -> ColumnStorage.MAIN;
                            default -> ColumnStorage.DEFAULT;
                        };
                        String method = switch (nz(rs.getString(13))) {
                            case "p" -> "pglz";
                            case "l" -> "lz4";
                            default -> "";
                        };
                        TreeMap<String, String> planner = new TreeMap<>();
                        options(rs.getArray(18), "", planner);
                        List<String> sequence = strings(rs.getArray(15));
                        String identityOptions = sequence.isEmpty() ? "" : new Sequence("", "", sequence.get(0),
                                Long.parseLong(sequence.get(1)), Long.parseLong(sequence.get(2)), Long.parseLong(sequence.get(3)),
                                Long.parseLong(sequence.get(4)), Long.parseLong(sequence.get(5)), Boolean.parseBoolean(
                                sequence.get(6)) || "t".equals(sequence.get(6)), "", "", List.of()).options();
                        t.columns.add(new Column(t.schema, t.name, rs.getString(2), rs.getString(3), rs.getBoolean(4),
                                generated ? "" : expr, identity, generated ? expr : "", nz(rs.getString(8)), rs.getInt(9),
                                identityOptions, storage, method, Acl.grants(nullableStrings(rs.getArray(14)), null, nz(rs.getString(23))),
                                !rs.getBoolean(16), "v".equals(rs.getString(7)), rs.getInt(17), planner,
                                grants(rs, 19, 21), sequence.isEmpty() ? "" : identitySequence(t.name, rs.getString(2),
                                sequence.get(7)), rs.getBoolean(22)));
                    });

            query("SELECT con.conrelid, con.conname, con.contype, pg_get_constraintdef(con.oid, true), con.convalidated,"
                    + " ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)"
                    + "   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord),"
                    // the triggers that enforce it, where not enabled as created (DISABLE TRIGGER ALL stops a foreign
                    // key's checks on either of its tables)
                    + " ARRAY(SELECT DISTINCT tn.nspname || '.' || tc.relname || ': ' || CASE tg.tgenabled WHEN 'D' THEN"
                    + "   'disabled' WHEN 'R' THEN 'enabled replica' ELSE 'enabled always' END FROM pg_trigger tg"
                    + "   JOIN pg_class tc ON tc.oid = tg.tgrelid JOIN pg_namespace tn ON tn.oid = tc.relnamespace"
                    + "   WHERE tg.tgconstraint = con.oid AND tg.tgisinternal AND tg.tgenabled <> 'O' ORDER BY 1),"
                    + " con.coninhcount > 0 AND con.conislocal,"
                    // the referenced table's unique index that a foreign key uses, where it is not the primary key's
                    + " CASE WHEN con.contype = 'f' THEN (SELECT xn.nspname || '.' || x.relname FROM pg_class x"
                    + "   JOIN pg_namespace xn ON xn.oid = x.relnamespace JOIN pg_index xi ON xi.indexrelid = x.oid"
                    + "   WHERE x.oid = con.conindid AND NOT xi.indisprimary) END"
                    + " FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE con.contype IN ('p', 'f', 'u', 'c', 'x') AND n.nspname = ANY(?){filter}",
                    "con.conrelid = ANY({R}) AND c.oid = ANY({R})",
                    rs -> {
                        TableBuilder t = tables.get(rs.getLong(1));
                        if (t == null) {
                            return;
                        }
                        ConstraintType type = switch (rs.getString(3)) {
                            case "p" -> ConstraintType.PRIMARY_KEY;
                            case "f" -> ConstraintType.FOREIGN_KEY;
                            case "u" -> ConstraintType.UNIQUE;
                            case "c" -> ConstraintType.CHECK;
                            default -> ConstraintType.EXCLUDE;
                        };
                        t.constraints.add(new Constraint(t.schema, t.name, rs.getString(2), type, strings(rs.getArray(6)),
                                rs.getString(4), rs.getBoolean(5), strings(rs.getArray(7)), rs.getBoolean(8),
                                nz(rs.getString(9))));
                    });

            query("SELECT c.oid, n.nspname, c.relname, c.relkind = 'm', pg_get_viewdef(c.oid, true), pg_get_userbyid(c.relowner),"
                    + " c.relacl::text[], CASE WHEN c.relacl IS NOT NULL THEN acldefault('r', c.relowner)::text[] END, c.reloptions,"
                    // a materialized view's storage: a plain view has no access method (relam 0) and no tablespace
                    + " (SELECT am.amname FROM pg_am am WHERE am.oid = c.relam AND am.amname <> 'heap'), " + TABLESPACE.formatted("c")
                    + ", c.relispopulated" // a materialized view WITH NO DATA: every query of it fails until refreshed
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY(?) AND " + notExtensionMember("pg_class", "c.oid") + "{filter}",
                    "c.oid = ANY({R})",
                    rs -> {
                        ViewBuilder v = new ViewBuilder(rs.getString(2), rs.getString(3), rs.getBoolean(4), nz(rs.getString(5)));
                        v.owner = rs.getString(6);
                        v.privileges = grants(rs, 7, 6);
                        options(rs.getArray(9), "", v.options);
                        v.accessMethod = nz(rs.getString(10));
                        v.tablespace = nz(rs.getString(11));
                        v.populated = rs.getBoolean(12);
                        views.put(rs.getLong(1), v);
                    });

            // what a view's columns may have of their own: defaults (for inserts through it) and privileges, and a
            // materialized view's, what they tell the planner (as a table's columns: statistics target, n_distinct)
            query("SELECT a.attrelid, a.attname, pg_get_expr(d.adbin, d.adrelid), a.attacl::text[],"
                    + " coalesce(a.attstattarget::int, -1),"
                    + " CASE WHEN a.attoptions IS NOT NULL THEN ARRAY(SELECT split_part(o, '=', 1) || '='"
                    + "   || split_part(o, '=', 2)::float8 FROM unnest(a.attoptions) o"
                    + "   WHERE split_part(o, '=', 1) IN ('n_distinct', 'n_distinct_inherited')) END,"
                    + " CASE WHEN a.attacl IS NOT NULL THEN pg_get_userbyid(c.relowner) END"
                    + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                    + " WHERE c.relkind IN ('v', 'm') AND a.attnum > 0 AND NOT a.attisdropped"
                    + " AND (a.attacl IS NOT NULL OR d.adbin IS NOT NULL OR coalesce(a.attstattarget::int, -1) >= 0"
                    + "   OR a.attoptions IS NOT NULL) AND n.nspname = ANY(?){filter}",
                    "a.attrelid = ANY({R}) AND c.oid = ANY({R})",
                    rs -> {
                        ViewBuilder v = views.get(rs.getLong(1));
                        if (v == null) {
                            return;
                        }
                        if (rs.getString(3) != null) {
                            v.columnDefaults.put(rs.getString(2), rs.getString(3));
                        }
                        List<Grant> grants = Acl.grants(nullableStrings(rs.getArray(4)), null, nz(rs.getString(7)));
                        if (!grants.isEmpty()) {
                            v.columnPrivileges.put(rs.getString(2), grants);
                        }
                        TreeMap<String, String> planner = new TreeMap<>();
                        options(rs.getArray(6), "", planner);
                        List<String> told = new ArrayList<>();
                        if (rs.getInt(5) >= 0) {
                            told.add("STATISTICS " + rs.getInt(5));
                        }
                        planner.forEach((option, value) -> told.add(option + "=" + value));
                        if (!told.isEmpty()) {
                            v.columnStatistics.put(rs.getString(2), String.join(", ", told));
                        }
                    });

            // keys and operator classes come as raw vectors, resolved with the maps above: per-index subqueries and
            // pg_get_indexdef (which opens each index) cost more than the rest of the snapshot together. Only
            // expression keys need pg_get_indexdef.
            query("SELECT i.indrelid, ic.relname, am.amname, i.indisunique, i.indisprimary, i.indnkeyatts, i.indkey::text,"
                    + " i.indclass::text, CASE WHEN i.indexprs IS NOT NULL THEN"
                    + "   ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnatts) k ORDER BY k) END,"
                    + " ic.reloptions, pg_get_expr(i.indpred, i.indrelid, true), i.indisvalid, i.indisready, n.nspname,"
                    + " i.indoption::text, i.indcollation::text, " + (version >= 15 ? "i.indnullsnotdistinct" : "false")
                    + ", i.indisreplident,"
                    // the names of the keys' collations, for the rare index with one that is not the default
                    + " CASE WHEN NOT i.indcollation::oid[] <@ ARRAY[0, " + DEFAULT_COLLATION + "]::oid[] THEN ARRAY(SELECT"
                    + "   CASE WHEN k <> 0 THEN k::regcollation::text END FROM unnest(i.indcollation::oid[]) WITH ORDINALITY u(k, o)"
                    + "   ORDER BY o) END,"
                    // operator class options (gist_trgm_ops(siglen=64)), which the index's own attributes hold
                    + " (SELECT array_agg(a.attnum || ' ' || array_to_string(a.attoptions, ', ') ORDER BY a.attnum)"
                    + "   FROM pg_attribute a WHERE a.attrelid = i.indexrelid AND a.attoptions IS NOT NULL),"
                    + " i.indisclustered, " + TABLESPACE.formatted("ic") + ","
                    // statistics targets, which only an expression's column of an index may have
                    + " (SELECT string_agg('column ' || a.attnum || ' STATISTICS ' || a.attstattarget, ', ' ORDER BY a.attnum)"
                    + "   FROM pg_attribute a WHERE a.attrelid = i.indexrelid AND coalesce(a.attstattarget::int, -1) >= 0),"
                    // the partitioned table's index that a partition's index is attached to
                    + " CASE WHEN ic.relispartition THEN (SELECT pn.nspname || '.' || p.relname FROM pg_inherits h"
                    + "   JOIN pg_class p ON p.oid = h.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace"
                    + "   WHERE h.inhrelid = i.indexrelid) END"
                    + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid"
                    + " JOIN pg_namespace n ON n.oid = tc.relnamespace JOIN pg_am am ON am.oid = ic.relam"
                    + " WHERE tc.relkind IN ('r', 'p', 'm') AND n.nspname = ANY(?){filter}",
                    "i.indrelid = ANY({R}) AND tc.oid = ANY({R})",
                    this::index);

            query("SELECT t.tgrelid, t.tgname, p.proname, pg_get_triggerdef(t.oid, true), t.tgenabled"
                    + " FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_class c ON c.oid = t.tgrelid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND n.nspname = ANY(?){filter}",
                    "t.tgrelid = ANY({R}) AND c.oid = ANY({R})",
                    rs -> {
                        TableBuilder t = tables.get(rs.getLong(1));
                        ViewBuilder v = views.get(rs.getLong(1));
                        if (t != null || v != null) {
                            (t != null ? t.triggers : v.triggers).add(new Trigger(t != null ? t.schema : v.schema,
                                    t != null ? t.name : v.name, rs.getString(2), rs.getString(3), rs.getString(4),
                                    TriggerState.of(rs.getString(5))));
                        }
                    });

            query("SELECT r.ev_class, r.rulename, pg_get_ruledef(r.oid, true), r.ev_enabled"
                    + " FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE r.rulename <> '_RETURN' AND n.nspname = ANY(?){filter}",
                    "r.ev_class = ANY({R}) AND c.oid = ANY({R})",
                    rs -> {
                        TableBuilder t = tables.get(rs.getLong(1));
                        ViewBuilder v = views.get(rs.getLong(1));
                        if (t != null || v != null) {
                            (t != null ? t.rules : v.rules).add(new Rule(t != null ? t.schema : v.schema,
                                    t != null ? t.name : v.name, rs.getString(2), rs.getString(3), TriggerState.of(rs.getString(4))));
                        }
                    });

            // the statistics target: -1 for the default before 17, NULL from 17
            query("SELECT s.stxrelid, sn.nspname, s.stxname, pg_get_statisticsobjdef(s.oid), coalesce(s.stxstattarget::int, -1)"
                    + " FROM pg_statistic_ext s JOIN pg_namespace sn ON sn.oid = s.stxnamespace JOIN pg_class c ON c.oid = s.stxrelid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY(?){filter}",
                    "s.stxrelid = ANY({R}) AND c.oid = ANY({R})",
                    rs -> {
                        TableBuilder t = tables.get(rs.getLong(1));
                        if (t != null) {
                            t.statistics.add(new Statistics(rs.getString(2), rs.getString(3), t.schema + "." + t.name,
                                    rs.getString(4), rs.getInt(5)));
                        }
                    });

            query("SELECT pol.polrelid, pol.polname, pol.polcmd, pol.polpermissive,"
                    + " ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r) END FROM unnest(pol.polroles) r ORDER BY 1),"
                    + " pg_get_expr(pol.polqual, pol.polrelid, true), pg_get_expr(pol.polwithcheck, pol.polrelid, true)"
                    + " FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = ANY(?){filter}",
                    "pol.polrelid = ANY({R}) AND c.oid = ANY({R})",
                    rs -> {
                        TableBuilder t = tables.get(rs.getLong(1));
                        if (t == null) {
                            return;
                        }
                        PolicyCommand command = switch (rs.getString(3)) {
                            case "r" -> PolicyCommand.SELECT;
                            case "a" -> PolicyCommand.INSERT;
                            case "w" -> PolicyCommand.UPDATE;
                            case "d" -> PolicyCommand.DELETE;
                            default -> PolicyCommand.ALL;
                        };
                        t.policies.add(new Policy(t.schema, t.name, rs.getString(2), command, rs.getBoolean(4),
                                strings(rs.getArray(5)), nz(rs.getString(6)), nz(rs.getString(7))));
                    });

            query("SELECT c.oid, n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin,"
                    + " s.seqmax, s.seqcache, s.seqcycle,"
                    + " (SELECT tn.nspname || '.' || tc.relname || '.' || a.attname FROM pg_depend d JOIN pg_class tc ON tc.oid = d.refobjid"
                    + "   JOIN pg_namespace tn ON tn.oid = tc.relnamespace JOIN pg_attribute a ON a.attrelid = tc.oid AND a.attnum = d.refobjsubid"
                    + "   WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refobjsubid > 0 AND d.deptype = 'a' LIMIT 1),"
                    + " pg_get_userbyid(c.relowner), c.relacl::text[],"
                    + " CASE WHEN c.relacl IS NOT NULL THEN acldefault('s', c.relowner)::text[] END,"
                    // unlogged; from 15 the sequence of an unlogged table's serial column is unlogged with its table
                    // (before, it could not be): that one reads as before, so the text is the same on every version
                    + " c.relpersistence = 'u' AND NOT EXISTS (SELECT 1 FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid"
                    + "   WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass"
                    + "   AND d.deptype = 'a' AND t.relpersistence = 'u')"
                    + " FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = ANY(?) AND " + notExtensionMember("pg_class", "c.oid")
                    + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid"
                    + "   AND d.deptype = 'i'){filter}",
                    "c.oid = ANY({R})",
                    rs -> {
                        String sequenceName = rs.getString(3);
                        if (sequenceName.startsWith(historyTable)) {
                            return;
                        }
                        add(Kind.RELATION, rs.getLong(1), new Sequence(rs.getString(2), sequenceName, rs.getString(4),
                                rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getBoolean(10),
                                nz(rs.getString(11)), rs.getString(12), grants(rs, 13, 12),
                                rs.getBoolean(15) ? Persistence.UNLOGGED : Persistence.PERMANENT));
                    });

            // a C function's body is its library and symbol, as CREATE FUNCTION writes them: AS 'lib', 'symbol'
            String body = "CASE WHEN p.probin IS NOT NULL THEN quote_literal(p.probin) || ', ' || quote_literal(p.prosrc) ELSE "
                    + (version >= 14 ? "coalesce(nullif(p.prosrc, ''), pg_get_function_sqlbody(p.oid))" : "p.prosrc") + " END";
            query("SELECT p.oid, n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prokind,"
                    + " CASE WHEN p.prokind <> 'p' THEN pg_get_function_result(p.oid) END, l.lanname, p.provolatile, p.prosecdef, "
                    + body + ", p.proisstrict, p.proleakproof, p.proparallel,"
                    + " CASE WHEN p.procost <> CASE WHEN l.lanname IN ('c', 'internal') THEN 1 ELSE 100 END THEN p.procost::text END,"
                    + " CASE WHEN p.proretset AND p.prorows <> 1000 THEN p.prorows::text END, p.proconfig,"
                    + " CASE WHEN p.pronargdefaults > 0 THEN pg_get_expr(p.proargdefaults, 0) END,"
                    + " CASE WHEN p.prokind = 'a' THEN concat_ws(', ', 'SFUNC = ' || ag.aggtransfn::text,"
                    + "   'STYPE = ' || format_type(ag.aggtranstype, NULL),"
                    + "   CASE WHEN ag.aggfinalfn <> 0 THEN 'FINALFUNC = ' || ag.aggfinalfn::text END,"
                    + "   CASE WHEN ag.aggcombinefn <> 0 THEN 'COMBINEFUNC = ' || ag.aggcombinefn::text END,"
                    + "   CASE WHEN ag.aggfinalextra THEN 'FINALFUNC_EXTRA' END,"
                    + "   CASE WHEN ag.aggfinalfn <> 0 AND ag.aggfinalmodify <> CASE WHEN ag.aggkind = 'n' THEN 'r' ELSE 'w' END"
                    + "     THEN 'FINALFUNC_MODIFY = ' || " + AGG_MODIFY.formatted("ag.aggfinalmodify") + " END,"
                    + "   CASE WHEN ag.aggserialfn <> 0 THEN 'SERIALFUNC = ' || ag.aggserialfn::text END,"
                    + "   CASE WHEN ag.aggdeserialfn <> 0 THEN 'DESERIALFUNC = ' || ag.aggdeserialfn::text END,"
                    + "   CASE WHEN ag.aggtransspace <> 0 THEN 'SSPACE = ' || ag.aggtransspace END,"
                    // the moving-aggregate mode, where there is one
                    + "   CASE WHEN ag.aggmtransfn <> 0 THEN concat_ws(', ', 'MSFUNC = ' || ag.aggmtransfn::text,"
                    + "     'MINVFUNC = ' || ag.aggminvtransfn::text, 'MSTYPE = ' || format_type(ag.aggmtranstype, NULL),"
                    + "     CASE WHEN ag.aggmtransspace <> 0 THEN 'MSSPACE = ' || ag.aggmtransspace END,"
                    + "     CASE WHEN ag.aggmfinalfn <> 0 THEN 'MFINALFUNC = ' || ag.aggmfinalfn::text END,"
                    + "     CASE WHEN ag.aggmfinalextra THEN 'MFINALFUNC_EXTRA' END,"
                    + "     CASE WHEN ag.aggmfinalfn <> 0 AND ag.aggmfinalmodify <> 'r'"
                    + "       THEN 'MFINALFUNC_MODIFY = ' || " + AGG_MODIFY.formatted("ag.aggmfinalmodify") + " END,"
                    + "     CASE WHEN ag.aggminitval IS NOT NULL THEN 'MINITCOND = ' || quote_literal(ag.aggminitval) END) END,"
                    + "   CASE WHEN ag.agginitval IS NOT NULL THEN 'INITCOND = ' || quote_literal(ag.agginitval) END,"
                    + "   CASE WHEN ag.aggsortop <> 0 THEN 'SORTOP = ' || ag.aggsortop::regoperator::text END,"
                    + "   CASE ag.aggkind WHEN 'o' THEN 'ORDERED' WHEN 'h' THEN 'HYPOTHETICAL' END) END,"
                    + " pg_get_userbyid(p.proowner), p.proacl::text[],"
                    + " CASE WHEN p.proacl IS NOT NULL THEN acldefault('f', p.proowner)::text[] END"
                    + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang"
                    + " LEFT JOIN pg_aggregate ag ON ag.aggfnoid = p.oid"
                    + " WHERE n.nspname = ANY(?) AND " + notExtensionMember("pg_proc", "p.oid") + " AND " + notInternal("pg_proc", "p.oid")
                    + "{filter}",
                    "p.oid = ANY({P})",
                    rs -> add(Kind.ROUTINE, rs.getLong(1), new Routine(rs.getString(2), rs.getString(3), rs.getString(4),
                            switch (rs.getString(5)) {
                                case "p" -> RoutineKind.PROCEDURE;
                                case "a" -> RoutineKind.AGGREGATE;
                                case "w" -> RoutineKind.WINDOW;
                                default -> RoutineKind.FUNCTION;
                            }, nz(rs.getString(6)), rs.getString(7), switch (rs.getString(8)) {
                                case "i" -> Volatility.IMMUTABLE;
                                case "s" -> Volatility.STABLE;
                                default -> Volatility.VOLATILE;
                            }, rs.getBoolean(9), nz(rs.getString(10)), rs.getBoolean(11), rs.getBoolean(12),
                            switch (rs.getString(13)) {
                                case "s" -> Parallel.SAFE;
                                case "r" -> Parallel.RESTRICTED;
                                default -> Parallel.UNSAFE;
                            }, nz(rs.getString(14)), nz(rs.getString(15)), strings(rs.getArray(16)), nz(rs.getString(17)),
                            nz(rs.getString(18)), rs.getString(19), grants(rs, 20, 19))));

            String typeAccess = ", pg_get_userbyid(t.typowner), t.typacl::text[],"
                    + " CASE WHEN t.typacl IS NOT NULL THEN acldefault('T', t.typowner)::text[] END";
            query("SELECT t.oid, n.nspname, t.typname,"
                    + " ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)" + typeAccess
                    + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                    + " WHERE t.typtype = 'e' AND n.nspname = ANY(?) AND " + notExtensionMember("pg_type", "t.oid") + "{filter}",
                    "t.oid = ANY({T})",
                    rs -> add(Kind.TYPE, rs.getLong(1), new EnumType(rs.getString(2), rs.getString(3), strings(rs.getArray(4)),
                            rs.getString(5), grants(rs, 6, 5))));

            query("SELECT t.oid, n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault,"
                    // each check with its name where it is not the one PostgreSQL gives the first unnamed one
                    // (domain_check): a later ALTER DOMAIN ... DROP CONSTRAINT names it
                    + " ARRAY(SELECT CASE WHEN con.conname = t.typname || '_check' THEN ''"
                    + "   ELSE 'CONSTRAINT ' || quote_ident(con.conname) || ' ' END || pg_get_constraintdef(con.oid, true)"
                    + "   FROM pg_constraint con WHERE con.contypid = t.oid AND con.contype = 'c')" + typeAccess + ","
                    + " CASE WHEN t.typcollation <> (SELECT b.typcollation FROM pg_type b WHERE b.oid = t.typbasetype)"
                    + "   THEN (SELECT co.collname FROM pg_collation co WHERE co.oid = t.typcollation) END"
                    + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                    + " WHERE t.typtype = 'd' AND n.nspname = ANY(?) AND " + notExtensionMember("pg_type", "t.oid") + "{filter}",
                    "t.oid = ANY({T})",
                    rs -> add(Kind.TYPE, rs.getLong(1), new Domain(rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getBoolean(5), nz(rs.getString(6)), strings(rs.getArray(7)), rs.getString(8), grants(rs, 9, 8),
                            nz(rs.getString(11)))));

            // an attribute's collation where it is not its type's
            query("SELECT t.oid, n.nspname, t.typname, ARRAY(SELECT a.attname || ' ' || format_type(a.atttypid, a.atttypmod)"
                    + "   || CASE WHEN a.attcollation <> (SELECT b.typcollation FROM pg_type b WHERE b.oid = a.atttypid) THEN"
                    + "   ' COLLATE ' || (SELECT quote_ident(co.collname) FROM pg_collation co WHERE co.oid = a.attcollation) ELSE '' END"
                    + "   FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)"
                    + typeAccess
                    + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_class c ON c.oid = t.typrelid"
                    + " WHERE t.typtype = 'c' AND c.relkind = 'c' AND n.nspname = ANY(?) AND "
                    + notExtensionMember("pg_type", "t.oid") + "{filter}",
                    "t.oid = ANY({T})",
                    rs -> add(Kind.TYPE, rs.getLong(1), new CompositeType(rs.getString(2), rs.getString(3), strings(rs.getArray(4)),
                            rs.getString(5), grants(rs, 6, 5))));

            query("SELECT t.oid, n.nspname, t.typname, format_type(r.rngsubtype, NULL),"
                    + " CASE WHEN NOT opc.opcdefault THEN opc.opcname END,"
                    + " CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation THEN r.rngcollation::regcollation::text END,"
                    + " CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::text END,"
                    + " CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::text END" + typeAccess
                    + " FROM pg_range r JOIN pg_type t ON t.oid = r.rngtypid JOIN pg_namespace n ON n.oid = t.typnamespace"
                    + " JOIN pg_type st ON st.oid = r.rngsubtype JOIN pg_opclass opc ON opc.oid = r.rngsubopc"
                    + " WHERE n.nspname = ANY(?) AND " + notExtensionMember("pg_type", "t.oid") + "{filter}",
                    "t.oid = ANY({T})",
                    rs -> add(Kind.TYPE, rs.getLong(1), new RangeType(rs.getString(2), rs.getString(3), rs.getString(4),
                            nz(rs.getString(5)), nz(rs.getString(6)), nz(rs.getString(7)), nz(rs.getString(8)), rs.getString(9),
                            grants(rs, 10, 9))));

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
                    + "   AND c.relname <> '" + historyTable.replace("'", "''") + "'{filter1}"
                    + " UNION ALL SELECT 'P', p.oid,"
                    + "   CASE p.prokind WHEN 'p' THEN 'procedure ' WHEN 'a' THEN 'aggregate ' ELSE 'function ' END"
                    + "   || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',"
                    + "   d.description FROM pg_namespace n JOIN pg_proc p ON p.pronamespace = n.oid"
                    + "   JOIN pg_description d ON d.objoid = p.oid AND d.classoid = 'pg_proc'::regclass"
                    + "   WHERE n.nspname = ANY(?) AND " + notExtensionMember("pg_proc", "p.oid") + "{filter2}"
                    + " UNION ALL SELECT 'T', t.oid, CASE WHEN t.typtype = 'd' THEN 'domain ' ELSE 'type ' END || n.nspname"
                    + "   || '.' || t.typname, d.description"
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
                    + "   WHERE n.nspname = ANY(?){filter4}"
                    + " UNION ALL SELECT 'R', c.oid, 'policy ' || n.nspname || '.' || c.relname || '.' || pol.polname, d.description"
                    + "   FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid JOIN pg_policy pol ON pol.polrelid = c.oid"
                    + "   JOIN pg_description d ON d.objoid = pol.oid AND d.classoid = 'pg_policy'::regclass"
                    + "   WHERE n.nspname = ANY(?){filter4}"
                    + " UNION ALL SELECT 'R', c.oid, 'rule ' || n.nspname || '.' || c.relname || '.' || r.rulename, d.description"
                    + "   FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid JOIN pg_rewrite r ON r.ev_class = c.oid"
                    + "   JOIN pg_description d ON d.objoid = r.oid AND d.classoid = 'pg_rewrite'::regclass"
                    + "   WHERE r.rulename <> '_RETURN' AND n.nspname = ANY(?){filter4}"
                    // a statistics object's name is of its own schema; it belongs to its table
                    + " UNION ALL SELECT 'R', c.oid, 'statistics ' || sn.nspname || '.' || s.stxname, d.description"
                    + "   FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid JOIN pg_statistic_ext s ON s.stxrelid = c.oid"
                    + "   JOIN pg_namespace sn ON sn.oid = s.stxnamespace"
                    + "   JOIN pg_description d ON d.objoid = s.oid AND d.classoid = 'pg_statistic_ext'::regclass"
                    + "   WHERE n.nspname = ANY(?){filter4}"
                    + " UNION ALL SELECT 'T', t.oid, 'constraint ' || n.nspname || '.' || t.typname || '.' || con.conname, d.description"
                    + "   FROM pg_namespace n JOIN pg_type t ON t.typnamespace = n.oid JOIN pg_constraint con ON con.contypid = t.oid"
                    + "   JOIN pg_description d ON d.objoid = con.oid AND d.classoid = 'pg_constraint'::regclass"
                    + "   WHERE n.nspname = ANY(?) AND " + notExtensionMember("pg_type", "t.oid") + "{filter3}";
            RowHandler comment = rs -> add(Kind.of(rs.getString(1).charAt(0)), rs.getLong(2), new Comment(rs.getString(3),
                    rs.getString(4)));
            if (full()) {
                query(comments.replaceAll("\\{filter\\d}", "")
                        + " UNION ALL SELECT 'S', n.oid, 'schema ' || n.nspname, d.description FROM pg_namespace n"
                        + "   JOIN pg_description d ON d.objoid = n.oid AND d.classoid = 'pg_namespace'::regclass"
                        + "   WHERE n.nspname = ANY(?)"
                        // an extension's comment where it is not the one its control file gives ('' where removed)
                        + " UNION ALL SELECT 'S', e.oid, 'extension ' || e.extname, coalesce(d.description, '')"
                        + "   FROM pg_extension e LEFT JOIN pg_description d ON d.objoid = e.oid"
                        + "   AND d.classoid = 'pg_extension'::regclass AND d.objsubid = 0"
                        + "   LEFT JOIN pg_available_extensions a ON a.name = e.extname"
                        + "   WHERE d.description IS DISTINCT FROM a.comment"
                        + DATABASE_COMMENT.formatted(SCHEMAVERIFY_MARK),
                        null, rs -> {
                            if (rs.getString(1).equals("S")) {
                                globals.add(new Comment(rs.getString(3), rs.getString(4)));
                            } else {
                                comment.row(rs);
                            }
                        });
            } else {
                // the branches' filters, spelt out here because query() adds a single one
                String partial = comments.replace("?", schemaArray)
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
            for (String classOptions : strings(rs.getArray(20))) { // "<attnum> <options>"
                int space = classOptions.indexOf(' ');
                int key = Integer.parseInt(classOptions.substring(0, space)) - 1;
                if (key < classes.size()) {
                    classes.set(key, classes.get(key) + "(" + classOptions.substring(space + 1) + ")");
                }
            }
            int keys = rs.getInt(6);
            Map<String, String> options = new TreeMap<>();
            options(rs.getArray(10), "", options);
            // per key: its collation where it is not the column's (an expression's: the default), then its ordering
            String[] orderings = rs.getString(15).trim().split(" ");
            String[] keyCollations = rs.getString(16).trim().split(" ");
            Map<Integer, Long> columnCollations = attcollations.getOrDefault(rel, Map.of());
            List<String> collationNames = strings(rs.getArray(19));
            List<String> keyOptions = new ArrayList<>();
            for (int k = 0; k < Math.min(keys, attnums.length); k++) {
                List<String> words = new ArrayList<>();
                long collation = k < keyCollations.length && !keyCollations[k].isEmpty() ? Long.parseLong(keyCollations[k]) : 0;
                int attnum = Integer.parseInt(attnums[k]);
                long expected = attnum != 0 ? columnCollations.getOrDefault(attnum, 0L) : DEFAULT_COLLATION;
                if (collation != 0 && collation != expected) {
                    words.add("COLLATE " + (k < collationNames.size() && !collationNames.get(k).isEmpty() ? collationNames.get(k)
                            : collation == DEFAULT_COLLATION ? "\"default\"" : String.valueOf(collation)));
                }
                int option = k < orderings.length && !orderings[k].isEmpty() ? Integer.parseInt(orderings[k]) : 0;
                boolean descending = (option & 1) != 0;
                boolean nullsFirst = (option & 2) != 0;
                if (descending) {
                    words.add(nullsFirst ? "DESC" : "DESC NULLS LAST");
                } else if (nullsFirst) {
                    words.add("NULLS FIRST");
                }
                keyOptions.add(String.join(" ", words));
            }
            Index index = new Index(rs.getString(14), t != null ? t.name : v.name, rs.getString(2), rs.getString(3),
                    rs.getBoolean(4), rs.getBoolean(5), all.subList(0, Math.min(keys, all.size())), classes,
                    new TreeMap<>(options), all.subList(Math.min(keys, all.size()), all.size()),
                    nz(rs.getString(11)), rs.getBoolean(12), rs.getBoolean(13), keyOptions, rs.getBoolean(17),
                    rs.getBoolean(21), nz(rs.getString(22)), nz(rs.getString(23)), nz(rs.getString(24)));
            (t != null ? t.indexes : v.indexes).add(index);
            if (t != null && rs.getBoolean(18)) {
                t.replicaIdentityIndex = index.name();
            }
        }
    }

    /**
     * Replaces {@code {R}}, {@code {P}} and {@code {T}} (the relation, routine and type roots of a partial reading) by
     * parameters, adding their kinds in order to {@code kinds}.
     */
    private static String parameters(String text, List<Kind> kinds) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        int copied = 0;
        for (int i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) {
            if (i + 2 < text.length() && text.charAt(i + 2) == '}' && "RPT".indexOf(text.charAt(i + 1)) >= 0) {
                kinds.add(Kind.of(text.charAt(i + 1)));
                out.append(text, copied, i).append("?::oid[]");
                copied = i + 3;
                i += 2;
            }
        }
        return out.append(text, copied, text.length()).toString();
    }

    /** Each kind of root as filters name it: {@code {R}}, {@code {P}}, {@code {T}}. */
    private static final Map<Kind, String> TOKENS = new EnumMap<>(Kind.class);

    static {
        for (Kind kind : Kind.values()) {
            TOKENS.put(kind, "{" + kind.code + "}");
        }
    }

    /** Strings as an SQL array literal ({@code ARRAY['public','app']}); names are checked identifiers, quotes doubled. */
    static String textArray(List<String> values) {
        return "ARRAY[" + values.stream().map(s -> "'" + s.replace("'", "''") + "'").collect(Collectors.joining(", ")) + "]";
    }

    /** The default collation's oid ({@code DEFAULT_COLLATION_OID}): an expression key's collation unless stated. */
    private static final long DEFAULT_COLLATION = 100;

    /** An aggregate's {@code FINALFUNC_MODIFY} letter as {@code CREATE AGGREGATE} writes it. */
    private static final String AGG_MODIFY = "CASE %1$s WHEN 'r' THEN 'READ_ONLY' WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END";

    /** The tablespace of the relation aliased {@code %1$s}, where it is not the database's default. */
    private static final String TABLESPACE = "CASE WHEN %1$s.reltablespace <> 0 THEN (SELECT ts.spcname FROM pg_tablespace ts"
            + " WHERE ts.oid = %1$s.reltablespace) END";

    /** The grants of the {@code aclitem} texts in column {@code acl} and the next (the defaults), the owner's name in column {@code owner}. */
    private static List<Grant> grants(ResultSet rs, int acl, int owner) throws SQLException {
        return Acl.grants(nullableStrings(rs.getArray(acl)), nullableStrings(rs.getArray(acl + 1)), rs.getString(owner));
    }

    /** Adds {@code name=value} options ({@code reloptions}) to {@code into}, each name prefixed. */
    private static void options(Array array, String prefix, Map<String, String> into) throws SQLException {
        for (String option : strings(array)) {
            int eq = option.indexOf('=');
            into.put(prefix + (eq < 0 ? option : option.substring(0, eq)), eq < 0 ? "" : option.substring(eq + 1));
        }
    }

    private static List<String> nullableStrings(Array array) throws SQLException {
        return array == null ? null : strings(array);
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
        final TableKind kind;
        final Persistence persistence;
        final String partitionKey;
        final String partitionOf;
        final boolean rls;
        final boolean forceRls;
        final List<Column> columns = new ArrayList<>();
        final List<Constraint> constraints = new ArrayList<>();
        final List<Index> indexes = new ArrayList<>();
        final List<Trigger> triggers = new ArrayList<>();
        final List<Policy> policies = new ArrayList<>();
        final List<String> inherits = new ArrayList<>();
        final List<Rule> rules = new ArrayList<>();
        final List<Statistics> statistics = new ArrayList<>();
        final TreeMap<String, String> options = new TreeMap<>();
        ReplicaIdentity replicaIdentity = ReplicaIdentity.DEFAULT;
        String replicaIdentityIndex = "";
        String owner = "";
        List<Grant> privileges = List.of();
        String ofType = "";
        String accessMethod = "";
        String tablespace = "";

        TableBuilder(String schema, String name, TableKind kind, Persistence persistence, String partitionKey,
                String partitionOf, boolean rls, boolean forceRls) {
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
                        c.generated(), c.collation(), k + 1, c.identityOptions(), c.storage(), c.compression(), c.privileges(),
                        c.notNullValid(), c.virtual(), c.statistics(), c.options(), c.identityPrivileges(), c.identitySequence(),
                        c.declaredLocally()));
            }
            return new Table(schema, name, kind, persistence, partitionKey, partitionOf, rls, forceRls, positioned, constraints,
                    indexes, triggers, policies, inherits, replicaIdentity,
                    replicaIdentity == ReplicaIdentity.INDEX ? replicaIdentityIndex : "", options, rules, statistics, owner,
                    privileges, ofType, accessMethod, tablespace);
        }
    }

    private static final class ViewBuilder {
        final String schema;
        final String name;
        final boolean materialized;
        final String definition;
        final List<Index> indexes = new ArrayList<>();
        final List<Trigger> triggers = new ArrayList<>();
        final List<Rule> rules = new ArrayList<>();
        final TreeMap<String, String> options = new TreeMap<>();
        final TreeMap<String, String> columnDefaults = new TreeMap<>();
        final TreeMap<String, List<Grant>> columnPrivileges = new TreeMap<>();
        final TreeMap<String, String> columnStatistics = new TreeMap<>();
        String owner = "";
        List<Grant> privileges = List.of();
        String accessMethod = "";
        String tablespace = "";
        boolean populated = true;

        ViewBuilder(String schema, String name, boolean materialized, String definition) {
            this.schema = schema;
            this.name = name;
            this.materialized = materialized;
            this.definition = definition;
        }

        View build() {
            return new View(schema, name, materialized, definition, indexes, options, triggers, rules, owner, privileges,
                    columnDefaults, columnPrivileges, accessMethod, tablespace, columnStatistics, populated);
        }
    }

    /**
     * The name of an identity column's sequence where it is not the one PostgreSQL gives it ({@link
     * #defaultSequenceName}); else {@code ""}, so that snapshots of columns with the usual name read as before.
     */
    static String identitySequence(String table, String column, String name) {
        return name == null || name.equals(defaultSequenceName(table, column)) ? "" : name;
    }

    /**
     * The name PostgreSQL gives an identity column's sequence when none is named: {@code <table>_<column>_seq}, the
     * longer of table and column shortened a byte at a time (at a character's boundary) until it fits in 63 bytes, as
     * its {@code makeObjectName} does (a name already taken gets a number, which then reads as a name of its own).
     */
    public static String defaultSequenceName(String table, String column) {
        int available = 63 - "_seq".length() - 1;
        int first = table.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        int second = column.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        while (first + second > available) {
            if (first > second) {
                first--;
            } else {
                second--;
            }
        }
        return clip(table, first) + "_" + clip(column, second) + "_seq";
    }

    /**
     * A partition's bound with the values of a list partition in sorted order ({@code public.p FOR VALUES IN (1, 2)} for
     * {@code IN (2, 1)}): they are a set, which PostgreSQL keeps in the order written. The bound may be followed by more,
     * and preceded by more up to {@code PARTITION OF} (a foreign table's definition); text that holds no list bound
     * outside its literals is returned as it is.
     */
    static String listBoundSorted(String partitionOf) {
        // found in the code alone: a literal (a default, an option) may hold the same words
        String code = io.github.schemaverify.schema.diff.SqlText.masked(partitionOf);
        int of = code.indexOf(" PARTITION OF ");
        int at = code.indexOf(" FOR VALUES IN (", Math.max(of, 0));
        if (at < 0) {
            return partitionOf;
        }
        int from = at + " FOR VALUES IN (".length();
        List<String> values = new ArrayList<>();
        int start = from;
        int depth = 0;
        int end = -1;
        // commas and parentheses read in the code (a literal's are spaces there), values taken from the text
        for (int i = from; i < code.length() && end < 0; i++) {
            char c = code.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (c == ',' && depth == 0 || c == ')') {
                values.add(partitionOf.substring(start, i).strip());
                start = i + 1;
                end = c == ')' ? i : -1;
            }
        }
        if (end < 0) {
            return partitionOf;
        }
        values.sort(null);
        return partitionOf.substring(0, from) + String.join(", ", values) + partitionOf.substring(end);
    }

    /** The longest start of {@code name} of at most {@code bytes} bytes in UTF-8 that ends at a character's boundary. */
    private static String clip(String name, int bytes) {
        int used = 0;
        int end = 0;
        while (end < name.length()) {
            int cp = name.codePointAt(end);
            int size = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (used + size > bytes) {
                break;
            }
            used += size;
            end += Character.charCount(cp);
        }
        return name.substring(0, end);
    }
}
