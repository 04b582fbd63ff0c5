-- R__live_memories_view.sql's view reads archived_at: on a database Flyway migrated it is there when this undo runs
-- (Flyway applies repeatable migrations after the last versioned one), so it goes first. IF EXISTS: right after V12,
-- before the repeatable migrations ran, it is not.
DROP VIEW IF EXISTS live_memories;
DROP INDEX memory_shards_live_idx;
ALTER TABLE memory_shards DROP COLUMN archived_at;
