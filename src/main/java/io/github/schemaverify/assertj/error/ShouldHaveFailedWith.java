package io.github.schemaverify.assertj.error;

import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

import io.github.schemaverify.readiness.Gate;

/**
 * Creates the error when a gate did not fail, or failed with another reason:
 * <pre>
 * [gate vector_seeding]
 * Expecting gate vector_seeding to have failed with "embedding service down",
 * but it is ready
 * </pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ShouldHaveFailedWith extends TextMessageFactory {

    /** @param now the gate as it is now */
    public static ErrorMessageFactory shouldHaveFailedWith(Gate now, String text) {
        return new ShouldHaveFailedWith(now, text);
    }

    private ShouldHaveFailedWith(Gate now, String text) {
        super("%nExpecting gate %s to have failed with \"%s\",%nbut it is %s%s", now.name(), text, now.state().wireName(),
                now.failure().map(f -> " (" + f + ")").orElse(""));
    }
}
