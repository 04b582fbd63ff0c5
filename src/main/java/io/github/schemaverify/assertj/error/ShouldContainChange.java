package io.github.schemaverify.assertj.error;

import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

import io.github.schemaverify.schema.diff.SchemaDiff;

/**
 * Creates the error when no difference renders as the expected line:
 * <pre>
 * Expecting the differences to contain:
 *   - table public.tenants
 * but they are:
 *   (none)
 * </pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ShouldContainChange extends TextMessageFactory {

    /** @param expected the change as it renders: {@code ~ column public.t.c: type was integer, is bigint} */
    public static ErrorMessageFactory shouldContainChange(String expected, SchemaDiff diff) {
        return new ShouldContainChange(expected, diff);
    }

    private ShouldContainChange(String expected, SchemaDiff diff) {
        super("%nExpecting the differences to contain:%n  %s%nbut they are:%n%s", expected,
                diff.isEmpty() ? "  (none)" : diff.render("  ").stripTrailing());
    }
}
