package io.github.schemaverify.internal.snapshot;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.github.schemaverify.RevisionStep;
import io.github.schemaverify.internal.verify.Outcome;
import io.github.schemaverify.internal.verify.failure.ShouldMatchSnapshot;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.diff.SchemaDiff;

/**
 * The check of {@code @MatchesSchemaSnapshot}: the migrated schema against the committed file, or the file written
 * when asked to update (saying what it wrote). A missing file fails with what to do, and the text it would hold is
 * written beside the reports so it can be reviewed before it is committed.
 *
 * @param file        the committed file
 * @param draftDir    where the text of a missing or drifted file is written for review
 * @param versions    the server's versions, recorded in the file's header: {@code PostgreSQL 15.20, pgvector 0.8.0}
 * @param updateFlag  the property that makes the check write the file
 */
public record GoldenCheck(Path file, Path draftDir, String versions, String updateFlag, Set<SchemaDiff.Ignore> ignored) {

    private static final String RECORDED = "# recorded on ";

    /** Compares, or writes when {@code update}; progress lines (what was written) go to {@code console}. */
    public Outcome run(SchemaSnapshot schema, boolean update, PrintStream console) {
        String current = GoldenFile.render(schema, ignored).replaceFirst("\n\n", "\n" + RECORDED + versions + "\n\n");
        String name = file.getFileName().toString();
        if (update) {
            String before = Files.exists(file) ? read(file) : null;
            write(file, current);
            String what = before == null ? "created it" : GoldenFile.compare(before, schema, ignored).isEmpty()
                    ? "no object changed" : GoldenFile.compare(before, schema, ignored).changes().size() + " objects changed";
            console.println("SchemaVerify: wrote " + file + " (" + schema.objects().size() + " objects; " + what
                    + "). Review the diff and commit it.");
            return Outcome.passed("wrote " + file + " (" + what + ")", step(schema, schema));
        }
        if (!Files.exists(file)) {
            Path draft = draftDir.resolve(name);
            write(draft, current);
            return Outcome.failed(ShouldMatchSnapshot.missing(name, file.toString(), file.toAbsolutePath().getParent(),
                    updateFlag, draft), null);
        }
        String committed = read(file);
        SchemaDiff drift = GoldenFile.compare(committed, schema, ignored);
        if (drift.isEmpty()) {
            return Outcome.passed("matches " + file, step(schema, schema));
        }
        Path draft = draftDir.resolve(name);
        write(draft, current);
        String recorded = committed.lines().filter(l -> l.startsWith(RECORDED)).map(l -> l.substring(RECORDED.length()))
                .findFirst().orElse("");
        String versionsNote = !recorded.isEmpty() && !recorded.equals(versions) ? "The file was recorded on " + recorded
                + "; this run uses " + versions + ": differences in extension versions or in how the server prints"
                + " definitions come from that." : "";
        return Outcome.failed(ShouldMatchSnapshot.create(name, file.toString(), drift, updateFlag, versionsNote, draft), null);
    }

    private static RevisionStep step(SchemaSnapshot before, SchemaSnapshot after) {
        return new RevisionStep(RevisionStep.Kind.REAPPLY_ALL, "", "", "", before, after, List.of(), Duration.ZERO, Duration.ZERO,
                Duration.ZERO, false);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file.toAbsolutePath(), e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file.toAbsolutePath(), e);
        }
    }
}
