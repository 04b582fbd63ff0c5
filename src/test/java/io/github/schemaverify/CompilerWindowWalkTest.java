package io.github.schemaverify;

import static io.github.schemaverify.testing.CompilerDirectives.excludingC2;
import static io.github.schemaverify.testing.EngineRun.failures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import com.sun.management.HotSpotDiagnosticMXBean;

import io.github.schemaverify.testing.Await;
import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;

/**
 * A round trip's walk runs with C2 kept off (a compiler directive of this JVM's, seen from the walk's invocations), and
 * the directive is gone when the run ends; {@value MigratedDatabase#PAUSE_C2_PROPERTY}{@code =false} leaves the JIT alone.
 */
class CompilerWindowWalkTest {
    /** What each invocation saw: the directives keeping C2 off, beyond those there before the run. */
    private static final List<Integer> SEEN = new CopyOnWriteArrayList<>();
    private static volatile int before;
    private static volatile boolean expected;

    @MigratedDatabase
    static class Walk {
        @VerifyRoundTrip
        void round_trip() {
            if (expected) {
                // the directive comes once the JVM's MBean server is up, on a thread of the window's own
                Await.until("C2 kept off", Duration.ofSeconds(30), () -> excludingC2() > before);
            }
            SEEN.add(excludingC2() - before);
        }
    }

    private static final Chain CHAIN = Chain.empty().with("V1__notes.sql", "CREATE TABLE notes (id int);\n")
            .with("U1__notes.sql", "DROP TABLE notes;\n")
            .with("V2__note_body.sql", "ALTER TABLE notes ADD COLUMN body text;\n")
            .with("U2__note_body.sql", "ALTER TABLE notes DROP COLUMN body;\n");

    @Test
    void the_walk_runs_with_c2_kept_off_and_gives_it_back_at_the_end() throws Exception {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        assumeTrue(hotspot.getVMOption("TieredStopAtLevel").getValue().equals("4")
                && hotspot.getVMOption("TieredCompilation").getValue().equals("true"), "a JVM with C1 and C2");
        EngineExecutionResults results = walk(true, null);

        assertThat(failures(results)).isEmpty();
        assertThat(SEEN).as("one directive through the walk's four invocations").containsExactly(1, 1, 1, 1);
        assertThat(excludingC2()).isEqualTo(before);
    }

    @Test
    void pause_c2_false_leaves_the_jit_alone() throws Exception {
        EngineExecutionResults results = walk(false, "false");

        assertThat(failures(results)).isEmpty();
        assertThat(SEEN).containsExactly(0, 0, 0, 0);
        assertThat(excludingC2()).isEqualTo(before);
    }

    private static EngineExecutionResults walk(boolean pausing, String pauseC2) throws Exception {
        SEEN.clear();
        // this JVM's MBean server is up from here on: a window would push its directive within milliseconds of the
        // walk's start, long before the first revision's invocation, whether or not it was meant to
        before = excludingC2();
        expected = pausing;
        EngineRun run = EngineRun.of(Walk.class).param("schemaverify.locations", CHAIN.location());
        return (pauseC2 == null ? run : run.param(MigratedDatabase.PAUSE_C2_PROPERTY, pauseC2)).execute();
    }
}
