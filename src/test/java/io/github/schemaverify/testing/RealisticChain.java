package io.github.schemaverify.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated migration history with the mix a real one has, each revision with its undo script: revision 1 creates
 * the vector extension; after it, in turn, a table (identity key, default, check), a column with a partial index, a
 * child table with a foreign key, a unique expression index, an enum column, a vector table with an HNSW index, a
 * trigger with its function, a view, a sequence-backed column, a named check constraint.
 */
public final class RealisticChain {
    private static final int KINDS = 10;

    private RealisticChain() {
    }

    /** Writes {@code V<n>__...sql} and {@code U<n>__...sql} for revisions 1 to {@code revisions} into {@code dir}. */
    public static Path write(Path dir, int revisions) throws IOException {
        Files.createDirectories(dir);
        for (int r = 1; r <= revisions; r++) {
            String[] upDown = revision(r);
            Files.writeString(dir.resolve("V" + r + "__" + upDown[0] + ".sql"), upDown[1]);
            Files.writeString(dir.resolve("U" + r + "__" + upDown[0] + ".sql"), upDown[2]);
        }
        return dir;
    }

    /** Name, up script and undo script of revision {@code r}. */
    public static String[] revision(int r) {
        if (r == 1) {
            return new String[] {"vector", "CREATE EXTENSION IF NOT EXISTS vector;\n", "DROP EXTENSION vector;\n"};
        }
        int kind = (r - 2) % KINDS;
        String t = "t_" + (r - kind); // created by the revision of kind 0 at or before this one
        return switch (kind) {
            case 0 -> new String[] {"table_" + t, "CREATE TABLE " + t + " (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
                    + "  name text NOT NULL,\n  created_at timestamptz NOT NULL DEFAULT now(),\n  CHECK (length(name) < 200)\n);\n",
                    "DROP TABLE " + t + ";\n"};
            case 1 -> new String[] {"note_" + t, "ALTER TABLE " + t + " ADD COLUMN note text;\nCREATE INDEX " + t + "_note_idx ON "
                    + t + " (note) WHERE note IS NOT NULL;\n", "DROP INDEX " + t + "_note_idx;\nALTER TABLE " + t + " DROP COLUMN note;\n"};
            case 2 -> new String[] {"child_" + r, "CREATE TABLE child_" + r + " (\n  id bigint PRIMARY KEY,\n  parent_id bigint NOT NULL"
                    + " REFERENCES " + t + " (id) ON DELETE CASCADE,\n  body text\n);\nCREATE INDEX child_" + r + "_parent_idx ON child_"
                    + r + " (parent_id);\n", "DROP TABLE child_" + r + ";\n"};
            case 3 -> new String[] {"unique_name_" + t, "CREATE UNIQUE INDEX " + t + "_lower_name_key ON " + t + " (lower(name));\n",
                    "DROP INDEX " + t + "_lower_name_key;\n"};
            case 4 -> new String[] {"status_" + t, "CREATE TYPE status_" + r + " AS ENUM ('new', 'active', 'archived');\nALTER TABLE "
                    + t + " ADD COLUMN status status_" + r + " NOT NULL DEFAULT 'new';\n", "ALTER TABLE " + t + " DROP COLUMN status;\n"
                    + "DROP TYPE status_" + r + ";\n"};
            case 5 -> new String[] {"embeddings_" + r, "CREATE TABLE emb_" + r + " (\n  id bigint PRIMARY KEY,\n  embedding vector(16)\n);\n"
                    + "CREATE INDEX emb_" + r + "_embedding_idx ON emb_" + r + " USING hnsw (embedding vector_cosine_ops)"
                    + " WITH (m = 8, ef_construction = 32);\n", "DROP TABLE emb_" + r + ";\n"};
            case 6 -> new String[] {"touch_" + t, "CREATE FUNCTION touch_" + r + "() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
                    + "  NEW.created_at := now();\n  RETURN NEW;\nEND;\n$$;\nCREATE TRIGGER " + t + "_touch BEFORE UPDATE ON " + t
                    + " FOR EACH ROW EXECUTE FUNCTION touch_" + r + "();\n", "DROP TRIGGER " + t + "_touch ON " + t + ";\nDROP FUNCTION touch_"
                    + r + "();\n"};
            case 7 -> new String[] {"view_" + r, "CREATE VIEW v_" + r + " AS SELECT id, name FROM " + t + " WHERE note IS NOT NULL;\n",
                    "DROP VIEW v_" + r + ";\n"};
            case 8 -> new String[] {"code_" + t, "CREATE SEQUENCE seq_" + r + ";\nALTER TABLE " + t + " ADD COLUMN code bigint NOT NULL"
                    + " DEFAULT nextval('seq_" + r + "');\n", "ALTER TABLE " + t + " DROP COLUMN code;\nDROP SEQUENCE seq_" + r + ";\n"};
            default -> new String[] {"name_check_" + t, "ALTER TABLE " + t + " ADD CONSTRAINT " + t + "_name_not_blank CHECK (name <> '');\n",
                    "ALTER TABLE " + t + " DROP CONSTRAINT " + t + "_name_not_blank;\n"};
        };
    }
}
