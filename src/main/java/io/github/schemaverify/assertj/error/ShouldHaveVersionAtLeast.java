package io.github.schemaverify.assertj.error;

import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Creates the error when an extension is older than required:
 * <pre>
 * [extension vector]
 * Expecting extension vector to have version at least 9.1.0,
 * but it has 0.8.0
 * </pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ShouldHaveVersionAtLeast extends TextMessageFactory {

    public static ErrorMessageFactory shouldHaveVersionAtLeast(String extension, String expected, String actual) {
        return new ShouldHaveVersionAtLeast(extension, expected, actual);
    }

    private ShouldHaveVersionAtLeast(String extension, String expected, String actual) {
        super("%nExpecting extension %s to have version at least %s,%nbut it has %s", extension, expected, actual);
    }
}
