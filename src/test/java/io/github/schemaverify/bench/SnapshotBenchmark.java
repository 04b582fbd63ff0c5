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
 * Issues 3 and 12: snapshot of 1,000 tables with 3 indexes each (one HNSW), a trigger, a grant, a column grant, storage
 * parameters, a column storage setting and an extended statistics object each, and every 10th with a view that has
 * options, a grant, an INSTEAD OF trigger and a rule; against 2,000. The database also holds a collation, a range type, an
 * aggregate, a cast, a publication, an event trigger and default privileges.
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
                    st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bench_reader') THEN"
                            + " CREATE ROLE bench_reader; END IF; END $$");
                    st.execute("CREATE COLLATION c_copy FROM \"C\"; CREATE TYPE span AS RANGE (SUBTYPE = integer);"
                            + " CREATE AGGREGATE product(double precision) (SFUNC = float8mul, STYPE = double precision);"
                            + " CREATE CAST (span AS text) WITH INOUT; CREATE PUBLICATION pub FOR ALL TABLES;"
                            + " CREATE FUNCTION on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;"
                            + " CREATE EVENT TRIGGER on_ddl ON ddl_command_end EXECUTE FUNCTION on_ddl();"
                            + " ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO bench_reader");
                    StringBuilder ddl = new StringBuilder();
                    for (int i = 0; i < sizes[k]; i++) {
                        ddl.append("CREATE TABLE t_").append(i).append(" (id bigint PRIMARY KEY, name text NOT NULL, e vector(3));")
                                .append("CREATE INDEX t_").append(i).append("_name_idx ON t_").append(i).append(" (name);")
                                .append("CREATE INDEX t_").append(i).append("_e_idx ON t_").append(i)
                                .append(" USING hnsw (e vector_cosine_ops) WITH (m = 16, ef_construction = 64);")
                                .append("CREATE TRIGGER t_").append(i).append("_touch BEFORE UPDATE ON t_").append(i)
                                .append(" FOR EACH ROW EXECUTE FUNCTION touch();")
                                .append("GRANT UPDATE (name) ON t_").append(i).append(" TO bench_reader;")
                                .append("ALTER TABLE t_").append(i).append(" SET (fillfactor = 90);")
                                .append("ALTER TABLE t_").append(i).append(" ALTER COLUMN name SET STORAGE MAIN;")
                                .append("CREATE STATISTICS t_").append(i).append("_stats ON id, name FROM t_").append(i).append(';');
                        if (i % 10 == 0) {
                            ddl.append("CREATE VIEW v_").append(i).append(" WITH (security_barrier = true) AS SELECT id, name FROM t_")
                                    .append(i).append(';')
                                    .append("CREATE TRIGGER v_").append(i).append("_insert INSTEAD OF INSERT ON v_").append(i)
                                    .append(" FOR EACH ROW EXECUTE FUNCTION touch();")
                                    .append("CREATE RULE v_").append(i).append("_no_delete AS ON DELETE TO v_").append(i)
                                    .append(" DO INSTEAD NOTHING;");
                        }
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
                System.out.printf("  %,5d tables (%,d indexes, %,d triggers, %,d grants, %,d statistics, %,d views): snapshot %s%n",
                        sizes[k], last.indexes().size(), last.tables().stream().mapToInt(t -> t.triggers().size()).sum(),
                        last.tables().stream().mapToInt(t -> t.privileges().size()
                                + t.columns().stream().mapToInt(c -> c.privileges().size()).sum()).sum(),
                        last.tables().stream().mapToInt(t -> t.statistics().size()).sum(), last.views().size(), stats);
                manager.drop(db);
            }
            System.out.printf("  ratio 2,000 / 1,000: %.2fx   targets: 1,000 tables <= 100 ms, ratio <= 2.3x%n", medians[1] / medians[0]);
        }
    }
}
