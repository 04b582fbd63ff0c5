-- schemaverify:irreversible
-- data migration: fill the hashes older rows were written without; there is no way back to the empty values
UPDATE memory_shards SET content_hash = md5(content) WHERE content_hash = '';
