package io.github.schemaverify.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.schemaverify.testing.TestCluster;

/**
 * Clones made ahead: the first ones are ready before the first tests ask (they start together), tests take the ones
 * made ahead, and closing drops every clone, taken or not.
 */
@ExtendWith(TestCluster.Resolver.class)
class ClonePoolTest {

    @Test
    void the_clones_the_first_tests_take_are_made_before_they_ask_and_none_outlives_the_run(TestCluster cluster) {
        List<String> taken = new ArrayList<>();
        try (DatabaseManager manager = KilledRunTest.manager(cluster, line -> { })) {
            manager.clonesAhead(8); // what four tests in parallel get
            String template = manager.template("c1".repeat(32), name -> { });

            manager.prepareClones(template);

            List<String> made = cluster.svDatabases().stream().filter(n -> !n.equals(template)).toList();
            assertThat(made).as("clones ready when the first four tests start").hasSizeGreaterThanOrEqualTo(4);
            for (int i = 0; i < 4; i++) {
                taken.add(manager.testClone(template));
            }
            assertThat(made).containsAll(taken);
        }
        assertThat(cluster.svDatabases()).isEmpty();
    }
}
