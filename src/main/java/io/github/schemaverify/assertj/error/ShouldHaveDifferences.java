package io.github.schemaverify.assertj.error;

import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Creates the error when two schemas that should differ are equal:
 * <pre>
 * Expecting schema differences,
 * but the schemas are equal
 * </pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ShouldHaveDifferences extends TextMessageFactory {

    public static ErrorMessageFactory shouldHaveDifferences() {
        return new ShouldHaveDifferences();
    }

    private ShouldHaveDifferences() {
        super("%nExpecting schema differences,%nbut the schemas are equal");
    }
}
