package io.github.schemaverify.internal.db;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.testing.EngineRun.entries;
import static io.github.schemaverify.testing.EngineRun.failures;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.RevisionStep;
import io.github.schemaverify.VerifyRoundTrip;
import io.github.schemaverify.internal.catalog.CatalogReader;
import io.github.schemaverify.internal.server.ExternalServer;
import io.github.schemaverify.schema.Comment;
import io.github.schemaverify.testing.Await;
import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;
import io.github.schemaverify.testing.RunToKill;
import io.github.schemaverify.testing.TestCluster;

/**
 * A migration may comment its own database ({@code COMMENT ON DATABASE ${flyway:database} IS '...'}, or a DO block on
 * {@code current_database()}), where SchemaVerify also marks the databases it creates on a server it does not own. A run
 * killed after such a migration still has every database it left removed by the next run, persons' databases of the
 * same form of name are still left alone, and the comment stays the migrations': a copy of a database has the comment
 * its migrations gave it, and a round trip still compares it.
 */
@ExtendWith(TestCluster.Resolver.class)
@Timeout(180)
class DatabaseCommentTest {
    private static final String HASH = "d0".repeat(32);
    private static final String CACHED_HASH = "d1".repeat(32);
    private static final String UNCOMMENTED_HASH = "d2".repeat(32);
    private static final String COMMENT_THE_DATABASE = "DO $$ BEGIN EXECUTE format('COMMENT ON DATABASE %I IS %L',"
            + " current_database(), 'the orders'); END $$";
    /** Databases named in SchemaVerify's forms, by a person: never removed, whatever their comment. */
    private static final List<String> HAND_MADE = List.of("sv_01234567_deadbeef", "sv_tpl_0123456789abcdef",
            "sv_cache_0123456789abcdef");

    @ParameterizedTest(name = "{1} {0}")
    @CsvSource({"build, KILL", "built, KILL", "built, TERM", "roundtrip, KILL"})
    void a_killed_runs_databases_whose_migrations_commented_them_are_removed_by_the_next_run(String during, String signal,
            TestCluster cluster) throws Exception {
        for (String name : HAND_MADE) {
            cluster.execute("CREATE DATABASE " + name);
            cluster.execute("COMMENT ON DATABASE " + name + " IS 'the orders'");
        }
        try {
            List<String> before = cluster.databases();
            Set<Long> tokensBefore = KilledRunTest.heldTokens(cluster);

            List<String> output = kill(during, signal, cluster);

            Await.until("the killed run's sessions to end", Duration.ofSeconds(20),
                    () -> KilledRunTest.heldTokens(cluster).equals(tokensBefore));
            Map<String, String> left = comments(cluster);
            left.keySet().removeAll(before);
            // the comment the migrations gave: a template's after its mark, a database's being built or walked its own
            assertThat(left.values()).as("the comments of what the killed run left; it printed %s", output)
                    .anyMatch(c -> c != null && c.contains("the orders"));
            if (signal.equals("KILL")) {
                assertThat(left).as("what kill -9 left; it printed %s", output).containsValue("the orders");
            }
            List<String> console = new CopyOnWriteArrayList<>();
            KilledRunTest.manager(cluster, console::add).close();

            assertThat(cluster.databases()).as("databases after the next run; the killed run left %s", left).isEqualTo(before);
            assertThat(console).singleElement().asString().startsWith("SchemaVerify: removed " + left.size() + " database")
                    .contains(left.keySet());
        } finally {
            for (String name : HAND_MADE) {
                cluster.execute("DROP DATABASE IF EXISTS " + name);
            }
        }
    }

    @Test
    void a_copy_has_the_comment_the_migrations_gave_the_database_it_copies(TestCluster cluster) throws Exception {
        try (DatabaseManager manager = KilledRunTest.manager(cluster, line -> { })) {
            String template = manager.template(HASH, name -> execute(manager, name, COMMENT_THE_DATABASE));
            String clone = manager.cloneOf(template);
            String cached = manager.cachedTemplate(CACHED_HASH, "a test's", name -> execute(manager, name, COMMENT_THE_DATABASE))
                    .name();
            String plain = manager.template(UNCOMMENTED_HASH, name -> { });

            // a walk starts over on a copy of a database its migrations commented
            assertThat(databaseComment(cluster, manager.cloneOf(clone))).hasValue("the orders");
            assertThat(databaseComment(cluster, clone)).hasValue("the orders");
            assertThat(databaseComment(cluster, manager.cloneOf(cached))).hasValue("the orders");
            assertThat(databaseComment(cluster, manager.cloneOf(plain))).isEmpty();
            assertThat(databaseComment(cluster, manager.empty())).isEmpty();
            // the templates keep SchemaVerify's mark, which says what they are and whose they are
            assertThat(comments(cluster).get(template)).startsWith(RunToken.TEMPLATE_COMMENT_PREFIX);
            assertThat(comments(cluster).get(cached)).startsWith(DatabaseManager.CACHE_COMMENT_PREFIX);
        }
        assertThat(cluster.svDatabases()).isEmpty();
    }

    @Test
    void a_round_trip_on_a_shared_server_reports_an_undo_that_leaves_the_databases_comment(TestCluster cluster) {
        assertThat(failures(walk(cluster, Chain.of("dbcomment")))).isEmpty();

        assertThat(failures(walk(cluster, Chain.of("dbcomment").with("U1__orders.sql", "DROP TABLE orders;\n"))))
                .containsExactly("""
                        [V1__orders.sql, up, down, up]
                        Expecting the schema after undoing V1 to equal the schema before V1,
                        but the undo left behind:
                          + comment on database ('the orders')
                        Add the missing DROP or ALTER statements to U1__orders.sql (COMMENT ON ... IS NULL for a comment).""");
        assertThat(cluster.svDatabases()).isEmpty();
    }

    @Test
    void a_walk_that_starts_over_on_a_copy_keeps_the_comment_a_migration_gave_the_database(TestCluster cluster) {
        Chain chain = Chain.of("dbcomment").with("U2__lines.sql", "SELECT 1;\n")
                .with("V3__note.sql", "ALTER TABLE orders ADD COLUMN note text;\n")
                .with("U3__note.sql", "ALTER TABLE orders DROP COLUMN note;\n");

        EngineExecutionResults results = walk(cluster, chain);

        assertThat(failures(results)).singleElement().asString().startsWith("[V2__lines.sql, up, down, up]\n");
        // after V2's undo failed, the walk goes on from V3 on a copy of a database it migrated again to V2
        assertThat(entries(results, "comment before")).contains("1 none", "3 the orders");
        assertThat(cluster.svDatabases()).isEmpty();
    }

    @Test
    void the_names_schemaverify_gives_its_databases_carry_a_check_that_names_a_person_made_lack(TestCluster cluster) {
        try (DatabaseManager manager = KilledRunTest.manager(cluster, line -> { })) {
            assertThat(List.of(manager.empty(), manager.templateName(HASH), manager.cacheName(HASH))).allMatch(RunToken::sealed);
        }
        assertThat(HAND_MADE).noneMatch(RunToken::sealed);
        assertThat(List.of("sv_cache_00000000000000aa", "sv_0123456789abcdef", "sv_mine")).noneMatch(RunToken::sealed);
    }

    @Test
    void a_comment_is_the_databases_own_unless_it_is_schemaverifys_mark_and_then_what_follows_it() {
        String mark = RunToken.TEMPLATE_COMMENT_PREFIX + "of role app, built by run 0123abcd (a test)";
        assertThat(DatabaseManager.ownComment(mark)).isEmpty();
        assertThat(DatabaseManager.ownComment(mark + DatabaseManager.OWN_COMMENT + "the orders\nand their lines"))
                .hasValue("the orders\nand their lines");
        assertThat(DatabaseManager.ownComment("the orders")).hasValue("the orders");
        assertThat(DatabaseManager.ownComment(null)).isEmpty();
    }

    @MigratedDatabase
    static class Walk {
        @VerifyRoundTrip
        void round_trip(RevisionStep step, TestReporter reporter) {
            reporter.publishEntry("comment before", step.version() + " " + step.before().comments().stream()
                    .filter(c -> c.target().equals("database")).map(Comment::text).findFirst().orElse("none"));
        }
    }

    private static EngineExecutionResults walk(TestCluster cluster, Chain chain) {
        return EngineRun.of(Walk.class).on(cluster).param(MigratedDatabase.TEMPLATE_CACHE_PROPERTY, "0")
                .param(MigratedDatabase.LOCATIONS_PROPERTY, chain.location()).execute();
    }

    /** The comment a snapshot of {@code database} reads on the database itself. */
    private static Optional<String> databaseComment(TestCluster cluster, String database) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(cluster.url().replace("/postgres", "/" + database),
                cluster.user(), cluster.password())) {
            return new CatalogReader(List.of("public")).read(c).comments().stream().filter(k -> k.target().equals("database"))
                    .map(Comment::text).findFirst();
        }
    }

    /** Every database's comment on the server, by name (null where it has none). */
    private static Map<String, String> comments(TestCluster cluster) {
        Map<String, String> comments = new TreeMap<>();
        try (Connection c = cluster.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database")) {
            while (rs.next()) {
                comments.put(rs.getString(1), rs.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return comments;
    }

    private static void execute(DatabaseManager manager, String database, String sql) {
        try (Connection c = manager.server().connect(database); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a run in its own JVM, waits for its marker line, sends the signal, and returns what it printed. */
    private static List<String> kill(String during, String signal, TestCluster cluster) throws Exception {
        List<String> main = during.equals("roundtrip") ? List.of(RunToKill.class.getName(), "roundtrip",
                BlockingWalk.class.getName()) : List.of(CommentingRun.class.getName(), during);
        String marker = switch (during) {
            case "build" -> "BUILDING ";
            case "built" -> "CLONE ";
            default -> "WALKING 1";
        };
        return RunToKill.killAt(main, cluster, marker, 1, signal);
    }

    /**
     * The run to kill, in its own JVM (reads SCHEMAVERIFY_URL, SCHEMAVERIFY_USER and SCHEMAVERIFY_PASSWORD): a template
     * whose build comments the database; {@code build} waits in the middle of that build, {@code built} makes a copy of
     * the template and waits.
     */
    static final class CommentingRun {
        public static void main(String[] args) throws Exception {
            DatabaseManager manager = new DatabaseManager(ExternalServer.connect(System.getenv("SCHEMAVERIFY_URL"),
                    Optional.of(System.getenv("SCHEMAVERIFY_USER")), Optional.of(System.getenv("SCHEMAVERIFY_PASSWORD"))));
            if (args[0].equals("build")) {
                manager.template(HASH, name -> {
                    execute(manager, name, COMMENT_THE_DATABASE);
                    System.out.println("BUILDING " + name);
                    System.out.flush();
                    execute(manager, name, "SELECT pg_sleep(600)");
                });
            } else {
                String template = manager.template(HASH, name -> execute(manager, name, COMMENT_THE_DATABASE));
                System.out.println("CLONE " + manager.cloneOf(template));
                System.out.flush();
            }
            new CountDownLatch(1).await();
        }
    }

    /**
     * Run by {@link RunToKill} in the child JVM only: its round trip stops at V1's report, when V1, applied again, has
     * commented the walk's database (its undo removes the comment, and SchemaVerify's mark with it). Not at V2's: as the
     * last revision's outcome is reported, undo all starts beside it, and U1 may have removed the comment by then.
     */
    @MigratedDatabase(locations = "classpath:fixtures/roundtrip/dbcomment")
    static class BlockingWalk {
        @VerifyRoundTrip
        void walk(RevisionStep step) throws InterruptedException {
            System.out.println("WALKING " + step.version());
            System.out.flush();
            if (step.version().equals("1") && Boolean.getBoolean("schemaverify.test.block")) {
                new CountDownLatch(1).await();
            }
        }
    }
}
