package io.github.schemaverify.assertj;

import static org.assertj.core.error.ShouldNotBeNull.shouldNotBeNull;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import org.assertj.core.api.AbstractAssert;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * What every SchemaVerify assert shares: a check that ends in an error factory, and navigation by name to the assert
 * of a member ({@code table(name)}, {@code column(name)}, ...). Assert bodies stay one expression: what must hold, and
 * the factory that words the failure.
 */
abstract class SchemaAssert<SELF extends SchemaAssert<SELF, ACTUAL>, ACTUAL> extends AbstractAssert<SELF, ACTUAL> {

    SchemaAssert(ACTUAL actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /** Passes when the actual satisfies {@code holds}; otherwise fails with the error the factory words from it. */
    final SELF check(Predicate<? super ACTUAL> holds, Function<? super ACTUAL, ErrorMessageFactory> error) {
        return check(a -> holds.test(a) ? Optional.empty() : Optional.of(error.apply(a)));
    }

    /** Fails with the error {@code problem} finds in the actual, if it finds one. */
    final SELF check(Function<? super ACTUAL, Optional<ErrorMessageFactory>> problem) {
        if (actual == null) {
            throwAssertionError(shouldNotBeNull());
        }
        problem.apply(actual).ifPresent(this::throwAssertionError);
        return myself;
    }

    /**
     * The assert of the member {@code find} finds; when it finds none, fails with the error {@code notFound} words.
     *
     * @param assertType the member's assert, which has a public constructor taking the member
     */
    final <T, A extends SchemaAssert<A, T>> A navigate(Class<A> assertType, Class<T> type, Function<? super ACTUAL, Optional<T>> find,
            Function<? super ACTUAL, ErrorMessageFactory> notFound) {
        if (actual == null) {
            throwAssertionError(shouldNotBeNull());
        }
        Optional<T> found = find.apply(actual);
        if (found.isEmpty()) {
            throwAssertionError(notFound.apply(actual));
        }
        return create(assertType, type, found.get());
    }

    private static <T, A> A create(Class<A> assertType, Class<T> type, T member) {
        try {
            return assertType.getConstructor(type).newInstance(member);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(assertType.getName() + " needs a public constructor taking a " + type.getName(), e);
        }
    }
}
