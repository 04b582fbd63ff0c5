package io.github.schemaverify.assertj;

import static org.assertj.core.error.ShouldNotBeNull.shouldNotBeNull;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.SoftAssertionsProvider;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * What every SchemaVerify assert shares: a check that ends in an error factory, and navigation by name to the assert
 * of a member ({@code table(name)}, {@code column(name)}, ...). Assert bodies stay one expression: what must hold, and
 * the factory that words the failure.
 *
 * <p>Under soft assertions ({@link SchemaSoftAssertionsProvider}) the asserts are AssertJ's soft proxies, which record a
 * failure and return the assert to go on with. A navigation cannot go on that way (its result is another assert, and
 * the proxy would return null), so it records its failure itself and returns the member's assert marked
 * {@link #missing}: its checks have nothing to check and pass silently, since the failure that matters is recorded.
 */
abstract class SchemaAssert<SELF extends SchemaAssert<SELF, ACTUAL>, ACTUAL> extends AbstractAssert<SELF, ACTUAL> {
    /** Where failures go under soft assertions; null for hard assertions, which throw. Set on soft proxies only. */
    SoftAssertionsProvider softly;
    /** This assert stands for a member a failed navigation did not find (soft assertions only). */
    boolean missing;

    SchemaAssert(ACTUAL actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /** Makes a soft proxy navigate softly: its members' asserts are soft proxies recording into the same place. */
    static <A extends SchemaAssert<A, ?>> A soft(A proxy, SoftAssertionsProvider softly) {
        proxy.softly = softly;
        return proxy;
    }

    /** Passes when the actual satisfies {@code holds}; otherwise fails with the error the factory words from it. */
    final SELF check(Predicate<? super ACTUAL> holds, Function<? super ACTUAL, ErrorMessageFactory> error) {
        return check(a -> holds.test(a) ? Optional.empty() : Optional.of(error.apply(a)));
    }

    /** Fails with the error {@code problem} finds in the actual, if it finds one. */
    final SELF check(Function<? super ACTUAL, Optional<ErrorMessageFactory>> problem) {
        if (missing) {
            return myself;
        }
        if (actual == null) {
            throwAssertionError(shouldNotBeNull());
        }
        problem.apply(actual).ifPresent(this::throwAssertionError);
        return myself;
    }

    /**
     * The assert of the member {@code find} finds; when it finds none, fails with the error {@code notFound} words (under
     * soft assertions: records it and returns the member's assert marked missing, so the chain goes on).
     *
     * @param assertType the member's assert, which has a public constructor taking the member
     */
    final <T, A extends SchemaAssert<A, T>> A navigate(Class<A> assertType, Class<T> type, Function<? super ACTUAL, Optional<T>> find,
            Function<? super ACTUAL, ErrorMessageFactory> notFound) {
        Optional<T> found = Optional.empty();
        if (!missing) {
            found = actual == null ? Optional.empty() : find.apply(actual);
            if (found.isEmpty()) {
                AssertionError error = assertionError(actual == null ? shouldNotBeNull() : notFound.apply(actual));
                if (softly == null) {
                    throw error;
                }
                softly.collectAssertionError(error);
            }
        }
        if (softly == null) {
            return create(assertType, type, found.orElseThrow());
        }
        A member = soft(softly.proxy(assertType, type, found.orElse(null)), softly);
        member.missing = found.isEmpty();
        return member;
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
