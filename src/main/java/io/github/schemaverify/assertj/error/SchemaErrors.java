package io.github.schemaverify.assertj.error;

import static io.github.schemaverify.assertj.error.ShouldHaveDifferences.shouldHaveDifferences;
import static io.github.schemaverify.assertj.error.ShouldHaveNoDifferences.shouldHaveNoDifferences;
import static io.github.schemaverify.assertj.error.ShouldHaveObject.shouldHaveObject;
import static io.github.schemaverify.assertj.error.ShouldNotHaveObject.shouldNotHaveObject;

import java.util.Collection;
import java.util.List;

import org.apiguardian.api.API;

import io.github.schemaverify.schema.diff.SchemaDiff;

/**
 * The messages of the error factories as plain text, for code written when they were Strings
 * ({@code failWithMessage("%s", SchemaErrors.shouldHave(...))}). Each method renders its factory without a
 * description; new code throws the factory itself, so the assertion's description and representation apply:
 * <pre>{@code
 * import static io.github.schemaverify.assertj.error.ShouldHaveObject.shouldHaveObject;
 *
 * throwAssertionError(shouldHaveObject("table " + actual.qualifiedName(), "column", name, columnNames));
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.DEPRECATED, since = "0.1")
public final class SchemaErrors {

    private SchemaErrors() {
    }

    /** {@link ShouldHaveObject}. */
    public static String shouldHave(String owner, String kind, String name, Collection<String> existing) {
        return shouldHaveObject(owner, kind, name, existing).create();
    }

    /** {@link ShouldNotHaveObject}. */
    public static String shouldNotHave(String owner, String kind, String name) {
        return shouldNotHaveObject(owner, kind, name).create();
    }

    /** {@link ShouldHaveProperty}. */
    public static String shouldHaveProperty(String subject, String property, Object expected, Object actual) {
        return ShouldHaveProperty.shouldHaveProperty(subject, property, expected, actual).create();
    }

    /** {@link ShouldBe}. */
    public static String shouldBe(String subject, String what, String actually) {
        return ShouldBe.shouldBe(subject, what, actually).create();
    }

    /** {@link ShouldHaveDimensions}. */
    public static String shouldHaveDimensions(String column, int expected, String type, int actual) {
        return ShouldHaveDimensions.shouldHaveDimensions(column, expected, type, actual).create();
    }

    /** {@link ShouldHaveVersionAtLeast}. */
    public static String shouldHaveVersionAtLeast(String extension, String expected, String actual) {
        return ShouldHaveVersionAtLeast.shouldHaveVersionAtLeast(extension, expected, actual).create();
    }

    /** {@link ShouldHaveOption}. */
    public static String shouldHaveOption(String index, String option, String expected, String actual) {
        return ShouldHaveOption.shouldHaveOption(index, option, expected, actual).create();
    }

    /** {@link ShouldHaveUniqueIndexOn}. */
    public static String shouldHaveUniqueIndexOn(String table, List<String> columns, Collection<String> uniqueIndexes) {
        return ShouldHaveUniqueIndexOn.shouldHaveUniqueIndexOn(table, columns, uniqueIndexes).create();
    }

    /** {@link ShouldHaveNoDifferences}. */
    public static String shouldBeEmpty(SchemaDiff diff) {
        return shouldHaveNoDifferences(diff).create();
    }

    /** {@link ShouldHaveDifferences}. */
    public static String shouldNotBeEmpty() {
        return shouldHaveDifferences().create();
    }

    /** {@link ShouldContainChange}. */
    public static String shouldContainChange(String expected, SchemaDiff diff) {
        return ShouldContainChange.shouldContainChange(expected, diff).create();
    }
}
