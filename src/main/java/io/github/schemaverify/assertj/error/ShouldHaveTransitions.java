package io.github.schemaverify.assertj.error;

import java.util.List;

import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

import io.github.schemaverify.readiness.GateState;

/**
 * Creates the error when a gate went through other states:
 * <pre>
 * [gate migrations]
 * Expecting gate migrations to go pending -&gt; running -&gt; ready,
 * but it went pending -&gt; running -&gt; ready -&gt; running
 * </pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ShouldHaveTransitions extends TextMessageFactory {

    public static ErrorMessageFactory shouldHaveTransitions(String gate, List<GateState> expected, List<GateState> actual) {
        return new ShouldHaveTransitions(gate, expected, actual);
    }

    private ShouldHaveTransitions(String gate, List<GateState> expected, List<GateState> actual) {
        super("%nExpecting gate %s to go %s,%nbut it went %s", gate, states(expected), states(actual));
    }

    private static String states(List<GateState> states) {
        return String.join(" -> ", states.stream().map(GateState::wireName).toList());
    }
}
