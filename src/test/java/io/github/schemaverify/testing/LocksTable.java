package io.github.schemaverify.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.schemaverify.locks.HeldLock;
import io.github.schemaverify.locks.RevisionLocks;
import io.github.schemaverify.locks.StatementLocks;

/**
 * docs/locks.md's table of what each common DDL takes, made from measured lock profiles: one row per revision of the
 * hazard chain, one section per PostgreSQL major between {@code <!-- locks-table pgNN -->} markers.
 */
public final class LocksTable {
    public static final String HEADER = "| statement | lock on the table (and its indexes) | rewrites | scans | blocks reads"
            + " | blocks writes |\n|---|---|---|---|---|---|\n";

    private LocksTable() {
    }

    /**
     * The row of one revision (one statement on existing tables). Before PostgreSQL 15 the scans of a statement outside
     * a transaction are seen only through progress phases, which a small table can pass between two polls: {@code n/m}.
     */
    public static String row(RevisionLocks revision, int major) {
        StatementLocks s = revision.statements().get(revision.statements().size() - 1);
        Map<String, List<String>> byTable = new LinkedHashMap<>();
        for (String table : revision.rows().keySet()) {
            Optional<HeldLock> onTable = s.locksOn(table).stream().filter(HeldLock::onTable).max(Comparator.comparing(HeldLock::mode));
            Optional<HeldLock> onIndex = s.locksOn(table).stream().filter(l -> !l.onTable() && !l.relation().contains("(toast"))
                    .max(Comparator.comparing(HeldLock::mode));
            List<String> parts = new ArrayList<>();
            onTable.ifPresent(l -> parts.add(l.mode().sql()));
            onIndex.filter(i -> onTable.isEmpty() || i.mode().compareTo(onTable.get().mode()) > 0)
                    .ifPresent(i -> parts.add(i.mode().sql() + " on index " + i.relation()));
            if (!parts.isEmpty()) {
                byTable.put(table, parts);
            }
        }
        List<String> locks = new ArrayList<>();
        byTable.forEach((table, parts) -> locks.add(String.join(", ", parts) + " (" + table + ")"));
        String rewrites = s.rewrites().stream().anyMatch(r -> revision.rows().containsKey(r)) ? "table"
                : s.rewrites().isEmpty() ? "no" : "index";
        return "| `" + s.firstLine() + "` | " + (locks.isEmpty() ? "none" : String.join("; ", locks)) + " | " + rewrites + " | "
                + (major < 15 && !s.transactional() ? "n/m" : yes(!s.scans().isEmpty())) + " | " + yes(!s.blocksReads().isEmpty()) + " | " + yes(!s.blocksWrites().isEmpty())
                + " |";
    }

    private static String yes(boolean b) {
        return b ? "**yes**" : "no";
    }

    /** The section of docs/locks.md for the major, or empty when it has none. */
    public static Optional<String> section(Path doc, int major) {
        String text = read(doc);
        int from = text.indexOf(begin(major));
        int to = text.indexOf(end(major));
        if (from < 0 || to < from) {
            return Optional.empty();
        }
        return Optional.of(text.substring(from + begin(major).length(), to).strip());
    }

    /** Writes the table into the major's section (which must exist). */
    public static void update(Path doc, int major, String table) {
        String text = read(doc);
        int from = text.indexOf(begin(major));
        int to = text.indexOf(end(major));
        if (from < 0 || to < from) {
            throw new IllegalStateException(doc + " has no section " + begin(major) + " ... " + end(major));
        }
        try {
            Files.writeString(doc, text.substring(0, from + begin(major).length()) + "\n" + table.strip() + "\n" + text.substring(to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String begin(int major) {
        return "<!-- locks-table pg" + major + " -->";
    }

    private static String end(int major) {
        return "<!-- /locks-table pg" + major + " -->";
    }

    private static String read(Path doc) {
        try {
            return Files.readString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
