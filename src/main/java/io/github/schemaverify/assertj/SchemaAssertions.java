package io.github.schemaverify.assertj;

import org.apiguardian.api.API;

import io.github.schemaverify.locks.RevisionLocks;
import io.github.schemaverify.readiness.ReadinessTimeline;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.diff.SchemaDiff;

/**
 * Entry point of SchemaVerify's AssertJ assertions.
 *
 * <pre>{@code
 * assertThat(schema).hasExtension("vector").withVersionAtLeast("0.7.0");
 * assertThat(schema).table("memory_shards").index("memory_shards_embedding_idx")
 *     .usesMethod("ivfflat").hasOperatorClass("vector_cosine_ops").hasOption("lists", "100").isValid();
 * assertThat(diff).isEmpty();
 * assertThat(timeline).passedThroughLevels(ONLINE, ONLINE_PARTIAL, FULL_READY).hasNoBackwardTransitions();
 * assertThat(locks.of("7")).on("documents").blocksWrites(false).rewrites(false);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SchemaAssertions {

    private SchemaAssertions() {
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
