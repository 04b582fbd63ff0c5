package io.github.schemaverify.assertj.error;

import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Creates the error when a property of an object differs from the expected value; text values are quoted, an empty
 * one reads {@code (none)}:
 * <pre>
 * [column public.memory_shards.embedding]
 * Expecting column public.memory_shards.embedding to have type "vector(768)",
 * but it is "vector(1536)"
 * </pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ShouldHaveProperty extends TextMessageFactory {

    /**
     * @param subject  the object, as messages name it: {@code column public.memory_shards.embedding}
     * @param property {@code type}, {@code default}, {@code access method}, ...
     */
    public static ErrorMessageFactory shouldHaveProperty(String subject, String property, Object expected, Object actual) {
        return new ShouldHaveProperty(subject, property, expected, actual);
    }

    private ShouldHaveProperty(String subject, String property, Object expected, Object actual) {
        super("%nExpecting %s to have %s %s,%nbut it is %s", subject, property, value(expected), value(actual));
    }
}
