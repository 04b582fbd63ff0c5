package io.github.schemaverify.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Runs one test class through the JUnit Platform launcher in this JVM, as Surefire's forked JVM does: {@code
 * RunTestClass <class>}; exits 1 when a test failed. Settings come as system properties.
 */
public final class RunTestClass {
    private RunTestClass() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Class.forName(args[0])))
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request, summary);
        long failed = summary.getSummary().getTotalFailureCount();
        if (failed > 0) {
            summary.getSummary().printFailuresTo(new java.io.PrintWriter(System.err, true), 5);
        }
        System.exit(failed > 0 ? 1 : 0);
    }
}
