package io.github.schemaverify;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.ExtensionContext;

import io.github.schemaverify.internal.report.RunReport;

/**
 * The run's report: {@code schemaverify.report.dir} (default {@code target/schemaverify}), switched off with
 * {@code schemaverify.report=false}. One collector per run, in the root store, written when the run ends.
 */
final class Reports {
    /** Property naming the directory for reports and heartbeat files: {@value}. */
    static final String DIRECTORY_PROPERTY = "schemaverify.report.dir";
    /** Property that, set to {@code false}, writes no report files (the console summary stays): {@value}. */
    static final String ENABLED_PROPERTY = "schemaverify.report";

    private Reports() {
    }

    static Path directory(ExtensionContext context) {
        return Path.of(Scopes.setting(context).lookup(DIRECTORY_PROPERTY).orElse("target/schemaverify"));
    }

    static RunReport run(ExtensionContext context) {
        return context.getRoot().getStore(Scopes.NAMESPACE).getOrComputeIfAbsent(RunReport.class, k -> new RunReport(
                directory(context), Scopes.setting(context).lookup(ENABLED_PROPERTY).map(Boolean::parseBoolean).orElse(true),
                System.out, Scopes.provisioner(context)::databasesCreated), RunReport.class);
    }

    static String testName(ExtensionContext context) {
        return context.getTestMethod().map(java.lang.reflect.Method::getName).orElse("");
    }
}
