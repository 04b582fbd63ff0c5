package io.github.schemaverify.internal.db;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.schemaverify.internal.server.ExternalServer;
import io.github.schemaverify.testing.Await;
import io.github.schemaverify.testing.TestCluster;

/**
 * Several runs on one EXTERNAL server (issue 13, items 1 and 2). Each {@link DatabaseManager} stands for one JVM: it
 * has its own sessions, so the advisory-lock protocol between them is the one forked JVMs follow.
 */
@ExtendWith(TestCluster.Resolver.class)
@Timeout(120)
class SharedServerTest {
    private static final String HASH = "5e1f0a0b0c0d0e0f" + "1".repeat(48);

    static DatabaseManager manager(TestCluster cluster, String database) {
        String url = cluster.url().replace("/postgres", "/" + database);
        return new DatabaseManager(ExternalServer.connect(url, Optional.of(cluster.user()), Optional.of(cluster.password())));
    }

    @Test
    void runs_whose_urls_name_different_databases_share_one_lock_and_never_drop_each_others_template(TestCluster cluster)
            throws Exception {
        if (!cluster.databases().contains("app")) {
            cluster.execute("CREATE DATABASE app");
        }
        AtomicInteger builds = new AtomicInteger();
        CountDownLatch building = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DatabaseManager onApp = manager(cluster, "app");
        DatabaseManager onPostgres = manager(cluster, "postgres");
        try {
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> onApp.template(HASH, name -> {
                builds.incrementAndGet();
                building.countDown();
                await(release);
            }));
            assertThat(building.await(30, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> onPostgres.template(HASH, name -> builds.incrementAndGet()));
            try {
                Await.until("the second run to wait for the first one's build lock", Duration.ofSeconds(10),
                        () -> waitingAdvisoryLocks(cluster) > 0);
            } finally {
                release.countDown();
            }
            String template = first.get(30, TimeUnit.SECONDS);
            assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(template);
            assertThat(builds).hasValue(1);

            onPostgres.close(); // the run on .../postgres ends first: the run on .../app still uses the template
            String clone = onApp.cloneOf(template);
            assertThat(cluster.databases()).contains(template, clone);
            onApp.drop(clone);
        } finally {
            release.countDown();
            onPostgres.close();
            onApp.close();
        }
        assertThat(cluster.svDatabases()).isEmpty();
        cluster.execute("DROP DATABASE app");
    }

    @Test
    void forks_finishing_together_drop_the_template_once_and_none_of_them_fails(TestCluster cluster) throws Exception {
        for (int round = 0; round < 5; round++) {
            List<DatabaseManager> forks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                forks.add(manager(cluster, "postgres"));
            }
            String template = null;
            for (DatabaseManager fork : forks) {
                template = fork.template(HASH, name -> { });
                fork.cloneOf(template);
            }
            CyclicBarrier together = new CyclicBarrier(forks.size());
            List<CompletableFuture<Void>> ends = forks.stream().map(fork -> CompletableFuture.runAsync(() -> {
                await(together);
                fork.close();
            })).toList();
            for (CompletableFuture<Void> end : ends) {
                end.get(60, TimeUnit.SECONDS); // throws if any fork failed
            }
            assertThat(cluster.svDatabases()).as("round " + round).isEmpty();
        }
    }

    @Test
    void a_template_already_gone_when_the_run_ends_is_no_error(TestCluster cluster) {
        DatabaseManager run = manager(cluster, "postgres");
        String template = run.template(HASH, name -> { });
        cluster.execute("ALTER DATABASE " + template + " WITH IS_TEMPLATE false");
        cluster.execute("DROP DATABASE " + template);

        run.close();

        assertThat(cluster.svDatabases()).isEmpty();
    }

    @Test
    void two_roles_on_one_server_each_get_a_template_they_own_and_the_createdb_role_ending_last_leaves_nothing(
            TestCluster cluster) throws SQLException {
        cluster.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sv_creator') THEN"
                + " CREATE ROLE sv_creator LOGIN PASSWORD 'Creator-pass-4410' CREATEDB NOSUPERUSER; END IF; END $$");
        List<String> console = new java.util.concurrent.CopyOnWriteArrayList<>();
        DatabaseManager superuser = new DatabaseManager(ExternalServer.connect(cluster.url(), Optional.of(cluster.user()),
                Optional.of(cluster.password())), console::add);
        DatabaseManager creator = new DatabaseManager(ExternalServer.connect(cluster.url(), Optional.of("sv_creator"),
                Optional.of("Creator-pass-4410")), console::add);
        java.util.function.Consumer<String> build = name -> {
            try (Connection c = new SimpleDataSource(superuser.server(), name).getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE notes (id int)");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
        superuser.template(HASH, build);
        String creatorsTemplate = creator.template(HASH, name -> {
            try (Connection c = new SimpleDataSource(creator.server(), name).getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE notes (id int)");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        String clone = creator.cloneOf(creatorsTemplate);
        try (Connection c = creator.server().connect(clone); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE notes ADD COLUMN body text"); // the role owns what its tests change
        }

        superuser.close();
        creator.close(); // the CREATEDB role ends last

        assertThat(console).isEmpty();
        assertThat(cluster.svDatabases()).isEmpty();
    }

    @Test
    void without_a_postgres_database_it_may_connect_to_the_locks_live_in_the_urls_database_and_it_says_so(TestCluster cluster) {
        if (!cluster.databases().contains("app")) {
            cluster.execute("CREATE DATABASE app");
        }
        cluster.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sv_creator') THEN"
                + " CREATE ROLE sv_creator LOGIN PASSWORD 'Creator-pass-4410' CREATEDB NOSUPERUSER; END IF; END $$");
        cluster.execute("REVOKE CONNECT ON DATABASE postgres FROM PUBLIC");
        List<String> console = new java.util.concurrent.CopyOnWriteArrayList<>();
        String url = cluster.url().replace("/postgres", "/app");
        try (DatabaseManager manager = new DatabaseManager(ExternalServer.connect(url, Optional.of("sv_creator"),
                Optional.of("Creator-pass-4410")), console::add)) {
            assertThat(manager.lockDatabase()).isEqualTo("app");
            assertThat(console).containsExactly("SchemaVerify: WARNING: EXTERNAL " + url + " has no database \"postgres\" this"
                    + " role may connect to (FATAL: permission denied for database \"postgres\" Detail: User does not have"
                    + " CONNECT privilege.), so the locks that coordinate runs live in app; runs whose URLs name other databases"
                    + " will not see them. Create it (CREATE DATABASE postgres) or grant CONNECT on it.");
            manager.drop(manager.empty());
        } finally {
            cluster.execute("GRANT CONNECT ON DATABASE postgres TO PUBLIC");
            cluster.execute("DROP DATABASE app");
        }
        assertThat(cluster.svDatabases()).isEmpty();
    }

    static int waitingAdvisoryLocks(TestCluster cluster) {
        try (Connection c = cluster.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
