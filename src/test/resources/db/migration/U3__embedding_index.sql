DROP INDEX documents_embedding_idx;
