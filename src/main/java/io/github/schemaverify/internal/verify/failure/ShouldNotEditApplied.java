package io.github.schemaverify.internal.verify.failure;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.schemaverify.internal.vcs.ChangesSince;
import io.github.schemaverify.internal.verify.Cause;
import io.github.schemaverify.internal.verify.Failure;
import io.github.schemaverify.schema.diff.LineDiff;

/**
 * {@code migration_edited}: with {@code from = "git:<ref>"}, versioned migrations that exist at the ref's merge base
 * (and so may be applied somewhere) were edited, renamed or removed since; Flyway's validation fails on every database
 * that applied them.
 */
public final class ShouldNotEditApplied {

    private ShouldNotEditApplied() {
    }

    /**
     * @param ref       the ref as the user named it, e.g. {@code origin/main}
     * @param mergeBase the merge base, abbreviated
     * @param repository the repository's top directory, where the paths of the fix are relative to
     * @param edits     at least one, in version order
     */
    public static Failure create(String ref, String mergeBase, java.nio.file.Path repository, List<ChangesSince.Edit> edits) {
        StringBuilder text = new StringBuilder("[migrations of " + ref + ", merge base " + mergeBase + "]\n");
        text.append("Expecting the versioned migrations that exist at ").append(ref).append(" to be unchanged, since databases")
                .append(" may already have applied them,\nbut ");
        if (edits.size() == 1) {
            ChangesSince.Edit e = edits.get(0);
            text.append(e.atBase()).append(" was ").append(e.kind() == ChangesSince.EditKind.EDITED ? "edited"
                    : e.kind() == ChangesSince.EditKind.RENAMED ? "renamed" : "removed").append(":\n");
        } else {
            text.append(edits.size()).append(" were changed:\n");
        }
        Set<String> flyway = new LinkedHashSet<>();
        Set<String> paths = new LinkedHashSet<>();
        Set<String> copies = new LinkedHashSet<>();
        for (ChangesSince.Edit e : edits) {
            paths.add(quoted(e.pathAtBase()));
            if (e.kind() != ChangesSince.EditKind.REMOVED && !e.now().equals(e.atBase())) {
                copies.add(e.now()); // renamed: once the old file is back, two files would have the version
            }
            switch (e.kind()) {
                case EDITED -> {
                    text.append("  ~ ").append(e.atBase()).append(" edited").append(e.now().equals(e.atBase()) ? ""
                            : " and renamed to " + e.now()).append(" (").append(e.pathAtBase()).append("; - at ").append(ref)
                            .append(", + now):\n");
                    for (String line : LineDiff.of(e.before(), e.after())) {
                        text.append("      ").append(line).append('\n');
                    }
                    flyway.add("Migration checksum mismatch for migration version " + e.version());
                    if (!e.now().equals(e.atBase())) {
                        flyway.add("Migration description mismatch for migration version " + e.version());
                    }
                }
                case RENAMED -> {
                    text.append("  ~ ").append(e.atBase()).append(" renamed to ").append(e.now()).append(" (").append(
                            e.pathAtBase()).append(")\n");
                    flyway.add("Migration description mismatch for migration version " + e.version());
                }
                case REMOVED -> {
                    text.append("  - ").append(e.atBase()).append(" removed (").append(e.pathAtBase()).append(")\n");
                    flyway.add("Detected applied migration not resolved locally: " + e.version());
                }
            }
        }
        boolean one = edits.size() == 1;
        text.append("Flyway's validation fails on every database that applied ").append(one ? "it" : "them").append(" (\"")
                .append(String.join("\", \"", flyway)).append("\"). Restore ").append(one ? "it" : "them").append(" as at ")
                .append(ref).append(" (in ").append(repository).append(": git checkout ").append(mergeBase).append(" -- ")
                .append(String.join(" ", paths)).append(copies.isEmpty() ? "" : "; then delete the renamed " + (copies.size() == 1
                        ? "copy " : "copies ") + String.join(", ", copies)).append(") and put the change").append(one ? "" : "s")
                .append(" in ").append(one ? "a new migration" : "new migrations").append('.');
        return new Failure(Cause.MIGRATION_EDITED, text.toString());
    }

    /** A path as a shell takes it: in single quotes when it holds anything but letters, digits and {@code ._/-}. */
    private static String quoted(String path) {
        return path.matches("[A-Za-z0-9._/-]+") ? path : "'" + path.replace("'", "'\\''") + "'";
    }
}
