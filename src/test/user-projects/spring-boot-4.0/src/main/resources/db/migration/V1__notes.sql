CREATE EXTENSION IF NOT EXISTS vector;
CREATE TABLE notes (
    id        bigserial PRIMARY KEY,
    body      text NOT NULL,
    embedding vector(3)
);
