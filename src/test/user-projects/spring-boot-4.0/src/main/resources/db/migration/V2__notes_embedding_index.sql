CREATE INDEX notes_embedding_idx ON notes USING hnsw (embedding vector_cosine_ops);
