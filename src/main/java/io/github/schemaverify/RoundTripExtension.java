package io.github.schemaverify;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

import io.github.schemaverify.internal.verify.Outcome;
import io.github.schemaverify.internal.verify.RoundTripWalk;

/** Implements {@link VerifyRoundTrip}: one invocation per revision, then the two whole-chain checks. */
final class RoundTripExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, VerifyRoundTrip.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Reports.run(context);
        VerifyRoundTrip annotation = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), VerifyRoundTrip.class).orElseThrow();
        Verifications.requireFlyway(context, "@VerifyRoundTrip");
        RoundTripWalk walk = Stored.in(context, Scopes.NAMESPACE, Scopes.Key.of(context, RoundTripWalk.class),
                () -> new RoundTripWalk(Scopes.manager(context), Scopes.plan(context), new RoundTripWalk.Settings(
                        annotation.requireUndo(), Set.copyOf(Arrays.asList(annotation.irreversible())),
                        Optional.of(annotation.fixtures()).filter(f -> !f.isBlank()), Scopes.run(context).walkSnapshots(),
                        annotation.seedRows() && Scopes.run(context).seedRows(), Verifications.ignored(context, true),
                        Scopes.run(context).walkLanes()),
                        Scopes.classLoader(context)));
        List<String> names = walk.displayNames();
        return IntStream.range(0, walk.size()).mapToObj(i -> new Invocation(names.get(i), new Step(walk, i)));
    }

    private record Invocation(String name, Step step) implements TestTemplateInvocationContext {
        @Override
        public String getDisplayName(int invocationIndex) {
            return name;
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(step);
        }
    }

    /** Runs (or looks up) the walk's step before the method body, and resolves its {@link RevisionStep}. */
    private record Step(RoundTripWalk walk, int index) implements BeforeEachCallback, ParameterResolver {
        @Override
        public void beforeEach(ExtensionContext context) {
            Outcome outcome = walk.outcome(index);
            if (index == walk.size() - 1) {
                // the last invocation: what the whole walk cost, its resyncs apart
                List<java.time.Duration> resyncs = walk.resyncs();
                Verifications.report(context, walk.kind(index), outcome, Map.of("walk", Map.of(
                        "walkMs", walk.elapsed().toNanos() / 10_000 / 100.0, "resyncs", resyncs.size(),
                        "resyncMs", resyncs.stream().mapToLong(java.time.Duration::toNanos).sum() / 10_000 / 100.0,
                        "lanes", walk.laneCount())));
            } else {
                Verifications.report(context, walk.kind(index), outcome);
            }
            Verifications.raise(outcome);
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == RevisionStep.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return walk.outcome(index).step();
        }
    }
}
