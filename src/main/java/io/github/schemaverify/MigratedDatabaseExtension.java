package io.github.schemaverify;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Set;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

import io.github.schemaverify.internal.config.Misuse;
import io.github.schemaverify.internal.db.ManagedDatabase;
import io.github.schemaverify.readiness.ReadinessTimeline;
import io.github.schemaverify.schema.SchemaSnapshot;

/**
 * Implements {@link MigratedDatabase}: prepares the migrated template before the tests, hands each test its clone, and
 * resolves the database as test parameters. Orchestration only; the work is in {@code internal}.
 */
final class MigratedDatabaseExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver, TestWatcher,
        TestInstancePreConstructCallback, ExecutionCondition {
    private static final Set<Class<?>> SUPPORTED = Set.of(DataSource.class, Connection.class, TestDatabase.class, Flyway.class,
            SchemaSnapshot.class, ReadinessTimeline.class);

    /**
     * Checks the configuration and the migration files before any test runs, and starts the server and builds the
     * template when a test of the class will use them (a class whose only test is a round trip needs neither, since the
     * walk starts from an empty database): a failure there fails the class once, not each test.
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        Reports.run(context); // the run's report measures from its first callback
        if (Scopes.classAnnotation(context).isPresent()) {
            setUp(context, () -> {
                Scopes.plan(context);
                if (usesTemplate(context.getRequiredTestClass())) {
                    Scopes.prepared(context);
                }
                SpringSupport.prepare(context);
            });
        }
    }

    /** A Spring test's context is loaded to inject the instance: SchemaVerify hands it its database first. */
    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        if (Scopes.classAnnotation(context).isPresent()) {
            setUp(context, () -> SpringSupport.prepare(context));
        }
    }

    /**
     * Disables nothing. JUnit evaluates it for each test before any extension's {@code beforeEach}, whatever the order
     * the extensions were registered in, so a Spring test's application is pointed at the test's clone here (see
     * {@link SpringSupport#switchTo}); a failure is thrown again from {@code beforeEach}, where it fails the test as any
     * setup failure does.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isPresent() && Scopes.classAnnotation(context).isPresent()) {
            try {
                SpringSupport.switchTo(context);
            } catch (RuntimeException remembered) {
                // thrown again by beforeEach
            }
        }
        return ConditionEvaluationResult.enabled("@MigratedDatabase disables no test");
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (Scopes.methodAnnotation(context).isPresent()) {
            setUp(context, () -> {
                Scopes.plan(context);
                if (usesTemplate(context.getRequiredTestMethod())) {
                    Scopes.prepared(context);
                }
            });
        } else {
            Scopes.plan(context);
        }
        if (Scopes.classAnnotation(context).isPresent()) {
            setUp(context, () -> SpringSupport.switchTo(context));
        }
    }

    /** Runs a setup step; a failure goes to the run's report (and summary) before it fails the class or method. */
    private static void setUp(ExtensionContext context, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            Reports.run(context).problem(context.getRequiredTestClass().getName(), Reports.testName(context), "setup",
                    e.getMessage());
            throw e;
        }
    }

    /** A test of a class SchemaVerify serves counts in the run's summary; verifications are counted by their own kind. */
    @Override
    public void testSuccessful(ExtensionContext context) {
        if (!verification(context)) {
            Reports.run(context).testPassed();
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (!verification(context)) {
            Reports.run(context).problem(context.getRequiredTestClass().getName(), Reports.testName(context), "test",
                    cause.getMessage());
        }
    }

    private static boolean verification(ExtensionContext context) {
        return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, VerifyRoundTrip.class)
                || AnnotationSupport.isAnnotated(m, VerifyIdempotent.class) || AnnotationSupport.isAnnotated(m, VerifyBaseline.class)
                || AnnotationSupport.isAnnotated(m, MatchesSchemaSnapshot.class) || AnnotationSupport.isAnnotated(m, VerifyLocks.class))
                .orElse(false);
    }

    /** Whether a test of the class takes the migrated database, or checks that need the template, or readiness stages. */
    private static boolean usesTemplate(Class<?> testClass) {
        if (AnnotationSupport.isAnnotated(testClass, MatchesSchemaSnapshot.class)) {
            return true;
        }
        return ReflectionSupport.findMethods(testClass, m -> usesTemplate(m) || m.isAnnotationPresent(ReadinessStage.class),
                HierarchyTraversalMode.TOP_DOWN).stream().findAny().isPresent();
    }

    private static boolean usesTemplate(Method method) {
        return Arrays.stream(method.getParameterTypes()).anyMatch(SUPPORTED::contains)
                || AnnotationSupport.isAnnotated(method, VerifyIdempotent.class)
                || AnnotationSupport.isAnnotated(method, VerifyBaseline.class)
                || AnnotationSupport.isAnnotated(method, MatchesSchemaSnapshot.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        if (!(parameter.getDeclaringExecutable() instanceof Method method) || Scopes.annotation(context).isEmpty()) {
            return false;
        }
        Class<?> type = parameter.getParameter().getType();
        return SUPPORTED.contains(type) || mistaken(type, method);
    }

    /**
     * A type a user may well expect here and that no resolver gives: claimed only to fail with the list of the types
     * that work (JUnit's own text would say only that no resolver is registered).
     */
    private static boolean mistaken(Class<?> type, Method method) {
        return DataSource.class.isAssignableFrom(type) || Connection.class.isAssignableFrom(type)
                || type.getPackageName().equals(SchemaSnapshot.class.getPackageName())
                || type.getPackageName().equals(ReadinessTimeline.class.getPackageName())
                || type == RevisionStep.class && !AnnotationSupport.isAnnotated(method, VerifyRoundTrip.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (!SUPPORTED.contains(type)) {
            String hint = DataSource.class.isAssignableFrom(type) ? " Declare it as javax.sql.DataSource."
                    : Connection.class.isAssignableFrom(type) ? " Declare it as java.sql.Connection."
                    : type == RevisionStep.class ? " A RevisionStep is given to a @VerifyRoundTrip method."
                    : type.getPackageName().equals(SchemaSnapshot.class.getPackageName())
                    ? " Take a SchemaSnapshot and navigate to it (schema.table(\"...\"))." : "";
            throw Misuse.parameter("@MigratedDatabase on " + Verifications.where(context), parameter.getParameter().getName(),
                    type, "A test of a @MigratedDatabase class can take DataSource, Connection, TestDatabase, Flyway,"
                    + " SchemaSnapshot or ReadinessTimeline", hint.strip());
        }
        io.github.schemaverify.internal.readiness.Bootstrap bootstrap = Scopes.bootstrap(context);
        ManagedDatabase database = bootstrap.database();
        if (type == TestDatabase.class) {
            return database;
        }
        if (type == DataSource.class) {
            return database.dataSource();
        }
        if (type == Flyway.class) {
            return Scopes.prepared(context).plan().flyway(database.dataSource());
        }
        if (type == SchemaSnapshot.class) {
            return database.snapshot();
        }
        if (type == ReadinessTimeline.class) {
            // the heartbeat is written only for tests that look at the timeline
            return bootstrap.timeline().writeHeartbeatTo(Reports.directory(context).resolve("readiness")
                    .resolve(database.name() + ".json"));
        }
        try {
            Connection connection = database.connect();
            context.getStore(Namespace.create(MigratedDatabaseExtension.class, context.getUniqueId()))
                    .put(new Object(), (AutoCloseable) connection::close);
            return connection;
        } catch (SQLException e) {
            throw new ParameterResolutionException("Could not open a connection to " + database.name() + ": " + e.getMessage(), e);
        }
    }
}
