package io.github.schemaverify.assertj;

import org.apiguardian.api.API;
import org.assertj.core.api.Assertions;

import io.github.schemaverify.locks.RevisionLocks;
import io.github.schemaverify.readiness.ReadinessTimeline;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.diff.SchemaDiff;

/**
 * Entry point of SchemaVerify's AssertJ assertions, and of AssertJ's own: it extends {@link Assertions}, so one static
 * import gives {@code assertThat} for a schema, a diff and a readiness timeline beside every {@code assertThat},
 * {@code assertThatThrownBy}, ... of AssertJ.
 *
 * <pre>{@code
 * import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
 *
 * assertThat(schema).hasExtension("vector").withVersionAtLeast("0.7.0");
 * assertThat(schema).table("memory_shards").index("memory_shards_embedding_idx")
 *     .usesMethod("ivfflat").hasOperatorClass("vector_cosine_ops").hasOption("lists", "100").isValid();
 * assertThat(diff).isEmpty();
 * assertThat(timeline).passedThroughLevels(ONLINE, ONLINE_PARTIAL, FULL_READY).hasNoBackwardTransitions();
 * assertThat(timeline.level()).isEqualTo(FULL_READY); // AssertJ's own
 * assertThat(locks.of("7")).on("documents").blocksWrites(false).rewrites(false);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class SchemaAssertions extends Assertions {

    /** Extended like AssertJ's {@link Assertions}, by a project that adds its own entry points beside these. */
    protected SchemaAssertions() {
    }

    public static SchemaSnapshotAssert assertThat(SchemaSnapshot actual) {
        return new SchemaSnapshotAssert(actual);
    }

    public static SchemaDiffAssert assertThat(SchemaDiff actual) {
        return new SchemaDiffAssert(actual);
    }

    public static ReadinessTimelineAssert assertThat(ReadinessTimeline actual) {
        return new ReadinessTimelineAssert(actual);
    }

    /** A revision's lock profile, from {@code @VerifyLocks}. */
    public static RevisionLocksAssert assertThat(RevisionLocks actual) {
        return new RevisionLocksAssert(actual);
    }
}
