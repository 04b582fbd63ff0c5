package io.github.schemaverify.internal.verify;

import io.github.schemaverify.RevisionStep;

/**
 * The verdict of one verification step.
 *
 * @param message the failure text (for {@link Status#FAILED}) or the reason (for {@link Status#ABORTED}), else a
 *                one-line summary
 * @param step    what the step saw, for the test's {@code RevisionStep} parameter and the report
 */
public record Outcome(Status status, String message, RevisionStep step) {

    public enum Status { PASSED, FAILED, ABORTED }

    public static Outcome passed(String summary, RevisionStep step) {
        return new Outcome(Status.PASSED, summary, step);
    }

    public static Outcome failed(String message, RevisionStep step) {
        return new Outcome(Status.FAILED, message, step);
    }

    public static Outcome aborted(String reason) {
        return new Outcome(Status.ABORTED, reason, null);
    }
}
