package io.github.schemaverify.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

import io.github.schemaverify.internal.catalog.CatalogReader;
import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.server.LocalCluster;
import io.github.schemaverify.internal.verify.DataFingerprint;
import io.github.schemaverify.schema.SchemaSnapshot;

/**
 * What an idempotency check's data fingerprint costs on a seeded table ({@code -Drows=200000}, 8 columns of common types):
 * SchemaVerify's fingerprint (the rows' hash and a digest per column, in one scan), beside the rows' hash alone and the
 * digest per column it replaced (an md5 over each column's values sorted, a sort per column), interleaved.
 * Run: {@code scripts/bench.sh FingerprintBenchmark [-Drows=200000] [-Druns=7]}
 */
public final class FingerprintBenchmark {
    private static final List<String> COLUMNS = List.of("id", "a", "b", "c", "d", "e", "f", "j");

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("rows", 200_000);
        int runs = Integer.getInteger("runs", 7);
        try (LocalCluster server = LocalCluster.start(Optional.empty(), "postgres", Optional.empty());
             DatabaseManager manager = new DatabaseManager(server)) {
            String db = manager.empty();
            try (Connection c = server.connect(db); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t AS SELECT g AS id, md5(g::text) AS a, g % 97 AS b, timestamptz '2026-01-01'"
                        + " - g * interval '1 min' AS c, (g % 3 = 0) AS d, repeat('x', g % 50) AS e, g::numeric / 7 AS f,"
                        + " jsonb_build_object('k', g) AS j FROM generate_series(1, " + rows + ") g");
                st.execute("ANALYZE t");
                StringBuilder sorted = new StringBuilder("SELECT count(*), coalesce(md5(string_agg(x::text, E'\\n' ORDER BY"
                        + " x::text)), ''), ARRAY[");
                for (int i = 0; i < COLUMNS.size(); i++) {
                    String column = "x." + COLUMNS.get(i) + "::text";
                    sorted.append(i == 0 ? "" : ", ").append("coalesce(md5(string_agg(").append(column)
                            .append(", E'\\n' ORDER BY ").append(column).append(")), '')");
                }
                sorted.append("]::text[] FROM public.t x");
                String rowsAlone = "SELECT count(*), coalesce(md5(string_agg(x::text, E'\\n' ORDER BY x::text)), '') FROM public.t x";
                CatalogReader reader = new CatalogReader(List.of("public"));
                SchemaSnapshot schema = reader.read(c);
                Stats fingerprint = new Stats();
                Stats alone = new Stats();
                Stats perColumnSorted = new Stats();
                for (int r = 0; r < runs + 1; r++) {
                    long t0 = System.nanoTime();
                    DataFingerprint.of(c, schema, reader.sessionStart());
                    long t1 = System.nanoTime();
                    drain(st, rowsAlone);
                    long t2 = System.nanoTime();
                    drain(st, sorted.toString());
                    long t3 = System.nanoTime();
                    if (r > 0) { // the first round warms the server's caches
                        fingerprint.add(t1 - t0);
                        alone.add(t2 - t1);
                        perColumnSorted.add(t3 - t2);
                    }
                }
                System.out.printf("== a table of %,d rows and %d columns, LOCAL PostgreSQL%n", rows, COLUMNS.size());
                System.out.println("  the rows' hash alone:                                   " + alone);
                System.out.println("  DataFingerprint (rows' hash, a digest per column):      " + fingerprint);
                System.out.println("  the rows' hash and an md5 per column over sorted values: " + perColumnSorted);
                System.out.printf("  ratio DataFingerprint / rows' hash alone (median): %.2fx;  md5 per sorted column / rows' hash"
                        + " alone: %.2fx%n", fingerprint.median() / alone.median(), perColumnSorted.median() / alone.median());
            }
        }
    }

    private static void drain(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rs.getString(1);
            }
        }
    }
}
