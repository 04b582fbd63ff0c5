CREATE TABLE memory_shards (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bot_id uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    content text NOT NULL,
    content_hash text NOT NULL DEFAULT '',
    embedding vector(${EMBEDDING_DIM}) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
-- the IVFFlat index is created when IVFFLAT_INDEX=true, with IVFFLAT_LISTS lists (sqrt(rows) is a good start)
DO $$
BEGIN
    IF '${IVFFLAT_INDEX}' = 'true' THEN
        EXECUTE 'CREATE INDEX memory_shards_embedding_idx ON memory_shards USING ivfflat (embedding vector_cosine_ops) WITH (lists = ${IVFFLAT_LISTS})';
    END IF;
END
$$;
