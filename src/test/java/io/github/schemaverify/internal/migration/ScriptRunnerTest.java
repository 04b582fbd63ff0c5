package io.github.schemaverify.internal.migration;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.schemaverify.MigratedDatabase;

/**
 * A transactional script goes to the server in one round trip; when it fails, it runs again statement by statement
 * (rolled back) only to name the statement that fails.
 */
@MigratedDatabase(locations = "classpath:fixtures/tracker")
class ScriptRunnerTest {

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
    void a_script_runs_whole_in_one_transaction_with_its_notices(Connection c) throws SQLException {
        var notices = ScriptRunner.run(c, ScriptRunner.Session.of(c), script("CREATE TABLE t (id int);\n"
                + "INSERT INTO t VALUES (1), (2);\nDO $$ BEGIN RAISE NOTICE 'seeded %', (SELECT count(*) FROM t); END $$;\n"),
                Map.of());

        assertThat(notices).containsExactly("seeded 2");
        assertThat(count(c, "SELECT count(*) FROM t")).isEqualTo(2);
        assertThat(c.getAutoCommit()).isTrue();
    }

    @Test
    void a_failing_statement_is_named_with_its_line_and_nothing_of_the_script_stays(Connection c) throws SQLException {
        assertThatThrownBy(() -> ScriptRunner.run(c, ScriptRunner.Session.of(c), script("CREATE TABLE t (id int);\n"
                + "INSERT INTO t VALUES (1);\nINSERT INTO t\n  VALUES ('one');\n"), Map.of()))
                .isInstanceOf(ScriptRunner.Failure.class)
                .hasMessage("V9__script.sql failed at line 4: ERROR: invalid input syntax for type integer: \"one\"\n"
                        + "  in the statement at line 3:\n    INSERT INTO t\n      VALUES ('one')\n"
                        + "Fix the statement in classpath:scripts/V9__script.sql.");
        assertThat(count(c, "SELECT count(*) FROM pg_class WHERE relname = 't'")).isZero();
        assertThat(c.getAutoCommit()).isTrue();
    }

    @Test
    void a_statement_that_fails_inside_a_do_block_is_named_as_postgresql_names_it(Connection c) {
        // found on Mattermost's history (its U67, a DO block of eight lines, narrows a column inside): the block alone
        // was quoted, cut to its first lines, and the statement that failed was not among them
        assertThatThrownBy(() -> ScriptRunner.run(c, ScriptRunner.Session.of(c), script("CREATE TABLE t (id int, name text);\n"
                + "INSERT INTO t VALUES (1, 'a name');\nDO $$\nBEGIN\n  IF true THEN\n    ALTER TABLE t\n      ALTER COLUMN"
                + " name TYPE varchar(2);\n  END IF;\nEND $$;\n"), Map.of()))
                .isInstanceOf(ScriptRunner.Failure.class)
                .hasMessage("V9__script.sql failed at line 3: ERROR: value too long for type character varying(2)\n"
                        + "  in the statement at line 3:\n    DO $$\n    BEGIN\n      IF true THEN\n        ALTER TABLE t\n"
                        + "          ALTER COLUMN name TYPE varchar(2);\n      END IF;\n    ... (1 more lines)\n"
                        + "  where it ran, inside it:\n    ALTER TABLE t\n          ALTER COLUMN name TYPE varchar(2)\n"
                        + "Fix the statement in classpath:scripts/V9__script.sql.");
        // a quoted name at a line's end is no end of the statement PostgreSQL quotes (it does not escape its quotes)
        assertThatThrownBy(() -> ScriptRunner.run(c, ScriptRunner.Session.of(c), script("CREATE TABLE \"Users\" (id int,"
                + " name varchar(2));\nINSERT INTO \"Users\" VALUES (1, 'a');\nDO $$\nBEGIN\n  UPDATE \"Users\"\n    SET name"
                + " = 'abc';\nEND $$;\n"), Map.of()))
                .isInstanceOf(ScriptRunner.Failure.class)
                .hasMessageContaining("  where it ran, inside it:\n    UPDATE \"Users\"\n        SET name = 'abc'\nFix the");
        // an error the block raises itself names no statement inside it
        assertThatThrownBy(() -> ScriptRunner.run(c, ScriptRunner.Session.of(c), script("DO $$ BEGIN RAISE EXCEPTION"
                + " 'not yet'; END $$;\n"), Map.of()))
                .isInstanceOf(ScriptRunner.Failure.class)
                .hasMessageNotContaining("inside it");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "in one round trip|''|0",
        "statement by statement|'CREATE FUNCTION one() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;\n'|2"})
    void a_session_the_server_ends_is_told_as_the_servers_doing_not_the_scripts(String path, String before, int line,
            Connection c) {
        // found by a reliability probe that stopped the server under a walk: the revision's failure read "Could not restore
        // the role and search_path ... This connection has been closed", the server's own words lost; a statement that
        // fails so is no verdict on its script (a function whose call does not show what it does stands here for another
        // session's ending this one: the statement's text shows no pg_terminate_backend)
        assertThatThrownBy(() -> ScriptRunner.run(c, ScriptRunner.Session.of(c), script("CREATE TABLE t (id int);\n"
                + "CREATE FUNCTION bye() RETURNS boolean LANGUAGE sql AS $$SELECT pg_terminate_backend(pg_backend_pid())$$;\n"
                + before + "SELECT bye();\n"), Map.of()))
                .isInstanceOf(SessionEnded.class)
                .hasMessage("The server ended the session while V9__script.sql ran (" + (line > 0 ? "at its line " + (line + 2)
                        + "; " : "") + "57P01: terminating connection due to administrator command): the server stopped,"
                        + " restarted or crashed, another session ended this one (pg_terminate_backend), or the connection was"
                        + " lost (the network, a pooler's limit). That is no verdict on V9__script.sql; where a statement of it"
                        + " crashed the server, the server's log says so. Run again once the server takes sessions.")
                .satisfies(e -> assertThat(((SessionEnded) e).byItself()).isFalse());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "in one round trip|''|3",
        "statement by statement|'CREATE FUNCTION one() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;\n'|4"})
    void a_statement_that_ends_its_own_session_is_told_as_the_scripts_doing(String path, String before, int line,
            Connection c) {
        // found by a re-walk of real histories: a script that ends the sessions of its database ("pg_terminate_backend(pid)
        // FROM pg_stat_activity WHERE datname = current_database()", its own not left out) was told "no verdict, run
        // again", and every run ends so, as Flyway's does
        assertThatThrownBy(() -> ScriptRunner.run(c, ScriptRunner.Session.of(c), script("CREATE TABLE t (id int);\n"
                + "-- end the other sessions first\n" + before + "SELECT pg_terminate_backend(pid)\n  FROM pg_stat_activity"
                + " WHERE datname = current_database();\n"), Map.of()))
                .isInstanceOf(SessionEnded.class)
                .hasMessage("V9__script.sql ended its own session at line " + line + " (57P01: terminating connection due to"
                        + " administrator command): the statement calls pg_terminate_backend, and the sessions it ends include"
                        + " the one that runs it. Flyway's session ends so too, and the migration fails there.\n"
                        + "  in the statement at line " + line + ":\n"
                        + "    SELECT pg_terminate_backend(pid)\n"
                        + "      FROM pg_stat_activity WHERE datname = current_database()\n"
                        + "Leave the session that runs the script out (pid <> pg_backend_pid()) in classpath:scripts/V9__script.sql: a migration"
                        + " cannot end its own session.")
                .satisfies(e -> assertThat(((SessionEnded) e).byItself()).isTrue());
    }

    @Test
    void a_do_block_that_ends_its_own_session_is_told_as_the_scripts_doing(Connection c) {
        assertThatThrownBy(() -> ScriptRunner.run(c, ScriptRunner.Session.of(c), script("CREATE TABLE t (id int);\n"
                + "DO $$\nBEGIN\n  PERFORM pg_terminate_backend(pg_backend_pid());\nEND $$;\n"), Map.of()))
                .isInstanceOf(SessionEnded.class)
                .hasMessage("V9__script.sql ended its own session at line 2 (57P01: terminating connection due to"
                        + " administrator command): the statement calls pg_terminate_backend, and the sessions it ends include"
                        + " the one that runs it. Flyway's session ends so too, and the migration fails there.\n"
                        + "  in the statement at line 2:\n"
                        + "    DO $$\n"
                        + "    BEGIN\n"
                        + "      PERFORM pg_terminate_backend(pg_backend_pid());\n"
                        + "    END $$\n"
                        + "Take that statement out of classpath:scripts/V9__script.sql: a migration cannot end its own session.")
                .satisfies(e -> assertThat(((SessionEnded) e).byItself()).isTrue());
    }

    @Test
    void a_statement_that_leaves_its_own_session_out_is_not_told_to_have_ended_it(Connection c) {
        // the statement ends other sessions, and leaves its own out: the session that ended, here by a function the text
        // does not show (standing for another session's ending it), is no verdict on it
        assertThatThrownBy(() -> ScriptRunner.run(c, ScriptRunner.Session.of(c), script("CREATE FUNCTION bye() RETURNS"
                + " boolean LANGUAGE sql AS $$SELECT pg_terminate_backend(pg_backend_pid())$$;\nSELECT bye() FROM (SELECT"
                + " count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <>"
                + " pg_backend_pid()) others;\n"),
                Map.of()))
                .isInstanceOf(SessionEnded.class)
                .hasMessageStartingWith("The server ended the session while V9__script.sql ran")
                .satisfies(e -> assertThat(((SessionEnded) e).byItself()).isFalse());
    }

    @Test
    void of_two_statements_that_end_sessions_in_one_round_trip_the_first_that_ends_its_own_is_named(Connection c) {
        // a re-walk found a script with two such statements told "no verdict, run again", where every run ends at the
        // first: the statements before it end none of its own
        assertThatThrownBy(() -> ScriptRunner.run(c, ScriptRunner.Session.of(c), script("SELECT"
                + " count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = 'elsewhere' AND pid <>"
                + " pg_backend_pid();\nSELECT pg_terminate_backend(pg_backend_pid());\nSELECT"
                + " pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database();\n"), Map.of()))
                .isInstanceOf(SessionEnded.class)
                .hasMessageStartingWith("V9__script.sql ended its own session at line 2 (57P01")
                .satisfies(e -> assertThat(((SessionEnded) e).byItself()).isTrue());
    }

    @Test
    void a_failure_that_does_not_repeat_is_reported_as_it_came_and_rolled_back(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE SEQUENCE runs");
        }
        // a sequence does not roll back: the first run divides by zero, the second (which names the statement) does not
        assertThatThrownBy(() -> ScriptRunner.run(c, ScriptRunner.Session.of(c), script("CREATE TABLE t (id int);\n"
                + "INSERT INTO t SELECT 1 / (nextval('runs') - 1);\n"), Map.of()))
                .isInstanceOf(ScriptRunner.Failure.class)
                .hasMessage("V9__script.sql failed: ERROR: division by zero\n  (the failure did not repeat when the"
                        + " statements ran one by one)\nFix the script classpath:scripts/V9__script.sql.");
        assertThat(count(c, "SELECT count(*) FROM pg_class WHERE relname = 't'")).isZero();
    }

    @Test
    void the_tables_the_callbacks_around_a_script_write_to_are_told_apart_in_one_round_trip_and_statement_by_statement(
            Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE audit (what text); CREATE TABLE started (what text); CREATE TABLE notes (id int);"
                    + " CREATE TABLE tags (id int)");
        }
        MigrationFile before = MigrationFile.of("beforeEachMigrate.sql", "classpath:scripts/beforeEachMigrate.sql",
                "INSERT INTO started VALUES ('before');\n");
        MigrationFile after = MigrationFile.of("afterEachMigrate.sql", "classpath:scripts/afterEachMigrate.sql",
                "INSERT INTO audit VALUES ('after');\n");
        // one round trip; then a script with a function body of its own (BEGIN ATOMIC), which runs statement by statement
        for (String content : List.of("INSERT INTO notes VALUES (1);\n", "INSERT INTO notes VALUES (2);\n"
                + "CREATE FUNCTION one() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;\n")) {
            ScriptRunner.Writes writes = ScriptRunner.run(c, ScriptRunner.Session.of(c), script(content), List.of(before),
                    List.of(after), Map.of(), true).writes();
            assertThat(writes.written()).containsExactlyInAnyOrder("public.audit", "public.started", "public.notes");
            assertThat(writes.byCallbacks()).containsExactlyInAnyOrder("public.audit", "public.started");
        }
        // the script writes to the callbacks' table too: it is theirs as well; without callbacks, none is theirs
        assertThat(ScriptRunner.run(c, ScriptRunner.Session.of(c), script("INSERT INTO audit VALUES ('script');\n"),
                List.of(), List.of(after), Map.of(), true).writes().byCallbacks()).containsExactly("public.audit");
        assertThat(ScriptRunner.run(c, ScriptRunner.Session.of(c), script("INSERT INTO tags VALUES (1);\n"), List.of(),
                List.of(), Map.of(), true).writes().byCallbacks()).isEmpty();
        assertThat(count(c, "SELECT count(*) FROM audit")).isEqualTo(4);
    }

    private static List<String> prepared(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT name FROM pg_prepared_statements"
                + " WHERE name LIKE 'schemaverify%' ORDER BY name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    @Test
    void what_a_script_wrote_is_probed_by_statements_the_session_prepares_once_and_again_after_a_script_deallocates_them(
            Connection c) throws SQLException {
        ScriptRunner.Session session = ScriptRunner.Session.of(c);
        var first = ScriptRunner.run(c, session, script("CREATE TABLE t (id int);\nINSERT INTO t VALUES (1);\n"), Map.of(), true);

        assertThat(first.writes().written()).containsExactly("public.t");
        assertThat(first.writes().touched()).containsExactly("public.t");
        assertThat(prepared(c)).containsExactly("schemaverify_touched_columns_probe", "schemaverify_touched_probe",
                "schemaverify_writes_mark", "schemaverify_writes_probe");

        // its own mark and probe run as text (prepared ones would be gone when the probe runs), and later scripts'
        // are prepared again
        var deallocating = ScriptRunner.run(c, session, script("INSERT INTO t VALUES (2);\nDEALLOCATE ALL;\n"
                + "CREATE TABLE u (id int);\n"), Map.of(), true);
        assertThat(deallocating.writes().written()).containsExactly("public.t");
        assertThat(deallocating.writes().touched()).contains("public.u");
        assertThat(prepared(c)).isEmpty();

        var after = ScriptRunner.run(c, session, script("INSERT INTO u VALUES (1);\n"), Map.of(), true);
        assertThat(after.writes().written()).containsExactly("public.u");
        assertThat(prepared(c)).hasSize(4);

        // a script whose writes nobody asked for deallocates them too: the next one that is asked prepares them again
        ScriptRunner.run(c, session, script("INSERT INTO t VALUES (3);\nDEALLOCATE ALL;\n"), Map.of());
        var observed = ScriptRunner.run(c, session, script("INSERT INTO u VALUES (2);\n"), Map.of(), true);
        assertThat(observed.writes().written()).containsExactly("public.u");
        assertThat(prepared(c)).hasSize(4);
        assertThat(count(c, "SELECT count(*) FROM t") + count(c, "SELECT count(*) FROM u")).isEqualTo(5);
    }

    @Test
    void what_a_script_that_ends_its_transaction_wrote_is_not_known(Connection c) throws SQLException {
        // found on real histories written for golang-migrate (BEGIN; ... END;): the mark went with the transaction the
        // script committed, and every table with counts PostgreSQL had not sent off yet read as written, the tables it
        // altered before its COMMIT as untouched
        ScriptRunner.Session session = ScriptRunner.Session.of(c);
        ScriptRunner.run(c, session, script("CREATE TABLE t (id int);\nCREATE TABLE u (id int);\nINSERT INTO u VALUES (1);\n"),
                Map.of(), true);
        for (String end : List.of("END", "COMMIT")) {
            var wrapped = ScriptRunner.run(c, session, script("BEGIN;\nALTER TABLE t ADD COLUMN note text;\n" + end + ";\n"),
                    Map.of(), true);
            assertThat(wrapped.writes().known()).isFalse();
            assertThat(wrapped.writes()).isEqualTo(ScriptRunner.Writes.UNKNOWN);
            ScriptRunner.run(c, session, script("ALTER TABLE t DROP COLUMN note;\n"), Map.of(), true);
        }
        // one that keeps it open is told as before
        var open = ScriptRunner.run(c, session, script("BEGIN;\nINSERT INTO t VALUES (1);\n"), Map.of(), true);
        assertThat(open.writes().written()).containsExactly("public.t");
    }

    @Test
    void a_script_tried_on_the_database_as_a_setup_leaves_it_is_rolled_back_with_the_setup(Connection c) throws SQLException {
        ScriptRunner.Session session = ScriptRunner.Session.of(c);
        ScriptRunner.run(c, session, script("CREATE TABLE docs (id int PRIMARY KEY, body text);\nINSERT INTO docs VALUES (1,"
                + " 'b');\n"), Map.of(), true);
        String setNull = "UPDATE docs SET body = NULL WHERE id = 1";
        MigrationFile setNotNull = script("ALTER TABLE docs ALTER COLUMN body SET NOT NULL;\n");

        ScriptRunner.Tried refused = ScriptRunner.tryRolledBack(c, session, setNotNull, List.of(), List.of(), Map.of(), setNull);
        assertThat(refused.tried()).isTrue();
        assertThat(refused.failure().sqlState()).isEqualTo("23502");
        assertThat(refused.failure().table()).isEqualTo("public.docs");
        assertThat(refused.failure().column()).isEqualTo("body");
        // nothing stays: neither the NULL nor what the script did before failing, and the connection is as scripts leave it
        assertThat(count(c, "SELECT count(*) FROM docs WHERE body = 'b'")).isEqualTo(1);
        assertThat(c.getAutoCommit()).isTrue();

        ScriptRunner.Tried through = ScriptRunner.tryRolledBack(c, session, script("UPDATE docs SET body = '' WHERE body IS"
                + " NULL;\nALTER TABLE docs ALTER COLUMN body SET NOT NULL;\n"), List.of(), List.of(), Map.of(), setNull);
        assertThat(through.tried()).isTrue();
        assertThat(through.failure()).isNull();
        assertThat(count(c, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'docs'::regclass AND attname = 'body' AND"
                + " attnotnull")).isZero();

        // a script wrapped in a transaction of its own is tried without the wrapper, which leaves it one transaction too
        for (String end : List.of("COMMIT", "END")) {
            ScriptRunner.Tried wrapped = ScriptRunner.tryRolledBack(c, session, script("BEGIN;\nALTER TABLE docs ALTER COLUMN"
                    + " body SET NOT NULL;\n" + end + ";\n"), List.of(), List.of(), Map.of(), setNull);
            assertThat(wrapped.failure().sqlState()).isEqualTo("23502");
            assertThat(wrapped.failure().line()).isEqualTo(2);
        }
        // not tried: a script that ends its own transaction otherwise, or a setup the database refuses
        assertThat(ScriptRunner.tryRolledBack(c, session, script("ALTER TABLE docs ALTER COLUMN body SET NOT NULL;\nCOMMIT;\n"
                + "SELECT 1;\n"), List.of(), List.of(), Map.of(), setNull).tried()).isFalse();
        assertThat(ScriptRunner.tryRolledBack(c, session, setNotNull, List.of(), List.of(), Map.of(), "UPDATE nowhere SET x = 1")
                .tried()).isFalse();
        // nor one that prepares a statement, which would stay prepared for its own run to find
        assertThat(ScriptRunner.tryRolledBack(c, session, script("PREPARE fill AS UPDATE docs SET body = '';\nEXECUTE fill;\n"
                + "ALTER TABLE docs ALTER COLUMN body SET NOT NULL;\n"), List.of(), List.of(), Map.of(), setNull).tried()).isFalse();
        assertThat(count(c, "SELECT count(*) FROM pg_prepared_statements WHERE name = 'fill'")).isZero();
        assertThat(count(c, "SELECT count(*) FROM docs WHERE body = 'b'")).isEqualTo(1);
    }

    @Test
    void a_script_may_deallocate_prepared_statements_when_it_names_deallocate_or_discard_as_a_word() {
        assertThat(ScriptRunner.mayDeallocate("DEALLOCATE ALL")).isTrue();
        assertThat(ScriptRunner.mayDeallocate("SELECT 1;\ndiscard all")).isTrue();
        assertThat(ScriptRunner.mayDeallocate("-- we Discard what is old\nDELETE FROM t")).isTrue();
        assertThat(ScriptRunner.mayDeallocate("EXECUTE 'deallocate ' || name")).isTrue();
        assertThat(ScriptRunner.mayDeallocate("ALTER TABLE t ADD COLUMN discarded_at timestamptz")).isFalse();
        assertThat(ScriptRunner.mayDeallocate("CREATE TABLE not_deallocated (id int)")).isFalse();
        assertThat(ScriptRunner.mayDeallocate("UPDATE t SET state = 'discards'")).isFalse();
    }

    @Test
    void probes_gone_behind_a_script_that_does_not_name_it_are_not_the_scripts_failure(Connection c) throws SQLException {
        ScriptRunner.Session session = ScriptRunner.Session.of(c);
        ScriptRunner.run(c, session, script("CREATE TABLE t (id int);\n"
                + "CREATE FUNCTION forget_prepared() RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'DEALL' || 'OCATE ALL'; END $$;\n"),
                Map.of(), true);
        assertThat(prepared(c)).hasSize(4);

        // the function deallocates the probes: the script runs again, rolled back first, with them as text
        var applied = ScriptRunner.run(c, session, script("INSERT INTO t VALUES (1);\nSELECT forget_prepared();\n"), Map.of(), true);

        assertThat(applied.writes().written()).containsExactly("public.t");
        assertThat(count(c, "SELECT count(*) FROM t")).isEqualTo(1);
        var next = ScriptRunner.run(c, session, script("INSERT INTO t VALUES (2);\n"), Map.of(), true);
        assertThat(next.writes().written()).containsExactly("public.t");
        assertThat(prepared(c)).isEmpty(); // the session keeps to text from then on
        assertThat(count(c, "SELECT count(*) FROM t")).isEqualTo(2);
    }

    @Test
    void a_script_run_statement_by_statement_that_deallocates_makes_the_next_observed_one_prepare_them_again(Connection c)
            throws SQLException {
        ScriptRunner.Session session = ScriptRunner.Session.of(c);
        ScriptRunner.run(c, session, script("CREATE TABLE t (id int);\n"), Map.of(), true);
        assertThat(prepared(c)).hasSize(4);

        ScriptRunner.runObserved(c, session, script("INSERT INTO t VALUES (1);\nDEALLOCATE ALL;\n"), Map.of(),
                new ScriptRunner.Observer() {
                    @Override
                    public void statement(SqlScript.Statement statement, boolean transactional, ScriptRunner.Step step)
                            throws SQLException {
                        step.run();
                    }

                    @Override
                    public void commit(ScriptRunner.Step commit) throws SQLException {
                        commit.run();
                    }
                });
        assertThat(prepared(c)).isEmpty();

        var observed = ScriptRunner.run(c, session, script("INSERT INTO t VALUES (2);\n"), Map.of(), true);
        assertThat(observed.writes().written()).containsExactly("public.t");
        assertThat(prepared(c)).hasSize(4);
    }

    @Test
    void a_not_null_violation_is_told_to_be_on_a_generated_column_only_where_the_failing_clause_adds_one(Connection c)
            throws SQLException {
        ScriptRunner.run(c, ScriptRunner.Session.of(c), script("CREATE TABLE docs (id int, value jsonb);\n"
                + "INSERT INTO docs VALUES (1, '{}');\n"), Map.of());

        ScriptRunner.Failure generated = failure(c, "ALTER TABLE docs ADD COLUMN \"Deleted\" boolean NOT NULL\n"
                + "  GENERATED ALWAYS AS ((value ->> 'deleted')::boolean) STORED;\n");
        ScriptRunner.Failure plainBeforeGenerated = failure(c, "ALTER TABLE docs ADD COLUMN flag int NOT NULL,\n"
                + "  ADD COLUMN doubled int GENERATED ALWAYS AS (id * 2) STORED;\n");
        ScriptRunner.Failure commentedOut = failure(c, "ALTER TABLE docs ADD COLUMN flag int NOT NULL -- was GENERATED"
                + " ALWAYS AS (id * 2) STORED\n;\n");
        ScriptRunner.Failure inLiteral = failure(c, "ALTER TABLE docs ADD COLUMN flag text NOT NULL CHECK (flag <> "
                + "'x GENERATED ALWAYS AS (')\n;\n");

        assertThat(generated.column()).isEqualTo("Deleted");
        assertThat(generated.addsGeneratedColumn("Deleted")).isTrue();
        assertThat(plainBeforeGenerated.column()).isEqualTo("flag");
        assertThat(plainBeforeGenerated.addsGeneratedColumn("flag")).isFalse();
        assertThat(plainBeforeGenerated.addsGeneratedColumn("doubled")).isTrue();
        assertThat(commentedOut.addsGeneratedColumn("flag")).isFalse();
        assertThat(inLiteral.addsGeneratedColumn("flag")).isFalse();
        // a DO block's body is code
        ScriptRunner.Failure inBlock = failure(c, "DO $$ BEGIN\n  ALTER TABLE docs ADD COLUMN gone boolean NOT NULL\n"
                + "    GENERATED ALWAYS AS ((value ->> 'gone')::boolean) STORED; -- once a plain column\nEND $$;\n");
        assertThat(inBlock.column()).isEqualTo("gone");
        assertThat(inBlock.addsGeneratedColumn("gone")).isTrue();
    }

    private static ScriptRunner.Failure failure(Connection c, String content) {
        try {
            ScriptRunner.run(c, ScriptRunner.Session.of(c), script(content), Map.of());
        } catch (ScriptRunner.Failure f) {
            return f;
        }
        throw new AssertionError("the script did not fail: " + content);
    }
}
