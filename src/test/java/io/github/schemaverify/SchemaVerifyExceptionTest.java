package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

class SchemaVerifyExceptionTest {

    private static String printed(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void a_printed_trace_shows_each_cause_on_one_line_and_the_chain_stays_on_the_exception() {
        SQLException root = new SQLException("ERROR: relation \"bots\" does not exist\n  Position: 15", "42P01");
        RuntimeException flyway = new RuntimeException("Migration V2__bots.sql failed\n-----\nSQL State  : 42P01\n...", root);
        MigrationException e = new MigrationException("V2__bots.sql line 1 failed: ERROR: relation \"bots\" does not exist."
                + " Fix the script.", flyway);

        String trace = printed(e);

        assertThat(e.getCause()).isSameAs(flyway);
        assertThat(e.getCause().getCause()).isSameAs(root);
        assertThat(trace).startsWith("io.github.schemaverify.MigrationException: V2__bots.sql line 1 failed: ERROR: relation"
                + " \"bots\" does not exist. Fix the script.")
                .contains("\tat io.github.schemaverify.SchemaVerifyExceptionTest.a_printed_trace_shows_each_cause_on_one_line")
                .endsWith("Caused by: java.lang.RuntimeException: Migration V2__bots.sql failed ...\n"
                        + "Caused by: java.sql.SQLException: ERROR: relation \"bots\" does not exist ...\n"
                        + "\t(the causes' frames are left out; getCause() has them, schemaverify.stackTraces=full prints them)\n")
                .doesNotContain("SQL State");
    }

    @Test
    void an_exception_without_a_cause_prints_as_usual() {
        String trace = printed(new ServerException("Server LOCAL found no binaries."));

        assertThat(trace).startsWith("io.github.schemaverify.ServerException: Server LOCAL found no binaries.\n\tat ")
                .doesNotContain("Caused by", "left out");
    }
}
