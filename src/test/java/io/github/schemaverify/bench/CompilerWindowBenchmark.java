package io.github.schemaverify.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.schemaverify.internal.jit.CompilerWindow;

/**
 * What C2 kept off SchemaVerify's work ({@code schemaverify.jit.pauseC2}) leaves behind for the code that runs after it
 * in the same JVM: each child JVM first runs 3 s of work on the JDK's collections and strings (as a walk's code does),
 * inside a compiler window or not, then the same kind of work from other code of its own (as a later test's), whose
 * rounds are timed. Whole processes, alternated; prints the later work's time at rest (its last rounds) both ways and
 * their ratio.
 *
 * <p>Run: {@code scripts/bench.sh CompilerWindowBenchmark [-Dpairs=5]}
 */
public final class CompilerWindowBenchmark {
    private CompilerWindowBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            child(args[0].equals("window"));
            return;
        }
        int pairs = Integer.getInteger("pairs", 5);
        String java = ProcessHandle.current().info().command().orElse("java");
        Stats window = new Stats();
        Stats plain = new Stats();
        Stats windowFirst = new Stats();
        Stats plainFirst = new Stats();
        for (int i = 0; i < pairs; i++) {
            for (String mode : i % 2 == 0 ? List.of("window", "plain") : List.of("plain", "window")) {
                Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                        CompilerWindowBenchmark.class.getName(), mode).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new IllegalStateException("child failed: " + out);
                }
                String[] times = out.substring(out.lastIndexOf('\n') + 1).split(" ");
                long first = Long.parseLong(times[0]);
                long rest = Long.parseLong(times[1]);
                (mode.equals("window") ? windowFirst : plainFirst).add(first);
                (mode.equals("window") ? window : plain).add(rest);
            }
        }
        System.out.println("== later work on the JDK's collections and strings, after 3 s of such work in a compiler window or not,"
                + " " + pairs + " alternated pairs of JVMs");
        System.out.println("  its first round, after a window:           " + windowFirst);
        System.out.println("  its first round, without one:              " + plainFirst);
        System.out.println("  at rest (median of rounds 4 to 8), after a window: " + window);
        System.out.println("  at rest (median of rounds 4 to 8), without one:    " + plain);
        System.out.printf("  ratio at rest, after a window / without (median): %.2fx%n", window.median() / plain.median());
        System.out.printf("  ratio of the first round (median): %.2fx%n", windowFirst.median() / plainFirst.median());
    }

    /** Prints the first round's and the median later round's nanoseconds of the later work, and its result. */
    private static void child(boolean window) throws Exception {
        long sink = 0;
        try (CompilerWindow w = new CompilerWindow(window)) {
            CompilerWindow.Burst burst = w.open();
            if (window && !w.settled().get(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("this JVM keeps no compiler window");
            }
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < 3_000_000_000L) {
                sink += walkLike(100_000);
            }
            burst.close();
        }
        List<Long> rounds = new ArrayList<>();
        for (int r = 0; r < 8; r++) {
            long t = System.nanoTime();
            sink += laterTest(2_000_000);
            rounds.add(System.nanoTime() - t);
        }
        List<Long> rest = new ArrayList<>(rounds.subList(3, 8));
        Collections.sort(rest);
        // the work's result printed too, so that none of it is dead code to the compilers
        System.out.println(rounds.get(0) + " " + rest.get(rest.size() / 2) + " " + sink);
    }

    private static long walkLike(int n) {
        Map<String, Integer> counts = new HashMap<>();
        List<String> names = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        long s = 0;
        for (int i = 0; i < n; i++) {
            String k = "k" + (i % 5000);
            counts.merge(k, 1, Integer::sum);
            names.add(k);
            if (names.size() > 1000) {
                Collections.sort(names);
                s += names.get(500).hashCode();
                names.clear();
            }
            sb.setLength(0);
            sb.append(k).append(':').append(i);
            s += sb.toString().length() + counts.get(k);
        }
        return s;
    }

    /** {@link #walkLike}'s work written again: other code, which C2 compiles on its own after the window. */
    private static long laterTest(int n) {
        Map<String, Integer> totals = new HashMap<>();
        List<String> keys = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        long s = 0;
        for (int i = 0; i < n; i++) {
            String k = "u" + (i % 7000);
            totals.merge(k, 2, Integer::sum);
            keys.add(k);
            if (keys.size() > 1000) {
                Collections.sort(keys);
                s += keys.get(400).hashCode();
                keys.clear();
            }
            sb.setLength(0);
            sb.append(k).append('/').append(i);
            s += sb.toString().length() + totals.get(k);
        }
        return s;
    }
}
