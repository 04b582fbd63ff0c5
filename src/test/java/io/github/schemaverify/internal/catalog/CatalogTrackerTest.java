package io.github.schemaverify.internal.catalog;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.diff.SchemaDiff;

/**
 * Incremental readings against full ones, one DDL step at a time, on the changes that reach objects the statement
 * never names: renamed types, functions, sequences and tables seen from other tables, views over renamed columns,
 * detached partitions, cascades, comments removed, roles renamed under policies, names shadowed across schemas.
 * Each step must read exactly as a full reading does, and (unless the log says "read everything") partially.
 */
@MigratedDatabase(locations = "classpath:fixtures/tracker", schemas = {"public", "app"})
class CatalogTrackerTest {

    private static final CatalogReader READER = new CatalogReader(List.of("public", "app"));

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Runs each step and checks the incremental reading after it against a full one; returns the tracker. */
    private static CatalogTracker walk(Connection c, String... steps) throws SQLException {
        CatalogTracker tracker = CatalogTracker.start(READER, c, "the test database", CatalogTracker.Mode.INCREMENTAL);
        assertThat(tracker.incremental()).as(tracker.describe()).isTrue();
        CatalogImage image = tracker.full();
        for (String step : steps) {
            execute(c, step);
            SchemaSnapshot previous = image.snapshot();
            image = tracker.read(image);
            SchemaSnapshot now = image.snapshot();
            SchemaSnapshot full = READER.read(c);
            SchemaDiff diff = SchemaDiff.between(full, now);
            assertThat(diff.isEmpty()).as("after %s the incremental reading differs from the full one:%n%s", step,
                    diff.render("  ")).isTrue();
            // the step's diff, which skips the objects both readings share, as if every object were compared
            for (Set<SchemaDiff.Ignore> ignored : List.of(Set.<SchemaDiff.Ignore>of(), EnumSet.allOf(SchemaDiff.Ignore.class))) {
                assertThat(SchemaDiff.between(previous, now, ignored).changes()).as("the diff of %s ignoring %s", step, ignored)
                        .isEqualTo(SchemaDiff.between(previous.objects(), now.objects(), ignored).changes());
            }
        }
        return tracker;
    }

    @Test
    void tables_indexes_constraints_defaults_and_comments(Connection c) throws SQLException {
        CatalogTracker tracker = walk(c,
                "CREATE TABLE tenants (id serial PRIMARY KEY, name text NOT NULL UNIQUE)",
                "CREATE TABLE bots (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tenant_id int REFERENCES tenants,"
                        + " name text CHECK (name <> ''))",
                "CREATE INDEX bots_name_idx ON bots (lower(name)) WHERE name IS NOT NULL",
                "COMMENT ON TABLE bots IS 'the bots'",
                "COMMENT ON COLUMN bots.name IS 'shown'",
                "COMMENT ON INDEX bots_name_idx IS 'search'",
                "COMMENT ON CONSTRAINT bots_name_check ON bots IS 'no blanks'",
                "COMMENT ON COLUMN bots.name IS NULL",
                // the foreign key of bots names tenants: renaming tenants changes bots without naming it
                "ALTER TABLE tenants RENAME TO accounts",
                "ALTER TABLE accounts RENAME COLUMN id TO account_id",
                "ALTER INDEX bots_name_idx RENAME TO bots_lower_name_idx",
                "ALTER TABLE bots ALTER COLUMN name SET DEFAULT 'bot'",
                "ALTER TABLE bots ALTER COLUMN name DROP DEFAULT",
                "ALTER TABLE bots ADD COLUMN score numeric(10, 2)",
                "ALTER TABLE bots ALTER COLUMN score TYPE numeric(12, 2)",
                "ALTER TABLE bots DROP COLUMN score",
                "DROP INDEX bots_lower_name_idx",
                // a foreign key that uses a unique index, not the primary key: the index renamed, the key dropped
                "ALTER TABLE bots ADD COLUMN tenant_name text REFERENCES accounts (name)",
                "ALTER INDEX tenants_name_key RENAME TO accounts_name_key",
                "ALTER TABLE bots DROP COLUMN tenant_name",
                // dropping the referenced table's key cascades to the foreign key of bots
                "ALTER TABLE accounts DROP CONSTRAINT tenants_pkey CASCADE",
                "DROP TABLE accounts CASCADE",
                "DROP TABLE bots");
        assertThat(tracker.describe()).startsWith("incremental, 23 partial and 1 full readings");
    }

    @Test
    void renamed_types_functions_and_sequences_change_the_objects_that_use_them(Connection c) throws SQLException {
        walk(c,
                "CREATE TYPE mood AS ENUM ('calm', 'busy')",
                "CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%')",
                "CREATE TYPE pair AS (a int, b text)",
                "CREATE SEQUENCE ticket_seq START 100",
                "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$",
                "CREATE TABLE notes (id int DEFAULT nextval('ticket_seq') PRIMARY KEY, m mood, ms mood[], e email, p pair)",
                "CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION touch()",
                "CREATE VIEW calm_notes AS SELECT id, m FROM notes WHERE m = 'calm'",
                "ALTER TYPE mood RENAME TO feeling",
                "ALTER TYPE feeling ADD VALUE 'idle'",
                "ALTER TYPE feeling RENAME VALUE 'busy' TO 'working'",
                "ALTER DOMAIN email ADD CONSTRAINT email_short CHECK (length(VALUE) < 200)",
                "ALTER DOMAIN email RENAME TO mail",
                "ALTER TYPE pair ADD ATTRIBUTE c date",
                "ALTER TYPE pair RENAME TO couple",
                "ALTER SEQUENCE ticket_seq RENAME TO ticket_numbers",
                "ALTER FUNCTION touch() RENAME TO touch_row",
                "ALTER TABLE notes RENAME COLUMN m TO feeling",
                "ALTER TABLE notes DISABLE TRIGGER notes_touch",
                "DROP TRIGGER notes_touch ON notes",
                "CREATE OR REPLACE FUNCTION touch_row() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.id = NEW.id; RETURN NEW; END$$",
                "DROP VIEW calm_notes",
                "DROP FUNCTION touch_row()",
                "ALTER TABLE notes ALTER COLUMN id DROP DEFAULT",
                "DROP SEQUENCE ticket_numbers",
                "DROP TYPE couple CASCADE",
                "DROP TABLE notes",
                "DROP TYPE feeling, mail");
    }

    @Test
    void partitions_views_materialized_views_and_moves_between_schemas(Connection c) throws SQLException {
        walk(c,
                "CREATE TABLE events (id int, at date) PARTITION BY RANGE (at)",
                "CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
                "CREATE TABLE events_2027 (id int, at date)",
                "ALTER TABLE events ATTACH PARTITION events_2027 FOR VALUES FROM ('2027-01-01') TO ('2028-01-01')",
                "CREATE INDEX events_at_idx ON events (at)",
                // an index of a partition made before its partitioned table's, attached to it later, then renamed
                "CREATE INDEX events_2027_id_idx ON events_2027 (id)",
                "CREATE INDEX events_id_idx ON ONLY events (id)",
                "ALTER INDEX events_id_idx ATTACH PARTITION events_2027_id_idx",
                "ALTER INDEX events_id_idx RENAME TO events_by_id",
                "CREATE INDEX events_2026_id_idx ON events_2026 (id)",
                "ALTER INDEX events_by_id ATTACH PARTITION events_2026_id_idx",
                // detaching is logged on the parent only; the partition's own reading changes (and its indexes')
                "ALTER TABLE events DETACH PARTITION events_2026",
                // attached again, it holds indexes matching the partitioned ones: PostgreSQL attaches those, making none
                "ALTER TABLE events ATTACH PARTITION events_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
                "ALTER TABLE events DETACH PARTITION events_2026",
                "ALTER TABLE events RENAME TO happenings",
                "CREATE MATERIALIZED VIEW yearly AS SELECT at, count(*) AS n FROM happenings GROUP BY at",
                "CREATE UNIQUE INDEX yearly_at ON yearly (at)",
                // whether a materialized view holds data: a refresh changes only that
                "REFRESH MATERIALIZED VIEW yearly WITH NO DATA",
                "ALTER TABLE happenings RENAME COLUMN at TO happened_on",
                "ALTER TABLE events_2026 SET SCHEMA app",
                "ALTER MATERIALIZED VIEW yearly SET SCHEMA app",
                "REFRESH MATERIALIZED VIEW app.yearly",
                "ALTER TABLE app.events_2026 SET SCHEMA public",
                "DROP MATERIALIZED VIEW app.yearly",
                "DROP TABLE happenings, events_2026");
    }

    @Test
    void policies_follow_renamed_roles(Connection c) throws SQLException {
        execute(c, "DROP ROLE IF EXISTS sv_tracker_reader; DROP ROLE IF EXISTS sv_tracker_renamed;"
                + " CREATE ROLE sv_tracker_reader");
        try {
            walk(c,
                    "CREATE TABLE secrets (id int, owner name)",
                    "ALTER TABLE secrets ENABLE ROW LEVEL SECURITY",
                    "CREATE POLICY own ON secrets FOR SELECT TO sv_tracker_reader USING (owner = current_user)",
                    // no DDL on secrets, yet its policy now reads another role name
                    "ALTER ROLE sv_tracker_reader RENAME TO sv_tracker_renamed",
                    "DROP POLICY own ON secrets",
                    "DROP TABLE secrets");
        } finally {
            execute(c, "DROP ROLE IF EXISTS sv_tracker_reader; DROP ROLE IF EXISTS sv_tracker_renamed");
        }
    }

    @Test
    void commands_that_change_only_a_flag_an_option_or_a_view_column_are_read_again(Connection c) throws SQLException {
        execute(c, "DROP ROLE IF EXISTS sv_tracker_viewer; DROP ROLE IF EXISTS sv_tracker_watcher; CREATE ROLE sv_tracker_viewer");
        List<String> steps = new java.util.ArrayList<>(List.of(
                "CREATE TABLE notes (id int PRIMARY KEY, body text, owner name)",
                "ALTER TABLE notes ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE notes FORCE ROW LEVEL SECURITY",
                "ALTER TABLE notes DISABLE ROW LEVEL SECURITY",
                "ALTER TABLE notes NO FORCE ROW LEVEL SECURITY",
                "CREATE RULE notes_keep AS ON DELETE TO notes DO INSTEAD NOTHING",
                "COMMENT ON RULE notes_keep ON notes IS 'kept'",
                "ALTER TABLE notes DISABLE RULE notes_keep",
                "CREATE POLICY notes_own ON notes USING (owner = current_user)",
                "COMMENT ON POLICY notes_own ON notes IS 'own notes'",
                "ALTER POLICY notes_own ON notes RENAME TO notes_mine",
                "CREATE STATISTICS app.notes_stats (ndistinct) ON id, owner FROM notes",
                "COMMENT ON STATISTICS app.notes_stats IS 'planner'",
                "CREATE DOMAIN app.positive AS int CONSTRAINT positive_check CHECK (VALUE > 0)",
                "COMMENT ON CONSTRAINT positive_check ON DOMAIN app.positive IS 'above zero'",
                "ALTER DOMAIN app.positive RENAME CONSTRAINT positive_check TO above_zero",
                "ALTER TABLE notes ENABLE REPLICA RULE notes_keep",
                "CREATE INDEX notes_body_idx ON notes USING gist ((to_tsvector('simple', body)) tsvector_ops (siglen = 64))",
                "DROP INDEX notes_body_idx",
                "CREATE TYPE app.pair AS (l text, r text)",
                "CREATE TABLE pairs OF app.pair",
                "ALTER TYPE app.pair RENAME TO couple",
                // ALTER TYPE reports the type's relation; CASCADE changes the typed table's columns too
                "ALTER TYPE app.couple ALTER ATTRIBUTE l TYPE text COLLATE \"C\" CASCADE",
                "ALTER TYPE app.couple ADD ATTRIBUTE note text CASCADE",
                "ALTER TABLE pairs NOT OF",
                "CREATE DOMAIN app.code AS text COLLATE \"C\"",
                "CREATE VIEW note_bodies AS SELECT id, body FROM notes",
                "ALTER VIEW note_bodies ALTER COLUMN body SET DEFAULT 'empty'",
                "GRANT SELECT (body) ON note_bodies TO sv_tracker_viewer",
                "ALTER TABLE notes ALTER COLUMN body SET STATISTICS 500",
                "ALTER TABLE notes ALTER COLUMN body SET (n_distinct = -0.5, n_distinct_inherited = 20)",
                "ALTER TABLE notes ALTER COLUMN body RESET (n_distinct)",
                "ALTER TABLE notes ALTER COLUMN body SET STATISTICS -1",
                // CLUSTER fires no event trigger, and sets the index it uses by default
                "CLUSTER notes USING notes_pkey",
                // ALTER DATABASE fires no event trigger either
                "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET work_mem = ''64MB''', current_database()); END $$",
                "ALTER TABLE notes SET WITHOUT CLUSTER",
                "ALTER TABLE notes CLUSTER ON notes_pkey",
                "CREATE TABLE counters (id int GENERATED ALWAYS AS IDENTITY)",
                // the foreign key's triggers on the table it references: the key lives on the other table
                "CREATE TABLE replies (id int, note int REFERENCES notes)",
                "ALTER TABLE notes DISABLE TRIGGER ALL",
                "ALTER TABLE notes ENABLE TRIGGER ALL",
                "ALTER TABLE replies DISABLE TRIGGER ALL",
                "GRANT USAGE ON SEQUENCE counters_id_seq TO sv_tracker_viewer",
                // no DDL on the view, yet its column privileges now read another role name
                "ALTER ROLE sv_tracker_viewer RENAME TO sv_tracker_watcher",
                "REVOKE SELECT (body) ON note_bodies FROM sv_tracker_watcher",
                "ALTER VIEW note_bodies ALTER COLUMN body DROP DEFAULT",
                "CREATE SEQUENCE tickets"));
        if (c.getMetaData().getDatabaseMajorVersion() >= 15) {
            steps.add("ALTER SEQUENCE tickets SET UNLOGGED");
        }
        if (c.getMetaData().getDatabaseMajorVersion() >= 18) {
            steps.addAll(List.of("ALTER TABLE notes ADD CONSTRAINT notes_body_not_null NOT NULL body NOT VALID",
                    "ALTER TABLE notes VALIDATE CONSTRAINT notes_body_not_null",
                    "ALTER TABLE notes ADD COLUMN size int GENERATED ALWAYS AS (length(body)) VIRTUAL"));
        }
        steps.add("DROP TABLE notes, pairs, counters, replies CASCADE");
        try {
            walk(c, steps.toArray(String[]::new));
        } finally {
            execute(c, "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I RESET ALL', current_database()); END $$;"
                    + " DROP TABLE IF EXISTS notes, pairs, counters, replies CASCADE;"
                    + " DROP ROLE IF EXISTS sv_tracker_viewer; DROP ROLE IF EXISTS sv_tracker_watcher");
        }
    }

    @Test
    void a_table_or_index_moved_to_another_tablespace_or_access_method_is_read_again(Connection c) throws SQLException {
        String space = "sv_tracker_space_" + ProcessHandle.current().pid();
        execute(c, "SET allow_in_place_tablespaces = true");
        execute(c, "CREATE TABLESPACE " + space + " LOCATION ''");
        try {
            List<String> steps = new java.util.ArrayList<>(List.of(
                    "CREATE ACCESS METHOD sv_heap TYPE TABLE HANDLER heap_tableam_handler",
                    "CREATE TABLE notes (id int PRIMARY KEY, body text)",
                    "ALTER TABLE notes SET TABLESPACE " + space,
                    "ALTER INDEX notes_pkey SET TABLESPACE " + space,
                    "ALTER TABLE notes SET TABLESPACE pg_default",
                    "CREATE TABLE drafts (body text) USING sv_heap TABLESPACE " + space,
                    // a materialized view's storage, and what its columns and an expression index's tell the planner
                    "CREATE MATERIALIZED VIEW note_words USING sv_heap TABLESPACE " + space
                            + " AS SELECT id, lower(body) AS lowered FROM notes",
                    "ALTER MATERIALIZED VIEW note_words SET TABLESPACE pg_default",
                    "ALTER MATERIALIZED VIEW note_words ALTER COLUMN lowered SET STATISTICS 300",
                    "ALTER MATERIALIZED VIEW note_words ALTER COLUMN lowered SET (n_distinct = -0.25)",
                    "CREATE INDEX notes_lower_idx ON notes (lower(body))",
                    "ALTER INDEX notes_lower_idx ALTER COLUMN 1 SET STATISTICS 700"));
            if (c.getMetaData().getDatabaseMajorVersion() >= 14) {
                // before 17, REINDEX fires no event trigger; it moves the index all the same
                steps.addAll(List.of("REINDEX (TABLESPACE " + space + ") INDEX notes_pkey",
                        "REINDEX (TABLESPACE pg_default) TABLE notes"));
            }
            if (c.getMetaData().getDatabaseMajorVersion() >= 15) {
                steps.addAll(List.of("ALTER TABLE notes SET ACCESS METHOD sv_heap", "ALTER TABLE notes SET ACCESS METHOD heap",
                        "ALTER MATERIALIZED VIEW note_words SET ACCESS METHOD heap"));
            }
            steps.add("DROP MATERIALIZED VIEW note_words");
            steps.add("DROP TABLE notes, drafts");
            steps.add("DROP ACCESS METHOD sv_heap");
            walk(c, steps.toArray(String[]::new));
        } finally {
            execute(c, "DROP TABLE IF EXISTS notes, drafts CASCADE; DROP ACCESS METHOD IF EXISTS sv_heap");
            execute(c, "DROP TABLESPACE IF EXISTS " + space);
        }
    }

    @Test
    void a_name_another_schema_of_the_search_path_holds_reads_everything_again(Connection c) throws SQLException {
        // public comes first: once public.mood exists, the column of type app.mood reads app.mood
        CatalogTracker tracker = walk(c,
                "CREATE TYPE app.mood AS ENUM ('calm')",
                "CREATE TABLE app.notes (m app.mood)",
                "CREATE TYPE public.mood AS ENUM ('busy')",
                "ALTER TYPE public.mood RENAME TO other_mood",
                "CREATE TYPE public.mood AS ENUM ('idle')",
                "DROP TYPE public.mood",
                "CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
                "CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS 'SELECT 2'",
                "DROP FUNCTION public.f()");
        assertThat(tracker.describe()).doesNotContain(" 1 full readings"); // the shadowing steps read everything
    }

    @Test
    void extensions_and_concurrent_indexes(Connection c) throws SQLException {
        walk(c,
                "CREATE EXTENSION IF NOT EXISTS vector",
                "CREATE TABLE docs (id int, embedding vector(3))",
                "CREATE INDEX CONCURRENTLY docs_embedding_idx ON docs USING hnsw (embedding vector_cosine_ops) WITH (m = 8)",
                "ALTER INDEX docs_embedding_idx SET (ef_construction = 40)",
                "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\"",
                "ALTER TABLE docs ADD COLUMN uid uuid DEFAULT uuid_generate_v4()",
                "ALTER TABLE docs DROP COLUMN uid",
                "DROP EXTENSION \"uuid-ossp\"",
                "DROP INDEX CONCURRENTLY docs_embedding_idx");
    }

    @Test
    void the_commands_of_an_extension_script_are_not_mapped_one_by_one(Connection c) throws SQLException {
        walk(c, "CREATE EXTENSION IF NOT EXISTS vector", "CREATE TABLE near (id int, embedding vector(3))");
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE d.deptype = 'e'),"
                + " count(*) FROM schemaverify_walk.owners o LEFT JOIN pg_depend d ON d.classid = o.classid"
                + " AND d.objid = o.objid AND d.deptype = 'e'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("members of the extension mapped").isZero();
            assertThat(rs.getLong(2)).as("objects mapped").isPositive(); // the table
        }
    }

    @Test
    void privileges_owners_and_default_privileges(Connection c) throws SQLException {
        execute(c, "DROP ROLE IF EXISTS sv_tracker_app; CREATE ROLE sv_tracker_app");
        try {
            walk(c,
                    "CREATE TABLE accounts (id int PRIMARY KEY, email text)",
                    "CREATE SEQUENCE app.tickets",
                    "CREATE FUNCTION app.total() RETURNS int LANGUAGE sql AS 'SELECT 1'",
                    "CREATE TYPE app.mood AS ENUM ('calm')",
                    "CREATE VIEW account_emails AS SELECT id, email FROM accounts",
                    // GRANT and REVOKE name no object to the log: each reads everything, and must read the grant
                    "GRANT SELECT, INSERT ON accounts TO sv_tracker_app",
                    "GRANT UPDATE (email) ON accounts TO sv_tracker_app",
                    "GRANT USAGE ON SEQUENCE app.tickets TO sv_tracker_app",
                    "REVOKE EXECUTE ON FUNCTION app.total() FROM PUBLIC",
                    "GRANT USAGE ON TYPE app.mood TO sv_tracker_app",
                    "GRANT USAGE ON SCHEMA app TO sv_tracker_app",
                    "GRANT SELECT ON account_emails TO sv_tracker_app WITH GRANT OPTION",
                    "ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO sv_tracker_app",
                    "CREATE TABLE app.granted_by_default (id int)",
                    "REVOKE INSERT ON accounts FROM sv_tracker_app",
                    "ALTER DEFAULT PRIVILEGES IN SCHEMA app REVOKE SELECT ON TABLES FROM sv_tracker_app",
                    // ownership changes are DDL on the object itself
                    "ALTER TABLE accounts OWNER TO sv_tracker_app",
                    "ALTER VIEW account_emails OWNER TO sv_tracker_app",
                    "ALTER SEQUENCE app.tickets OWNER TO sv_tracker_app",
                    "ALTER FUNCTION app.total() OWNER TO sv_tracker_app",
                    "ALTER TYPE app.mood OWNER TO sv_tracker_app",
                    "ALTER SCHEMA app OWNER TO sv_tracker_app",
                    "REASSIGN OWNED BY sv_tracker_app TO CURRENT_USER",
                    "DROP OWNED BY sv_tracker_app",
                    "DROP TABLE IF EXISTS accounts CASCADE",
                    "DROP SEQUENCE IF EXISTS app.tickets");
        } finally {
            execute(c, "DROP OWNED BY sv_tracker_app; DROP ROLE sv_tracker_app");
        }
    }

    @Test
    void comments_and_privileges_on_what_belongs_to_the_whole_database_are_read_again(Connection c) throws SQLException {
        // no event trigger fires for what a database, a role or an event trigger is told (their comments, the database's
        // privileges): the tracker sees them among the facts it reads; the others are DDL on the object itself
        execute(c, "DROP ROLE IF EXISTS sv_tracker_user; CREATE ROLE sv_tracker_user");
        String database = "DO $$ BEGIN EXECUTE format('%s', current_database()); END $$";
        try {
            walk(c,
                    "CREATE COLLATION app.c_copy FROM \"C\"",
                    "COMMENT ON COLLATION app.c_copy IS 'bytewise'",
                    "CREATE FUNCTION app.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN END$$",
                    "CREATE EVENT TRIGGER on_ddl ON ddl_command_end EXECUTE FUNCTION app.on_ddl()",
                    "COMMENT ON EVENT TRIGGER on_ddl IS 'audits'",
                    database.formatted("COMMENT ON DATABASE %I IS ''tracked''"),
                    database.formatted("REVOKE CONNECT ON DATABASE %I FROM PUBLIC"),
                    database.formatted("GRANT CONNECT ON DATABASE %I TO sv_tracker_user"),
                    "GRANT USAGE ON LANGUAGE plpgsql TO sv_tracker_user",
                    "CREATE TABLE notes (id int, body text)",
                    "CREATE STATISTICS app.notes_stats (ndistinct) ON id, body FROM notes",
                    "ALTER STATISTICS app.notes_stats SET STATISTICS 500",
                    "CREATE PUBLICATION tracker_pub FOR TABLE notes",
                    "COMMENT ON PUBLICATION tracker_pub IS 'to the warehouse'",
                    "CREATE FOREIGN DATA WRAPPER tracker_fdw",
                    "COMMENT ON FOREIGN DATA WRAPPER tracker_fdw IS 'reads nothing'",
                    "COMMENT ON FOREIGN DATA WRAPPER tracker_fdw IS NULL",
                    "DROP FOREIGN DATA WRAPPER tracker_fdw",
                    "DROP PUBLICATION tracker_pub",
                    "COMMENT ON EVENT TRIGGER on_ddl IS NULL",
                    database.formatted("COMMENT ON DATABASE %I IS NULL"),
                    "DROP EVENT TRIGGER on_ddl",
                    "DROP TABLE notes",
                    "DROP COLLATION app.c_copy");
            CatalogReader roles = new CatalogReader(List.of("public", "app"), true);
            CatalogTracker tracker = CatalogTracker.start(roles, c, "the test database", CatalogTracker.Mode.INCREMENTAL);
            CatalogImage image = tracker.full();
            for (String step : List.of("COMMENT ON ROLE sv_tracker_user IS 'a tester'",
                    "ALTER ROLE sv_tracker_user VALID UNTIL '2030-01-01 00:00:00+00'", "COMMENT ON ROLE sv_tracker_user IS NULL")) {
                execute(c, step);
                image = tracker.read(image);
                SchemaDiff diff = SchemaDiff.between(roles.read(c), image.snapshot());
                assertThat(diff.isEmpty()).as("after %s the incremental reading differs from the full one:%n%s", step,
                        diff.render("  ")).isTrue();
            }
        } finally {
            execute(c, database.formatted("COMMENT ON DATABASE %I IS NULL") + "; "
                    + database.formatted("GRANT CONNECT ON DATABASE %I TO PUBLIC") + "; DROP EVENT TRIGGER IF EXISTS on_ddl;"
                    + " DROP PUBLICATION IF EXISTS tracker_pub; DROP FOREIGN DATA WRAPPER IF EXISTS tracker_fdw;"
                    + " DROP OWNED BY sv_tracker_user; DROP ROLE sv_tracker_user");
        }
    }

    @Test
    void function_settings_view_options_rules_statistics_and_table_settings(Connection c) throws SQLException {
        walk(c,
                "CREATE TABLE base (at date)",
                "CREATE TABLE log (id bigint GENERATED BY DEFAULT AS IDENTITY, actor text, action text) INHERITS (base)",
                "ALTER TABLE log ALTER COLUMN id SET INCREMENT BY 10",
                // an identity sequence altered by itself is read as part of its table
                "ALTER SEQUENCE log_id_seq CACHE 5",
                "ALTER SEQUENCE log_id_seq RENAME TO log_ids",
                "ALTER TABLE log SET (fillfactor = 70, toast.autovacuum_enabled = false)",
                "ALTER TABLE log REPLICA IDENTITY FULL",
                "ALTER TABLE log ALTER COLUMN actor SET STORAGE EXTERNAL",
                "CREATE STATISTICS log_stats (ndistinct) ON actor, action FROM log",
                "ALTER STATISTICS log_stats RENAME TO log_actor_stats",
                "CREATE RULE log_no_delete AS ON DELETE TO log DO INSTEAD NOTHING",
                "CREATE INDEX log_actor_idx ON log (actor COLLATE \"C\" DESC NULLS LAST)",
                "ALTER TABLE log NO INHERIT base",
                "ALTER TABLE base RENAME TO origin",
                "ALTER TABLE log INHERIT origin",
                "ALTER TABLE origin RENAME TO beginning",
                // a column added to the parent that its child has already: the child's is now inherited and declared
                "ALTER TABLE beginning ADD COLUMN action text",
                // and dropped from the parent again: the child keeps its own, no longer inherited
                "ALTER TABLE beginning DROP COLUMN action",
                "CREATE FUNCTION f(a int DEFAULT 1) RETURNS int LANGUAGE sql AS 'SELECT a'",
                "ALTER FUNCTION f(int) STRICT PARALLEL SAFE COST 7 SET search_path = public",
                "CREATE VIEW v WITH (security_barrier = true) AS SELECT id, actor FROM log WITH LOCAL CHECK OPTION",
                "ALTER VIEW v SET (check_option = cascaded)",
                "CREATE FUNCTION v_insert() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$",
                "CREATE TRIGGER v_insert INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION v_insert()",
                "ALTER FUNCTION v_insert() RENAME TO v_insert_row",
                "CREATE RULE v_no_delete AS ON DELETE TO v DO INSTEAD NOTHING",
                "CREATE AGGREGATE product(double precision) (SFUNC = float8mul, STYPE = double precision)",
                "CREATE FUNCTION times(a double precision, b double precision) RETURNS double precision LANGUAGE sql"
                        + " AS 'SELECT a * b'",
                "CREATE AGGREGATE product2(double precision) (SFUNC = times, STYPE = double precision)",
                "ALTER FUNCTION times(double precision, double precision) RENAME TO multiply",
                "CREATE TYPE app.span AS RANGE (SUBTYPE = double precision)",
                "CREATE FUNCTION app.span_diff(a double precision, b double precision) RETURNS double precision"
                        + " LANGUAGE sql IMMUTABLE AS 'SELECT a - b'",
                "CREATE TYPE app.span2 AS RANGE (SUBTYPE = double precision, SUBTYPE_DIFF = app.span_diff)",
                "ALTER FUNCTION app.span_diff(double precision, double precision) RENAME TO span_minus",
                "CREATE COLLATION app.c_copy FROM \"C\"",
                "CREATE CAST (app.span AS text) WITH INOUT",
                "CREATE PUBLICATION pub FOR TABLE log",
                "ALTER TABLE log RENAME TO journal",
                "ALTER PUBLICATION pub SET (publish = 'insert')",
                "CREATE FUNCTION app.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN END$$",
                // event triggers fire no event trigger: the tracker sees them change among the facts it reads
                "CREATE EVENT TRIGGER on_ddl ON ddl_command_end EXECUTE FUNCTION app.on_ddl()",
                "ALTER EVENT TRIGGER on_ddl DISABLE",
                "ALTER EVENT TRIGGER on_ddl RENAME TO on_any_ddl",
                "DROP EVENT TRIGGER on_any_ddl",
                "DROP PUBLICATION pub",
                "DROP CAST (app.span AS text)",
                "DROP COLLATION app.c_copy",
                "DROP STATISTICS log_actor_stats",
                "DROP VIEW v",
                "DROP TABLE journal, beginning");
    }

    @Test
    void kinds_without_a_record_of_their_own_are_read_again_when_ddl_changes_them(Connection c) throws SQLException {
        // the log once ignored text search and foreign data, which a snapshot did not hold: a step that changed only
        // them read as no change at all
        walk(c,
                "CREATE TEXT SEARCH DICTIONARY english_simple (TEMPLATE = pg_catalog.simple, STOPWORDS = english)",
                "CREATE TEXT SEARCH CONFIGURATION app.english_custom (PARSER = pg_catalog.\"default\")",
                "ALTER TEXT SEARCH CONFIGURATION app.english_custom ADD MAPPING FOR asciiword WITH english_simple, english_stem",
                "ALTER TEXT SEARCH CONFIGURATION app.english_custom ALTER MAPPING FOR asciiword WITH english_stem",
                "ALTER TEXT SEARCH DICTIONARY english_simple (ACCEPT = false)",
                // the configuration names the dictionary: renaming it changes the configuration's definition
                "ALTER TEXT SEARCH CONFIGURATION app.english_custom ADD MAPPING FOR word WITH english_simple",
                "ALTER TEXT SEARCH DICTIONARY english_simple RENAME TO english_plain",
                "CREATE FUNCTION app.eq_ci(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT lower(a) = lower(b)'",
                "CREATE OPERATOR app.=== (LEFTARG = text, RIGHTARG = text, FUNCTION = app.eq_ci)",
                "ALTER OPERATOR app.=== (text, text) SET (RESTRICT = eqsel)",
                "CREATE OPERATOR CLASS app.int4_ops2 FOR TYPE integer USING btree AS OPERATOR 1 <, FUNCTION 1 btint4cmp(integer, integer)",
                "ALTER OPERATOR FAMILY app.int4_ops2 USING btree ADD OPERATOR 3 =(integer, integer)",
                "CREATE CONVERSION app.latin1_to_utf8 FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8",
                "CREATE FOREIGN DATA WRAPPER tracker_fdw",
                "CREATE SERVER tracker_remote FOREIGN DATA WRAPPER tracker_fdw OPTIONS (host 'db.example')",
                "ALTER SERVER tracker_remote OPTIONS (ADD port '5432')",
                "CREATE USER MAPPING FOR CURRENT_USER SERVER tracker_remote OPTIONS (user 'reader')",
                "ALTER USER MAPPING FOR CURRENT_USER SERVER tracker_remote OPTIONS (SET user 'writer')",
                "CREATE FOREIGN TABLE app.remote_items (id integer NOT NULL, title text) SERVER tracker_remote",
                "ALTER FOREIGN TABLE app.remote_items ADD COLUMN note text",
                "ALTER FOREIGN TABLE app.remote_items ALTER COLUMN title SET DEFAULT 'untitled'",
                "ALTER FOREIGN TABLE app.remote_items DROP COLUMN note",
                "GRANT USAGE ON FOREIGN SERVER tracker_remote TO PUBLIC",
                // what reaches a foreign table through a dependency is logged on relations, routines and types only
                "CREATE FUNCTION app.default_title() RETURNS text LANGUAGE sql AS $$SELECT 'untitled'$$",
                "ALTER FOREIGN TABLE app.remote_items ALTER COLUMN title SET DEFAULT app.default_title()",
                "ALTER FUNCTION app.default_title() RENAME TO untitled",
                "CREATE TYPE app.mood AS ENUM ('calm')",
                "ALTER FOREIGN TABLE app.remote_items ADD COLUMN mood app.mood",
                "DROP TYPE app.mood CASCADE",
                "CREATE TABLE app.parent (id int, title text) PARTITION BY LIST (id)",
                "CREATE FOREIGN TABLE app.remote_part PARTITION OF app.parent FOR VALUES IN (1) SERVER tracker_remote",
                "ALTER TABLE app.parent DETACH PARTITION app.remote_part",
                "CREATE ACCESS METHOD tracker_btree TYPE INDEX HANDLER bthandler",
                // an overload elsewhere on the search path: a handler named without its arguments would read qualified
                "CREATE FUNCTION bthandler(integer) RETURNS integer LANGUAGE sql AS 'SELECT 1'",
                "DROP FUNCTION bthandler(integer)",
                "DROP ACCESS METHOD tracker_btree",
                "DROP TABLE app.parent",
                "DROP FOREIGN TABLE app.remote_part",
                "DROP FOREIGN TABLE app.remote_items",
                "DROP USER MAPPING FOR CURRENT_USER SERVER tracker_remote",
                "DROP SERVER tracker_remote",
                "DROP FOREIGN DATA WRAPPER tracker_fdw",
                "DROP CONVERSION app.latin1_to_utf8",
                "DROP OPERATOR FAMILY app.int4_ops2 USING btree",
                "DROP OPERATOR app.=== (text, text)",
                "DROP TEXT SEARCH CONFIGURATION app.english_custom",
                "DROP TEXT SEARCH DICTIONARY english_plain");
    }

    @Test
    void disabling_the_log_falls_back_to_full_readings_for_good(Connection c) throws SQLException {
        CatalogTracker tracker = walk(c,
                "CREATE TABLE t (id int)",
                "ALTER EVENT TRIGGER schemaverify_walk_end DISABLE",
                "ALTER TABLE t ADD COLUMN name text",
                "ALTER EVENT TRIGGER schemaverify_walk_end ENABLE ALWAYS",
                "ALTER TABLE t ADD COLUMN note text");
        assertThat(tracker.incremental()).isFalse();
        assertThat(tracker.describe()).startsWith("full (SchemaVerify's event triggers in the test database were dropped or"
                + " disabled), 1 partial and 5 full readings");
    }

    @Test
    void checked_mode_catches_a_change_the_log_cannot_see(Connection c) throws SQLException {
        CatalogTracker tracker = CatalogTracker.start(READER, c, "the test database", CatalogTracker.Mode.CHECKED);
        CatalogImage image = tracker.full();
        execute(c, "CREATE TABLE t (id int); CREATE INDEX t_id ON t (id)");
        image = tracker.read(image);
        CatalogImage before = image;
        // a write to pg_catalog is no DDL: no event trigger sees it
        execute(c, "UPDATE pg_catalog.pg_index SET indisvalid = false WHERE indexrelid = 't_id'::regclass");
        assertThatThrownBy(() -> tracker.read(before)).isInstanceOf(SchemaVerifyException.class)
                .hasMessage("SchemaVerify's incremental reading of the test database differs from a full reading (- only in the"
                        + " full reading, + only in the incremental one):\n"
                        + "  ~ index public.t_id: valid was false, is true\n"
                        + "This is a defect in SchemaVerify: set schemaverify.walk.snapshots=full to work around it, and report"
                        + " it with the migration that ran last.");
    }

    /**
     * Whether each root the log names still exists is looked up by its oid: a plan that hashed pg_class, pg_proc and
     * pg_type read every row of them at every step (the planner's choice for an EXISTS when it expects many log rows,
     * as the generic plan of the walk's prepared reading does).
     */
    @Test
    void the_log_looks_up_each_root_it_names_instead_of_reading_whole_catalogs(Connection c) throws SQLException {
        CatalogTracker.start(READER, c, "the test database", CatalogTracker.Mode.INCREMENTAL);
        // the reading's one parameter (JDBC's ?) is the log's position
        execute(c, "SET plan_cache_mode = force_generic_plan; PREPARE since(bigint) AS " + DdlLog.SINCE.replace("?", "$1"));
        StringBuilder plan = new StringBuilder();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("EXPLAIN EXECUTE since(0)")) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        assertThat(plan.toString()).contains("SubPlan").doesNotContain("hashed SubPlan");
    }
}
