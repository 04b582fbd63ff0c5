package io.github.schemaverify.internal.verify;

import java.util.List;

import io.github.schemaverify.RevisionStep;

/**
 * The verdict of one verification step.
 *
 * @param cause   why it failed ({@link Status#FAILED} only), else null
 * @param message the failure text (for {@link Status#FAILED}) or the reason (for {@link Status#ABORTED}), else a
 *                one-line summary
 * @param step    what the step saw, for the test's {@code RevisionStep} parameter and the report
 * @param notes   what the report should also say (tables no row could be generated for, a resync and its cost)
 */
public record Outcome(Status status, Cause cause, String message, RevisionStep step, List<String> notes) {

    /**
     * {@link #UP_ONLY}: an irreversible revision, applied and not undone. {@link #APPLIED}: a revision before a round
     * trip's {@code from}, applied into its base and not verified (a report row, never a test).
     */
    public enum Status { PASSED, UP_ONLY, FAILED, ABORTED, APPLIED }

    public Outcome {
        notes = List.copyOf(notes);
    }

    public static Outcome passed(String summary, RevisionStep step) {
        return new Outcome(Status.PASSED, null, summary, step, List.of());
    }

    public static Outcome upOnly(String summary, RevisionStep step) {
        return new Outcome(Status.UP_ONLY, null, summary, step, List.of());
    }

    /** What a revision without an undo script, walked up only ({@code requireUndo = false}), says. */
    public static final String NO_UNDO_SCRIPT = "up only: no undo script, the down walk ends here";

    /** Whether this is a revision walked up only for want of an undo script, not because it is irreversible. */
    public boolean withoutUndoScript() {
        return status == Status.UP_ONLY && NO_UNDO_SCRIPT.equals(message);
    }

    public static Outcome failed(Failure failure, RevisionStep step) {
        return new Outcome(Status.FAILED, failure.cause(), failure.message(), step, List.of());
    }

    /** A revision applied into a round trip's base, not verified. */
    public static Outcome applied(String summary) {
        return new Outcome(Status.APPLIED, null, summary, null, List.of());
    }

    public static Outcome aborted(String reason) {
        return new Outcome(Status.ABORTED, null, reason, null, List.of());
    }

    /**
     * Why the steps after a revision abort when {@code walk} ("The walk", "The lock profile") stopped at it on an error
     * that is no verdict (a reading, generated rows or the server failed there): where its script left the database is
     * unknown, so nothing runs after it, and the revision does not run twice. Its own test gets the error.
     */
    public static String stoppedReason(String walk, String label, String version, Throwable error) {
        if (error instanceof io.github.schemaverify.internal.migration.SessionEnded ended) {
            return walk + " stopped at " + label + ": " + (ended.byItself() ? ended.script() + " ended its own session there ("
                    + ended.reason() + ")" : "the server ended its session there (" + ended.reason() + "), which is no verdict"
                    + " on V" + version) + "; see V" + version + "'s error.";
        }
        return walk + " stopped at " + label + ": SchemaVerify failed there (" + firstLine(error) + "), which is no verdict"
                + " on V" + version + "; see V" + version + "'s error.";
    }

    /** The first line of a throwable's message, or the throwable itself when it has none. */
    public static String firstLine(Throwable error) {
        String message = error.getMessage();
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        return line.isEmpty() ? error.toString() : line;
    }

    /** This outcome with more notes. */
    public Outcome withNotes(List<String> more) {
        return more.isEmpty() ? this : withNotesOf(notes, more);
    }

    /** This outcome with {@code earlier} before its notes: what happened before what they tell. */
    public Outcome withNotesBefore(List<String> earlier) {
        return earlier.isEmpty() ? this : withNotesOf(earlier, notes);
    }

    private Outcome withNotesOf(List<String> first, List<String> then) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(then);
        return new Outcome(status, cause, message, step, all);
    }

    public boolean failed() {
        return status == Status.FAILED;
    }
}
