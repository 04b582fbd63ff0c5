package io.github.schemaverify.internal.verify;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.schemaverify.internal.migration.MigrationFile;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.diff.Change;
import io.github.schemaverify.schema.diff.SchemaDiff;
import io.github.schemaverify.schema.diff.SqlText;

/**
 * Times a script froze into the schema as it ran: a {@code 'now'} literal ({@code 'now'::timestamp}) becomes the
 * moment it is parsed, kept in a view, a default or a function's definition. They read as timestamps with a fraction of
 * a second ({@code '2026-12-04 18:12:30.710642'}) on a date that no script, undo or callback writes. A view re-created
 * by the same SQL holds another such time each time: the SQL that froze it, not a change anyone made.
 */
final class FrozenTimes {

    /** A timestamp literal as PostgreSQL prints one in a definition, with its fraction of a second. */
    private static final Pattern TIME = Pattern.compile(
            "'(\\d{4}-\\d{2}-\\d{2})[ T]\\d{2}:\\d{2}:\\d{2}\\.\\d+(?:[+-]\\d{2}(?::\\d{2})?)?'");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final Set<String> written = new HashSet<>();

    /** The dates the chain's files write outside comments: a literal on one of them is theirs, not a frozen time. */
    FrozenTimes(List<MigrationFile> files) {
        for (MigrationFile f : files) {
            Matcher m = DATE.matcher(SqlText.withoutComments(f.content()));
            while (m.find()) {
                written.add(m.group());
            }
        }
    }

    /** The changes of {@code diff} in which frozen times alone differ (every property that differs, and nothing else). */
    List<Change> only(SchemaDiff diff) {
        return diff.changes().stream().filter(c -> c instanceof Change.Changed changed && changed.properties().stream()
                .allMatch(p -> masked(p.before()).equals(masked(p.after())))).toList();
    }

    /** Whether the object of {@code key} holds a frozen time in {@code schema} (a revision before froze one into it). */
    boolean heldIn(SchemaSnapshot schema, String key) {
        return schema.objects().stream().filter(o -> o.key().equals(key))
                .anyMatch(o -> o.properties().values().stream().anyMatch(v -> !masked(v).equals(v)));
    }

    private String masked(String text) {
        if (text.indexOf('\'') < 0) {
            return text;
        }
        Matcher m = TIME.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, written.contains(m.group(1)) ? Matcher.quoteReplacement(m.group()) : "'(a frozen time)'");
        }
        m.appendTail(out);
        return out.toString();
    }
}
