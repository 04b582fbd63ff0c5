package io.github.schemaverify.bench;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

import io.github.schemaverify.internal.catalog.CatalogReader;
import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.server.LocalCluster;
import io.github.schemaverify.schema.SchemaSnapshot;

/**
 * Issue 3's figures: snapshot of 1,000 tables with 3 indexes each (one HNSW) and a trigger each, against 2,000.
 * Run: {@code scripts/bench.sh SnapshotBenchmark}
 */
public final class SnapshotBenchmark {

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("runs", 7);
        try (LocalCluster server = LocalCluster.start(Optional.empty(), "postgres", Optional.empty());
             DatabaseManager manager = new DatabaseManager(server)) {
            double[] medians = new double[2];
            int[] sizes = {1000, 2000};
            for (int k = 0; k < sizes.length; k++) {
                String db = manager.empty();
                try (Connection c = server.connect(db); Statement st = c.createStatement()) {
                    st.execute("CREATE EXTENSION vector");
                    st.execute("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$");
                    StringBuilder ddl = new StringBuilder();
                    for (int i = 0; i < sizes[k]; i++) {
                        ddl.append("CREATE TABLE t_").append(i).append(" (id bigint PRIMARY KEY, name text NOT NULL, e vector(3));")
                                .append("CREATE INDEX t_").append(i).append("_name_idx ON t_").append(i).append(" (name);")
                                .append("CREATE INDEX t_").append(i).append("_e_idx ON t_").append(i)
                                .append(" USING hnsw (e vector_cosine_ops) WITH (m = 16, ef_construction = 64);")
                                .append("CREATE TRIGGER t_").append(i).append("_touch BEFORE UPDATE ON t_").append(i)
                                .append(" FOR EACH ROW EXECUTE FUNCTION touch();");
                        if (i % 200 == 199) {
                            st.execute(ddl.toString());
                            ddl.setLength(0);
                        }
                    }
                    if (ddl.length() > 0) {
                        st.execute(ddl.toString());
                    }
                    st.execute("ANALYZE");
                }
                Stats stats = new Stats();
                SchemaSnapshot last = null;
                try (Connection c = server.connect(db)) {
                    CatalogReader reader = new CatalogReader(List.of("public"));
                    for (int r = 0; r < runs + 2; r++) {
                        long t0 = System.nanoTime();
                        last = reader.read(c);
                        long t1 = System.nanoTime();
                        if (r >= 2) {
                            stats.add(t1 - t0);
                        }
                    }
                }
                medians[k] = stats.median();
                System.out.printf("  %,5d tables (%,d indexes, %,d triggers): snapshot %s%n", sizes[k], last.indexes().size(),
                        last.tables().stream().mapToInt(t -> t.triggers().size()).sum(), stats);
                manager.drop(db);
            }
            System.out.printf("  ratio 2,000 / 1,000: %.2fx   targets: 1,000 tables <= 500 ms, ratio <= 2.3x%n", medians[1] / medians[0]);
        }
    }
}
