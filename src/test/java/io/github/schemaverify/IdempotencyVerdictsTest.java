package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.testing.EngineRun.entries;
import static io.github.schemaverify.testing.EngineRun.failures;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;

/**
 * Verdicts of {@code @VerifyIdempotent} that an audit found false: what a copy of the migrated database differs in from
 * the database itself (its privileges, its name), scripts that FLYWAY never applies, a placeholder that reads the clock,
 * and the fix a data change gets.
 */
class IdempotencyVerdictsTest {
    @MigratedDatabase
    static class Migrations {
        @VerifyIdempotent
        void migrations_are_idempotent() {
        }
    }

    @MigratedDatabase(engine = Engine.SQL_SCRIPTS)
    static class Scripts {
        @VerifyIdempotent(runs = 1)
        void scripts_are_idempotent() {
        }
    }

    private static EngineExecutionResults migrate(Chain chain) {
        return EngineRun.of(Migrations.class).param("schemaverify.locations", chain.location()).execute();
    }

    private static EngineExecutionResults scripts(Chain chain, String... names) {
        String dir = chain.location();
        return EngineRun.of(Scripts.class).param("schemaverify.scripts", String.join(",", java.util.Arrays.stream(names)
                .map(n -> dir + "/" + n).toList())).execute();
    }

    @Test
    void privileges_a_repeatable_migration_grants_on_its_database_are_on_every_copy_so_granting_again_changes_nothing() {
        // CREATE DATABASE ... TEMPLATE copies no ACL: the clone lacked the grant, and granting it again read as a change
        // (to PUBLIC: a role made here would outlive the run on the cluster)
        Chain chain = Chain.empty().with("V1__invoice.sql", "CREATE TABLE invoice (id bigserial PRIMARY KEY);\n")
                .with("R__grants.sql", "DO $$ BEGIN\n"
                        + "  EXECUTE format('GRANT CREATE ON DATABASE %I TO PUBLIC', current_database());\n"
                        + "  EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());\n"
                        + "END $$;\nGRANT SELECT ON invoice TO PUBLIC;\n");

        EngineExecutionResults results = migrate(chain);

        assertThat(failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    }

    @Test
    void a_repeatable_migration_applied_again_only_for_flyway_database_is_not_applied_again_and_its_runs_are_still_judged() {
        // the template is migrated as sv_tpl_..., the check runs on a clone sv_...: ${flyway:database} reads another
        // name, and Flyway applies the script again for its new checksum; in production a database keeps its name
        Chain chain = Chain.empty().with("V1__t.sql", "CREATE TABLE tenant (name text PRIMARY KEY);\n"
                        + "CREATE TABLE visit (db text NOT NULL);\n")
                .with("R__grants.sql", "GRANT CREATE ON DATABASE ${flyway:database} TO PUBLIC;\n")
                .with("R__comment.sql", "COMMENT ON TABLE tenant IS 'managed in database ${flyway:database}';\n")
                .with("R__visit.sql", "INSERT INTO visit (db) VALUES ('${flyway:database}');\n");

        EngineExecutionResults results = migrate(chain);

        assertThat(failures(results)).containsExactly("""
                [R__visit.sql, run 1 of 2]
                Expecting running R__visit.sql again to change nothing,
                but the data changed:
                  ~ table public.visit: rows was 2, is 3
                Guard the inserts: INSERT ... SELECT ... WHERE NOT EXISTS (...) on the columns that tell a row, or \
                INSERT ... ON CONFLICT DO NOTHING where a unique key covers them (a serial or identity key alone never \
                conflicts: each insert takes a new value).""");
        results.testEvents().assertStatistics(s -> s.succeeded(3).failed(1));
        assertThat(entries(results, "schemaverify.notes")).containsExactly("""
                R__comment.sql, R__grants.sql, R__visit.sql name ${flyway:database}, which reads the name of this copy of \
                the migrated database, not the one the migration ran under; a database keeps its name in production. \
                Flyway applied them again for that alone, which is not counted as applied: the check migrated once more \
                and compared that migrate; what running them again does is judged by "R__comment.sql run 2 more times \
                changes nothing" and its likes.""", """
                R__comment.sql names ${flyway:database}, which reads the name of this copy of the migrated database, not \
                the one the migration ran under; a database keeps its name in production. It ran once on the copy before \
                the runs compared, as a migrate runs it under the database's own name.""", """
                R__grants.sql names ${flyway:database}, which reads the name of this copy of the migrated database, not \
                the one the migration ran under; a database keeps its name in production. It ran once on the copy before \
                the runs compared, as a migrate runs it under the database's own name.""", """
                R__visit.sql names ${flyway:database}, which reads the name of this copy of the migrated database, not \
                the one the migration ran under; a database keeps its name in production. It ran once on the copy before \
                the runs compared, as a migrate runs it under the database's own name.""");
    }

    @MigratedDatabase(locations = "classpath:fixtures/repeatable_ok", scripts = "classpath:fixtures/scripts/seed.sql")
    static class FlywayWithScripts {
        @VerifyIdempotent
        void migrations_are_idempotent() {
        }
    }

    @Test
    void scripts_beside_flyway_migrations_are_refused_as_flyway_never_applies_them() {
        // they were "run again" on a database they never ran on: an ON CONFLICT DO NOTHING seed failed with rows 0, is 1
        assertThat(failures(EngineRun.of(FlywayWithScripts.class).execute())).containsExactly("@MigratedDatabase on "
                + FlywayWithScripts.class.getName() + ": attribute 'scripts' expects engine = SQL_SCRIPTS, whose setting it"
                + " is, but found \"classpath:fixtures/scripts/seed.sql\" with engine = FLYWAY. Flyway applies only the"
                + " migrations in 'locations' and never runs these scripts: make each a migration there (an R__ script runs"
                + " after the versioned ones, and again whenever it changes), or use engine = SQL_SCRIPTS.");
        // the property's scripts are the run's SQL_SCRIPTS classes': a Flyway class runs none of them, and passes
        assertThat(failures(EngineRun.of(Migrations.class).param("schemaverify.locations", "classpath:fixtures/repeatable_ok")
                .param("schemaverify.scripts", "classpath:fixtures/scripts/seed.sql").execute())).isEmpty();
    }

    @Test
    void a_repeatable_migration_that_names_flyway_timestamp_fails_migrate_twice_whatever_the_clock_and_its_runs_read_later_times() {
        // it passed when the template's build and the check fell in the same second; the runs of the view's script read
        // a later time each, so the comment changes on every run, and a script that only carries the placeholder passes
        Chain chain = Chain.empty().with("V1__t.sql", "CREATE TABLE build_info (id int PRIMARY KEY, note text);\n")
                .with("R__build_comment.sql", "CREATE OR REPLACE VIEW build_view AS SELECT id, note FROM build_info;\n"
                        + "COMMENT ON VIEW build_view IS 'rebuilt at ${flyway:timestamp}';\n")
                .with("R__on_every_migrate.sql", "-- ${flyway:timestamp}\n"
                        + "CREATE OR REPLACE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 42';\n");

        EngineExecutionResults results = migrate(chain);

        List<String> found = failures(results);
        assertThat(found).hasSize(2);
        assertThat(found.get(0)).isEqualTo("""
                [migrate twice]
                Expecting a second migrate to apply nothing,
                but R__build_comment.sql, R__on_every_migrate.sql name ${flyway:timestamp}: Flyway applies them again on \
                every migrate (the checksum changes with the time).
                Leave ${flyway:timestamp} out unless the migration is to run on every migrate; what running it again does \
                is judged by "R__build_comment.sql run 2 more times changes nothing" and its likes.""");
        assertThat(found.get(1)).matches("""
                \\[R__build_comment.sql, run 1 of 2]
                Expecting running R__build_comment.sql again to change nothing,
                but the schema changed:
                  ~ comment on view public.build_view: text was rebuilt at [-0-9 :]{19}, is rebuilt at [-0-9 :]{19}
                \\QMake every statement safe to repeat: CREATE ... IF NOT EXISTS, CREATE OR REPLACE, DROP ... IF EXISTS \
                before CREATE TRIGGER, INSERT ... ON CONFLICT DO NOTHING.\\E""");
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(2));
    }

    @Test
    void an_update_that_writes_again_is_told_to_be_conditional_naming_the_columns_that_changed() {
        Chain chain = Chain.empty().with("V1__t.sql", "CREATE TABLE cache_token (id int PRIMARY KEY, refreshed_at timestamptz,"
                        + " note text);\nINSERT INTO cache_token VALUES (1, NULL, 'a');\n")
                .with("R__refresh.sql", "UPDATE cache_token SET refreshed_at = clock_timestamp() WHERE id = 1;\n");

        assertThat(failures(migrate(chain))).containsExactly("""
                [R__refresh.sql, run 1 of 2]
                Expecting running R__refresh.sql again to change nothing,
                but the data changed:
                  ~ table public.cache_token: 1 row, but the values of refreshed_at changed
                Make the updates conditional: an UPDATE or an upsert's DO UPDATE writes the rows again on every run; write \
                only where the values differ (UPDATE ... WHERE (refreshed_at) IS DISTINCT FROM (...), INSERT ... ON CONFLICT \
                (...) DO UPDATE SET ... WHERE (refreshed_at) IS DISTINCT FROM (excluded.refreshed_at)), and no value that \
                differs on every run (now(), random()).""");
    }

    @Test
    void a_table_the_script_does_not_name_is_blamed_on_what_the_script_sets_off() {
        Chain chain = Chain.empty().with("V1__t.sql", """
                        CREATE TABLE setting (key text PRIMARY KEY, value text NOT NULL);
                        CREATE TABLE setting_change (id bigserial PRIMARY KEY, key text NOT NULL, value text NOT NULL);
                        CREATE FUNCTION log_setting() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN INSERT INTO setting_change (key, value) VALUES (NEW.key, NEW.value); RETURN NEW; END $$;
                        CREATE TRIGGER setting_log AFTER INSERT OR UPDATE ON setting FOR EACH ROW EXECUTE FUNCTION log_setting();
                        """)
                .with("R__settings.sql", "INSERT INTO setting (key, value) VALUES ('theme', 'dark')"
                        + " ON CONFLICT (key) DO UPDATE SET value = excluded.value;\n");

        assertThat(failures(migrate(chain))).containsExactly("""
                [R__settings.sql, run 1 of 2]
                Expecting running R__settings.sql again to change nothing,
                but the data changed:
                  ~ table public.setting_change: rows was 1, is 2
                public.setting_change is not named in R__settings.sql: a trigger on a table it writes, or a function it \
                calls, wrote it. A row trigger fires on every row written, even one whose values stay the same: write only \
                rows that differ (ON CONFLICT (...) DO UPDATE SET ... WHERE (...) IS DISTINCT FROM (excluded....)), or have \
                the trigger skip updates that change nothing (WHEN (OLD.* IS DISTINCT FROM NEW.*)).""");
    }

    @Test
    void a_script_that_drops_and_makes_a_table_again_is_told_it_wipes_the_rows() {
        Chain chain = Chain.empty().with("schema.sql", "DROP TABLE IF EXISTS plan;\n"
                        + "CREATE TABLE plan (id serial PRIMARY KEY, name text NOT NULL UNIQUE);\n")
                .with("seed.sql", "INSERT INTO plan (name) VALUES ('free'), ('pro') ON CONFLICT (name) DO NOTHING;\n");

        assertThat(failures(scripts(chain, "schema.sql", "seed.sql"))).containsExactly("""
                [schema.sql, run 1 of 1]
                Expecting running schema.sql again to change nothing,
                but the data changed:
                  ~ table public.plan: rows was 2, is 0
                Keep the application's rows: a DELETE or TRUNCATE, or a DROP TABLE that makes the table again, wipes them \
                on every run; create a table only if it does not exist (CREATE TABLE IF NOT EXISTS, ALTER TABLE ... ADD \
                COLUMN IF NOT EXISTS), and delete only rows the script itself wrote.""");
    }
}
