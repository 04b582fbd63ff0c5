package io.github.schemaverify.internal.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report as one self-contained HTML page (inline CSS and SVG, no script, no network): a summary, one row per
 * verification with up/down/up durations as bars, notices and the failure text (expanded when failed, collapsed when
 * green), and per database the readiness timeline as a chart, each gate a bar over time coloured by its state.
 */
final class HtmlReport {
    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1d2433;background:#fafbfc}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:14px;margin:16px 0 6px;color:#44506a}
            .summary{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}
            .card{background:#fff;border:1px solid #dde2ea;border-radius:8px;padding:8px 14px}.card b{font-size:20px;display:block}
            table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #dde2ea}
            td,th{padding:6px 8px;border-bottom:1px solid #eef1f5;vertical-align:top;text-align:left}th{background:#f2f4f8;font-weight:600}
            .status{font-weight:700;text-transform:uppercase;font-size:12px;padding:2px 6px;border-radius:4px;color:#fff}
            .status.passed{background:#2e8b57}.status.failed{background:#c0392b}.status.aborted{background:#8e8e8e}
            .status.up_only{background:#5f7fa8}.status.applied{background:#b0b7c3}.cause{font-family:ui-monospace,monospace;font-size:12px;color:#c0392b}
            tr.row.failed{background:#fdf1f0}tr.row.aborted{color:#6b7280}
            .failures li{margin:3px 0}.filter{margin-left:12px}
            #show-failed:checked~.verifications tr.row:not(.failed){display:none}
            #show-failed:checked~.verifications h3.clean,#show-failed:checked~.verifications table.clean{display:none}
            .bars{white-space:nowrap}.bar{display:inline-block;height:10px;margin-right:2px;border-radius:2px;vertical-align:middle}
            .up{background:#3b7dd8}.down{background:#e08e0b}.reapply{background:#7a4fd6}
            .ms{color:#5b6478;font-size:12px}.notice{color:#8a5a00;font-size:12px}.server{color:#44506a;margin:2px 0}
            details pre{white-space:pre-wrap;background:#f6f8fa;border:1px solid #e3e7ee;padding:8px;border-radius:6px;margin:6px 0 0}
            summary{cursor:pointer}.legend span{margin-right:12px;font-size:12px}
            svg text{font:11px system-ui,sans-serif;fill:#1d2433}
            """;
    private static final Map<String, String> STATE_COLOURS = Map.of("ready", "#2e8b57", "running", "#3b7dd8",
            "pending", "#b8c0cc", "failed", "#c0392b", "skipped", "#9aa3b2");

    private HtmlReport() {
    }

    @SuppressWarnings("unchecked")
    static String render(Map<String, Object> report) {
        Map<String, Object> s = (Map<String, Object>) report.get("summary");
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>SchemaVerify report</title><style>").append(CSS).append(LocksHtml.CSS).append("</style></head><body>\n");
        h.append("<h1>SchemaVerify report</h1><div class=\"ms\">").append(esc(report.get("startedAt"))).append(" · ")
                .append(report.get("durationMs")).append(" ms</div>\n<div class=\"summary\">");
        Map<String, Object> r = (Map<String, Object>) s.get("revisions");
        card(h, "revisions verified up, down, up", r.get("verified"));
        card(h, "up only (irreversible, or no undo script)", r.get("upOnly"));
        if (((Number) r.get("applied")).longValue() > 0) {
            card(h, "applied before the walk's start, not verified", r.get("applied"));
        }
        card(h, "verifications", s.get("verifications"));
        card(h, "passed", s.get("passed"));
        card(h, "failed", s.get("failed"));
        card(h, "aborted", s.get("aborted"));
        card(h, "databases created", s.get("databasesCreated"));
        card(h, "tests failed", s.get("testsFailed"));
        h.append("</div>\n");
        for (Object server : (List<Object>) report.get("servers")) {
            h.append("<div class=\"server\">server: ").append(esc(server)).append("</div>\n");
        }
        List<Map<String, Object>> problems = (List<Map<String, Object>>) report.get("problems");
        if (!problems.isEmpty()) {
            h.append("<h2>Setup and test failures (").append(problems.size()).append(")</h2><ul class=\"failures\">");
            for (Map<String, Object> p : problems) {
                h.append("<li><b>").append("setup".equals(p.get("where")) ? "setup failed" : "test failed").append("</b> ")
                        .append(esc(simple(p.get("testClass")))).append(String.valueOf(p.get("test")).isEmpty() ? ""
                                : "#" + esc(p.get("test"))).append("<pre>").append(esc(p.get("message"))).append("</pre></li>");
            }
            h.append("</ul>\n");
        }

        List<Map<String, Object>> verifications = (List<Map<String, Object>>) report.get("verifications");
        double max = 1;
        for (Map<String, Object> v : verifications) {
            for (String k : List.of("upMs", "downMs", "reapplyMs")) {
                if (v.get(k) instanceof Double d) {
                    max = Math.max(max, d);
                }
            }
        }
        // every verification has an anchor; failures come first, with a jump list
        List<Map<String, Object>> failed = verifications.stream().filter(v -> "failed".equals(v.get("status"))).toList();
        if (!failed.isEmpty()) {
            h.append("<h2>Failures (").append(failed.size()).append(")</h2><ol class=\"failures\">");
            for (Map<String, Object> v : failed) {
                h.append("<li><a href=\"#v").append(verifications.indexOf(v)).append("\">").append(esc(v.get("name")))
                        .append("</a> <span class=\"cause\">").append(esc(v.get("cause"))).append("</span> · ")
                        .append(esc(simple(v.get("testClass")))).append(" — ").append(esc(RunReport.reason(
                                String.valueOf(v.get("message"))))).append("</li>");
            }
            h.append("</ol>\n");
        }
        Map<String, List<Map<String, Object>>> byTest = new LinkedHashMap<>();
        for (Map<String, Object> v : verifications) {
            byTest.computeIfAbsent(v.get("testClass") + "#" + v.get("test"), k -> new ArrayList<>()).add(v);
        }
        h.append("<h2>Verifications</h2>");
        if (byTest.isEmpty()) {
            h.append("<p>No verifications ran.</p>");
        }
        h.append("<input type=\"radio\" name=\"show\" id=\"show-all\" class=\"filter\" checked><label for=\"show-all\">")
                .append(" all</label><input type=\"radio\" name=\"show\" id=\"show-failed\" class=\"filter\"><label")
                .append(" for=\"show-failed\"> failed only</label><div class=\"verifications\">");
        for (Map.Entry<String, List<Map<String, Object>>> e : byTest.entrySet()) {
            boolean clean = e.getValue().stream().noneMatch(v -> "failed".equals(v.get("status")));
            h.append("<h3").append(clean ? " class=\"clean\"" : "").append(">").append(esc(e.getKey())).append("</h3><table class=\"")
                    .append(clean ? "clean " : "").append("verifications\"><tr><th>status</th>")
                    .append("<th>verification</th><th>up · down · up</th><th>details</th></tr>\n");
            List<Map<String, Object>> rows = e.getValue();
            for (int k = 0; k < rows.size(); k++) {
                Map<String, Object> v = rows.get(k);
                String status = String.valueOf(v.get("status"));
                // consecutive verifications aborted for one reason are one row, so are revisions applied before a walk's start
                int last = k;
                boolean folds = "aborted".equals(status) || "applied".equals(status);
                while (folds && last + 1 < rows.size() && status.equals(rows.get(last + 1).get("status"))
                        && String.valueOf(rows.get(last + 1).get("message")).equals(String.valueOf(v.get("message")))) {
                    last++;
                }
                String name = last == k ? String.valueOf(v.get("name"))
                        : v.get("name") + " … " + rows.get(last).get("name") + " (" + (last - k + 1) + ("applied".equals(status)
                        ? " revisions)" : " verifications)");
                h.append("<tr id=\"v").append(verifications.indexOf(v)).append("\" class=\"row ").append(status)
                        .append("\" data-name=\"").append(esc(name)).append("\">");
                h.append("<td><span class=\"status ").append(status).append("\">").append(status.replace('_', ' '))
                        .append("</span></td>");
                h.append("<td>").append(esc(name));
                if (v.get("cause") != null) {
                    h.append("<br><span class=\"cause\">").append(esc(v.get("cause"))).append("</span>");
                }
                h.append("</td><td class=\"bars\">");
                bar(h, "up", v.get("upMs"), max);
                bar(h, "down", v.get("downMs"), max);
                bar(h, "reapply", v.get("reapplyMs"), max);
                h.append("</td><td>");
                for (Object n : (List<Object>) v.get("notices")) {
                    h.append("<div class=\"notice\">notice: ").append(esc(n)).append("</div>");
                }
                for (Object n : (List<Object>) v.get("notes")) {
                    h.append("<div class=\"notice\">note: ").append(esc(n)).append("</div>");
                }
                LocksHtml.render(h, v);
                h.append("<details").append("failed".equals(status) ? " open" : "").append("><summary>")
                        .append("failed".equals(status) ? "what went wrong" : "aborted".equals(status) ? "why it was aborted" : "details")
                        .append("</summary><pre>").append(esc(v.get("message"))).append("</pre></details></td></tr>\n");
                k = last;
            }
            h.append("</table>");
        }
        h.append("</div>");

        List<Map<String, Object>> databases = (List<Map<String, Object>>) report.get("databases");
        h.append("<h2>Readiness timelines</h2><div class=\"legend\">");
        STATE_COLOURS.forEach((state, colour) -> h.append("<span><svg width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\" fill=\"")
                .append(colour).append("\"/></svg> ").append(state).append("</span>"));
        h.append("</div>");
        if (databases.isEmpty()) {
            h.append("<p>No test database was bootstrapped.</p>");
        }
        boolean first = true;
        for (Map<String, Object> db : databases) {
            boolean open = first || !"full_ready".equals(db.get("level"));
            first = false;
            h.append("<details class=\"database\"").append(open ? " open" : "").append("><summary>").append(esc(db.get("database")))
                    .append(" · ").append(esc(db.get("testClass"))).append('#').append(esc(db.get("test"))).append(" · level ")
                    .append(esc(db.get("level"))).append("</summary>");
            chart(h, (List<Map<String, Object>>) db.get("gates"));
            h.append("</details>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    private static void card(StringBuilder h, String label, Object value) {
        h.append("<div class=\"card\"><b>").append(esc(value)).append("</b>").append(esc(label)).append("</div>");
    }

    private static void bar(StringBuilder h, String kind, Object ms, double max) {
        if (!(ms instanceof Double d)) {
            return;
        }
        int width = (int) Math.max(2, Math.round(160 * d / max));
        h.append("<span class=\"bar ").append(kind).append("\" style=\"width:").append(width).append("px\" title=\"").append(kind)
                .append(' ').append(d).append(" ms\"></span>");
        h.append("<span class=\"ms\">").append(String.format(java.util.Locale.ROOT, "%.1f", d)).append(" </span>");
    }

    /** Each gate a bar from its start to its end (or now), on a common time axis. */
    private static void chart(StringBuilder h, List<Map<String, Object>> gates) {
        Instant origin = null;
        Instant end = null;
        for (Map<String, Object> g : gates) {
            for (String k : List.of("startedAt", "finishedAt")) {
                if (g.get(k) instanceof String t) {
                    Instant i = Instant.parse(t);
                    origin = origin == null || i.isBefore(origin) ? i : origin;
                    end = end == null || i.isAfter(end) ? i : end;
                }
            }
        }
        if (origin == null) {
            return;
        }
        double span = Math.max(1, Duration.between(origin, end).toNanos() / 1e6);
        int labelWidth = 130;
        int width = 520;
        int rowHeight = 20;
        h.append("<svg class=\"chart\" width=\"").append(labelWidth + width + 70).append("\" height=\"")
                .append(gates.size() * rowHeight + 24).append("\" role=\"img\" aria-label=\"readiness timeline\">");
        int y = 4;
        for (Map<String, Object> g : gates) {
            String state = String.valueOf(g.get("state"));
            h.append("<g class=\"gate\" data-gate=\"").append(esc(g.get("name"))).append("\" data-state=\"").append(state).append("\">");
            h.append("<text x=\"0\" y=\"").append(y + 13).append("\">").append(esc(g.get("name")))
                    .append(Boolean.TRUE.equals(g.get("critical")) ? " *" : "").append("</text>");
            if (g.get("startedAt") instanceof String started) {
                double from = Duration.between(origin, Instant.parse(started)).toNanos() / 1e6;
                double to = g.get("finishedAt") instanceof String f ? Duration.between(origin, Instant.parse(f)).toNanos() / 1e6 : span;
                double x = labelWidth + width * from / span;
                double w = Math.max(3, width * (to - from) / span);
                h.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(y + 3).append("\" width=\"").append(fmt(w))
                        .append("\" height=\"14\" rx=\"2\" fill=\"").append(STATE_COLOURS.getOrDefault(state, "#999"))
                        .append("\"><title>").append(esc(g.get("name"))).append(": ").append(state)
                        .append(g.get("failure") != null ? " — " + esc(g.get("failure")) : "").append("</title></rect>");
                h.append("<text x=\"").append(fmt(x + w + 4)).append("\" y=\"").append(y + 13).append("\">")
                        .append(g.get("durationMs") == null ? state : g.get("durationMs") + " ms").append("</text>");
            } else {
                h.append("<text x=\"").append(labelWidth).append("\" y=\"").append(y + 13).append("\">").append(state).append("</text>");
            }
            h.append("</g>");
            y += rowHeight;
        }
        h.append("<text x=\"").append(labelWidth).append("\" y=\"").append(y + 14).append("\">0 ms</text><text x=\"")
                .append(labelWidth + width - 40).append("\" y=\"").append(y + 14).append("\">").append(fmt(span)).append(" ms</text></svg>");
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }

    private static String simple(Object testClass) {
        String name = String.valueOf(testClass);
        return name.substring(name.lastIndexOf('.') + 1);
    }

    static String esc(Object value) {
        String s = String.valueOf(value);
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
