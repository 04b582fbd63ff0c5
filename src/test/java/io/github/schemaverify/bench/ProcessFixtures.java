package io.github.schemaverify.bench;

import java.sql.SQLException;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.VerifyRoundTrip;

/** The test classes the process-level benchmark runs, each in a JVM of its own; locations and server come as properties. */
public final class ProcessFixtures {
    private ProcessFixtures() {
    }

    /** A test without SchemaVerify: what JUnit's own start costs. */
    public static class Plain {
        @Test
        void nothing() {
        }
    }

    /** Only {@code @MigratedDatabase} and one test that uses its database. */
    @MigratedDatabase
    public static class MigratedOnly {
        @Test
        void uses_the_database(DataSource ds) throws SQLException {
            try (var c = ds.getConnection(); var st = c.createStatement()) {
                st.execute("SELECT 1");
            }
        }
    }

    /** Only {@code @VerifyRoundTrip}. */
    @MigratedDatabase
    public static class RoundTripOnly {
        @VerifyRoundTrip
        void every_revision_goes_up_down_and_up() {
        }
    }
}
