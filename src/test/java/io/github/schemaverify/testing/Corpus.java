package io.github.schemaverify.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.github.schemaverify.internal.compat.Compatibility;

/**
 * The corpus of tricky scripts (fixtures/corpus), with the parts that need a newer server or Flyway added when the
 * run has them: {@code BEGIN ATOMIC} bodies need PostgreSQL 14, and a {@code CASE ... END} inside one is split
 * correctly by Flyway 13 (Flyway 10 ends the body at the CASE's END).
 */
public final class Corpus {

    private Corpus() {
    }

    /** The corpus's locations for the server of the cluster and the Flyway on the class path. */
    public static List<String> locations(TestCluster cluster) {
        int server;
        try (Connection c = cluster.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int")) {
            rs.next();
            server = rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        int flyway = Compatibility.flywayVersion(Corpus.class.getClassLoader())
                .map(v -> Integer.parseInt(v.split("\\.")[0])).orElse(0);
        List<String> locations = new ArrayList<>(List.of("classpath:fixtures/corpus"));
        if (server >= 140000) {
            locations.add("classpath:fixtures/corpus_atomic");
            if (flyway >= 13) {
                locations.add("classpath:fixtures/corpus_atomic_case");
            }
        }
        return locations;
    }
}
