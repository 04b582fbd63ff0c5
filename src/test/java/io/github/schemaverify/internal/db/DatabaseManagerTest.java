package io.github.schemaverify.internal.db;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.schemaverify.internal.server.ExternalServer;
import io.github.schemaverify.testing.Await;
import io.github.schemaverify.testing.TestCluster;

/**
 * Two managers on one server stand for two JVMs (advisory locks are per session, so this is the same protocol two
 * forked test JVMs follow).
 */
@ExtendWith(TestCluster.Resolver.class)
class DatabaseManagerTest {
    private static final String HASH = "ab12cd34ef56ab78" + "0".repeat(48);

    private static DatabaseManager manager(TestCluster cluster) {
        return new DatabaseManager(ExternalServer.connect(cluster.url(), Optional.of(cluster.user()), Optional.of(cluster.password())));
    }

    @Test
    void two_jvms_building_the_same_template_at_once_build_it_once_and_the_last_one_out_drops_it(TestCluster cluster)
            throws Exception {
        AtomicInteger builds = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        try (DatabaseManager a = manager(cluster)) {
            DatabaseManager b = manager(cluster);
            CompletableFuture<String> fa = CompletableFuture.supplyAsync(() -> await(start, () -> a.template(HASH,
                    name -> buildWhileTheOtherWaits(builds, cluster))));
            CompletableFuture<String> fb = CompletableFuture.supplyAsync(() -> await(start, () -> b.template(HASH,
                    name -> buildWhileTheOtherWaits(builds, cluster))));
            start.countDown();
            String template = a.templateName(HASH);
            assertThat(template).matches("sv_tpl_[0-9a-f]{16}");
            assertThat(fa.get()).isEqualTo(fb.get()).isEqualTo(template);
            assertThat(builds).hasValue(1);

            String clone = b.cloneOf(template);
            b.close(); // b leaves first: a still uses the template, so it stays
            assertThat(cluster.databases()).contains(template).doesNotContain(clone);
        }
        assertThat(cluster.svDatabases()).isEmpty();
    }

    @Test
    void a_half_built_template_left_by_a_dead_jvm_is_rebuilt(TestCluster cluster) {
        AtomicInteger builds = new AtomicInteger();
        try (DatabaseManager m = manager(cluster)) {
            cluster.execute("CREATE DATABASE " + m.templateName(HASH));
            m.template(HASH, name -> builds.incrementAndGet());
            assertThat(builds).hasValue(1);
        }
        assertThat(cluster.svDatabases()).isEmpty();
    }

    @Test
    void a_failing_build_leaves_no_database_and_only_sv_databases_it_created_can_be_dropped(TestCluster cluster) {
        try (DatabaseManager m = manager(cluster)) {
            assertThatThrownBy(() -> m.template(HASH, name -> {
                throw new IllegalStateException("migration failed");
            })).hasMessage("migration failed");
            assertThat(cluster.svDatabases()).isEmpty();
            assertThatThrownBy(() -> m.drop("postgres"))
                    .hasMessage("SchemaVerify only drops databases it created; postgres is not one");
        }
        assertThat(cluster.databases()).contains("postgres");
    }

    /** Builds once the other manager is waiting for the build lock, so both really ask for the template at once. */
    private static void buildWhileTheOtherWaits(AtomicInteger builds, TestCluster cluster) {
        builds.incrementAndGet();
        Await.until("the other manager to wait for the build lock", Duration.ofSeconds(30),
                () -> SharedServerTest.waitingAdvisoryLocks(cluster) > 0);
    }

    private static <T> T await(CountDownLatch latch, java.util.function.Supplier<T> action) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return action.get();
    }

    static List<String> none() {
        return List.of();
    }
}
