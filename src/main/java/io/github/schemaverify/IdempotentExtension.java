package io.github.schemaverify;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

import io.github.schemaverify.internal.config.Misuse;
import io.github.schemaverify.internal.verify.Idempotency;

/** Implements {@link VerifyIdempotent}: one invocation for "migrate twice", one per script run again. */
final class IdempotentExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, VerifyIdempotent.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        VerifyIdempotent annotation = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), VerifyIdempotent.class).orElseThrow();
        Verifications.requireDatabase(context, "@VerifyIdempotent");
        if (annotation.runs() < 1) {
            throw Misuse.attribute("@VerifyIdempotent on " + Verifications.where(context), "runs", "at least 1", annotation.runs(),
                    "It counts the runs after the first; the default 2 runs every script three times in all.");
        }
        Scopes.burstUntilEnd(context);
        Scopes.Prepared prepared = Scopes.prepared(context);
        Idempotency idempotency = new Idempotency(prepared.manager(), prepared.plan(), prepared.template(), annotation.runs());
        List<String> names = idempotency.displayNames();
        return IntStream.range(0, names.size()).mapToObj(i -> new NamedInvocation(names.get(i), new Step(idempotency, i)));
    }

    /** Runs one check of the idempotency before its invocation, and reports it. */
    private record Step(Idempotency idempotency, int index) implements BeforeEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            var outcome = idempotency.check(index);
            Verifications.report(context, "idempotency", outcome);
            Verifications.raise(outcome);
        }
    }
}
