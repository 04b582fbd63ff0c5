DROP MATERIALIZED VIEW tenant_memory_stats;
