package io.github.schemaverify;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

import io.github.schemaverify.internal.config.ConfigResolver;
import io.github.schemaverify.internal.config.RunSettings;
import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.migration.MigrationPlan;
import io.github.schemaverify.internal.verify.Outcome;
import io.github.schemaverify.internal.verify.RoundTripRun;
import io.github.schemaverify.internal.verify.RoundTripWalk;
import io.github.schemaverify.internal.verify.WalkStart;

/**
 * Implements {@link VerifyRoundTrip}: one invocation per revision walked, then the two whole-chain checks; with
 * {@code from = "git:<ref>"}, first the check that no migration of the ref was edited. The revisions before the walk's
 * first are report rows (applied, not verified), not invocations.
 */
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
        Scopes.burstUntilEnd(context); // the walk runs beside the invocations, in lanes of its own
        Optional<String> fixtures = Optional.of(annotation.fixtures()).filter(f -> !f.isBlank());
        RunSettings run = Scopes.run(context);
        RoundTripRun roundTrip = Stored.in(context, Scopes.NAMESPACE, Scopes.Key.of(context, RoundTripRun.class), () -> {
            MigrationPlan plan = Scopes.plan(context);
            WalkStart.requireMigrations(annotation.irreversible(), plan, "@VerifyRoundTrip on " + Verifications.where(context),
                    "irreversible", "Name the versions of migrations (irreversible = \"9\" marks V9__x.sql), or give a script"
                    + " the first line -- schemaverify:irreversible.");
            // where the walk starts is decided before any server starts: a misuse, or nothing new, costs none
            WalkStart start = WalkStart.resolve(new ConfigResolver(Scopes.setting(context)).resolveFrom(annotation.from(),
                    "@VerifyRoundTrip on " + Verifications.where(context)), plan, fixtures, Scopes.classLoader(context),
                    run.git(), Path.of("").toAbsolutePath());
            return new RoundTripRun(start, WalkStart.chain(plan), () -> {
                DatabaseManager manager = Scopes.managerWarmingFlyway(context, plan);
                return new RoundTripWalk(manager, plan,
                        new RoundTripWalk.Settings(annotation.requireUndo(), Set.copyOf(Arrays.stream(annotation.irreversible())
                                .map(String::strip).toList()),
                                fixtures, run.walkSnapshots(), annotation.seedRows() && run.seedRows(),
                                Verifications.ignored(context, true), run.walkLanes(), start.index(), start.label()),
                        Scopes.classLoader(context), Scopes.provisioner(context).console())
                        // Flyway's run over the whole chain is the template @MigratedDatabase clones: built once, or kept
                        .flywayHeadFrom(() -> Scopes.provisioner(context).template(manager, plan));
            });
        });
        List<String> names = roundTrip.displayNames();
        return IntStream.range(0, roundTrip.size()).mapToObj(i -> new NamedInvocation(names.get(i), new Step(roundTrip, i)));
    }

    /** Runs (or looks up) the walk's step before the method body, and resolves its {@link RevisionStep}. */
    private record Step(RoundTripRun walk, int index) implements BeforeEachCallback, ParameterResolver {
        @Override
        public void beforeEach(ExtensionContext context) {
            if (index == 0) {
                // the revisions before the start, once the base they went into is known to have applied (or not)
                Verifications.reportBeforeStart(context, walk.applied(), "verified", "revision", walk.appliedOutcome());
            }
            Outcome outcome = walk.outcome(index);
            if (index == walk.size() - 1 && walk.walks()) {
                // the last invocation: what the whole walk cost, its resyncs apart
                List<java.time.Duration> resyncs = walk.resyncs();
                Verifications.report(context, walk.kind(index), outcome, Map.of("walk", Map.of(
                        "walkMs", walk.elapsed().toNanos() / 10_000 / 100.0, "resyncs", resyncs.size(),
                        "resyncMs", resyncs.stream().mapToLong(java.time.Duration::toNanos).sum() / 10_000 / 100.0,
                        "lanes", walk.laneCount())));
            } else {
                Verifications.report(context, walk.kind(index), outcome);
            }
            walk.error(index).ifPresent(Verifications::rethrow);
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
