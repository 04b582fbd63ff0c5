CREATE TABLE documents (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title text NOT NULL,
    content_hash text NOT NULL,
    embedding vector(${EMBEDDING_DIM})
);
CREATE UNIQUE INDEX documents_content_hash_idx ON documents (content_hash);
