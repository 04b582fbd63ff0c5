package io.github.schemaverify.internal.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.github.schemaverify.internal.migration.MigrationFile;
import io.github.schemaverify.internal.vcs.ChangesSince;
import io.github.schemaverify.internal.verify.failure.ShouldNotEditApplied;

/**
 * The invocations of one {@code @VerifyRoundTrip}: with {@code from = "git:<ref>"}, first the check that no migration
 * of the ref was edited; then the walk's, from its start (none when nothing is new since the ref: no server is
 * started then). The walk is created on first use.
 */
public final class RoundTripRun implements AutoCloseable {
    private final WalkStart start;
    private final List<MigrationFile> chain;
    private final Supplier<RoundTripWalk> factory;
    private final int offset;
    private RoundTripWalk walk;

    /**
     * @param chain   the versioned migrations the round trip walks ({@link WalkStart#chain})
     * @param factory creates the walk (and starts its server) when first asked
     */
    public RoundTripRun(WalkStart start, List<MigrationFile> chain, Supplier<RoundTripWalk> factory) {
        this.start = start;
        this.chain = List.copyOf(chain);
        this.factory = factory;
        this.offset = start.changes().isPresent() ? 1 : 0;
    }

    private synchronized RoundTripWalk walk() {
        if (walk == null) {
            walk = factory.get();
        }
        return walk;
    }

    /** Whether any revision is walked (with {@code git:}, none may be new). */
    public boolean walks() {
        return start.index() < chain.size();
    }

    /** The walk's time, its resyncs included ({@link RoundTripWalk#elapsed}). */
    public java.time.Duration elapsed() {
        return walk().elapsed();
    }

    /** The walk's resyncs ({@link RoundTripWalk#resyncs}). */
    public List<java.time.Duration> resyncs() {
        return walk().resyncs();
    }

    /** The lanes the walk ran in ({@link RoundTripWalk#laneCount}). */
    public int laneCount() {
        return walk().laneCount();
    }

    /** The revisions before the walk's first: applied into its base (or, when nothing is walked, all), not verified. */
    public List<MigrationFile> applied() {
        return chain.subList(0, start.index());
    }

    /**
     * The report rows of the revisions before the start, once the walk's first revision ran (which builds the base):
     * applied, not verified; or, when the base did not apply, aborted with that reason.
     */
    public Outcome appliedOutcome() {
        if (walks()) {
            walk().outcome(0); // the base is built, or not, by then
            if (walk().baseFailed()) {
                return Outcome.aborted("not verified, and maybe not applied: the base (the revisions before V"
                        + chain.get(start.index()).version() + ") did not apply; see V" + chain.get(start.index()).version());
            }
        }
        return Outcome.applied(appliedReason());
    }

    /** What a revision's report row says about why it was applied and not verified. */
    public String appliedReason() {
        return walks() ? "applied into the walk's base, not verified: the walk starts at V" + chain.get(start.index()).version()
                + " (" + start.label() + ")"
                : "applied, not verified: no revision is new or changed since " + start.changes().orElseThrow().ref() + " ("
                + start.label() + "), so none is walked";
    }

    public List<String> displayNames() {
        List<String> names = new ArrayList<>();
        start.changes().ifPresent(c -> names.add(historyName(c)));
        if (walks()) {
            names.addAll(walk().displayNames());
        }
        return names;
    }

    public int size() {
        return offset + (walks() ? walk().size() : 0);
    }

    /** What invocation {@code index} verifies, as reports name it: {@code history}, or the walk's kinds. */
    public String kind(int index) {
        return index < offset ? "history" : walk().kind(index - offset);
    }

    public Outcome outcome(int index) {
        if (index < offset) {
            return history(start.changes().orElseThrow());
        }
        return walk().outcome(index - offset);
    }

    /** The error that is no verdict the walk stopped on at invocation {@code index}, for it to throw (after its report). */
    public Optional<Throwable> error(int index) {
        return index < offset || !walks() ? Optional.empty() : walk().error(index - offset);
    }

    private static String historyName(ChangesSince.Changes c) {
        List<String> versions = c.versionsAtBase();
        return "no migration of " + c.ref() + " edited (" + (versions.isEmpty() ? "it has none"
                : versions.size() == 1 ? "V" + versions.get(0) : "V" + versions.get(0) + " to V" + versions.get(versions.size() - 1))
                + ")";
    }

    private Outcome history(ChangesSince.Changes c) {
        if (!c.edits().isEmpty()) {
            return Outcome.failed(ShouldNotEditApplied.create(c.ref(), c.mergeBase(), c.repository(), c.edits()), null);
        }
        int n = c.versionsAtBase().size();
        return Outcome.passed((n == 1 ? "the migration" : "the " + n + " migrations") + " of " + c.ref() + " (merge base "
                + c.mergeBase() + ") " + (n == 1 ? "is" : "are") + " unchanged; " + (walks() ? "the walk starts at V"
                + chain.get(start.index()).version() + ", the first new or changed revision"
                : "no revision is new or changed since, so none is walked"), null);
    }

    @Override
    public synchronized void close() {
        if (walk != null) {
            walk.close();
        }
    }
}
