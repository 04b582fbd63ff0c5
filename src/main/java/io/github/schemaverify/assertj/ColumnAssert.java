package io.github.schemaverify.assertj;

import static io.github.schemaverify.assertj.error.ShouldBe.shouldBe;
import static io.github.schemaverify.assertj.error.ShouldHaveDimensions.shouldHaveDimensions;
import static io.github.schemaverify.assertj.error.ShouldHaveProperty.shouldHaveProperty;

import org.apiguardian.api.API;

import io.github.schemaverify.schema.Column;

/** Assertions on a column: type, nullability, default, identity, vector dimensions. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ColumnAssert extends SchemaAssert<ColumnAssert, Column> {

    public ColumnAssert(Column actual) {
        super(actual, ColumnAssert.class);
        if (actual != null) {
            describedAs("column " + actual.qualifiedName());
        }
    }

    private static String subject(Column c) {
        return "column " + c.qualifiedName();
    }

    /** The type as {@code format_type} prints it, e.g. {@code vector(1536)}, {@code text}, {@code timestamp with time zone}. */
    public ColumnAssert ofType(String type) {
        return check(c -> c.type().equals(type), c -> shouldHaveProperty(subject(c), "type", type, c.type()));
    }

    /** NOT NULL. (AssertJ's own {@code isNotNull()}, that the column exists, is implied by navigating to it.) */
    @Override
    public ColumnAssert isNotNull() {
        return check(Column::notNull, c -> shouldBe(subject(c), "NOT NULL", "nullable"));
    }

    public ColumnAssert isNullable() {
        return check(c -> !c.notNull(), c -> shouldBe(subject(c), "nullable", "NOT NULL"));
    }

    public ColumnAssert hasDefault(String expression) {
        return check(c -> c.defaultValue().equals(expression), c -> shouldHaveProperty(subject(c), "default", expression, c.defaultValue()));
    }

    public ColumnAssert isIdentity() {
        return check(c -> c.identity() != io.github.schemaverify.schema.Identity.NONE,
                c -> shouldBe(subject(c), "an identity column", "not"));
    }

    /** The dimensions of a {@code vector}, {@code halfvec}, {@code sparsevec} or {@code bit} column. */
    public ColumnAssert hasDimensions(int dimensions) {
        return check(c -> c.dimensions() == dimensions, c -> shouldHaveDimensions(c.qualifiedName(), dimensions, c.type(), c.dimensions()));
    }
}
