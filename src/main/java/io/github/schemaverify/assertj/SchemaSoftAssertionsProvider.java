package io.github.schemaverify.assertj;

import org.apiguardian.api.API;
import org.assertj.core.api.SoftAssertionsProvider;

import io.github.schemaverify.readiness.ReadinessTimeline;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.diff.SchemaDiff;

/**
 * SchemaVerify's soft assertions, to mix into any AssertJ soft assertions class the way AssertJ's own providers mix:
 * {@link SoftSchemaAssertions} is {@code SoftAssertions} with this interface; a project with its own soft assertions
 * implements it beside theirs. Every failure is recorded, navigation included: {@code table("missing").column("x")}
 * records that the table is missing and goes on (what follows on a missing object is not checked).
 *
 * <pre>{@code
 * import org.assertj.core.api.SoftAssertions;
 *
 * import io.github.schemaverify.assertj.SchemaSoftAssertionsProvider;
 *
 * class ProjectSoftAssertions extends SoftAssertions implements SchemaSoftAssertionsProvider {
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface SchemaSoftAssertionsProvider extends SoftAssertionsProvider {

    default SchemaSnapshotAssert assertThat(SchemaSnapshot actual) {
        return SchemaAssert.soft(proxy(SchemaSnapshotAssert.class, SchemaSnapshot.class, actual), this);
    }

    default SchemaDiffAssert assertThat(SchemaDiff actual) {
        return SchemaAssert.soft(proxy(SchemaDiffAssert.class, SchemaDiff.class, actual), this);
    }

    default ReadinessTimelineAssert assertThat(ReadinessTimeline actual) {
        return SchemaAssert.soft(proxy(ReadinessTimelineAssert.class, ReadinessTimeline.class, actual), this);
    }
}
