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
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

import io.github.schemaverify.internal.config.ConfigResolver;
import io.github.schemaverify.internal.locks.LockWalk;
import io.github.schemaverify.internal.locks.LocksSettings;
import io.github.schemaverify.internal.migration.MigrationPlan;
import io.github.schemaverify.internal.verify.Outcome;
import io.github.schemaverify.internal.verify.WalkStart;
import io.github.schemaverify.locks.LockProfile;
import io.github.schemaverify.locks.RevisionLocks;

/** Implements {@link VerifyLocks}: one invocation per revision of the chain's lock profile. */
final class LocksExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, VerifyLocks.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Reports.run(context);
        VerifyLocks a = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), VerifyLocks.class).orElseThrow();
        Verifications.requireFlyway(context, "@VerifyLocks");
        LockWalk.Settings settings;
        try {
            settings = LocksSettings.resolve(Arrays.asList(a.rows()), a.defaultRows(), a.fixtures(), a.forbidRewrites(),
                    a.maxWriteBlockMs(), a.requireLockTimeout(), a.requireConcurrently(), Set.copyOf(Arrays.asList(a.known())),
                    Scopes.setting(context).lookup(VerifyLocks.PROBE_TIMEOUT_PROPERTY), Verifications.where(context));
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("@VerifyLocks on " + Verifications.where(context) + ": " + e.getMessage());
        }
        Scopes.burstUntilEnd(context);
        LockWalk walk = Stored.in(context, Scopes.NAMESPACE, Scopes.Key.of(context, LockWalk.class), () -> {
            MigrationPlan plan = Scopes.plan(context);
            WalkStart.requireMigrations(a.known(), plan, "@VerifyLocks on " + Verifications.where(context), "known", "Name"
                    + " the versions of migrations whose hazards are known (known = \"9\" for V9__x.sql).");
            // where the profile starts is decided before any server starts: a misuse costs none
            WalkStart start = WalkStart.resolve(new ConfigResolver(Scopes.setting(context)).resolveFrom(a.from(),
                    VerifyLocks.FROM_PROPERTY, "@VerifyLocks on " + Verifications.where(context)), plan,
                    Optional.of(a.fixtures()).filter(f -> !f.isBlank()), Scopes.classLoader(context), Scopes.run(context).git(),
                    Path.of("").toAbsolutePath());
            return new LockWalk(() -> Scopes.manager(context), plan, settings, Scopes.classLoader(context), start.index(),
                    start.label());
        });
        Verifications.reportBeforeStart(context, walk.applied(), "profiled", "locks", Outcome.applied(walk.appliedReason()));
        List<String> names = walk.displayNames();
        return IntStream.range(0, walk.size()).mapToObj(i -> new NamedInvocation(names.get(i), new Step(walk, walk.start() + i)));
    }

    /** With {@code from = "git:<ref>"} and nothing new since, no revision is profiled. */
    @Override
    public boolean mayReturnZeroTestTemplateInvocationContexts(ExtensionContext context) {
        return true;
    }


    /** Profiles (or looks up) the revision before the method body, and resolves the profile parameters. */
    private record Step(LockWalk walk, int index) implements BeforeEachCallback, ParameterResolver {
        @Override
        public void beforeEach(ExtensionContext context) {
            Outcome outcome = walk.outcome(index);
            Map<String, Object> details = walk.details(index);
            Verifications.report(context, "locks", outcome, details);
            Optional.ofNullable(walk.entry(index)).ifPresent(e -> context.publishReportEntry("schemaverify.locks", e));
            walk.error(index).ifPresent(Verifications::rethrow);
            Verifications.raise(outcome);
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            return type == RevisionLocks.class || type == LockProfile.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == LockProfile.class ? walk : walk.profile(index);
        }
    }
}
