package io.github.schemaverify.internal.jit;

import static io.github.schemaverify.testing.CompilerDirectives.excludingC2;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The window keeps C2 off while bursts run and gives it back when none does, through this JVM's own compiler
 * directives (the test JVM is HotSpot with both compilers, as CI's is); and leaves alone a JVM where it could not help.
 */
class CompilerWindowTest {
    private static final Map<String, String> TIERED = Map.of("UseCompiler", "true", "TieredCompilation", "true",
            "CompilationMode", "default", "TieredStopAtLevel", "4");

    @Test
    void a_burst_keeps_c2_off_until_it_ends_and_a_burst_closed_twice_counts_once() throws Exception {
        int before = excludingC2();
        try (CompilerWindow window = new CompilerWindow(true)) {
            CompilerWindow.Burst burst = window.open();
            assertThat(window.settled().get(30, TimeUnit.SECONDS)).as("directive pushed").isTrue();
            assertThat(excludingC2()).isEqualTo(before + 1);
            burst.close();
            burst.close();
            assertThat(window.settled().get(30, TimeUnit.SECONDS)).isFalse();
            assertThat(excludingC2()).isEqualTo(before);

            window.open(); // counted from nothing again, not from below it
            assertThat(window.settled().get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(excludingC2()).isEqualTo(before + 1);
        }
        assertThat(excludingC2()).as("the window's end removes it").isEqualTo(before);
    }

    @Test
    void overlapping_bursts_keep_it_off_until_the_last_ends() throws Exception {
        int before = excludingC2();
        try (CompilerWindow window = new CompilerWindow(true)) {
            CompilerWindow.Burst walk = window.open();
            CompilerWindow.Burst build = window.open();
            assertThat(window.settled().get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(excludingC2()).as("one directive for both").isEqualTo(before + 1);
            walk.close();
            assertThat(window.settled().get(30, TimeUnit.SECONDS)).as("the build still runs").isTrue();
            build.close();
            assertThat(excludingC2()).isEqualTo(before);

            assertThat(window.during(() -> excludingC2())).isEqualTo(before + 1);
            assertThat(excludingC2()).isEqualTo(before);
        }
    }

    @Test
    void a_closed_window_takes_no_more_bursts_and_ignores_those_it_ended() throws Exception {
        int before = excludingC2();
        CompilerWindow window = new CompilerWindow(true);
        CompilerWindow.Burst straggler = window.open();
        assertThat(window.settled().get(30, TimeUnit.SECONDS)).isTrue();
        window.close();
        assertThat(excludingC2()).isEqualTo(before);

        straggler.close(); // a thread that outlived the run
        CompilerWindow.Burst late = window.open();
        assertThat(window.settled().get(30, TimeUnit.SECONDS)).isFalse();
        assertThat(excludingC2()).isEqualTo(before);
        late.close();
        assertThat(excludingC2()).isEqualTo(before);
    }

    @Test
    void a_window_turned_off_leaves_the_jit_alone() throws Exception {
        int before = excludingC2();
        try (CompilerWindow window = new CompilerWindow(false)) {
            window.open();
            assertThat(window.settled().get(30, TimeUnit.SECONDS)).isFalse();
            assertThat(excludingC2()).isEqualTo(before);
        }
    }

    @Test
    void a_jvm_where_excluding_c2_could_not_help_or_would_harm_is_left_alone() {
        assertThat(CompilerWindow.leftAlone(TIERED, 1)).isEmpty();
        assertThat(CompilerWindow.leftAlone(with("CompilationMode", "normal"), 1)).isEmpty();
        assertThat(CompilerWindow.leftAlone(with("UseJVMCICompiler", "false"), 1)).isEmpty();

        assertThat(CompilerWindow.leftAlone(with("UseCompiler", "false"), 1)).contains("no JIT compiler (-Xint)");
        assertThat(CompilerWindow.leftAlone(with("TieredCompilation", "false"), 1))
                .contains("C2 only (-XX:-TieredCompilation): without C2, methods would stay interpreted");
        assertThat(CompilerWindow.leftAlone(without("TieredCompilation"), 1)).isPresent();
        assertThat(CompilerWindow.leftAlone(with("CompilationMode", "high-only"), 1)).contains("-XX:CompilationMode=high-only");
        assertThat(CompilerWindow.leftAlone(with("CompilationMode", "quick-only"), 1)).contains("-XX:CompilationMode=quick-only");
        assertThat(CompilerWindow.leftAlone(with("TieredStopAtLevel", "1"), 1))
                .contains("C1 only already (-XX:TieredStopAtLevel=1)");
        assertThat(CompilerWindow.leftAlone(with("UseJVMCICompiler", "true"), 1)).contains("a JVMCI compiler (Graal) in C2's place");
        assertThat(CompilerWindow.leftAlone(TIERED, 2)).contains("compiler directives of someone else's");
        assertThat(CompilerWindow.leftAlone(TIERED, 0)).contains("no compiler directives");
    }

    @Test
    void a_jvm_with_directives_of_its_own_keeps_them_on_top() throws Exception {
        Optional<CompilerWindow.Directives> directives = CompilerWindow.Directives.find();
        assertThat(directives).as("this JVM's directives").isPresent();
        assertThat(directives.get().push()).isTrue(); // someone else's, as a -XX:CompilerDirectivesFile's
        try {
            assertThat(CompilerWindow.Directives.find()).isEmpty();
        } finally {
            directives.get().pop();
        }
        assertThat(CompilerWindow.Directives.find()).isPresent();
    }

    private static Map<String, String> with(String flag, String value) {
        Map<String, String> flags = new HashMap<>(TIERED);
        flags.put(flag, value);
        return flags;
    }

    private static Map<String, String> without(String flag) {
        Map<String, String> flags = new HashMap<>(TIERED);
        flags.remove(flag);
        return flags;
    }
}
