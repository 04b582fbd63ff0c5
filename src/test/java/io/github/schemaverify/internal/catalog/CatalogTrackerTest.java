package io.github.schemaverify.internal.catalog;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

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
            image = tracker.read(image);
            SchemaSnapshot full = READER.read(c);
            SchemaDiff diff = SchemaDiff.between(full, image.snapshot());
            assertThat(diff.isEmpty()).as("after %s the incremental reading differs from the full one:%n%s", step,
                    diff.render("  ")).isTrue();
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
                // dropping the referenced table's key cascades to the foreign key of bots
                "ALTER TABLE accounts DROP CONSTRAINT tenants_pkey CASCADE",
                "DROP TABLE accounts CASCADE",
                "DROP TABLE bots");
        assertThat(tracker.describe()).startsWith("incremental, 20 partial and 1 full readings");
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
                // detaching is logged on the parent only; the partition's own reading changes
                "ALTER TABLE events DETACH PARTITION events_2026",
                "ALTER TABLE events RENAME TO happenings",
                "CREATE MATERIALIZED VIEW yearly AS SELECT at, count(*) AS n FROM happenings GROUP BY at",
                "CREATE UNIQUE INDEX yearly_at ON yearly (at)",
                "ALTER TABLE happenings RENAME COLUMN at TO happened_on",
                "ALTER TABLE events_2026 SET SCHEMA app",
                "ALTER MATERIALIZED VIEW yearly SET SCHEMA app",
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
}
