package io.github.schemaverify.assertj.error;

import java.util.List;

import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

import io.github.schemaverify.readiness.LevelChange;
import io.github.schemaverify.readiness.ReadinessLevel;

/**
 * Creates the error when the gates did not pass through the levels in the expected order:
 * <pre>
 * [readiness timeline]
 * Expecting the bootstrap to pass through online -&gt; full_ready in this order,
 * but it went offline -&gt; online -&gt; online_partial -&gt; online
 * </pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ShouldPassThroughLevels extends TextMessageFactory {

    public static ErrorMessageFactory shouldPassThroughLevels(List<ReadinessLevel> expected, List<LevelChange> levels) {
        return new ShouldPassThroughLevels(expected, levels);
    }

    private ShouldPassThroughLevels(List<ReadinessLevel> expected, List<LevelChange> levels) {
        super("%nExpecting the bootstrap to pass through %s in this order,%nbut it went %s", wireNames(expected), path(levels));
    }
}
