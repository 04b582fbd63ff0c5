package io.github.schemaverify;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.ExtensionContext;

import io.github.schemaverify.internal.report.RunReport;

/**
 * The run's report: {@value MigratedDatabase#REPORT_DIR_PROPERTY} (default {@code target/schemaverify}), switched off
 * with {@value MigratedDatabase#REPORT_PROPERTY}{@code =false}. One collector per run, in the root store, created by
 * the first SchemaVerify callback (so its time covers the whole run) and written when the run ends.
 */
final class Reports {

    private Reports() {
    }

    static Path directory(ExtensionContext context) {
        return Scopes.run(context).reportDirectory();
    }

    static RunReport run(ExtensionContext context) {
        return Stored.in(context.getRoot(), Scopes.NAMESPACE, RunReport.class, () -> {
            var provisioner = Scopes.provisioner(context);
            return new RunReport(directory(context), Scopes.run(context).reportEnabled(), System.out,
                    provisioner::databasesCreated, provisioner::servers);
        });
    }

    static String testName(ExtensionContext context) {
        return context.getTestMethod().map(java.lang.reflect.Method::getName).orElse("");
    }
}
