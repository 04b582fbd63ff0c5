ALTER TABLE memory_shards ADD COLUMN archived_at timestamptz;
CREATE INDEX memory_shards_live_idx ON memory_shards (bot_id) WHERE archived_at IS NULL;
COMMENT ON COLUMN memory_shards.archived_at IS 'set when a memory is archived; archived memories are not searched';
