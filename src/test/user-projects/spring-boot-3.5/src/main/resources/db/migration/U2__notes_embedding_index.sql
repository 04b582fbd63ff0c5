DROP INDEX notes_embedding_idx;
