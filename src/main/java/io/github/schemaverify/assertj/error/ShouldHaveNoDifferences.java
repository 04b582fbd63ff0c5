package io.github.schemaverify.assertj.error;

import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

import io.github.schemaverify.schema.diff.SchemaDiff;

/**
 * Creates the error when two schemas differ, listing every difference as a {@code +}, {@code -} or {@code ~} line:
 * <pre>
 * Expecting no schema differences,
 * but found 1:
 *   + enum app.task_state (AS ENUM ('queued', 'running', 'done'))
 * </pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ShouldHaveNoDifferences extends TextMessageFactory {

    public static ErrorMessageFactory shouldHaveNoDifferences(SchemaDiff diff) {
        return new ShouldHaveNoDifferences(diff);
    }

    private ShouldHaveNoDifferences(SchemaDiff diff) {
        super("%nExpecting no schema differences,%nbut found %s:%n%s", diff.shown().size(), diff.render("  ").stripTrailing());
    }
}
