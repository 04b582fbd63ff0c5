package io.github.schemaverify.readiness;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.apiguardian.api.API;

/**
 * A gate's current view: name, whether it is critical, whether it decides reachability ({@code server},
 * {@code database}), its state, when it started and finished, and its failure if any.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Gate(String name, boolean critical, boolean reachability, GateState state, Optional<Instant> started,
        Optional<Instant> finished, Optional<String> failure) {

    /** From RUNNING to finished; empty while not finished or when it never ran. */
    public Optional<Duration> duration() {
        return started.flatMap(s -> finished.map(f -> Duration.between(s, f)));
    }

    @Override
    public String toString() {
        return name + (critical ? " (critical)" : " (optional)") + ": " + state.wireName()
                + duration().map(d -> " after " + d.toMillis() + " ms").orElse("") + failure.map(f -> " — " + f).orElse("");
    }
}
