package io.github.schemaverify.readiness;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.apiguardian.api.API;

import io.github.schemaverify.internal.readiness.MutableTimeline;

/**
 * Records an application's own readiness map into a {@link ReadinessTimeline}, so a test can assert that the service
 * reports {@code online_partial} while vectors seed and {@code full_ready} only after.
 *
 * <p>The map has one entry per stage ({@code "db_index_load" -> "ready"}, states as {@link GateState} names, any case)
 * and optionally the service's own level under {@code "level"} or {@code "status"} ({@code "online_partial"}). Stages
 * are critical unless named in {@link #optional(String...)}. The recorder polls the supplier on a daemon thread (every
 * 5 ms by default) until closed, and once more on {@link #close()}.
 *
 * <pre>{@code
 * import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
 * import static io.github.schemaverify.readiness.ReadinessLevel.*;
 *
 * import java.time.Duration;
 *
 * import io.github.schemaverify.readiness.ReadinessRecorder;
 *
 * try (ReadinessRecorder recorder = ReadinessRecorder.observe(service::readiness).optional("vector_seeding").start()) {
 *     service.start();
 *     recorder.timeline().awaitLevel(ReadinessLevel.FULL_READY, Duration.ofSeconds(10));
 *     assertThat(recorder.timeline()).passedThroughLevels(ONLINE, ONLINE_PARTIAL, FULL_READY).reportedLevelsHonestly();
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ReadinessRecorder implements AutoCloseable {
    private final Supplier<? extends Map<String, ?>> supplier;
    private final MutableTimeline timeline;
    private final Set<String> optional = new HashSet<>();
    private Duration interval = Duration.ofMillis(5);
    private Thread thread;
    private volatile boolean running;
    private volatile RuntimeException failure;

    private ReadinessRecorder(Supplier<? extends Map<String, ?>> supplier, MutableTimeline timeline) {
        this.supplier = supplier;
        this.timeline = timeline;
    }

    /** Observes the supplier into a new timeline. */
    public static ReadinessRecorder observe(Supplier<? extends Map<String, ?>> supplier) {
        return new ReadinessRecorder(supplier, new MutableTimeline());
    }

    /**
     * Observes the supplier into an existing timeline: the test's own {@code ReadinessTimeline} parameter, or another
     * recorder's timeline.
     *
     * @throws IllegalArgumentException for a timeline SchemaVerify did not make, which it cannot move
     */
    public static ReadinessRecorder observe(ReadinessTimeline timeline, Supplier<? extends Map<String, ?>> supplier) {
        if (!(timeline instanceof MutableTimeline mutable)) {
            throw new IllegalArgumentException("ReadinessRecorder.observe records into a timeline SchemaVerify made (a"
                    + " ReadinessTimeline parameter or another recorder's timeline), not into a " + timeline.getClass().getName());
        }
        return new ReadinessRecorder(supplier, mutable);
    }

    /** Stages that are optional (all others are critical). */
    public ReadinessRecorder optional(String... stages) {
        optional.addAll(Set.of(stages));
        return this;
    }

    /** How often to read the map. Default 5 ms. */
    public ReadinessRecorder every(Duration interval) {
        this.interval = interval;
        return this;
    }

    /** Starts polling on a daemon thread. */
    public ReadinessRecorder start() {
        running = true;
        sample();
        thread = new Thread(() -> {
            while (running) {
                try {
                    Thread.sleep(interval.toMillis(), interval.toNanosPart() % 1_000_000);
                    sample();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // a reading that close() interrupted (an HTTP request under way, say) is no failure of the supplier's:
                    // close() reads once more itself
                    if (running) {
                        failure = e;
                    }
                    return;
                }
            }
        }, "schemaverify-readiness-recorder");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /**
     * Reads the map once and records what changed: first the stages, then the level the application reports, so the
     * level is judged against the stages of the same reading.
     */
    public synchronized void sample() {
        Map<String, ?> map = supplier.get();
        if (map == null) {
            return;
        }
        Optional<ReadinessLevel> reportedLevel = Optional.empty();
        Instant readAt = timeline.now(); // what one reading shows happened, for all we know, at one moment
        Map<String, Boolean> fresh = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : new TreeMap<String, Object>(map).entrySet()) {
            if (!e.getKey().equals("level") && !e.getKey().equals("status") && GateState.parse(e.getValue()).isPresent()
                    && !timeline.has(e.getKey())) {
                fresh.put(e.getKey(), !optional.contains(e.getKey()));
            }
        }
        timeline.declareAll(fresh);
        for (Map.Entry<String, ?> e : new TreeMap<String, Object>(map).entrySet()) {
            String key = e.getKey();
            if (key.equals("level") || key.equals("status")) {
                reportedLevel = ReadinessLevel.parse(e.getValue());
                continue;
            }
            Optional<GateState> state = GateState.parse(e.getValue());
            if (state.isEmpty()) {
                continue;
            }
            timeline.move(key, state.get(), state.get() == GateState.FAILED ? "reported failed by the application" : null, readAt);
        }
        reportedLevel.ifPresent(timeline::report);
    }

    /** The timeline the readings go into. */
    public ReadinessTimeline timeline() {
        return timeline;
    }

    /** Stops polling after one last read; rethrows a failure of the supplier. */
    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure != null) {
            throw new IllegalStateException("The readiness supplier failed: " + failure.getMessage(), failure);
        }
        sample();
    }
}
