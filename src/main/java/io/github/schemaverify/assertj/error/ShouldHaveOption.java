package io.github.schemaverify.assertj.error;

import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Creates the error when an index has another storage parameter value, or none:
 * <pre>
 * [index public.memory_shards_embedding_idx]
 * Expecting index public.memory_shards_embedding_idx to have option lists=200,
 * but it has lists=100
 * </pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ShouldHaveOption extends TextMessageFactory {

    /** @param actual the index's value of the option, null when it has none */
    public static ErrorMessageFactory shouldHaveOption(String index, String option, String expected, String actual) {
        return actual == null
                ? new ShouldHaveOption("%nExpecting index %s to have option %s=%s,%nbut it has no %s option", index, option, expected, option)
                : new ShouldHaveOption("%nExpecting index %s to have option %s=%s,%nbut it has %s=%s", index, option, expected, option,
                        actual);
    }

    private ShouldHaveOption(String format, Object... arguments) {
        super(format, arguments);
    }
}
