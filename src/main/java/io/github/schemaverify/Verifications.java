package io.github.schemaverify;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import io.github.schemaverify.internal.config.Misuse;
import io.github.schemaverify.internal.migration.MigrationFile;
import io.github.schemaverify.internal.verify.Outcome;
import io.github.schemaverify.schema.diff.SchemaDiff;

/** What the verifying extensions share: preconditions, turning outcomes into JUnit results, report entries. */
final class Verifications {

    private Verifications() {
    }

    static String where(ExtensionContext context) {
        return context.getRequiredTestClass().getName() + context.getTestMethod().map(m -> "#" + m.getName()).orElse("");
    }

    static void requireDatabase(ExtensionContext context, String annotation) {
        if (Scopes.annotation(context).isEmpty()) {
            throw Misuse.requirement(annotation + " on " + where(context), "needs @MigratedDatabase on its class or method, to"
                    + " know which migrations to verify and where", "");
        }
    }

    static void requireFlyway(ExtensionContext context, String annotation) {
        requireDatabase(context, annotation);
        if (Scopes.config(context).engine() != Engine.FLYWAY) {
            throw Misuse.requirement(annotation + " on " + where(context), "walks Flyway versioned migrations, but"
                    + " @MigratedDatabase uses engine = SQL_SCRIPTS, which has none", "Use @VerifyIdempotent to prove that the"
                    + " scripts can run again.");
        }
    }

    /**
     * The aspects schema comparisons leave out: each of column order, owners and privileges whose property
     * ({@code schemaverify.snapshot.columnOrder}, {@code .owners}, {@code .privileges}) is {@code false}; owners are
     * compared by default only where {@code ownersByDefault} (round trips, not golden files).
     */
    static java.util.Set<SchemaDiff.Ignore> ignored(ExtensionContext context, boolean ownersByDefault) {
        return Scopes.run(context).ignored(ownersByDefault);
    }

    /** Throws an error that stopped a walk (no verdict) as it was, in the test of the step it stopped at. */
    static void rethrow(Throwable error) {
        if (error instanceof Error e) {
            throw e;
        }
        throw (RuntimeException) error; // the walks keep only unchecked ones
    }

    /** Failed outcomes fail the test with their text; aborted ones abort it with the reason. */
    static void raise(Outcome outcome) {
        switch (outcome.status()) {
            case FAILED -> throw new AssertionFailedError(outcome.message());
            case ABORTED -> throw new TestAbortedException(outcome.message());
            case PASSED, UP_ONLY, APPLIED -> {
            }
        }
    }

    /**
     * Report rows for the revisions before a walk's start, which have no invocation of their own:
     * {@code V3 add_index: applied, not <what>}, with version and script.
     *
     * @param what what the walk does to the revisions it walks: {@code verified}, {@code profiled}
     */
    static void reportBeforeStart(ExtensionContext context, java.util.List<MigrationFile> revisions, String what, String kind,
            Outcome outcome) {
        for (MigrationFile v : revisions) {
            Reports.run(context).verification(context.getRequiredTestClass().getName(), Reports.testName(context), v.label()
                    + ": applied, not " + what, kind, outcome,
                    Map.of("version", v.version(), "script", v.fileName()));
        }
    }

    /** The step's facts as JUnit report entries (IDEs show them; Surefire's and Gradle's XML do not carry them). */
    static void report(ExtensionContext context, String kind, Outcome outcome) {
        report(context, kind, outcome, Map.of());
    }

    /** As {@link #report(ExtensionContext, String, Outcome)}, with what the verification adds to its report entry. */
    static void report(ExtensionContext context, String kind, Outcome outcome, Map<String, Object> details) {
        Reports.run(context).verification(context.getRequiredTestClass().getName(), Reports.testName(context),
                context.getDisplayName(), kind, outcome, details);
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("schemaverify.result", outcome.status().name().toLowerCase(java.util.Locale.ROOT)
                + (outcome.status() != Outcome.Status.FAILED && outcome.status() != Outcome.Status.ABORTED
                ? ": " + outcome.message() : ""));
        if (outcome.cause() != null) {
            entry.put("schemaverify.cause", outcome.cause().wireName());
        }
        if (outcome.step() != null && !outcome.step().notices().isEmpty()) {
            entry.put("schemaverify.notices", String.join(" | ", outcome.step().notices()));
        }
        if (!outcome.notes().isEmpty()) {
            entry.put("schemaverify.notes", String.join(" | ", outcome.notes()));
        }
        context.publishReportEntry(entry);
    }
}
