package io.github.schemaverify.assertj;

import static io.github.schemaverify.assertj.error.ShouldHaveProperty.shouldHaveProperty;

import org.apiguardian.api.API;

import io.github.schemaverify.schema.Routine;

/** Assertions on a function or procedure. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class RoutineAssert extends SchemaAssert<RoutineAssert, Routine> {

    public RoutineAssert(Routine actual) {
        super(actual, RoutineAssert.class);
        if (actual != null) {
            describedAs("function " + actual.qualifiedName());
        }
    }

    private static String subject(Routine r) {
        return r.kind() + " " + r.qualifiedName();
    }

    public RoutineAssert returns(String type) {
        return check(r -> r.returns().equals(type), r -> shouldHaveProperty(subject(r), "return type", type, r.returns()));
    }

    public RoutineAssert hasArguments(String identityArguments) {
        return check(r -> r.arguments().equals(identityArguments),
                r -> shouldHaveProperty(subject(r), "arguments", identityArguments, r.arguments()));
    }

    public RoutineAssert hasLanguage(String language) {
        return check(r -> r.language().equals(language), r -> shouldHaveProperty(subject(r), "language", language, r.language()));
    }

    /** {@code VOLATILE}, {@code STABLE} or {@code IMMUTABLE}. */
    public RoutineAssert hasVolatility(String volatility) {
        return check(r -> r.volatility().sql().equals(volatility),
                r -> shouldHaveProperty(subject(r), "volatility", volatility, r.volatility().sql()));
    }

    public RoutineAssert bodyContains(String text) {
        return check(r -> r.body().contains(text), r -> shouldHaveProperty(subject(r), "a body containing", text, r.body().strip()));
    }
}
