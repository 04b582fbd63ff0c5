DROP INDEX bots_profile_embedding_idx;
ALTER TABLE bots DROP COLUMN profile_embedding;
