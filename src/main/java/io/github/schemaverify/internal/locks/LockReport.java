package io.github.schemaverify.internal.locks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.schemaverify.locks.HeldLock;
import io.github.schemaverify.locks.RevisionLocks;
import io.github.schemaverify.locks.StatementLocks;

/** A revision's lock profile as {@code report.json} holds it (see report.schema.json, verifications of kind locks). */
final class LockReport {

    private LockReport() {
    }

    static Map<String, Object> details(RevisionLocks profile, List<String> notices) {
        Map<String, Object> d = new LinkedHashMap<>();
        Duration total = profile.commit();
        for (StatementLocks s : profile.statements()) {
            total = total.plus(s.duration());
        }
        d.put("upMs", millis(total));
        d.put("notices", notices);
        d.put("rows", new LinkedHashMap<>(new java.util.TreeMap<>(profile.rows())));
        List<Map<String, Object>> statements = new ArrayList<>();
        for (StatementLocks s : profile.statements()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", s.line());
            m.put("sql", s.sql());
            m.put("durationMs", millis(s.duration()));
            m.put("transactional", s.transactional());
            m.put("failed", s.failed());
            List<Map<String, Object>> locks = new ArrayList<>();
            for (HeldLock l : s.locks()) {
                Map<String, Object> lock = new LinkedHashMap<>();
                lock.put("relation", l.relation());
                lock.put("table", l.table());
                lock.put("mode", l.mode().sql());
                lock.put("heldMs", millis(l.held()));
                locks.add(lock);
            }
            m.put("locks", locks);
            m.put("created", s.created());
            m.put("rewrites", s.rewrites());
            m.put("scans", s.scans());
            m.put("blocksReads", s.blocksReads());
            m.put("blocksWrites", s.blocksWrites());
            m.put("phases", s.phases());
            m.put("lockWaits", s.lockWaits());
            m.put("invalidIndexes", s.invalidIndexes());
            m.put("lockTimeoutMs", s.lockTimeout().toMillis());
            m.put("rows", s.rows());
            m.put("msPer100kRows", s.millisPer100kRows().map(x -> Math.round(x * 100) / 100.0).orElse(null));
            statements.add(m);
        }
        d.put("statements", statements);
        return d;
    }

    /**
     * One line per statement, without times (for report entries and tests): {@code line 1: ALTER TABLE documents ...
     * | locks ACCESS EXCLUSIVE on documents | rewrites documents, documents_pkey | scans documents | blocks reads
     * documents | blocks writes documents}.
     */
    static String entry(RevisionLocks profile) {
        List<String> lines = new ArrayList<>();
        for (StatementLocks s : profile.statements()) {
            StringBuilder line = new StringBuilder("line ").append(s.line()).append(": ").append(s.firstLine());
            line.append(" | locks ").append(s.locks().isEmpty() ? "none" : String.join(", ", s.locks().stream()
                    .map(HeldLock::toString).toList()));
            list(line, "created", s.created());
            list(line, "rewrites", s.rewrites());
            list(line, "scans", s.scans());
            list(line, "blocks reads", s.blocksReads());
            list(line, "blocks writes", s.blocksWrites());
            list(line, "invalid", s.invalidIndexes());
            if (s.failed()) {
                line.append(" | failed");
            }
            lines.add(line.toString());
        }
        return String.join("\n", lines);
    }

    private static void list(StringBuilder line, String what, List<String> names) {
        if (!names.isEmpty()) {
            line.append(" | ").append(what).append(' ').append(String.join(", ", names));
        }
    }

    static Double millis(Duration d) {
        return d.toNanos() / 10_000 / 100.0;
    }
}
