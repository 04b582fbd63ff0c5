CREATE TABLE memory_shards (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bot_id uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    content text NOT NULL,
    content_hash text NOT NULL,
    embedding vector(${EMBEDDING_DIM}) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX memory_shards_embedding_idx ON memory_shards
    USING ivfflat (embedding vector_cosine_ops) WITH (lists = ${IVFFLAT_LISTS});
