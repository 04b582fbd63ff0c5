package io.github.schemaverify.internal.snapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.github.schemaverify.schema.SchemaSnapshot;

/**
 * The committed schema file: a header, then the snapshot's canonical text. Compared block by block so a drift reads
 * as objects added, removed and changed, not as a wall of text.
 */
public final class GoldenFile {
    static final String HEADER = "# SchemaVerify schema snapshot: canonical text, one object per block.\n"
            + "# Regenerate with -Dschemaverify.snapshot.update=true, review the diff, commit.\n\n";

    private GoldenFile() {
    }

    public static String render(SchemaSnapshot snapshot) {
        return HEADER + snapshot.toCanonicalText();
    }

    /** Empty when equal (ignoring line endings and comment lines), else the differences, one line per object. */
    public static Optional<String> compare(String committed, String current) {
        Map<String, List<String>> expected = blocks(committed);
        Map<String, List<String>> actual = blocks(current);
        if (expected.equals(actual)) {
            return Optional.empty();
        }
        Set<String> keys = new LinkedHashSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        StringBuilder out = new StringBuilder();
        for (String key : keys) {
            List<String> a = expected.get(key);
            List<String> b = actual.get(key);
            if (a == null) {
                out.append("  + ").append(key).append('\n');
            } else if (b == null) {
                out.append("  - ").append(key).append('\n');
            } else if (!a.equals(b)) {
                List<String> changes = new ArrayList<>();
                for (String line : a) {
                    if (!b.contains(line)) {
                        changes.add("- " + line.strip());
                    }
                }
                for (String line : b) {
                    if (!a.contains(line)) {
                        changes.add("+ " + line.strip());
                    }
                }
                out.append("  ~ ").append(key).append(": ").append(String.join("; ", changes)).append('\n');
            }
        }
        return Optional.of(out.toString().stripTrailing());
    }

    private static Map<String, List<String>> blocks(String text) {
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        String key = null;
        for (String line : text.replace("\r\n", "\n").split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            if (line.isBlank()) {
                key = null;
            } else if (key == null) {
                key = line.strip();
                blocks.put(key, new ArrayList<>());
            } else {
                blocks.get(key).add(line.stripTrailing());
            }
        }
        return blocks;
    }
}
