package io.github.schemaverify.assertj.error;

import java.time.Instant;
import java.util.Optional;

import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Creates the error when a gate became ready after another one, or never:
 * <pre>
 * [readiness timeline]
 * Expecting gate vector_seeding to be ready before gate migrations,
 * but vector_seeding never became ready; now:
 * level online_partial
 *   ...
 * </pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ShouldBeReadyBefore extends TextMessageFactory {

    /**
     * @param firstReady  when the first gate became ready, if it did
     * @param secondReady when the second gate became ready (present when the first one did)
     * @param now         every gate's state now, as {@code ReadinessTimeline.describe()} gives it
     */
    public static ErrorMessageFactory shouldBeReadyBefore(String first, String second, Optional<Instant> firstReady,
            Optional<Instant> secondReady, String now) {
        return new ShouldBeReadyBefore(first, second, firstReady.map(at -> first + " became ready at " + at + ", " + second + " at "
                + secondReady.map(Instant::toString).orElse("no time")).orElse(first + " never became ready"), now);
    }

    private ShouldBeReadyBefore(String first, String second, String but, String now) {
        super("%nExpecting gate %s to be ready before gate %s,%nbut %s; now:%n%s", first, second, but, now);
    }
}
