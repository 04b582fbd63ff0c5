DROP INDEX memory_shards_live_idx;
ALTER TABLE memory_shards DROP COLUMN archived_at;
