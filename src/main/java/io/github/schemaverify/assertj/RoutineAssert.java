package io.github.schemaverify.assertj;

import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import io.github.schemaverify.assertj.error.SchemaErrors;
import io.github.schemaverify.schema.Routine;

/** Assertions on a function or procedure. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RoutineAssert extends AbstractAssert<RoutineAssert, Routine> {

    RoutineAssert(Routine actual) {
        super(actual, RoutineAssert.class);
    }

    private String subject() {
        return actual.kind() + " " + actual.qualifiedName();
    }

    public RoutineAssert returns(String type) {
        if (!actual.returns().equals(type)) {
            failWithMessage("%s", SchemaErrors.shouldHaveProperty(subject(), "return type", type, actual.returns()));
        }
        return this;
    }

    public RoutineAssert hasArguments(String identityArguments) {
        if (!actual.arguments().equals(identityArguments)) {
            failWithMessage("%s", SchemaErrors.shouldHaveProperty(subject(), "arguments", identityArguments, actual.arguments()));
        }
        return this;
    }

    public RoutineAssert hasLanguage(String language) {
        if (!actual.language().equals(language)) {
            failWithMessage("%s", SchemaErrors.shouldHaveProperty(subject(), "language", language, actual.language()));
        }
        return this;
    }

    /** {@code VOLATILE}, {@code STABLE} or {@code IMMUTABLE}. */
    public RoutineAssert hasVolatility(String volatility) {
        if (!actual.volatility().sql().equals(volatility)) {
            failWithMessage("%s", SchemaErrors.shouldHaveProperty(subject(), "volatility", volatility, actual.volatility().sql()));
        }
        return this;
    }

    public RoutineAssert bodyContains(String text) {
        if (!actual.body().contains(text)) {
            failWithMessage("%s", SchemaErrors.shouldHaveProperty(subject(), "a body containing", text, actual.body().strip()));
        }
        return this;
    }
}
