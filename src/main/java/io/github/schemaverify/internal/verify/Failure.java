package io.github.schemaverify.internal.verify;

/**
 * A failed verification's cause and text, as one of the {@code failure} factories words it.
 *
 * @param message the whole text: {@code [location]}, {@code Expecting ...}, {@code but ...}, the evidence, the fix
 */
public record Failure(Cause cause, String message) {

    /**
     * {@code first}, then what {@code other} expects of the same step, after a blank line and without its location:
     * two findings of one step, told under the first's cause.
     */
    public static Failure besides(Failure first, Failure other) {
        String text = other.message();
        return new Failure(first.cause(), first.message() + "\n\n" + text.substring(text.indexOf('\n') + 1));
    }

    /**
     * {@code first}, then {@code later} whole, its location included, after a blank line: findings of two steps of one
     * revision (as it first ran, then its undo), told under the first's cause.
     */
    public static Failure then(Failure first, Failure later) {
        return new Failure(first.cause(), first.message() + "\n\n" + later.message());
    }
}
