package io.github.schemaverify.internal.verify.failure;

import java.util.List;

import io.github.schemaverify.internal.verify.Cause;
import io.github.schemaverify.internal.verify.Failure;
import io.github.schemaverify.schema.diff.SchemaDiff;

/** {@code head_differs}: Flyway applying the whole chain to a fresh database does not reach the walk's head. */
public final class ShouldReachHead {

    private ShouldReachHead() {
    }

    /**
     * @param notRun the Flyway SQL callbacks of the locations that Flyway's migrate runs and the walk does not ({@code
     *               beforeMigrate.sql} on a base): what they create or change shows as Flyway's
     * @param run    those the walk runs where Flyway does (around each migration, after the last)
     */
    public static Failure create(SchemaDiff drift, List<String> notRun, List<String> run) {
        return new Failure(Cause.HEAD_DIFFERS, "[re-apply all]\nExpecting Flyway, applying every migration to a fresh"
                + " database, to reach the head of the walk,\nbut it differs (- only in the walk, + only after Flyway):\n"
                + drift.render("  ") + (notRun.isEmpty() ? "" : "Flyway ran the " + callbacks(notRun) + ", which the walk does"
                + " not run: what " + (notRun.size() == 1 ? "it creates or changes" : "they create or change") + " shows here as"
                + " Flyway's. ") + (run.isEmpty() ? "" : "The walk ran the " + callbacks(run) + " where Flyway runs "
                + (run.size() == 1 ? "it" : "them") + ", but writes no rows to Flyway's schema history: what a callback or a"
                + " script decides from flyway_schema_history can differ. ") + (notRun.isEmpty() && run.isEmpty() ? "Look"
                : "Else look") + " for scripts whose schema depends on the rows of their tables (the walk's hold a generated"
                + " row, a fresh database's none) or on session state, and for Java migrations Flyway is given as objects (its"
                + " javaMigrations setting) or finds as repeatable ones, which the walk does not run.");
    }

    private static String callbacks(List<String> files) {
        return (files.size() == 1 ? "callback " : "callbacks ") + String.join(", ", files);
    }
}
