/**
 * How verification failures are worded: one factory per condition (AssertJ's {@code ShouldX} pattern), each naming
 * the location, what was expected, what was found, and the fix for that cause. The walk, idempotency, baseline and
 * golden-file checks build their failures here and nowhere else; differences go through
 * {@link io.github.schemaverify.schema.diff.SchemaDiff#render(String)}.
 */
package io.github.schemaverify.internal.verify.failure;
