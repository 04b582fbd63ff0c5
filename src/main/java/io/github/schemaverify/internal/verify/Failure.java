package io.github.schemaverify.internal.verify;

/**
 * A failed verification's cause and text, as one of the {@code failure} factories words it.
 *
 * @param message the whole text: {@code [location]}, {@code Expecting ...}, {@code but ...}, the evidence, the fix
 */
public record Failure(Cause cause, String message) {
}
