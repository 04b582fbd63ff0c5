package io.github.schemaverify.assertj;

import static io.github.schemaverify.assertj.error.ShouldBe.shouldBe;
import static io.github.schemaverify.assertj.error.ShouldHaveProperty.shouldHaveProperty;

import org.apiguardian.api.API;

import io.github.schemaverify.schema.Constraint;

/** Assertions on a table constraint. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ConstraintAssert extends SchemaAssert<ConstraintAssert, Constraint> {

    public ConstraintAssert(Constraint actual) {
        super(actual, ConstraintAssert.class);
        if (actual != null) {
            describedAs("constraint " + actual.qualifiedName());
        }
    }

    private static String subject(Constraint c) {
        return "constraint " + c.qualifiedName();
    }

    /** {@code PRIMARY KEY}, {@code FOREIGN KEY}, {@code UNIQUE}, {@code CHECK} or {@code EXCLUDE}. */
    public ConstraintAssert isOfType(String type) {
        return check(c -> c.type().sql().equals(type), c -> shouldHaveProperty(subject(c), "type", type, c.type().sql()));
    }

    /** The definition as {@code pg_get_constraintdef} prints it. */
    public ConstraintAssert hasDefinition(String definition) {
        return check(c -> c.definition().equals(definition), c -> shouldHaveProperty(subject(c), "definition", definition, c.definition()));
    }

    /** The definition contains this text, e.g. {@code REFERENCES tenants(id)} or {@code ON DELETE CASCADE}. */
    public ConstraintAssert definitionContains(String text) {
        return check(c -> c.definition().contains(text),
                c -> shouldHaveProperty(subject(c), "a definition containing", text, c.definition()));
    }

    public ConstraintAssert isValidated() {
        return check(Constraint::validated, c -> shouldBe(subject(c), "validated", "NOT VALID"));
    }
}
