CREATE MATERIALIZED VIEW tenant_memory_stats AS
    SELECT b.tenant_id, count(m.id) AS shards, max(m.created_at) AS last_memory_at
    FROM bots b LEFT JOIN memory_shards m ON m.bot_id = b.id
    GROUP BY b.tenant_id;
CREATE UNIQUE INDEX tenant_memory_stats_tenant_idx ON tenant_memory_stats (tenant_id);
