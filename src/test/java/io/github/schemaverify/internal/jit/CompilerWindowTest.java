package io.github.schemaverify.internal.jit;

import static io.github.schemaverify.testing.CompilerDirectives.excludingC2;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The window keeps C2 off while bursts run and gives it back when none does, through this JVM's own compiler
 * directives (the test JVM is HotSpot with both compilers, as CI's is).
 */
class CompilerWindowTest {

    @Test
    void a_burst_keeps_c2_off_until_it_ends() throws Exception {
        int before = excludingC2();
        try (CompilerWindow window = new CompilerWindow(true)) {
            CompilerWindow.Burst burst = window.open();
            assertThat(window.settled().get(30, TimeUnit.SECONDS)).as("directive pushed").isTrue();
            assertThat(excludingC2()).isEqualTo(before + 1);
            burst.close();
            burst.close(); // a second close counts once
            assertThat(window.settled().get(30, TimeUnit.SECONDS)).isFalse();
            assertThat(excludingC2()).isEqualTo(before);
        }
    }

    @Test
    void overlapping_bursts_keep_it_off_until_the_last_ends_and_the_window_ends_them_all() throws Exception {
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

            assertThat(window.during(() -> excludingNow(window))).isEqualTo(before + 1);
            assertThat(excludingC2()).isEqualTo(before);

            window.open(); // left open: the window's end removes it
            assertThat(window.settled().get(30, TimeUnit.SECONDS)).isTrue();
        }
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

    /** The directives pushed once the window settled. */
    private static int excludingNow(CompilerWindow window) {
        try {
            window.settled().get(30, TimeUnit.SECONDS);
            return excludingC2();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
