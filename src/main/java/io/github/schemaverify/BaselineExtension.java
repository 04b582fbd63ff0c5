package io.github.schemaverify;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import io.github.schemaverify.internal.migration.MigrationSource;
import io.github.schemaverify.internal.verify.Baseline;
import io.github.schemaverify.internal.verify.Outcome;

/** Implements {@link VerifyBaseline}. */
final class BaselineExtension implements BeforeEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        VerifyBaseline annotation = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), VerifyBaseline.class).orElseThrow();
        Verifications.requireFlyway(context, "@VerifyBaseline");
        Outcome outcome = Scopes.compilerWindow(context).during(() -> {
            Scopes.Prepared prepared = Scopes.prepared(context);
            var legacy = MigrationSource.readScript(annotation.legacySchema(), Scopes.classLoader(context));
            return new Baseline(prepared.manager(), prepared.plan(), prepared.template()).verify(legacy, annotation.baselineVersion());
        });
        Verifications.report(context, "baseline", outcome);
        Verifications.raise(outcome);
    }
}
