package io.github.schemaverify.readiness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apiguardian.api.API;

/**
 * The staged bootstrap as a timeline, read-only: gates, every transition with its instant, the level derived after
 * each, and the levels an application reported about itself ({@link ReadinessRecorder}). A test gets one as a parameter
 * of a {@code @MigratedDatabase} test, or from {@link ReadinessRecorder#timeline()}; SchemaVerify moves it, a test reads
 * it. Thread-safe; waiting uses a condition, not polling.
 *
 * <pre>{@code
 * import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
 *
 * import java.time.Duration;
 *
 * import io.github.schemaverify.readiness.ReadinessLevel;
 * import io.github.schemaverify.readiness.ReadinessTimeline;
 *
 * @Test
 * void seeds_in_the_background(ReadinessTimeline timeline) {
 *     assertThat(timeline.level()).isEqualTo(ReadinessLevel.ONLINE_PARTIAL);
 *     timeline.awaitLevel(ReadinessLevel.FULL_READY, Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface ReadinessTimeline {

    /** The level derived from the gates now (see {@link ReadinessLevel#of(java.util.Collection)}). */
    ReadinessLevel level();

    /** Every transition, in order. */
    List<GateTransition> transitions();

    /** The levels the gates passed through, in order (starting with the level after the first declaration). */
    List<LevelChange> levels();

    /** The levels the observed application reported, in order (empty unless a {@link ReadinessRecorder} fed them). */
    List<LevelChange> reportedLevels();

    /** Every gate as it is now, in the order they were declared. */
    List<Gate> gates();

    /** The gate of this name as it is now, if there is one. */
    Optional<Gate> gate(String name);

    /** Every gate's state, one per line after the level, for messages. */
    String describe();

    /**
     * Waits until the gates have reached the level (now or earlier), and returns the level then current. Fails at
     * once when the bootstrap fails (unless FAILED is awaited).
     *
     * @throws ReadinessException on timeout or failure, with every gate's state
     */
    ReadinessLevel awaitLevel(ReadinessLevel level, Duration timeout);

    /**
     * Waits until the gate is finished (ready, skipped or failed) and returns it.
     *
     * @throws ReadinessException on timeout, or when the bootstrap fails first, with every gate's state
     * @throws IllegalArgumentException when no gate has this name
     */
    Gate awaitGate(String name, Duration timeout);

    /**
     * The heartbeat file, if one is written: a test that takes the timeline as a parameter gets
     * {@code <report dir>/readiness/<database>.json}, rewritten atomically after every change.
     */
    Optional<Path> heartbeat();
}
