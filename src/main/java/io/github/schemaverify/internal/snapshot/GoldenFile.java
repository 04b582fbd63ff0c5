package io.github.schemaverify.internal.snapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.schemaverify.schema.RecordedObject;
import io.github.schemaverify.schema.SchemaObject;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.diff.Change;
import io.github.schemaverify.schema.diff.SchemaDiff;

/**
 * The committed schema file: a header, then the snapshot's canonical text. Compared object by object through
 * {@link SchemaDiff}, so a drift reads like every other difference SchemaVerify shows.
 */
public final class GoldenFile {
    static final String HEADER = "# SchemaVerify schema snapshot: canonical text, one object per block.\n"
            + "# Regenerate with -Dschemaverify.snapshot.update=true, review the diff, commit.\n\n";

    private GoldenFile() {
    }

    public static String render(SchemaSnapshot snapshot) {
        return HEADER + snapshot.toCanonicalText();
    }

    /**
     * The file for a snapshot, leaving out what the comparison ignores (owners, privileges; the column order is kept,
     * since it is what the table's block lists): a file written where they are ignored does not record them.
     */
    public static String render(SchemaSnapshot snapshot, Set<SchemaDiff.Ignore> ignored) {
        Set<String> properties = new java.util.HashSet<>();
        Set<String> kinds = new java.util.HashSet<>();
        for (SchemaDiff.Ignore i : ignored) {
            if (i != SchemaDiff.Ignore.COLUMN_ORDER) {
                properties.addAll(i.properties());
                kinds.addAll(i.kinds());
            }
        }
        if (properties.isEmpty()) {
            return render(snapshot);
        }
        StringBuilder out = new StringBuilder(HEADER);
        for (RecordedObject o : parse(snapshot.toCanonicalText())) {
            if (kinds.contains(o.kind())) {
                continue;
            }
            Map<String, String> kept = new LinkedHashMap<>(o.properties());
            kept.keySet().removeAll(properties);
            out.append(SchemaSnapshot.canonicalBlock(o.key(), kept));
        }
        return out.toString();
    }

    /**
     * What changed from the committed file to the current schema (empty when they match, line endings and comment
     * lines aside); objects only in the current schema are shown with their live summary.
     */
    public static SchemaDiff compare(String committed, SchemaSnapshot current, Set<SchemaDiff.Ignore> ignored) {
        List<RecordedObject> recorded = parse(committed);
        List<RecordedObject> now = parse(current.toCanonicalText());
        Map<String, SchemaObject> live = new LinkedHashMap<>();
        for (SchemaObject o : current.objects()) {
            live.put(o.key(), o);
        }
        List<Change> changes = new ArrayList<>();
        for (Change c : SchemaDiff.between(recorded, now, ignored).changes()) {
            SchemaObject real = live.get(c.key());
            if (real != null && c instanceof Change.Added) {
                changes.add(new Change.Added(real));
            } else if (real != null && c instanceof Change.Changed changed) {
                changes.add(new Change.Changed(changed.before(), real, changed.properties()));
            } else {
                changes.add(c);
            }
        }
        return new SchemaDiff(changes);
    }

    /** The objects of canonical text: each block's first line is the key, the others its properties. */
    static List<RecordedObject> parse(String text) {
        List<RecordedObject> objects = new ArrayList<>();
        String key = null;
        Map<String, String> properties = new LinkedHashMap<>();
        String multiline = null;
        StringBuilder value = new StringBuilder();
        for (String line : (text.replace("\r\n", "\n") + "\n\n").split("\n", -1)) {
            if (line.startsWith("#") && key == null) {
                continue;
            }
            if (multiline != null && line.startsWith("    ")) {
                value.append(value.length() == 0 ? "" : "\n").append(line.substring(4));
                continue;
            }
            if (multiline != null) {
                properties.put(multiline, value.toString());
                multiline = null;
                value.setLength(0);
            }
            if (line.isBlank()) {
                if (key != null) {
                    objects.add(RecordedObject.of(key, properties));
                }
                key = null;
                properties = new LinkedHashMap<>();
            } else if (key == null) {
                key = line.strip();
            } else {
                String p = line.strip();
                int colon = p.indexOf(": ");
                if (p.endsWith(": |")) {
                    multiline = p.substring(0, p.length() - 3);
                } else if (colon > 0) {
                    properties.put(p.substring(0, colon), p.substring(colon + 2));
                } else if (p.endsWith(":")) {
                    properties.put(p.substring(0, p.length() - 1), "");
                }
            }
        }
        return objects;
    }
}
