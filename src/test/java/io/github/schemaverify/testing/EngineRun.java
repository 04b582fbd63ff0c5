package io.github.schemaverify.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs fixture test classes through JUnit's EngineTestKit with chosen configuration parameters. */
public final class EngineRun {
    private final List<Class<?>> classes;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final List<DiscoverySelector> selectors = new ArrayList<>();

    private EngineRun(List<Class<?>> classes) {
        this.classes = classes;
        // fixture runs must not overwrite the suite's own report; tests of the report turn it back on
        parameters.put("schemaverify.report", "false");
    }

    public static EngineRun of(Class<?>... classes) {
        return new EngineRun(Arrays.asList(classes));
    }

    public EngineRun param(String key, String value) {
        parameters.put(key, value);
        return this;
    }

    /**
     * Runs only what {@code selector} selects (e.g. one invocation of a test template) instead of every test of the
     * classes given to {@link #of}, which then only name the run.
     */
    public EngineRun selecting(DiscoverySelector selector) {
        selectors.add(selector);
        return this;
    }

    /** Points the run at an external cluster (server EXTERNAL). */
    public EngineRun on(TestCluster cluster) {
        return param("schemaverify.server", "EXTERNAL").param("schemaverify.url", cluster.url())
                .param("schemaverify.user", cluster.user()).param("schemaverify.password", cluster.password());
    }

    public EngineExecutionResults execute() {
        SuiteCluster.shareWith(parameters);
        var builder = EngineTestKit.engine("junit-jupiter");
        if (selectors.isEmpty()) {
            for (Class<?> c : classes) {
                builder.selectors(selectClass(c));
            }
        } else {
            selectors.forEach(builder::selectors);
        }
        parameters.forEach(builder::configurationParameter);
        if ("true".equals(parameters.get("schemaverify.report"))) {
            // the fixture run prints its own summary: say whose it is, so its planned failures read as planned
            System.out.println("\n[fixture run of " + String.join(", ", classes.stream()
                    .map(c -> c.getName().substring(c.getName().lastIndexOf('.') + 1)).toList())
                    + ": the summary below is the fixture's, its failures are planned]");
        }
        return builder.execute();
    }

    /** The message of the first failure among all events (containers and tests), or empty. */
    public static Optional<String> firstFailure(EngineExecutionResults results) {
        return failures(results).stream().findFirst();
    }

    /** All failure messages, in event order. */
    public static List<String> failures(EngineExecutionResults results) {
        return results.allEvents().stream()
                .map(Event::getPayload)
                .flatMap(Optional::stream)
                .filter(p -> p instanceof TestExecutionResult r && r.getStatus() == TestExecutionResult.Status.FAILED)
                .map(p -> ((TestExecutionResult) p).getThrowable().map(Throwable::getMessage).orElse(""))
                .toList();
    }

    /** The values published under the key as report entries (by the tests or by SchemaVerify), in event order. */
    public static List<String> entries(EngineExecutionResults results, String key) {
        return results.allEvents().stream().map(Event::getPayload).flatMap(Optional::stream)
                .filter(p -> p instanceof org.junit.platform.engine.reporting.ReportEntry)
                .map(p -> ((org.junit.platform.engine.reporting.ReportEntry) p).getKeyValuePairs().get(key))
                .filter(java.util.Objects::nonNull).toList();
    }

    /**
     * All failures with their stack traces, for "the password never appears" checks: each printed as it is and as a
     * framework that wraps it prints it (Spring's test context: "Failed to load ApplicationContext"), which prints the
     * causes by their own messages, not by the failure's way of printing them.
     */
    public static String everything(EngineExecutionResults results) {
        StringBuilder out = new StringBuilder();
        results.allEvents().stream().map(Event::getPayload).flatMap(Optional::stream).forEach(p -> {
            out.append(p).append('\n');
            if (p instanceof TestExecutionResult r) {
                r.getThrowable().ifPresent(t -> {
                    java.io.StringWriter w = new java.io.StringWriter();
                    t.printStackTrace(new java.io.PrintWriter(w));
                    new IllegalStateException("Failed to load ApplicationContext", t).printStackTrace(new java.io.PrintWriter(w));
                    out.append(w);
                });
            }
        });
        return out.toString();
    }
}
