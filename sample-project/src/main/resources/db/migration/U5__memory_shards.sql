DROP TABLE memory_shards;
