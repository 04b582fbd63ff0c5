package io.github.schemaverify.locks;

import java.util.List;

import org.apiguardian.api.API;

/**
 * The lock profiles of a chain's revisions, as {@code @VerifyLocks} measures them; a test method of a
 * {@code @VerifyLocks} invocation can take it as a parameter (or take the invocation's own {@link RevisionLocks}).
 *
 * <pre>{@code
 * @VerifyLocks(rows = "documents=100000")
 * void locks(LockProfile locks) {
 *     assertThat(locks.of("7")).on("documents").blocksWrites(false).rewrites(false);
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface LockProfile {

    /**
     * The profile of the revision with this version ({@code "7"}, {@code "1.2"}), profiling the chain up to it if it
     * has not been yet.
     *
     * @throws IllegalArgumentException when the chain has no such version
     * @throws IllegalStateException    when the revision could not be profiled (a revision before it failed to apply)
     */
    RevisionLocks of(String version);

    /** The revisions profiled so far, in order. */
    List<RevisionLocks> profiled();
}
