package io.github.schemaverify.assertj.error;

import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Creates the error when an owner has a named object it should not have:
 * <pre>
 * Expecting the schema not to have extension "vector",
 * but it has.
 * </pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ShouldNotHaveObject extends TextMessageFactory {

    public static ErrorMessageFactory shouldNotHaveObject(String owner, String kind, String name) {
        return new ShouldNotHaveObject(owner, kind, name);
    }

    private ShouldNotHaveObject(String owner, String kind, String name) {
        super("%nExpecting %s not to have %s \"%s\",%nbut it has.", owner, kind, name);
    }
}
