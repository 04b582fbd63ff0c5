package io.github.schemaverify;

import java.time.Duration;
import java.util.List;

import org.apiguardian.api.API;

import io.github.schemaverify.schema.SchemaSnapshot;

/**
 * One invocation of {@link VerifyRoundTrip}, resolvable as a test parameter: the revision, the schema before and after
 * it, the server notices it raised and how long each step took.
 *
 * @param kind        a single revision, the undo of all revisions, or the re-application of all of them
 * @param version     the version ({@code "3"}), or {@code ""} for the two whole-chain invocations
 * @param description the description ({@code "add embedding"})
 * @param script      the migration's file name, or {@code ""}
 * @param before      the schema before (for {@link Kind#UNDO_ALL}, at head; for {@link Kind#REAPPLY_ALL}, at base)
 * @param after       the schema after
 * @param notices     server notices raised while applying and undoing, e.g. "ivfflat index created with little data"
 * @param up          time to apply the revision (or the chain)
 * @param down        time to undo it, {@link Duration#ZERO} when it was not undone
 * @param reapply     time to apply it again, {@link Duration#ZERO} when it was not undone
 * @param irreversible whether the revision was not undone (irreversible, or no undo script with requireUndo off)
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RevisionStep(Kind kind, String version, String description, String script, SchemaSnapshot before,
        SchemaSnapshot after, List<String> notices, Duration up, Duration down, Duration reapply, boolean irreversible) {

    /** What an invocation verified. */
    public enum Kind {
        /** One revision: up, down, up. */
        REVISION,
        /** Undo every revision from head: no trace left. */
        UNDO_ALL,
        /** Flyway applies the whole chain from base: the head schema again. */
        REAPPLY_ALL
    }

    public RevisionStep {
        notices = notices.stream().distinct().toList(); // up and re-up raise the same notices
    }
}
