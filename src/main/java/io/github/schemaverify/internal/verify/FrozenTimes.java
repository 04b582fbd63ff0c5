package io.github.schemaverify.internal.verify;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.schemaverify.internal.migration.MigrationFile;
import io.github.schemaverify.schema.diff.Change;
import io.github.schemaverify.schema.diff.SchemaDiff;

/**
 * Times a script froze into the schema as it ran ({@code 'now'::timestamp} or {@code now()} kept in a view, a default
 * or a function body): found as time literals whose date no script writes. A view re-created by the same SQL holds
 * another such time each time, which is the script that froze it, not a change anyone made.
 */
final class FrozenTimes {

    /** A date or time literal as PostgreSQL prints one in a definition: {@code '2026-12-04 18:12:30.710642'}. */
    private static final Pattern TIME = Pattern.compile(
            "'(\\d{4}-\\d{2}-\\d{2})(?:[ T]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:[+-]\\d{2}(?::\\d{2})?)?)?'");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final Set<String> written = new HashSet<>();

    /** The dates the chain's files write (migrations, undos, callbacks): a literal of one is theirs, not a frozen time. */
    FrozenTimes(List<MigrationFile> scripts) {
        for (MigrationFile f : scripts) {
            Matcher m = DATE.matcher(f.content());
            while (m.find()) {
                written.add(m.group());
            }
        }
    }

    /** The changes of {@code diff} in which only frozen times differ (every property that differs, and nothing else). */
    List<Change> only(SchemaDiff diff) {
        return diff.changes().stream().filter(c -> c instanceof Change.Changed changed && changed.properties().stream()
                .allMatch(p -> masked(p.before()).equals(masked(p.after())))).toList();
    }

    private String masked(String text) {
        Matcher m = TIME.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, written.contains(m.group(1)) ? Matcher.quoteReplacement(m.group()) : "'(a frozen time)'");
        }
        m.appendTail(out);
        return out.toString();
    }
}
