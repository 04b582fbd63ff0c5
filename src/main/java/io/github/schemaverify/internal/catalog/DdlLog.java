package io.github.schemaverify.internal.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.github.schemaverify.internal.catalog.CatalogImage.Kind;
import io.github.schemaverify.internal.catalog.CatalogImage.Root;

/**
 * A log, kept by event triggers in the database itself, of the catalog roots that DDL changed: what an incremental
 * reading must read again.
 *
 * <p>At the end of every DDL command the trigger takes the objects the command reports, adds every object that
 * depends on them (transitively, through {@code pg_depend}: a renamed type changes how the columns of other tables
 * read, a renamed function how triggers read, a renamed table how foreign keys and views read; a composite type's
 * relation, which {@code ALTER TYPE ... ATTRIBUTE} reports, leads to its type and the typed tables) and logs the root of
 * each: the relation of an index, constraint, trigger, policy, rule or default; the routine; the type. Every object
 * seen is also remembered with its root, because a dropped object can no longer be looked up: drops are logged by the
 * root remembered for them; an identity column's sequence is logged as its table. Anything the log cannot pin on a
 * root (a schema, an extension, a collation, a cast, a publication, default privileges, the kinds without a record of
 * their own: a text search configuration, an operator or operator class, a foreign table or server, a language, ...;
 * an object dropped that it never saw, and {@code GRANT} and {@code REVOKE}, whose events name no object) is logged as
 * "read everything", and so is a relation, type or routine created, renamed, moved or dropped under a name that
 * another schema of the reading's search path also holds (then which of the two other objects' definitions name, and
 * how, can change). A foreign table reached through a dependency is logged as a relation; the tracker reads everything
 * then, where the image holds a foreign table.
 *
 * <p>Installing needs a superuser (event triggers do); the trigger functions are {@code SECURITY DEFINER} so that
 * migrations running under another role are logged too, and they never fail the DDL they observe: an error in them
 * logs "read everything".
 */
public final class DdlLog {
    static final String SCHEMA = "schemaverify_walk";

    private static final String INSTALL = """
            CREATE SCHEMA schemaverify_walk;
            CREATE UNLOGGED TABLE schemaverify_walk.log (id bigserial PRIMARY KEY, kind "char" NOT NULL, root oid NOT NULL,
                schema text, what text);
            CREATE UNLOGGED TABLE schemaverify_walk.owners (classid oid, objid oid, kind "char" NOT NULL, root oid NOT NULL,
                name text, nsp oid, PRIMARY KEY (classid, objid));
            CREATE UNLOGGED TABLE schemaverify_walk.config (schemas text[] NOT NULL, path oid[]);
            INSERT INTO schemaverify_walk.config VALUES (%1$s);

            -- the schemas of the reading's search_path (the migration schemas and the extensions' schemas), kept in
            -- config and computed again when DDL on a schema or an extension can have changed them
            CREATE FUNCTION schemaverify_walk.refresh_path() RETURNS oid[] LANGUAGE sql
                SET search_path = pg_catalog, pg_temp AS $fn$
              UPDATE schemaverify_walk.config SET path = (SELECT coalesce(array_agg(oid), '{}') FROM pg_namespace n
                  WHERE n.nspname::text = ANY(schemas)
                  OR (oid IN (SELECT extnamespace FROM pg_extension) AND nspname <> 'pg_catalog'))
              RETURNING path
            $fn$;
            SELECT schemaverify_walk.refresh_path();

            -- true for a schema that no reading reads and that is not PostgreSQL's or SchemaVerify's own: what a
            -- migration does there, no snapshot shows
            CREATE FUNCTION schemaverify_walk.unread(nsp text) RETURNS boolean LANGUAGE sql STABLE AS $fn$
              SELECT nsp IS NOT NULL AND NOT EXISTS (SELECT 1 FROM schemaverify_walk.config WHERE nsp = ANY(schemas))
                  AND %2$s
            $fn$;

            -- true when another schema of the path holds a relation, type or routine of this name: then how
            -- expressions, defaults and column types name it depends on which comes first
            CREATE FUNCTION schemaverify_walk.shared(name text, nsp oid, path oid[]) RETURNS boolean LANGUAGE sql STABLE
                SET search_path = pg_catalog, pg_temp AS $fn$
              SELECT nsp = ANY(path) AND (
                  EXISTS (SELECT 1 FROM pg_class WHERE relname = name AND relnamespace <> nsp AND relnamespace = ANY(path)
                      AND relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c'))
                  OR EXISTS (SELECT 1 FROM pg_type WHERE typname = name AND typnamespace <> nsp AND typnamespace = ANY(path))
                  OR EXISTS (SELECT 1 FROM pg_proc WHERE proname = name AND pronamespace <> nsp AND pronamespace = ANY(path)))
            $fn$;

            CREATE FUNCTION schemaverify_walk.on_end() RETURNS event_trigger LANGUAGE plpgsql SECURITY DEFINER
                SET search_path = pg_catalog, pg_temp SET enable_hashjoin = off SET enable_mergejoin = off
                SET enable_seqscan = off SET jit = off AS $fn$
            DECLARE
              path oid[];
            BEGIN
              -- CREATE or ALTER EXTENSION: read in full anyway; the commands of its script (hundreds for vector, this
              -- trigger firing for each) are not worth mapping: a later drop of what was not mapped reads in full too
              IF EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands() WHERE classid = 'pg_extension'::regclass) THEN
                PERFORM schemaverify_walk.refresh_path();
                INSERT INTO schemaverify_walk.log (kind, root) VALUES ('F', 0);
                RETURN;
              END IF;
              IF EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands() WHERE in_extension) THEN
                RETURN;
              END IF;
              IF EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands() WHERE classid = 'pg_namespace'::regclass) THEN
                path := schemaverify_walk.refresh_path();
              ELSE
                SELECT c.path INTO path FROM schemaverify_walk.config c;
              END IF;
              -- names: a relation, type or routine created, renamed or moved under a name another schema of the path
              -- holds (now, or before this command) changes how other objects name it, without any dependency
              IF cardinality(path) > 1 THEN
              INSERT INTO schemaverify_walk.log (kind, root)
              SELECT 'F', 0 FROM pg_event_trigger_ddl_commands() r
              LEFT JOIN LATERAL (
                  SELECT relname::text, relnamespace, relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c') FROM pg_class
                      WHERE r.classid = 'pg_class'::regclass AND oid = r.objid
                  UNION ALL SELECT typname::text, typnamespace, true FROM pg_type
                      WHERE r.classid = 'pg_type'::regclass AND oid = r.objid
                  UNION ALL SELECT proname::text, pronamespace, true FROM pg_proc
                      WHERE r.classid = 'pg_proc'::regclass AND oid = r.objid) cur(name, nsp, named) ON true
              LEFT JOIN schemaverify_walk.owners o ON o.classid = r.classid AND o.objid = r.objid
              WHERE r.classid IN ('pg_class'::regclass, 'pg_type'::regclass, 'pg_proc'::regclass) AND r.objsubid = 0
                AND coalesce(cur.named, true) AND (cur.name IS NULL
                  -- not seen before and not created now: its former name is unknown
                  OR (o.classid IS NULL AND NOT EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands() r2
                      WHERE r2.classid = r.classid AND r2.objid = r.objid AND r2.command_tag LIKE 'CREATE %%'))
                  OR schemaverify_walk.shared(cur.name, cur.nsp, path)
                  OR (o.name IS NOT NULL AND (o.name, o.nsp) IS DISTINCT FROM (cur.name, cur.nsp)
                      AND schemaverify_walk.shared(o.name, o.nsp, path)))
              LIMIT 1;
              END IF;

              WITH RECURSIVE closure(classid, objid) AS (
                  SELECT c.classid, c.objid FROM pg_event_trigger_ddl_commands() c
                  WHERE c.classid IS NOT NULL
                  -- a composite type's relation (what ALTER TYPE ... ATTRIBUTE reports) leads to its type, which typed
                  -- tables depend on: ALTER TYPE ... CASCADE changes their columns
                  UNION
                  SELECT 'pg_type'::regclass, r.reltype FROM pg_event_trigger_ddl_commands() c
                  JOIN pg_class r ON c.classid = 'pg_class'::regclass AND r.oid = c.objid AND r.relkind = 'c'
                  UNION
                  SELECT d.classid, d.objid FROM closure x JOIN pg_depend d ON d.refclassid = x.classid AND d.refobjid = x.objid
                  WHERE x.classid NOT IN ('pg_namespace'::regclass, 'pg_extension'::regclass)
              ), parts AS (
                  -- an identity column's sequence is read as part of its table
                  SELECT x.classid, x.objid FROM closure x
                  UNION
                  SELECT d.refclassid, d.refobjid FROM closure x JOIN pg_class s ON x.classid = 'pg_class'::regclass
                      AND s.oid = x.objid AND s.relkind = 'S'
                  JOIN pg_depend d ON d.classid = x.classid AND d.objid = x.objid AND d.deptype = 'i'
              ), mapped AS (
                  SELECT x.classid, x.objid,
                      CASE
                          WHEN x.classid = 'pg_class'::regclass THEN CASE
                              WHEN c.relkind IS NULL THEN 'F' WHEN c.relkind = 't' THEN 'X' WHEN c.relkind = 'c' THEN 'T'
                              -- a foreign table is read with the global kinds
                              WHEN c.relkind = 'f' THEN 'F'
                              WHEN c.relkind IN ('i', 'I') AND i.indrelid IS NULL THEN 'F'
                              WHEN c.relnamespace = 'pg_toast'::regnamespace THEN 'X' ELSE 'R' END
                          WHEN x.classid = 'pg_type'::regclass THEN CASE
                              WHEN t.typtype IS NULL THEN 'F' WHEN t.typrelid <> 0 AND t.relkind <> 'c' THEN 'X'
                              WHEN t.typcategory = 'A' THEN 'X' ELSE 'T' END
                          WHEN x.classid = 'pg_proc'::regclass THEN 'P'
                          WHEN x.classid = 'pg_constraint'::regclass THEN CASE
                              WHEN con.conrelid <> 0 THEN 'R' WHEN con.contypid <> 0 THEN 'T' ELSE 'F' END
                          WHEN x.classid IN ('pg_trigger'::regclass, 'pg_policy'::regclass, 'pg_rewrite'::regclass,
                              'pg_attrdef'::regclass, 'pg_statistic_ext'::regclass) THEN CASE WHEN sub.rel IS NULL THEN 'F' ELSE 'R' END
                          -- not in a snapshot; casts, publications, default privileges, collations, text search
                          -- configurations, operators, foreign servers (and the other kinds without a record of their
                          -- own): global, read in full
                          WHEN x.classid = 'pg_largeobject_metadata'::regclass THEN 'X'
                          ELSE 'F' END AS kind,
                      CASE
                          WHEN x.classid = 'pg_class'::regclass THEN CASE WHEN c.relkind IN ('i', 'I') THEN i.indrelid
                              WHEN c.relkind = 'c' THEN c.reltype ELSE x.objid END
                          WHEN x.classid = 'pg_constraint'::regclass THEN CASE WHEN con.conrelid <> 0 THEN con.conrelid
                              ELSE con.contypid END
                          WHEN x.classid IN ('pg_trigger'::regclass, 'pg_policy'::regclass, 'pg_rewrite'::regclass,
                              'pg_attrdef'::regclass, 'pg_statistic_ext'::regclass) THEN sub.rel
                          ELSE x.objid END AS root,
                      CASE WHEN c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c') THEN c.relname::text
                          WHEN t.typtype IS NOT NULL THEN t.typname::text ELSE p.proname::text END AS name,
                      CASE WHEN c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c') THEN c.relnamespace
                          WHEN t.typtype IS NOT NULL THEN t.typnamespace ELSE p.pronamespace END AS nsp
                  FROM parts x
                  LEFT JOIN pg_class c ON x.classid = 'pg_class'::regclass AND c.oid = x.objid
                  LEFT JOIN pg_index i ON c.relkind IN ('i', 'I') AND i.indexrelid = x.objid
                  LEFT JOIN LATERAL (SELECT t.typtype, t.typrelid, t.typcategory, t.typname, t.typnamespace,
                          (SELECT tc.relkind FROM pg_class tc WHERE tc.oid = t.typrelid) AS relkind
                      FROM pg_type t WHERE x.classid = 'pg_type'::regclass AND t.oid = x.objid) t ON true
                  LEFT JOIN pg_proc p ON x.classid = 'pg_proc'::regclass AND p.oid = x.objid
                  LEFT JOIN pg_constraint con ON x.classid = 'pg_constraint'::regclass AND con.oid = x.objid
                  LEFT JOIN LATERAL (SELECT CASE x.classid
                          WHEN 'pg_trigger'::regclass THEN (SELECT tgrelid FROM pg_trigger WHERE oid = x.objid)
                          WHEN 'pg_policy'::regclass THEN (SELECT polrelid FROM pg_policy WHERE oid = x.objid)
                          WHEN 'pg_rewrite'::regclass THEN (SELECT ev_class FROM pg_rewrite WHERE oid = x.objid)
                          WHEN 'pg_attrdef'::regclass THEN (SELECT adrelid FROM pg_attrdef WHERE oid = x.objid)
                          WHEN 'pg_statistic_ext'::regclass THEN (SELECT stxrelid FROM pg_statistic_ext WHERE oid = x.objid)
                          END AS rel) sub ON true
              ), owned AS (
                  INSERT INTO schemaverify_walk.owners AS o SELECT classid, objid, kind, coalesce(root, 0), name, nsp FROM mapped
                  ON CONFLICT (classid, objid) DO UPDATE SET kind = excluded.kind, root = excluded.root, name = excluded.name,
                      nsp = excluded.nsp
              )
              INSERT INTO schemaverify_walk.log (kind, root)
              SELECT DISTINCT kind, CASE WHEN kind = 'F' THEN 0 ELSE coalesce(root, 0) END FROM mapped WHERE kind <> 'X'
              UNION SELECT 'F', 0 FROM pg_event_trigger_ddl_commands() c
                  WHERE c.classid IN ('pg_namespace'::regclass, 'pg_extension'::regclass)
                     -- GRANT, REVOKE and ALTER DEFAULT PRIVILEGES report no object: read everything
                     OR c.classid IS NULL;
            EXCEPTION WHEN OTHERS THEN
              INSERT INTO schemaverify_walk.log (kind, root) VALUES ('F', 0);
            END $fn$;

            CREATE FUNCTION schemaverify_walk.on_drop() RETURNS event_trigger LANGUAGE plpgsql SECURITY DEFINER
                SET search_path = pg_catalog, pg_temp SET jit = off AS $fn$
            DECLARE
              path oid[];
            BEGIN
              IF EXISTS (SELECT 1 FROM pg_event_trigger_dropped_objects()
                  WHERE classid IN ('pg_namespace'::regclass, 'pg_extension'::regclass)) THEN
                path := schemaverify_walk.refresh_path();
              ELSE
                SELECT c.path INTO path FROM schemaverify_walk.config c;
              END IF;
              INSERT INTO schemaverify_walk.log (kind, root)
              SELECT DISTINCT
                  CASE WHEN d.classid = 'pg_class'::regclass AND d.objsubid <> 0 THEN 'R' ELSE coalesce(o.kind, 'F') END,
                  CASE WHEN d.classid = 'pg_class'::regclass AND d.objsubid <> 0 THEN d.objid
                       WHEN o.kind IS NULL OR o.kind = 'F' THEN 0 ELSE o.root END
              FROM pg_event_trigger_dropped_objects() d
              LEFT JOIN schemaverify_walk.owners o ON o.classid = d.classid AND o.objid = d.objid
              WHERE coalesce(o.kind, 'F') <> 'X' OR (d.classid = 'pg_class'::regclass AND d.objsubid <> 0)
              -- a dropped name that another schema of the path holds: that one becomes the one names resolve to
              UNION SELECT 'F', 0 FROM pg_event_trigger_dropped_objects() d
              LEFT JOIN schemaverify_walk.owners o ON o.classid = d.classid AND o.objid = d.objid
              WHERE cardinality(path) > 1 AND d.objsubid = 0 AND o.name IS NOT NULL
                AND schemaverify_walk.shared(o.name, o.nsp, path);
            EXCEPTION WHEN OTHERS THEN
              INSERT INTO schemaverify_walk.log (kind, root) VALUES ('F', 0);
            END $fn$;
            -- what a command changed in a schema no reading reads, one line per object: + created, ~ changed (or moved
            -- there), - dropped. An extension's own objects aside, and what a command reports without changing a
            -- definition (REFRESH MATERIALIZED VIEW, REINDEX). A trigger's, policy's or rule's schema is its table's.
            -- Most commands name only objects of the schemas read: those return at once (the rest costs about 0.2 ms
            -- a command), and only the rest gets a subtransaction, so that an error here never fails the DDL observed
            CREATE FUNCTION schemaverify_walk.on_aside_end() RETURNS event_trigger LANGUAGE plpgsql SECURITY DEFINER
                SET search_path = pg_catalog, pg_temp SET jit = off AS $fn$
            BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands() r
                  WHERE NOT r.in_extension AND (r.schema_name IS NULL OR r.schema_name <> ALL(%1$s))) THEN
                RETURN;
              END IF;
              BEGIN
                INSERT INTO schemaverify_walk.log (kind, root, schema, what)
                SELECT DISTINCT 'O', 0, s.nsp,
                    CASE WHEN r.command_tag LIKE 'CREATE %%' THEN '+ ' ELSE '~ ' END || r.object_type || ' ' || r.object_identity
                FROM pg_event_trigger_ddl_commands() r
                CROSS JOIN LATERAL (SELECT CASE
                    WHEN r.classid = 'pg_namespace'::regclass THEN (SELECT nspname::text FROM pg_namespace WHERE oid = r.objid)
                    WHEN r.classid IN ('pg_trigger'::regclass, 'pg_policy'::regclass, 'pg_rewrite'::regclass)
                        THEN (pg_identify_object_as_address(r.classid, r.objid, 0)).object_names[1]
                    ELSE r.schema_name END) s(nsp)
                WHERE NOT r.in_extension AND r.object_identity IS NOT NULL
                  AND r.command_tag NOT IN ('REFRESH MATERIALIZED VIEW', 'REINDEX') AND schemaverify_walk.unread(s.nsp);
              EXCEPTION WHEN OTHERS THEN
                NULL;
              END;
            END $fn$;

            -- dropped: what the command names and what goes with it through a normal dependency (the objects of a schema
            -- dropped with CASCADE), not what goes by an internal or extension dependency (the triggers behind a
            -- foreign key that references a table there, an extension's objects)
            CREATE FUNCTION schemaverify_walk.on_aside_drop() RETURNS event_trigger LANGUAGE plpgsql SECURITY DEFINER
                SET search_path = pg_catalog, pg_temp SET jit = off AS $fn$
            BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_event_trigger_dropped_objects() d WHERE (d.original OR d.normal)
                  AND NOT d.is_temporary AND (d.schema_name IS NULL OR d.schema_name <> ALL(%1$s))) THEN
                RETURN;
              END IF;
              BEGIN
                INSERT INTO schemaverify_walk.log (kind, root, schema, what)
                SELECT DISTINCT 'O', 0, s.nsp, '- ' || d.object_type || ' ' || d.object_identity
                FROM pg_event_trigger_dropped_objects() d
                CROSS JOIN LATERAL (SELECT CASE WHEN d.classid = 'pg_namespace'::regclass THEN d.object_name
                    WHEN d.classid IN ('pg_trigger'::regclass, 'pg_policy'::regclass, 'pg_rewrite'::regclass) THEN d.address_names[1]
                    ELSE d.schema_name END) s(nsp)
                WHERE (d.original OR d.normal) AND NOT d.is_temporary AND d.object_identity IS NOT NULL
                  -- a view's own rule, dropped with it (and never reported created)
                  AND NOT (d.classid = 'pg_rewrite'::regclass AND d.address_names[3] = '_RETURN')
                  AND schemaverify_walk.unread(s.nsp);
              EXCEPTION WHEN OTHERS THEN
                NULL;
              END;
            END $fn$;
            CREATE EVENT TRIGGER schemaverify_walk_aside_end ON ddl_command_end EXECUTE FUNCTION schemaverify_walk.on_aside_end();
            CREATE EVENT TRIGGER schemaverify_walk_aside_drop ON sql_drop EXECUTE FUNCTION schemaverify_walk.on_aside_drop();
            ALTER EVENT TRIGGER schemaverify_walk_aside_end ENABLE ALWAYS;
            ALTER EVENT TRIGGER schemaverify_walk_aside_drop ENABLE ALWAYS;
            CREATE EVENT TRIGGER schemaverify_walk_end ON ddl_command_end EXECUTE FUNCTION schemaverify_walk.on_end();
            CREATE EVENT TRIGGER schemaverify_walk_drop ON sql_drop EXECUTE FUNCTION schemaverify_walk.on_drop();
            ALTER EVENT TRIGGER schemaverify_walk_end ENABLE ALWAYS;
            ALTER EVENT TRIGGER schemaverify_walk_drop ENABLE ALWAYS;
            """;

    /** What changed since a position of the log. */
    record Changes(long position, boolean intact, boolean everything, Set<Root> existing, Set<Root> gone,
            CatalogImage.Facts facts, Map<String, List<String>> unread) {
    }

    private DdlLog() {
    }

    /**
     * Installs the log in the connection's database, which must be one SchemaVerify created for itself. Returns why
     * it could not (not a superuser, a server without event triggers), or empty when installed.
     */
    static Optional<String> install(Connection c, List<String> schemas) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            if (!rs.next() || !rs.getBoolean(1)) {
                return Optional.of("the user is not a superuser, and event triggers need one");
            }
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute(String.format(INSTALL, CatalogReader.textArray(schemas) + "::text[]", UnreadSchemas.userSchema("nsp")));
            c.commit();
            return Optional.empty();
        } catch (SQLException e) {
            c.rollback();
            return Optional.of("installing the event triggers failed: " + e.getMessage());
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * The log's reading: its last position, whether its triggers are on, what no trigger reports, and the roots logged
     * after {@code ?}.
     */
    static final String SINCE = "SELECT (SELECT coalesce(max(id), 0) FROM schemaverify_walk.log),"
            + " (SELECT count(*) FROM pg_event_trigger WHERE evtname IN ('schemaverify_walk_end', 'schemaverify_walk_drop',"
            + "   'schemaverify_walk_aside_end', 'schemaverify_walk_aside_drop')"
            + "   AND evtenabled = 'A'),"
            // what no DDL command reports: roles, memberships, event triggers (theirs fire no event trigger), the
            // comments on roles and event triggers (nor does theirs),
            // owners other than the migrating role (REASSIGN OWNED fires none either; objects the migrating role
            // owns have no such row, so creating them leaves this alone), clustered indexes, tablespaces and the
            // database's own settings, privileges and comment
            // (not shobj_description() per row, a function call each that tripled the cost of this reading; an event
            // trigger's comment looked up by its oid, where a join read all of pg_description)
            + " (SELECT md5(string_agg(r::text, ',' ORDER BY r::text)) FROM (SELECT (r.oid, rolname, rolsuper, rolinherit,"
            + "   rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls, rolconnlimit, rolvaliduntil, rolconfig,"
            + "   d.description) AS r FROM pg_roles r LEFT JOIN pg_shdescription d ON d.objoid = r.oid"
            + "   AND d.classoid = 'pg_authid'::regclass UNION ALL SELECT (roleid, member, admin_option) FROM pg_auth_members"
            + "   UNION ALL SELECT (e.oid, evtname, evtevent, evtowner, evtfoid, evtenabled, evttags, (SELECT d.description"
            + "   FROM pg_description d WHERE d.objoid = e.oid AND d.classoid = 'pg_event_trigger'::regclass AND d.objsubid = 0))"
            + "   FROM pg_event_trigger e) x)"
            + " || (SELECT ':' || count(*) || ':' || coalesce(sum(hashtext(classid || ':' || objid || ':' || refobjid)), 0)"
            + "   FROM pg_shdepend WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + "   AND deptype = 'o' AND refobjid <> (SELECT oid FROM pg_roles WHERE rolname = current_user))"
            // the index CLUSTER uses by default: CLUSTER ... USING sets it, and CLUSTER fires no event trigger
            + " || (SELECT ':' || coalesce(string_agg(indexrelid::text, ',' ORDER BY indexrelid), '') FROM pg_index"
            + "   WHERE indisclustered)"
            // tablespaces: ALTER TABLESPACE fires none (it is the server's), nor, before 17, REINDEX (TABLESPACE ...),
            // which moves indexes; where there is no tablespace but PostgreSQL's two, pg_class is not scanned
            + " || (SELECT ':' || string_agg(oid || ' ' || spcname, ',' ORDER BY oid) FROM pg_tablespace)"
            // the database's own settings: ALTER DATABASE ... SET fires none either
            + " || (SELECT ':' || coalesce(md5(string_agg(setrole || ' ' || array_to_string(setconfig, ','), ';' ORDER BY setrole)),"
            + "   '') FROM pg_db_role_setting WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database()))"
            // nor GRANT or COMMENT on the database; the mark SchemaVerify leaves on its databases is not the schema's,
            // and differs between a template and its copies
            + " || (SELECT ':' || coalesce(d.datacl::text, '') || ':' || coalesce(md5(c.description), '') FROM pg_database d"
            + "   LEFT JOIN pg_shdescription c ON c.objoid = d.oid AND c.classoid = 'pg_database'::regclass"
            + "   AND c.description !~ '" + CatalogReader.SCHEMAVERIFY_MARK + "' WHERE d.datname = current_database())"
            + " || CASE WHEN (SELECT count(*) FROM pg_tablespace) > 2 THEN (SELECT ':' || coalesce(string_agg(oid || ' '"
            + "   || reltablespace, ',' ORDER BY oid), '') FROM pg_class WHERE reltablespace NOT IN (0, 1664)) ELSE '' END,"
            // each root logged, and whether it still exists: a root gone needs no reading. Each is looked up by its
            // oid (OFFSET 0 keeps the planner from hashing the whole catalog instead, as it does for an EXISTS
            // when it expects many rows: a generic plan expects a third of the log, and each step then read all of
            // pg_class and pg_proc, thousands of rows, to look up a few roots)
            + " ARRAY(SELECT DISTINCT CASE WHEN l.kind = 'O' THEN 'O' || l.schema || chr(9) || l.what"
            + "   ELSE l.kind::text || l.root::text || CASE WHEN CASE l.kind"
            + "     WHEN 'R' THEN EXISTS (SELECT 1 FROM pg_class WHERE oid = l.root OFFSET 0)"
            + "     WHEN 'P' THEN EXISTS (SELECT 1 FROM pg_proc WHERE oid = l.root OFFSET 0)"
            + "     WHEN 'T' THEN EXISTS (SELECT 1 FROM pg_type WHERE oid = l.root OFFSET 0) ELSE true END THEN '+' ELSE '-' END END"
            + "   FROM schemaverify_walk.log l WHERE l.id > ?)";

    /**
     * The roots logged after {@code since}, and what a reading needs to judge them; read as the session started
     * ({@code start}: a role's {@code VALID UNTIL} is a timestamptz, written in the session's time zone).
     */
    static Changes since(Connection c, SessionStart start, long since) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(start.pin(c) + ";\n" + SINCE)) {
            ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(1);
            ps.setLong(1, since);
            try (ResultSet rs = SessionStart.rowsAfterPin(ps, ps.execute(), "the DDL log's reading")) {
                rs.next();
                Set<Root> existing = new HashSet<>();
                Set<Root> gone = new HashSet<>();
                boolean everything = false;
                Map<String, List<String>> unread = new TreeMap<>();
                for (Object entry : (Object[]) rs.getArray(4).getArray()) {
                    String e = entry.toString();
                    if (e.charAt(0) == 'O') {
                        int tab = e.indexOf('\t');
                        unread.computeIfAbsent(e.substring(1, tab), s -> new ArrayList<>()).add(e.substring(tab + 1));
                    } else if (e.charAt(0) == 'F') {
                        everything = true;
                    } else {
                        Root root = new Root(Kind.of(e.charAt(0)), Long.parseLong(e.substring(1, e.length() - 1)));
                        (e.endsWith("+") ? existing : gone).add(root);
                    }
                }
                CatalogImage.Facts facts = new CatalogImage.Facts(rs.getString(3));
                unread.values().forEach(lines -> {
                    // an object created and then changed in the same step (a serial's sequence, owned by its column after
                    // the CREATE TABLE) is told as created
                    lines.removeIf(l -> l.startsWith("~ ") && lines.contains("+ " + l.substring(2)));
                    lines.sort(UnreadSchemas.ORDER);
                });
                return new Changes(rs.getLong(1), rs.getInt(2) == 4, everything, existing, gone, facts, unread);
            }
        }
    }
}
