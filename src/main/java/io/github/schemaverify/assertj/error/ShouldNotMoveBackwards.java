package io.github.schemaverify.assertj.error;

import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

import io.github.schemaverify.readiness.GateTransition;
import io.github.schemaverify.readiness.LevelChange;

/**
 * Creates the error when a gate moved backwards or the level went down:
 * <pre>
 * [readiness timeline]
 * Expecting no gate to move backwards,
 * but migrations moved from ready to running at 2026-11-21T10:00:00Z
 * </pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ShouldNotMoveBackwards extends TextMessageFactory {

    /** A gate went back, e.g. from ready to running. */
    public static ErrorMessageFactory shouldNotMoveBackwards(GateTransition transition) {
        return new ShouldNotMoveBackwards("%nExpecting no gate to move backwards,%nbut %s moved from %s to %s at %s", transition.gate(),
                transition.from().wireName(), transition.to().wireName(), transition.at());
    }

    /** The level went down, e.g. from online_partial to online. */
    public static ErrorMessageFactory shouldNotGoDown(LevelChange before, LevelChange after) {
        return new ShouldNotMoveBackwards("%nExpecting the level never to go down,%nbut it went from %s to %s at %s",
                before.level().wireName(), after.level().wireName(), after.at());
    }

    private ShouldNotMoveBackwards(String format, Object... arguments) {
        super(format, arguments);
    }
}
