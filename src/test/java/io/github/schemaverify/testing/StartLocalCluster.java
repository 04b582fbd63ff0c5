package io.github.schemaverify.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;

import io.github.schemaverify.internal.server.LocalCluster;

/**
 * Starts a LOCAL cluster in a JVM of its own (run as another OS user by a test), queries it, prints "OK dir", stops it.
 * The work directory comes from {@code -Dschemaverify.pg.workDir}, as the extension's settings would give it.
 */
public final class StartLocalCluster {
    private StartLocalCluster() {
    }

    public static void main(String[] args) throws Exception {
        try (LocalCluster cluster = LocalCluster.start(Optional.empty(), "postgres", Optional.empty(),
                Optional.ofNullable(System.getProperty("schemaverify.pg.workDir")));
             Connection c = cluster.connect("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            System.out.println("OK " + cluster.directory());
        }
    }
}
