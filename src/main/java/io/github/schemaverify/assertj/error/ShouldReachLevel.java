package io.github.schemaverify.assertj.error;

import java.util.List;

import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

import io.github.schemaverify.readiness.LevelChange;
import io.github.schemaverify.readiness.ReadinessLevel;

/**
 * Creates the error when the gates never reached a level, with the levels they went through and every gate now:
 * <pre>
 * [readiness timeline]
 * Expecting the bootstrap to reach full_ready,
 * but it went offline -&gt; online -&gt; online_partial; now:
 * level online_partial
 *   server (critical): ready after 0 ms
 *   ...
 * </pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ShouldReachLevel extends TextMessageFactory {

    /** @param now every gate's state now, as {@code ReadinessTimeline.describe()} gives it */
    public static ErrorMessageFactory shouldReachLevel(ReadinessLevel level, List<LevelChange> levels, String now) {
        return new ShouldReachLevel(level, levels, now);
    }

    private ShouldReachLevel(ReadinessLevel level, List<LevelChange> levels, String now) {
        super("%nExpecting the bootstrap to reach %s,%nbut it went %s; now:%n%s", level.wireName(), path(levels), now);
    }
}
