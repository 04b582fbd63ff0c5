package io.github.schemaverify.internal.verify.failure;

import java.util.List;

import io.github.schemaverify.internal.migration.ScriptRunner;
import io.github.schemaverify.internal.verify.Cause;
import io.github.schemaverify.internal.verify.Failure;

/**
 * {@code not_concurrent}: an index on an existing table was built (or rebuilt) without CONCURRENTLY; and
 * {@code up_failed} of a CONCURRENTLY build that failed and left an invalid index behind.
 */
public final class ShouldBuildConcurrently {

    private ShouldBuildConcurrently() {
    }

    /** @param index the index built or rebuilt */
    public static Failure create(LockHazard h, String index, boolean rebuilt) {
        return new Failure(Cause.NOT_CONCURRENT, "Expecting indexes on existing tables to be built CONCURRENTLY,\nbut line "
                + h.line() + (rebuilt ? " rebuilt " : " built ") + index + " on " + h.tableWithRows() + " under "
                + h.lock().sql() + ", " + h.heldFor() + ":\n" + h.excerpt() + h.fix());
    }

    /**
     * A revision's CONCURRENTLY statement failed and left invalid indexes: the script's failure, then what was left and
     * how to make the script safe to run again.
     *
     * @param location e.g. {@code [V9__unique_email.sql, locks]}
     */
    public static Failure leftInvalid(String location, String revision, ScriptRunner.Failure failure, List<String> invalid) {
        String indexes = String.join(", ", invalid);
        String drops = String.join("; ", invalid.stream().map(i -> "DROP INDEX CONCURRENTLY IF EXISTS " + i).toList());
        return new Failure(Cause.UP_FAILED, location + "\nExpecting " + revision + " to apply,\nbut " + failure.problem() + "\n"
                + "The failed build left " + (invalid.size() == 1 ? "the invalid index " : "the invalid indexes ") + indexes
                + " behind: " + (invalid.size() == 1 ? "it is" : "they are") + " never used by queries, every write still"
                + " updates " + (invalid.size() == 1 ? "it" : "them") + ", and running the script again " + (ifNotExists(failure)
                ? "skips " + (invalid.size() == 1 ? "it" : "them") + " (IF NOT EXISTS) and leaves " + (invalid.size() == 1 ? "it"
                : "them") + " invalid" : "fails on " + (invalid.size() == 1 ? "it" : "them")) + ".\n" + failure.fix().replaceFirst("\\.$", "")
                + ", and start the script with " + drops + ", so a retry starts clean.");
    }

    /** Whether the failing statement creates its index only if none of its name exists: a retry then skips the invalid one. */
    private static boolean ifNotExists(ScriptRunner.Failure failure) {
        return failure.statement() != null && IF_NOT_EXISTS.matcher(failure.statement().sql()).find();
    }

    private static final java.util.regex.Pattern IF_NOT_EXISTS = java.util.regex.Pattern.compile(
            "(?is)^\\s*CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+CONCURRENTLY\\s+IF\\s+NOT\\s+EXISTS\\b");
}
