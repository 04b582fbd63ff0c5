ALTER TABLE bots ADD COLUMN profile_embedding vector(${EMBEDDING_DIM});
CREATE INDEX bots_profile_embedding_idx ON bots
    USING hnsw (profile_embedding vector_l2_ops) WITH (m = ${HNSW_M}, ef_construction = ${HNSW_EF_CONSTRUCTION});
