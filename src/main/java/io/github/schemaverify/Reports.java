package io.github.schemaverify;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.ExtensionContext;

/** Where SchemaVerify writes files: {@code schemaverify.report.dir}, default {@code target/schemaverify}. */
final class Reports {
    /** Property naming the directory for reports and heartbeat files: {@value}. */
    static final String DIRECTORY_PROPERTY = "schemaverify.report.dir";

    private Reports() {
    }

    static Path directory(ExtensionContext context) {
        return Path.of(Scopes.setting(context).lookup(DIRECTORY_PROPERTY).orElse("target/schemaverify"));
    }
}
