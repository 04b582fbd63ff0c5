package io.github.schemaverify;

import static io.github.schemaverify.testing.EngineRun.entries;
import static io.github.schemaverify.testing.EngineRun.everything;
import static io.github.schemaverify.testing.EngineRun.failures;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;

/**
 * Flyway's SQL callbacks in the walk: the walk runs them where Flyway's migrate does ({@code beforeMigrate} on the
 * empty base, {@code beforeEachMigrate} and {@code afterEachMigrate} in each revision's transaction and session,
 * {@code afterMigrate} and its kin at head), so a project that has them is walked as Flyway applies it.
 */
class RoundTripCallbacksTest {

    @MigratedDatabase
    static class Walk {
        @VerifyRoundTrip
        void round_trip() {
        }
    }

    /** Two revisions with complete undos. */
    private static Chain chain() {
        return Chain.empty()
                .with("V1__docs.sql", "CREATE TABLE docs (id int PRIMARY KEY, title text);\n")
                .with("U1__docs.sql", "DROP TABLE docs;\n")
                .with("V2__tags.sql", "CREATE TABLE tags (id int PRIMARY KEY, name text);\n")
                .with("U2__tags.sql", "DROP TABLE tags;\n");
    }

    private static EngineExecutionResults walk(Chain chain) {
        return EngineRun.of(Walk.class).param("schemaverify.locations", chain.location()).execute();
    }

    @Test
    void a_project_whose_callbacks_change_the_schema_is_walked_as_flyway_applies_it() {
        // the owner role comes from beforeMigrate, which beforeEachMigrate switches to for each migration (in its
        // session: objects are owned by it in Flyway's run), and afterMigrate grants on every table and comments on
        // the schema, which stays after undoing every revision, as after Flyway's undo
        Chain chain = chain()
                .with("beforeMigrate.sql", "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sv_cb_owner') THEN"
                        + " CREATE ROLE sv_cb_owner; END IF; END $$;\nGRANT CREATE, USAGE ON SCHEMA public TO sv_cb_owner;\n")
                .with("beforeEachMigrate.sql", "SET ROLE sv_cb_owner;\n")
                .with("afterMigrate.sql", "GRANT SELECT ON ALL TABLES IN SCHEMA public TO PUBLIC;\n"
                        + "COMMENT ON SCHEMA public IS 'migrated by Flyway';\n");

        EngineExecutionResults results = walk(chain);

        assertThat(failures(results)).as(everything(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(4).failed(0).aborted(0));
        assertThat(entries(results, "schemaverify.notes")).contains("ran the callback afterMigrate.sql at head before undoing,"
                + " as Flyway runs it after its last migration; what it changed there stays after undoing every revision, as after"
                + " Flyway's undo, and is not counted as a trace: ~ comment on schema public: text was standard public schema,"
                + " is migrated by Flyway");
    }

    @Test
    void what_a_revision_and_the_callbacks_at_head_both_change_is_the_undos_only_where_the_base_with_the_callbacks_differs() {
        // V1 revokes on schema public (and its undo grants back), the callback grants on it: after undo all the
        // schema's privileges are the base's plus the callback's grant, as Flyway's undo leaves them
        Chain chain = Chain.empty()
                .with("V1__docs.sql", "REVOKE USAGE ON SCHEMA public FROM PUBLIC;\nCREATE TABLE docs (id int PRIMARY KEY);\n")
                .with("U1__docs.sql", "DROP TABLE docs;\nGRANT USAGE ON SCHEMA public TO PUBLIC;\n")
                .with("V2__tags.sql", "CREATE TABLE tags (id int PRIMARY KEY);\n")
                .with("U2__tags.sql", "DROP TABLE tags;\n")
                .with("beforeMigrate.sql", "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sv_cb_owner') THEN"
                        + " CREATE ROLE sv_cb_owner; END IF; END $$;\n")
                .with("afterMigrate.sql", "GRANT USAGE ON SCHEMA public TO sv_cb_owner;\n");

        EngineExecutionResults results = walk(chain);
        assertThat(failures(results)).as(everything(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(4).failed(0).aborted(0));

        // an undo that forgets what its revision did there is still the undo's
        EngineExecutionResults forgetful = walk(chain.with("U1__docs.sql", "DROP TABLE docs;\n"));
        assertThat(failures(forgetful)).first().asString().startsWith("[V1__docs.sql, up, down, up]");
    }

    @Test
    void undo_alls_trace_leaves_out_what_the_callbacks_at_head_changed_and_says_so() {
        // U1 drops docs only while it is empty: alone it passes; undoing everything, V2's round trip left a row in it
        Chain chain = Chain.empty()
                .with("V1__docs.sql", "CREATE TABLE docs (id int);\n")
                .with("U1__docs.sql", "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM docs) THEN DROP TABLE docs; END IF; END $$;\n")
                .with("V2__tags.sql", "CREATE TABLE tags (id int);\n")
                .with("U2__tags.sql", "DROP TABLE tags;\n")
                .with("afterMigrate.sql", "COMMENT ON SCHEMA public IS 'migrated by Flyway';\n");

        assertThat(failures(walk(chain))).containsExactly("""
                [undo all]
                Expecting the schema after undoing every revision to equal the base schema (before the first migration),
                but it differs:
                  + table public.docs (id integer)
                Each undo passed on its own, so an undo depends on state that a later revision changed; check the undo \
                scripts of the objects listed. (The walk ran the callback afterMigrate.sql at head, as Flyway runs it \
                after its last migration; what it changed there, or would change on the base, is not listed.)""");
    }

    @Test
    void repeatable_migrations_are_applied_at_head_before_undo_all_so_an_undo_that_breaks_their_view_fails_as_in_production() {
        // the view R__doc_titles.sql makes reads docs.title: a database Flyway migrated has it when U2 drops the column
        Chain chain = Chain.empty()
                .with("V1__docs.sql", "CREATE TABLE docs (id int PRIMARY KEY);\n")
                .with("U1__docs.sql", "DROP TABLE docs;\n")
                .with("V2__titles.sql", "ALTER TABLE docs ADD COLUMN title text;\n")
                .with("U2__titles.sql", "ALTER TABLE docs DROP COLUMN title;\n")
                .with("R__doc_titles.sql", "CREATE OR REPLACE VIEW doc_titles AS SELECT id, title FROM docs;\n")
                .with("R__label.sql", "CREATE OR REPLACE FUNCTION label(t text) RETURNS text LANGUAGE sql IMMUTABLE"
                        + " AS $$ SELECT 'doc: ' || t $$;\n");

        EngineExecutionResults breaking = walk(chain);
        assertThat(failures(breaking)).as(everything(breaking)).first().asString().startsWith("""
                [U2__titles.sql, undo all]
                Expecting undoing V2 on the way down from head to apply,
                but U2__titles.sql failed at line 1: ERROR: cannot drop column title of table docs because other objects \
                depend on it""");
        assertThat(entries(breaking, "schemaverify.notes")).contains("the walk applied the repeatable migrations"
                + " R__doc_titles.sql, R__label.sql at head before undoing, as Flyway's migrate does after its last versioned"
                + " migration: what they create there may depend on what the undo drops; a database Flyway migrated has them"
                + " too, so the undo has to drop what depends on what it drops (a view over a dropped column) with DROP ... IF"
                + " EXISTS (the undo's own round trip runs before the repeatable migrations; Flyway applies a repeatable"
                + " migration again only when its file changes)");

        // the function stays after undoing every revision, as after Flyway's undo: not the undos' trace
        // IF EXISTS: the undo's own round trip runs before the repeatable migrations, as a rollback right after V2 may
        EngineExecutionResults fixed = walk(chain.with("U2__titles.sql", "DROP VIEW IF EXISTS doc_titles;\nALTER TABLE docs"
                + " DROP COLUMN title;\n"));
        assertThat(failures(fixed)).as(everything(fixed)).isEmpty();
        fixed.testEvents().assertStatistics(s -> s.succeeded(4).failed(0).aborted(0));
        assertThat(entries(fixed, "schemaverify.notes")).contains("applied the repeatable migrations R__doc_titles.sql,"
                + " R__label.sql at head before undoing, as Flyway's migrate does after its last versioned migration; what they"
                + " changed there stays after undoing every revision, as after Flyway's undo, and is not counted as a trace:"
                + " + function public.label(t text) (RETURNS text LANGUAGE sql IMMUTABLE)");
    }

    @Test
    void repeatable_migrations_are_applied_at_head_in_flyways_order_and_a_callback_around_one_is_named_with_it() {
        // Flyway reads _ in a description as a space: "a b" before "a1", so R__a1.sql's view can read R__a_b.sql's
        Chain chain = chain().with("R__a1.sql", "CREATE OR REPLACE VIEW a1 AS SELECT n FROM ab;\n")
                .with("R__a_b.sql", "CREATE OR REPLACE VIEW ab AS SELECT 1 AS n;\n");
        EngineExecutionResults ordered = walk(chain);
        assertThat(failures(ordered)).as(everything(ordered)).isEmpty();
        ordered.testEvents().assertStatistics(s -> s.succeeded(4).failed(0).aborted(0));

        // a callback Flyway runs around each migration runs around the repeatable ones too
        EngineExecutionResults around = walk(chain.with("afterEachMigrate.sql", "DO $$ BEGIN IF to_regclass('ab') IS NOT NULL"
                + " THEN RAISE EXCEPTION 'no views here'; END IF; END $$;\n"));
        assertThat(failures(around)).as(everything(around)).singleElement().asString().startsWith("""
                [afterEachMigrate.sql, at head]
                Expecting the callback afterEachMigrate.sql, which Flyway runs around each migration (here the repeatable \
                migration R__a_b.sql), to apply,
                but afterEachMigrate.sql failed at line 1: ERROR: no views here""");
    }

    @Test
    void a_repeatable_migration_that_fails_on_the_rows_the_walk_generated_runs_again_at_head_without_them() {
        // tags gets rows as V2 starts; R__seed_tags.sql inserts id 1, which a generated row holds: no production row need
        Chain chain = Chain.empty()
                .with("V1__tags.sql", "CREATE TABLE tags (id int PRIMARY KEY, name text);\n")
                .with("U1__tags.sql", "DROP TABLE tags;\n")
                .with("V2__notes.sql", "CREATE TABLE notes (id int PRIMARY KEY);\n")
                .with("U2__notes.sql", "DROP TABLE notes;\n")
                .with("R__seed_tags.sql", "INSERT INTO tags (id, name) VALUES (1, 'urgent');\n");

        EngineExecutionResults results = walk(chain);

        assertThat(failures(results)).as(everything(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(4).failed(0).aborted(0));
        assertThat(entries(results, "schemaverify.notes")).contains("R__seed_tags.sql failed at head on the values of rows"
                + " the walk generated (ERROR: duplicate key value violates unique constraint \"tags_pkey\" (Key (id)=(1)"
                + " already exists.); public.tags generated by the walk as V2 started), which no production row need hold:"
                + " what Flyway runs after the last versioned migration ran again on a database rebuilt at head without them"
                + " | applied the repeatable migration R__seed_tags.sql at head before undoing, as Flyway's migrate does after"
                + " its last versioned migration");
    }

    @Test
    void a_repeatable_migration_that_fails_at_head_fails_undo_all_by_name() {
        EngineExecutionResults results = walk(chain().with("R__titles.sql", "CREATE OR REPLACE VIEW titles AS SELECT title"
                + " FROM nowhere;\n"));
        assertThat(failures(results)).as(everything(results)).singleElement().asString().startsWith("""
                [R__titles.sql, at head]
                Expecting the repeatable migration R__titles.sql, which Flyway applies after the last versioned migration, \
                to apply,
                but R__titles.sql failed at line 1: ERROR: relation "nowhere" does not exist
                  in the statement at line 1:
                    CREATE OR REPLACE VIEW titles AS SELECT title FROM nowhere
                Fix the statement in filesystem:""").endsWith("/R__titles.sql; undo all cannot start from head until it"
                + " applies (it ran on the walk's head, whose tables hold the rows the walk generated).");
        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(1).aborted(1));
    }

    @Test
    void a_callback_that_names_flyways_history_table_finds_it_on_a_whole_walk() {
        // Flyway creates its history table before its callbacks run; the walk's empty base has one too (no rows)
        Chain chain = chain()
                .with("afterEachMigrate.sql", "GRANT SELECT ON ALL TABLES IN SCHEMA public TO PUBLIC;\n")
                .with("afterMigrate.sql", "GRANT SELECT ON flyway_schema_history TO PUBLIC;\n");

        EngineExecutionResults results = walk(chain);

        assertThat(failures(results)).as(everything(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(4).failed(0).aborted(0));
    }

    @Test
    void undo_all_runs_before_undo_as_flyways_undo_does_so_what_after_migrate_built_over_the_tables_can_go() {
        Chain chain = chain().with("afterMigrate.sql", "CREATE OR REPLACE VIEW doc_titles AS SELECT title FROM docs;\n");

        EngineExecutionResults without = walk(chain);
        assertThat(failures(without)).first().asString().startsWith("""
                [U1__docs.sql, undo all]
                Expecting undoing V1 on the way down from head to apply,
                but U1__docs.sql failed at line 1: ERROR: cannot drop table docs because other objects depend on it""");
        assertThat(entries(without, "schemaverify.notes")).contains("the walk ran the callback afterMigrate.sql at head before"
                + " undoing, as Flyway runs it after its last migration: what it creates there may depend on what the undo drops;"
                + " Flyway's undo runs beforeUndo.sql before the first undo, and so does the walk");

        EngineExecutionResults with = walk(chain.with("beforeUndo.sql", "DROP VIEW IF EXISTS doc_titles;\n"));
        assertThat(failures(with)).as(everything(with)).isEmpty();
        with.testEvents().assertStatistics(s -> s.succeeded(4).failed(0).aborted(0));
    }

    @Test
    void a_callback_that_fails_before_or_after_undo_all_fails_it_by_name_with_its_line() {
        Chain before = chain().with("beforeUndo.sql", "SELECT 1;\nSELECT 1 / 0;\n");
        assertThat(failures(walk(before))).singleElement().asString().startsWith("""
                [beforeUndo.sql, undo all]
                Expecting the callback beforeUndo.sql, which Flyway's undo runs before the first undo, to apply,
                but beforeUndo.sql failed at line 2: ERROR: division by zero
                  in the statement at line 2:
                    SELECT 1 / 0
                Fix the statement in filesystem:""").endsWith("/beforeUndo.sql.");

        Chain after = chain().with("afterUndo.sql", "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_class WHERE relname = 'docs')"
                + " THEN RAISE EXCEPTION 'docs is gone'; END IF; END $$;\n");
        assertThat(failures(walk(after))).singleElement().asString().startsWith("""
                [afterUndo.sql, undo all]
                Expecting the callback afterUndo.sql, which Flyway's undo runs after the last undo, to apply,
                but afterUndo.sql failed at line 1: ERROR: docs is gone""").endsWith("/afterUndo.sql.");
    }

    @Test
    void rows_the_callbacks_around_each_migration_write_are_not_blamed_on_an_undo_and_the_undos_own_still_are() {
        // an audit of migrations, as Flyway runs it: the row afterEachMigrate.sql writes stays after Flyway's undo
        Chain chain = chain()
                .with("beforeMigrate.sql", "CREATE TABLE IF NOT EXISTS migration_audit (id bigint GENERATED ALWAYS AS IDENTITY"
                        + " PRIMARY KEY, what text NOT NULL);\n")
                .with("afterEachMigrate.sql", "INSERT INTO migration_audit (what) VALUES ('migrated');\n")
                .with("afterEachUndo.sql", "INSERT INTO migration_audit (what) VALUES ('undone');\n");

        EngineExecutionResults results = walk(chain);

        assertThat(failures(results)).as(everything(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(4).failed(0).aborted(0));
        // said once, not at every revision
        assertThat(entries(results, "schemaverify.notes")).containsOnlyOnce("the rows afterEachMigrate.sql, afterEachUndo.sql"
                + " wrote to public.migration_audit stay after the undo of V1 and every later one, as after Flyway's undo;"
                + " the rows there before each revision are still checked");

        // an undo that deletes rows of a table no callback writes to is still caught, and so is one that deletes the
        // rows a callback's table held before
        EngineExecutionResults lossy = walk(chain.with("U2__tags.sql", "DROP TABLE tags;\nDELETE FROM docs;\n"));
        assertThat(failures(lossy)).singleElement().asString().startsWith("[U2__tags.sql, down]\nExpecting the undo of V2 to"
                + " keep the rows");
        assertThat(entries(lossy, "schemaverify.cause")).containsExactly("rows_lost");
        EngineExecutionResults forgetful = walk(chain.with("U2__tags.sql", "DROP TABLE tags;\nDELETE FROM migration_audit;\n"));
        assertThat(failures(forgetful)).singleElement().asString().startsWith("[U2__tags.sql, down]\nExpecting the undo of V2"
                + " to keep the rows of the tables V2 did not create, as they were before V2 (and the rows added since),\nbut"
                + " after the undo:\n  ~ table public.migration_audit (id, what): rows was");
    }

    @Test
    void a_callback_that_fails_around_an_undo_is_named_with_its_line() {
        // refuses while tags exists: U1 runs (V2 is not applied yet), U2 does not
        Chain chain = chain().with("beforeEachUndo.sql", "DO $$ BEGIN IF EXISTS (SELECT FROM pg_class WHERE relname = 'tags')"
                + " THEN RAISE EXCEPTION 'tags stay'; END IF; END $$;\n");

        assertThat(failures(walk(chain))).first().asString().startsWith("""
                [U2__tags.sql, down]
                Expecting the undo of V2 to apply,
                but beforeEachUndo.sql failed at line 1: ERROR: tags stay""");
    }

    @Test
    void a_callback_that_fails_around_a_migration_is_named_with_its_line() {
        // refuses once docs exists: V1 applies, V2 does not
        Chain chain = chain().with("beforeEachMigrate.sql", "-- guards each migration\nDO $$ BEGIN IF EXISTS (SELECT FROM"
                + " pg_class WHERE relname = 'docs') THEN RAISE EXCEPTION 'no migration after docs'; END IF; END $$;\n");

        assertThat(failures(walk(chain))).first().asString().startsWith("""
                [V2__tags.sql, up]
                Expecting V2 to apply,
                but beforeEachMigrate.sql failed at line 2: ERROR: no migration after docs""");
    }

    @Test
    void a_callback_that_fails_at_head_fails_undo_all_by_name() {
        Chain chain = chain().with("afterMigrate.sql", "SELECT 1;\nDO $$ BEGIN IF EXISTS (SELECT FROM pg_class WHERE relname"
                + " = 'tags') THEN RAISE EXCEPTION 'not with tags'; END IF; END $$;\n");

        assertThat(failures(walk(chain))).first().asString().startsWith("""
                [afterMigrate.sql, at head]
                Expecting the callback afterMigrate.sql, which Flyway runs after the last migration, to apply,
                but afterMigrate.sql failed at line 2: ERROR: not with tags""");
    }

    @Test
    void a_callback_that_fails_before_the_first_migration_stops_the_walk_by_name() {
        Chain chain = chain().with("beforeMigrate.sql", "SELECT 1 / 0;\n");

        assertThat(failures(walk(chain))).first().asString().startsWith("""
                [beforeMigrate.sql, before the first migration]
                Expecting the callback beforeMigrate.sql, which Flyway runs before the first migration, to apply,
                but beforeMigrate.sql failed at line 1: ERROR: division by zero""");
    }
}
