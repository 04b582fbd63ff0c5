package io.github.schemaverify.assertj.error;

import java.util.List;

import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

import io.github.schemaverify.readiness.LevelChange;
import io.github.schemaverify.readiness.ReadinessLevel;

/**
 * Creates the error when an observed application reported other levels:
 * <pre>
 * [readiness timeline]
 * Expecting the application to report online -&gt; online_partial -&gt; full_ready,
 * but it reported online -&gt; full_ready
 * </pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ShouldReportLevels extends TextMessageFactory {

    public static ErrorMessageFactory shouldReportLevels(List<ReadinessLevel> expected, List<LevelChange> reported) {
        return new ShouldReportLevels(expected, reported);
    }

    private ShouldReportLevels(List<ReadinessLevel> expected, List<LevelChange> reported) {
        super("%nExpecting the application to report %s,%nbut it reported %s", wireNames(expected), path(reported));
    }
}
