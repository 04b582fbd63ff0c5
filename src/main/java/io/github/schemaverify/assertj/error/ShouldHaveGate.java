package io.github.schemaverify.assertj.error;

import java.util.List;

import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Creates the error when a timeline has no gate of that name:
 * <pre>
 * [readiness timeline]
 * Expecting the bootstrap to have gate "cache",
 * but its gates are: server, database, migrations
 * </pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ShouldHaveGate extends TextMessageFactory {

    public static ErrorMessageFactory shouldHaveGate(String name, List<String> gates) {
        return new ShouldHaveGate(name, gates);
    }

    private ShouldHaveGate(String name, List<String> gates) {
        super("%nExpecting the bootstrap to have gate \"%s\",%nbut its gates are: %s", name, String.join(", ", gates));
    }
}
