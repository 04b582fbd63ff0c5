package io.github.schemaverify.assertj;

import org.apiguardian.api.API;
import org.assertj.core.api.SoftAssertions;

/**
 * AssertJ's {@link SoftAssertions} with SchemaVerify's assertions: every failure of a test is collected and reported
 * together, including those of a navigation chain that goes on past a missing table or column.
 *
 * <pre>{@code
 * import io.github.schemaverify.assertj.SoftSchemaAssertions;
 *
 * SoftSchemaAssertions softly = new SoftSchemaAssertions();
 * softly.assertThat(schema).table("memory_shards").hasColumn("embedding").ofType("vector(1536)").isNotNull();
 * softly.assertThat(schema).table("bots").hasUniqueIndexOn("content_hash");
 * softly.assertThat(timeline).reachedLevel(FULL_READY);
 * softly.assertAll(); // one failure listing every one
 * }</pre>
 *
 * With JUnit Jupiter, AssertJ's {@code SoftAssertionsExtension} injects one into a field annotated
 * {@code @InjectSoftAssertions} and calls {@code assertAll()} after the test.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class SoftSchemaAssertions extends SoftAssertions implements SchemaSoftAssertionsProvider {
}
