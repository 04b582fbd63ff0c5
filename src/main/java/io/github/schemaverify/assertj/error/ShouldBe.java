package io.github.schemaverify.assertj.error;

import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Creates the error when an object lacks a quality, naming what it is instead:
 * <pre>
 * [constraint public.tenants.tenants_name_not_blank]
 * Expecting constraint public.tenants.tenants_name_not_blank to be validated,
 * but it is NOT VALID
 * </pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ShouldBe extends TextMessageFactory {

    /**
     * @param subject  the object, as messages name it
     * @param what     the quality expected: {@code NOT NULL}, {@code unique}, {@code critical}, {@code ready}, ...
     * @param actually what it is instead: {@code nullable}, {@code not}, {@code optional}, {@code running}, ...
     */
    public static ErrorMessageFactory shouldBe(String subject, String what, String actually) {
        return new ShouldBe(subject, what, actually);
    }

    private ShouldBe(String subject, String what, String actually) {
        super("%nExpecting %s to be %s,%nbut it is %s", subject, what, actually);
    }
}
