package io.github.schemaverify.assertj;

import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import io.github.schemaverify.assertj.error.SchemaErrors;
import io.github.schemaverify.schema.Column;

/** Assertions on a column: type, nullability, default, identity, vector dimensions. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ColumnAssert extends AbstractAssert<ColumnAssert, Column> {

    ColumnAssert(Column actual) {
        super(actual, ColumnAssert.class);
    }

    private String subject() {
        return "column " + actual.qualifiedName();
    }

    /** The type as {@code format_type} prints it, e.g. {@code vector(1536)}, {@code text}, {@code timestamp with time zone}. */
    public ColumnAssert ofType(String type) {
        if (!actual.type().equals(type)) {
            failWithMessage("%s", SchemaErrors.shouldHaveProperty(subject(), "type", type, actual.type()));
        }
        return this;
    }

    public ColumnAssert isNotNull() {
        if (!actual.notNull()) {
            failWithMessage("%s", SchemaErrors.shouldBe(subject(), "NOT NULL", "nullable"));
        }
        return this;
    }

    public ColumnAssert isNullable() {
        if (actual.notNull()) {
            failWithMessage("%s", SchemaErrors.shouldBe(subject(), "nullable", "NOT NULL"));
        }
        return this;
    }

    public ColumnAssert hasDefault(String expression) {
        if (!actual.defaultValue().equals(expression)) {
            failWithMessage("%s", SchemaErrors.shouldHaveProperty(subject(), "default", expression, actual.defaultValue()));
        }
        return this;
    }

    public ColumnAssert isIdentity() {
        if (actual.identity() == io.github.schemaverify.schema.Identity.NONE) {
            failWithMessage("%s", SchemaErrors.shouldBe(subject(), "an identity column", "not"));
        }
        return this;
    }

    /** The dimensions of a {@code vector}, {@code halfvec}, {@code sparsevec} or {@code bit} column. */
    public ColumnAssert hasDimensions(int dimensions) {
        if (actual.dimensions() != dimensions) {
            failWithMessage("%s", SchemaErrors.shouldHaveDimensions(actual.qualifiedName(), dimensions, actual.type(), actual.dimensions()));
        }
        return this;
    }
}
