package io.github.schemaverify.assertj.error;

import java.util.List;

import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

import io.github.schemaverify.readiness.LevelChange;

/**
 * Creates the error when the gates reached a level they should never reach:
 * <pre>
 * [readiness timeline]
 * Expecting the bootstrap never to reach full_ready,
 * but it did at 2026-11-21T10:00:00Z; it went offline -&gt; online -&gt; full_ready
 * </pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ShouldNeverReachLevel extends TextMessageFactory {

    /** @param reached the first time the level was reached */
    public static ErrorMessageFactory shouldNeverReachLevel(LevelChange reached, List<LevelChange> levels) {
        return new ShouldNeverReachLevel(reached, levels);
    }

    private ShouldNeverReachLevel(LevelChange reached, List<LevelChange> levels) {
        super("%nExpecting the bootstrap never to reach %s,%nbut it did at %s; it went %s", reached.level().wireName(), reached.at(),
                path(levels));
    }
}
