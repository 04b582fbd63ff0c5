package io.github.schemaverify.assertj.error;

import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Creates the error when a vector column has other dimensions, or is no vector column:
 * <pre>
 * [column public.memory_shards.embedding]
 * Expecting column public.memory_shards.embedding to have 768 dimensions,
 * but it has 1536 (vector(1536))
 * </pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ShouldHaveDimensions extends TextMessageFactory {

    /** @param actual the column's dimensions, negative when it is not a vector column */
    public static ErrorMessageFactory shouldHaveDimensions(String column, int expected, String type, int actual) {
        return actual < 0 ? new ShouldHaveDimensions("%nExpecting column %s to have %s dimensions,%nbut it is not a vector column (%s)",
                column, expected, type) : new ShouldHaveDimensions("%nExpecting column %s to have %s dimensions,%nbut it has %s (%s)",
                        column, expected, actual, type);
    }

    private ShouldHaveDimensions(String format, Object... arguments) {
        super(format, arguments);
    }
}
