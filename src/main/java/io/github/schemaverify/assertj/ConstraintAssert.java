package io.github.schemaverify.assertj;

import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import io.github.schemaverify.assertj.error.SchemaErrors;
import io.github.schemaverify.schema.Constraint;

/** Assertions on a table constraint. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ConstraintAssert extends AbstractAssert<ConstraintAssert, Constraint> {

    ConstraintAssert(Constraint actual) {
        super(actual, ConstraintAssert.class);
    }

    private String subject() {
        return "constraint " + actual.qualifiedName();
    }

    /** {@code PRIMARY KEY}, {@code FOREIGN KEY}, {@code UNIQUE}, {@code CHECK} or {@code EXCLUDE}. */
    public ConstraintAssert isOfType(String type) {
        if (!actual.type().sql().equals(type)) {
            failWithMessage("%s", SchemaErrors.shouldHaveProperty(subject(), "type", type, actual.type().sql()));
        }
        return this;
    }

    /** The definition as {@code pg_get_constraintdef} prints it. */
    public ConstraintAssert hasDefinition(String definition) {
        if (!actual.definition().equals(definition)) {
            failWithMessage("%s", SchemaErrors.shouldHaveProperty(subject(), "definition", definition, actual.definition()));
        }
        return this;
    }

    /** The definition contains this text, e.g. {@code REFERENCES tenants(id)} or {@code ON DELETE CASCADE}. */
    public ConstraintAssert definitionContains(String text) {
        if (!actual.definition().contains(text)) {
            failWithMessage("%s", SchemaErrors.shouldHaveProperty(subject(), "a definition containing", text, actual.definition()));
        }
        return this;
    }

    public ConstraintAssert isValidated() {
        if (!actual.validated()) {
            failWithMessage("%s", SchemaErrors.shouldBe(subject(), "validated", "NOT VALID"));
        }
        return this;
    }
}
