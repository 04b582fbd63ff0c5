package io.github.schemaverify.internal.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lock profile of a {@code locks} verification in the HTML report: a timeline (each statement a segment on a common
 * time axis, each lock a bar from the start of the statement that took it for as long as it was held, coloured by how
 * much it blocks) and a table of the statements with what each locked, rewrote, scanned and blocked.
 */
final class LocksHtml {
    static final String CSS = """
            .locks{margin:6px 0}.locks table{font-size:12px;margin-top:4px}.locks td,.locks th{padding:3px 6px}
            .locks code{font-size:11px}.blocks{color:#c0392b;font-weight:600}.lockkey span{margin-right:10px;font-size:11px}
            """;
    /** Modes by how much they block: reads and writes, writes, other schema changes, nothing ordinary. */
    private static final Map<String, String> COLOURS = Map.of("ACCESS EXCLUSIVE", "#c0392b", "EXCLUSIVE", "#e0670b",
            "SHARE ROW EXCLUSIVE", "#e08e0b", "SHARE", "#e08e0b", "SHARE UPDATE EXCLUSIVE", "#c9a400",
            "ROW EXCLUSIVE", "#2e8b57", "ROW SHARE", "#2e8b57", "ACCESS SHARE", "#2e8b57");
    private static final int MAX_ROWS = 40;

    private LocksHtml() {
    }

    @SuppressWarnings("unchecked")
    static void render(StringBuilder h, Map<String, Object> verification) {
        if (!(verification.get("statements") instanceof List<?> list) || list.isEmpty()) {
            return;
        }
        List<Map<String, Object>> statements = (List<Map<String, Object>>) list;
        h.append("<div class=\"locks\">");
        timeline(h, statements);
        h.append("<div class=\"lockkey\"><span style=\"color:#c0392b\">■ blocks reads and writes</span>")
                .append("<span style=\"color:#e08e0b\">■ blocks writes</span><span style=\"color:#c9a400\">■ blocks other schema"
                        + " changes</span><span style=\"color:#2e8b57\">■ blocks no reads or writes</span></div>");
        h.append("<table><tr><th>line</th><th>statement</th><th>ms</th><th>locks</th><th>rewrites</th><th>scans</th>")
                .append("<th>blocks reads</th><th>blocks writes</th><th>ms per 100k rows</th></tr>");
        for (Map<String, Object> s : statements) {
            List<String> locks = new ArrayList<>();
            for (Map<String, Object> l : (List<Map<String, Object>>) s.get("locks")) {
                locks.add(l.get("mode") + " on " + l.get("relation"));
            }
            String sql = String.valueOf(s.get("sql"));
            h.append("<tr><td>").append(s.get("line")).append("</td><td><code title=\"").append(HtmlReport.esc(sql)).append("\">")
                    .append(HtmlReport.esc(sql.lines().findFirst().orElse(""))).append("</code>")
                    .append(Boolean.TRUE.equals(s.get("failed")) ? " <span class=\"blocks\">failed</span>" : "")
                    .append(Boolean.FALSE.equals(s.get("transactional")) ? " <span class=\"ms\">(outside a transaction)</span>" : "")
                    .append("</td><td>").append(s.get("durationMs")).append("</td><td>").append(HtmlReport.esc(String.join(", ", locks)))
                    .append("</td><td>").append(names(s.get("rewrites"))).append("</td><td>").append(names(s.get("scans")))
                    .append("</td><td class=\"blocks\">").append(names(s.get("blocksReads")))
                    .append("</td><td class=\"blocks\">").append(names(s.get("blocksWrites")))
                    .append("</td><td>").append(s.get("msPer100kRows") == null ? "" : s.get("msPer100kRows")).append("</td></tr>");
            List<String> extra = new ArrayList<>();
            if (!((List<?>) s.get("phases")).isEmpty()) {
                extra.add("phases: " + names(s.get("phases")));
            }
            if (!((List<?>) s.get("lockWaits")).isEmpty()) {
                extra.add("lock waits: " + names(s.get("lockWaits")));
            }
            if (!((List<?>) s.get("invalidIndexes")).isEmpty()) {
                extra.add("left invalid: " + names(s.get("invalidIndexes")));
            }
            if (!extra.isEmpty()) {
                h.append("<tr><td></td><td colspan=\"8\" class=\"ms\">").append(String.join(" · ", extra)).append("</td></tr>");
            }
        }
        h.append("</table></div>");
    }

    private static String names(Object list) {
        return HtmlReport.esc(String.join(", ", ((List<?>) list).stream().map(String::valueOf).toList()));
    }

    /** Statements side by side on one time axis; under them one bar per lock, from its statement's start. */
    @SuppressWarnings("unchecked")
    private static void timeline(StringBuilder h, List<Map<String, Object>> statements) {
        double total = 0;
        List<Double> starts = new ArrayList<>();
        for (Map<String, Object> s : statements) {
            starts.add(total);
            total += ((Number) s.get("durationMs")).doubleValue();
        }
        double span = total;
        for (int i = 0; i < statements.size(); i++) {
            for (Map<String, Object> l : (List<Map<String, Object>>) statements.get(i).get("locks")) {
                span = Math.max(span, starts.get(i) + ((Number) l.get("heldMs")).doubleValue());
            }
        }
        span = Math.max(span, 0.001);
        int label = 230;
        int width = 420;
        List<String> rows = new ArrayList<>();
        StringBuilder bars = new StringBuilder();
        int y = 4;
        for (int i = 0; i < statements.size(); i++) {
            Map<String, Object> s = statements.get(i);
            double x = label + width * starts.get(i) / span;
            double w = Math.max(2, width * ((Number) s.get("durationMs")).doubleValue() / span);
            bars.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(y).append("\" width=\"").append(fmt(w))
                    .append("\" height=\"10\" fill=\"").append(i % 2 == 0 ? "#3b7dd8" : "#8fb4ea").append("\"><title>line ").append(s.get("line")).append(": ")
                    .append(HtmlReport.esc(String.valueOf(s.get("sql")).lines().findFirst().orElse(""))).append(" (")
                    .append(s.get("durationMs")).append(" ms)</title></rect>");
        }
        bars.append("<text x=\"0\" y=\"").append(y + 9).append("\">statements</text>");
        y += 16;
        for (int i = 0; i < statements.size() && rows.size() < MAX_ROWS; i++) {
            Map<String, Object> s = statements.get(i);
            List<String> created = (List<String>) s.get("created");
            for (Map<String, Object> l : (List<Map<String, Object>>) s.get("locks")) {
                if (created.contains(String.valueOf(l.get("relation"))) || rows.size() >= MAX_ROWS) {
                    continue; // a relation the statement created: no one else can see it
                }
                String name = l.get("mode") + " on " + l.get("relation");
                rows.add(name);
                double held = ((Number) l.get("heldMs")).doubleValue();
                double x = label + width * starts.get(i) / span;
                double w = Math.max(2, width * held / span);
                bars.append("<g class=\"lock\" data-mode=\"").append(l.get("mode")).append("\"><text x=\"0\" y=\"").append(y + 9)
                        .append("\">").append(HtmlReport.esc(name)).append("</text><rect x=\"").append(fmt(x)).append("\" y=\"")
                        .append(y).append("\" width=\"").append(fmt(w)).append("\" height=\"10\" rx=\"2\" fill=\"")
                        .append(COLOURS.getOrDefault(String.valueOf(l.get("mode")), "#999")).append("\"><title>")
                        .append(HtmlReport.esc(name)).append(", taken at line ").append(s.get("line")).append(", held ").append(held)
                        .append(" ms</title></rect></g>");
                y += 14;
            }
        }
        h.append("<svg class=\"lock-timeline\" width=\"").append(label + width + 60).append("\" height=\"").append(y + 18)
                .append("\" role=\"img\" aria-label=\"lock timeline\">").append(bars).append("<text x=\"").append(label)
                .append("\" y=\"").append(y + 12).append("\">0 ms</text><text x=\"").append(label + width - 30).append("\" y=\"")
                .append(y + 12).append("\">").append(fmt(span)).append(" ms</text></svg>");
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
