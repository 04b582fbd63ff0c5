package io.github.schemaverify.internal.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.schemaverify.MigratedDatabase;

/**
 * The observed run applies a script as the plain run does (one transaction, or each statement on its own), statement by
 * statement through the observer, and fails and rolls back the same way.
 */
@MigratedDatabase(locations = "classpath:fixtures/tracker")
class ScriptRunnerObserverTest {

    /** Records what it is shown, and on the connection what the transaction holds so far. */
    private static final class Recording implements ScriptRunner.Observer {
        final List<String> seen = new ArrayList<>();
        private final Connection c;

        Recording(Connection c) {
            this.c = c;
        }

        @Override
        public void statement(SqlScript.Statement statement, boolean transactional, ScriptRunner.Step step) throws SQLException {
            seen.add("line " + statement.line() + (transactional ? " in a transaction: " : " on its own: ") + statement.sql());
            step.run();
        }

        @Override
        public void commit(ScriptRunner.Step commit) throws SQLException {
            seen.add("commit after " + count(c, "SELECT count(*) FROM pg_class WHERE relname = 't'") + " table t");
            commit.run();
        }
    }

    private static MigrationFile script(String content) {
        return MigrationFile.of("V9__script.sql", "classpath:scripts/V9__script.sql", content);
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void a_transactional_script_goes_statement_by_statement_then_commits_once(Connection c) throws SQLException {
        Recording observer = new Recording(c);
        var applied = ScriptRunner.runObserved(c, ScriptRunner.Session.of(c), script("CREATE TABLE t (id int);\n\n"
                + "INSERT INTO t VALUES (1), (2);\nDO $$ BEGIN RAISE NOTICE 'seeded %', (SELECT count(*) FROM t); END $$;\n"),
                Map.of(), observer);

        assertThat(observer.seen).containsExactly("line 1 in a transaction: CREATE TABLE t (id int)",
                "line 3 in a transaction: INSERT INTO t VALUES (1), (2)",
                "line 4 in a transaction: DO $$ BEGIN RAISE NOTICE 'seeded %', (SELECT count(*) FROM t); END $$",
                "commit after 1 table t");
        assertThat(applied.notices()).containsExactly("seeded 2");
        assertThat(count(c, "SELECT count(*) FROM t")).isEqualTo(2);
        assertThat(c.getAutoCommit()).isTrue();
    }

    @Test
    void a_script_with_concurrently_runs_each_statement_on_its_own_and_never_commits(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id int)");
        }
        Recording observer = new Recording(c);
        ScriptRunner.runObserved(c, ScriptRunner.Session.of(c), script("CREATE INDEX CONCURRENTLY t_id ON t (id);\n"), Map.of(),
                observer);

        assertThat(observer.seen).containsExactly("line 1 on its own: CREATE INDEX CONCURRENTLY t_id ON t (id)");
    }

    @Test
    void a_failing_statement_is_named_and_nothing_of_the_script_stays(Connection c) throws SQLException {
        Recording observer = new Recording(c);
        assertThatThrownBy(() -> ScriptRunner.runObserved(c, ScriptRunner.Session.of(c), script("CREATE TABLE t (id int);\n"
                + "INSERT INTO t VALUES ('one');\n"), Map.of(), observer))
                .isInstanceOf(ScriptRunner.Failure.class)
                .hasMessage("V9__script.sql failed at line 2: ERROR: invalid input syntax for type integer: \"one\"\n"
                        + "  in the statement at line 2:\n    INSERT INTO t VALUES ('one')\n"
                        + "Fix the statement in classpath:scripts/V9__script.sql.");
        assertThat(observer.seen).hasSize(2);
        assertThat(count(c, "SELECT count(*) FROM pg_class WHERE relname = 't'")).isZero();
        assertThat(c.getAutoCommit()).isTrue();
    }

    @Test
    void an_observer_that_fails_rolls_the_script_back_instead_of_committing_half_of_it(Connection c) throws SQLException {
        ScriptRunner.Observer failing = new ScriptRunner.Observer() {
            @Override
            public void statement(SqlScript.Statement statement, boolean transactional, ScriptRunner.Step step) throws SQLException {
                step.run();
                if (statement.line() == 2) {
                    throw new IllegalStateException("observer broke");
                }
            }

            @Override
            public void commit(ScriptRunner.Step commit) throws SQLException {
                commit.run();
            }
        };
        assertThatThrownBy(() -> ScriptRunner.runObserved(c, ScriptRunner.Session.of(c), script("CREATE TABLE t (id int);\n"
                + "INSERT INTO t VALUES (1);\n"), Map.of(), failing)).hasMessage("observer broke");
        assertThat(count(c, "SELECT count(*) FROM pg_class WHERE relname = 't'")).isZero();
        assertThat(c.getAutoCommit()).isTrue();
    }
}
