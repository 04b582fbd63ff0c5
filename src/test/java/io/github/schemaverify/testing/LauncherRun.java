package io.github.schemaverify.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs one test class through the JUnit launcher in a JVM of its own, as a build tool would, and writes what Surefire
 * writes besides the console: {@code <out>/TEST-<class>.txt} (each failure with its stack trace) and
 * {@code <out>/TEST-<class>.xml} (the JVM's system properties, each test with its status, failure and report entries).
 * The run's report files go to {@code <out>/schemaverify}. Arguments: the class name, the output directory.
 */
public final class LauncherRun {
    private LauncherRun() {
    }

    public static void main(String[] args) throws Exception {
        String testClass = args[0];
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        List<String> text = new ArrayList<>();
        StringBuilder xml = new StringBuilder("<testsuite name=\"" + escape(testClass) + "\">\n  <properties>\n");
        new TreeMap<>(System.getProperties()).forEach((k, v) -> xml.append("    <property name=\"").append(escape(k.toString()))
                .append("\" value=\"").append(escape(v.toString())).append("\"/>\n"));
        xml.append("  </properties>\n");
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
                xml.append("  <report-entry test=\"").append(escape(id.getDisplayName())).append("\">")
                        .append(escape(entry.getKeyValuePairs().toString())).append("</report-entry>\n");
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                xml.append("  <testcase name=\"").append(escape(id.getDisplayName())).append("\" status=\"")
                        .append(result.getStatus()).append("\">");
                result.getThrowable().ifPresent(t -> {
                    StringWriter trace = new StringWriter();
                    t.printStackTrace(new PrintWriter(trace));
                    text.add(id.getDisplayName() + "  <<< " + result.getStatus() + "\n" + trace);
                    xml.append("<failure message=\"").append(escape(String.valueOf(t.getMessage()))).append("\">")
                            .append(escape(trace.toString())).append("</failure>");
                });
                xml.append("</testcase>\n");
            }
        };
        Map<String, String> parameters = Map.of("schemaverify.report", "true",
                "schemaverify.report.dir", out.resolve("schemaverify").toString());
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Class.forName(testClass)))
                .configurationParameters(parameters).build(), listener);
        Files.writeString(out.resolve("TEST-" + testClass + ".txt"), String.join("\n", text), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("TEST-" + testClass + ".xml"), xml.append("</testsuite>\n").toString(), StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
