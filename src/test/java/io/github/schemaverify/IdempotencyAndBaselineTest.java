package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.testing.EngineRun.failures;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;

class IdempotencyAndBaselineTest {

    @MigratedDatabase(engine = Engine.SQL_SCRIPTS, scripts = {"classpath:fixtures/scripts/schema.sql", "classpath:fixtures/scripts/seed.sql"})
    static class IdempotentScripts {
        @VerifyIdempotent
        void scripts_run_on_every_start() {
        }
    }

    @Test
    void idempotent_scripts_and_guarded_seed_inserts_pass() {
        EngineExecutionResults results = EngineRun.of(IdempotentScripts.class).execute();
        results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
        results.testEvents().succeeded().assertEventsMatchExactly(
                event(displayName("running all scripts again changes nothing")),
                event(displayName("schema.sql run 2 more times changes nothing")),
                event(displayName("seed.sql run 2 more times changes nothing")));
    }

    @MigratedDatabase(engine = Engine.SQL_SCRIPTS, scripts = "classpath:fixtures/scripts_bad/schema.sql")
    static class CreateTableTwice {
        @VerifyIdempotent(runs = 1)
        void scripts_run_on_every_start() {
        }
    }

    @Test
    void create_table_without_if_not_exists_fails_on_the_second_run() {
        assertThat(failures(EngineRun.of(CreateTableTwice.class).execute())).containsExactly("""
                [all scripts again]
                Expecting all scripts to run again without error,
                but schema.sql failed at line 2: ERROR: relation "audit_log" already exists
                  in the statement at line 2:
                    CREATE TABLE audit_log (id bigserial PRIMARY KEY, entry text NOT NULL)
                Make every statement of classpath:fixtures/scripts_bad/schema.sql safe to repeat: CREATE ... IF NOT EXISTS, \
                CREATE OR REPLACE, DROP ... IF EXISTS before CREATE TRIGGER, INSERT ... ON CONFLICT DO NOTHING.""", """
                [schema.sql, run 1 of 1]
                Expecting running schema.sql again to change nothing,
                but schema.sql failed at line 2: ERROR: relation "audit_log" already exists
                  in the statement at line 2:
                    CREATE TABLE audit_log (id bigserial PRIMARY KEY, entry text NOT NULL)
                Make every statement of classpath:fixtures/scripts_bad/schema.sql safe to repeat: CREATE ... IF NOT EXISTS, \
                CREATE OR REPLACE, DROP ... IF EXISTS before CREATE TRIGGER, INSERT ... ON CONFLICT DO NOTHING.""");
    }

    @MigratedDatabase(engine = Engine.SQL_SCRIPTS, scripts = "classpath:fixtures/scripts_bad/trigger.sql")
    static class TriggerTwice {
        @VerifyIdempotent
        void scripts_run_on_every_start() {
        }
    }

    @Test
    void a_trigger_created_without_dropping_it_first_fails() {
        assertThat(failures(EngineRun.of(TriggerTwice.class).execute())).last().asString().isEqualTo("""
                [trigger.sql, run 1 of 2]
                Expecting running trigger.sql again to change nothing,
                but trigger.sql failed at line 3: ERROR: trigger "events_touch" for relation "events" already exists
                  in the statement at line 3:
                    CREATE TRIGGER events_touch BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_touch()
                Make every statement of classpath:fixtures/scripts_bad/trigger.sql safe to repeat: CREATE ... IF NOT EXISTS, \
                CREATE OR REPLACE, DROP ... IF EXISTS before CREATE TRIGGER, INSERT ... ON CONFLICT DO NOTHING.""");
    }

    @MigratedDatabase(engine = Engine.SQL_SCRIPTS, scripts = "classpath:fixtures/scripts_bad/seed.sql")
    static class SeedTwice {
        @VerifyIdempotent
        void scripts_run_on_every_start() {
        }
    }

    @Test
    void a_seed_insert_that_doubles_rows_on_the_second_run_is_named() {
        assertThat(failures(EngineRun.of(SeedTwice.class).execute())).last().asString().isEqualTo("""
                [seed.sql, run 1 of 2]
                Expecting running seed.sql again to change nothing,
                but the data changed:
                  ~ table public.events: rows was 1, is 2
                Guard the inserts: INSERT ... SELECT ... WHERE NOT EXISTS (...) on the columns that tell a row, or \
                INSERT ... ON CONFLICT DO NOTHING where a unique key covers them (a serial or identity key alone never \
                conflicts: each insert takes a new value).""");
    }

    @MigratedDatabase(engine = Engine.SQL_SCRIPTS, scripts = "classpath:fixtures/scripts_bad/audit_index.sql")
    static class IndexTwiceInAnUnreadSchema {
        @VerifyIdempotent(runs = 1)
        void scripts_run_on_every_start() {
        }
    }

    @MigratedDatabase(engine = Engine.SQL_SCRIPTS, scripts = "classpath:fixtures/scripts_bad/audit_index.sql",
            schemas = {"public", "audit"})
    static class IndexTwiceInASchemaRead {
        @VerifyIdempotent(runs = 1)
        void scripts_run_on_every_start() {
        }
    }

    @MigratedDatabase(engine = Engine.SQL_SCRIPTS, scripts = "classpath:fixtures/scripts_bad/audit_seed.sql")
    static class SeedTwiceInAnUnreadSchema {
        @VerifyIdempotent(runs = 1)
        void scripts_run_on_every_start() {
        }
    }

    @MigratedDatabase(engine = Engine.SQL_SCRIPTS, scripts = "classpath:fixtures/scripts_bad/schema_per_run.sql")
    static class SchemaPerRun {
        @VerifyIdempotent(runs = 1)
        void scripts_run_on_every_start() {
        }
    }

    @MigratedDatabase(engine = Engine.SQL_SCRIPTS, scripts = "classpath:fixtures/scripts/audit.sql")
    static class RepeatableInAnUnreadSchema {
        @VerifyIdempotent
        void scripts_run_on_every_start() {
        }
    }

    @Test
    void a_second_run_is_compared_in_every_schema_not_only_those_read() {
        // the index made again at every run, in a schema the snapshots do not read: the same failure as when they do
        String index = """
                but the schema changed:
                  + index audit.log_at_idx1 (btree on log (at))
                Make every statement safe to repeat: CREATE ... IF NOT EXISTS, CREATE OR REPLACE, DROP ... IF EXISTS before \
                CREATE TRIGGER, INSERT ... ON CONFLICT DO NOTHING.""";
        List<String> expected = List.of("""
                [all scripts again]
                Expecting a second migrate to change nothing,
                """ + index, """
                [audit_index.sql, run 1 of 1]
                Expecting running audit_index.sql again to change nothing,
                """ + index);
        assertThat(failures(EngineRun.of(IndexTwiceInAnUnreadSchema.class).execute())).isEqualTo(expected);
        assertThat(failures(EngineRun.of(IndexTwiceInASchemaRead.class).execute())).isEqualTo(expected);
        // and its rows
        assertThat(failures(EngineRun.of(SeedTwiceInAnUnreadSchema.class).execute())).last().asString().isEqualTo("""
                [audit_seed.sql, run 1 of 1]
                Expecting running audit_seed.sql again to change nothing,
                but the data changed:
                  ~ table audit.events: rows was 1, is 2
                Guard the inserts: INSERT ... SELECT ... WHERE NOT EXISTS (...) on the columns that tell a row, or \
                INSERT ... ON CONFLICT DO NOTHING where a unique key covers them (a serial or identity key alone never \
                conflicts: each insert takes a new value).""");
    }

    @Test
    void a_second_run_that_creates_another_schema_fails_naming_it() {
        assertThat(failures(EngineRun.of(SchemaPerRun.class).execute())).last().asString().isEqualTo("""
                [schema_per_run.sql, run 1 of 1]
                Expecting running schema_per_run.sql again to change nothing,
                but it created the schema run_1, which the database did not have before:
                  + schema run_1
                Make every statement safe to repeat: CREATE ... IF NOT EXISTS, CREATE OR REPLACE, DROP ... IF EXISTS before \
                CREATE TRIGGER, INSERT ... ON CONFLICT DO NOTHING.""");
    }

    @Test
    void a_script_that_only_repeats_itself_in_a_schema_no_snapshot_reads_passes() {
        // IF NOT EXISTS, OR REPLACE, a drop before its create: the same objects after every run
        EngineRun.of(RepeatableInAnUnreadSchema.class).execute().testEvents()
                .assertStatistics(s -> s.succeeded(2).failed(0));
    }

    @MigratedDatabase(locations = "classpath:fixtures/repeatable_ok")
    static class RepeatableOk {
        @VerifyIdempotent
        void migrations_are_idempotent() {
        }
    }

    @MigratedDatabase(locations = "classpath:fixtures/repeatable_bad")
    static class RepeatableBad {
        @VerifyIdempotent
        void migrations_are_idempotent() {
        }
    }

    @Test
    void migrate_twice_applies_nothing_and_repeatable_migrations_must_survive_running_again() {
        EngineExecutionResults ok = EngineRun.of(RepeatableOk.class).execute();
        ok.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        ok.testEvents().succeeded().assertEventsMatchExactly(event(displayName("migrate twice applies nothing")),
                event(displayName("R__shard_counts.sql run 2 more times changes nothing")));

        EngineExecutionResults bad = EngineRun.of(RepeatableBad.class).execute();
        bad.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
        assertThat(failures(bad)).containsExactly("""
                [R__shard_counts.sql, run 1 of 2]
                Expecting running R__shard_counts.sql again to change nothing,
                but R__shard_counts.sql failed at line 1: ERROR: relation "shard_counts" already exists
                  in the statement at line 1:
                    CREATE VIEW shard_counts AS SELECT tenant, count(*) AS shards FROM shards GROUP BY tenant
                Make every statement of classpath:fixtures/repeatable_bad/R__shard_counts.sql safe to repeat: CREATE ... IF NOT EXISTS, \
                CREATE OR REPLACE, DROP ... IF EXISTS before CREATE TRIGGER, INSERT ... ON CONFLICT DO NOTHING.""");
    }

    @MigratedDatabase
    static class AuditedMigrate {
        @VerifyIdempotent
        void migrations_are_idempotent() {
        }
    }

    @Test
    void a_second_migrate_that_applies_nothing_names_the_callbacks_that_made_the_change() {
        // the migrations are not at fault: Flyway runs afterMigrate.sql on every migrate, and the text said to guard
        // the inserts of the migrations
        Chain chain = Chain.empty().with("V1__audit.sql", "CREATE TABLE deploy_audit (note text);\n")
                .with("afterMigrate.sql", "INSERT INTO deploy_audit (note) VALUES ('migrated');\n");

        assertThat(failures(EngineRun.of(AuditedMigrate.class).param("schemaverify.locations", chain.location()).execute()))
                .containsExactly("""
                        [migrate twice]
                        Expecting a second migrate to change nothing,
                        but the data changed:
                          ~ table public.deploy_audit: rows was 1, is 2
                        Flyway applied no migration the second time: the change comes from afterMigrate.sql, the callback it \
                        runs on every migrate. Guard the inserts: INSERT ... SELECT ... WHERE NOT EXISTS (...) on the \
                        columns that tell a row, or INSERT ... ON CONFLICT DO NOTHING where a unique key covers them (a \
                        serial or identity key alone never conflicts: each insert takes a new value).""");
    }

    @MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
    static class Baselines {
        @VerifyBaseline(legacySchema = "classpath:fixtures/legacy/matches_v2.sql", baselineVersion = "2")
        void legacy_matching_v2() {
        }

        @VerifyBaseline(legacySchema = "classpath:fixtures/legacy/drifted.sql", baselineVersion = "2")
        void legacy_that_drifted() {
        }

        @VerifyBaseline(legacySchema = "classpath:fixtures/legacy/has_v3_already.sql", baselineVersion = "2")
        void legacy_with_v3_applied_by_hand() {
        }
    }

    @Test
    void baseline_passes_on_a_matching_legacy_schema_and_shows_drift_and_already_exists() {
        EngineExecutionResults results = EngineRun.of(Baselines.class).execute();
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(2));
        assertThat(failures(results)).containsExactlyInAnyOrder("""
                [baseline at V2, then migrate]
                Expecting the baselined legacy database to have the schema of a fresh migrate to head,
                but it drifted (- only after a fresh migrate, + only in the legacy database, ~ was fresh, is legacy):
                  ~ column public.documents.title: type was text, is character varying(200)
                  - index public.documents_content_hash_idx (UNIQUE btree on documents (content_hash))
                Add a migration that aligns existing databases (or fix drifted.sql if it does not match production).""", """
                [baseline at V2, then migrate]
                Expecting Flyway to baseline the legacy database at version 2 and migrate it to head,
                but it failed:
                Migration V3__embedding_index.sql failed at line 1: ERROR: relation "documents_embedding_idx" already exists
                  in the statement at line 1:
                    CREATE INDEX documents_embedding_idx ON documents USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)
                Fix the statement in classpath:db/migration/V3__embedding_index.sql; the migrations after it were not applied.
                The legacy schema already has what a migration after version 2 creates: set baselineVersion to the last \
                version the legacy schema contains, or make that migration tolerate existing objects (IF NOT EXISTS).""");
    }

    @MigratedDatabase(locations = "classpath:fixtures/baseline_settings")
    static class BaselineWithDatabaseSettings {
        @VerifyBaseline(legacySchema = "classpath:fixtures/legacy/without_database_settings.sql", baselineVersion = "2")
        void legacy_dumped_without_create() {
        }
    }

    @Test
    void a_database_setting_an_early_migration_made_is_no_drift_as_a_pg_dump_without_create_has_none() {
        EngineRun.of(BaselineWithDatabaseSettings.class).execute().testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @MigratedDatabase(locations = "classpath:fixtures/baseline_schemas")
    static class BaselinesWithUnreadSchemas {
        @VerifyBaseline(legacySchema = "classpath:fixtures/legacy/matches_v2_schemas.sql", baselineVersion = "2")
        void legacy_matching_v2() {
        }

        @VerifyBaseline(legacySchema = "classpath:fixtures/legacy/unread_schemas.sql", baselineVersion = "2")
        void legacy_that_drifted_where_no_snapshot_reads() {
        }
    }

    @Test
    void the_schemas_a_fresh_migrate_creates_are_compared_in_full_whether_read_or_not() {
        EngineExecutionResults results = EngineRun.of(BaselinesWithUnreadSchemas.class).execute();
        // a schema only the legacy database has (reporting) is not the migrations', nor an identity's sequence name
        results.testEvents().succeeded().assertEventsMatchExactly(event(displayName("legacy_matching_v2()")));
        // the rest is drift, and shows in full: the identity the legacy table lacks as well as the tables
        assertThat(failures(results)).containsExactly("""
                [baseline at V2, then migrate]
                Expecting the baselined legacy database to have the schema of a fresh migrate to head,
                but it drifted (- only after a fresh migrate, + only in the legacy database, ~ was fresh, is legacy):
                  - table archive.documents (id bigint NOT NULL, title text NOT NULL; PRIMARY KEY (id))
                  ~ column audit.log.id: identity was ALWAYS, is absent; default was absent, is nextval('audit.log_id_seq'::regclass)
                  - policy audit.log.log_read (PERMISSIVE FOR ALL TO public USING (true))
                  - rule audit.log.log_kept (CREATE RULE log_kept AS ON DELETE TO audit.log DO INSTEAD NOTHING;)
                  - statistics audit.log_stats (CREATE STATISTICS audit.log_stats (dependencies) ON id, entry FROM audit.log)
                  + sequence audit.log_id_seq (bigint START 1 INCREMENT 1 OWNED BY audit.log.id)
                  + table archive.documents_2019 (id bigint NOT NULL, title text NOT NULL; PRIMARY KEY (id))
                Add a migration that aligns existing databases (or fix unread_schemas.sql if it does not match production).""");
    }
}
