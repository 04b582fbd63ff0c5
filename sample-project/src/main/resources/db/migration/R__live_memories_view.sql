CREATE OR REPLACE VIEW live_memories AS
    SELECT m.id, m.bot_id, b.tenant_id, m.content, m.embedding, m.created_at
    FROM memory_shards m JOIN bots b ON b.id = m.bot_id
    WHERE m.archived_at IS NULL;
