package io.github.schemaverify.assertj.error;

import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

import io.github.schemaverify.readiness.LevelChange;
import io.github.schemaverify.readiness.ReadinessLevel;

/**
 * Creates the error when an observed application reported more than its gates justified at that moment:
 * <pre>
 * [readiness timeline]
 * Expecting the application to report no more than its gates justify,
 * but it reported full_ready at 2026-11-21T10:00:00.120Z while its gates were at online_partial
 * </pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ShouldReportHonestly extends TextMessageFactory {

    public static ErrorMessageFactory shouldReportHonestly(LevelChange reported, ReadinessLevel justified) {
        return new ShouldReportHonestly(reported, justified);
    }

    private ShouldReportHonestly(LevelChange reported, ReadinessLevel justified) {
        super("%nExpecting the application to report no more than its gates justify,%nbut it reported %s at %s while its gates were at %s",
                reported.level().wireName(), reported.at(), justified.wireName());
    }
}
