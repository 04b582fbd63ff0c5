package io.github.schemaverify;

import java.lang.reflect.AnnotatedElement;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.platform.commons.support.AnnotationSupport;

import io.github.schemaverify.internal.config.Config;
import io.github.schemaverify.internal.config.ConfigResolver;
import io.github.schemaverify.internal.config.RunSettings;
import io.github.schemaverify.internal.config.Setting;
import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.db.ManagedDatabase;
import io.github.schemaverify.internal.db.Provisioner;
import io.github.schemaverify.internal.jit.CompilerWindow;
import io.github.schemaverify.internal.migration.MigrationPlan;
import io.github.schemaverify.internal.readiness.Bootstrap;

/**
 * Where the extensions keep their state, each value resolved once in the store of the scope that owns it: the run's
 * settings, server provisioner and report in the root store; a {@code @MigratedDatabase}'s configuration, plan and
 * template in the store of the class (or method) it annotates; a test's database in the test's store (or the
 * class's, with {@link Isolation#PER_CLASS}). No static state.
 */
final class Scopes {
    static final Namespace NAMESPACE = Namespace.create(MigratedDatabaseExtension.class);

    /** A resolved configuration with its plan, server and template. */
    record Prepared(Config config, MigrationPlan plan, DatabaseManager manager, String template) {
    }

    /**
     * Store keys carry the owning context's id: a store lookup falls through to the parent stores, so a bare
     * {@code Config.class} key in a method store would find the class's entry.
     */
    record Key(String owner, Class<?> type) {
        static Key of(ExtensionContext owner, Class<?> type) {
            return new Key(owner.getUniqueId(), type);
        }

        // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
        @Override
        public boolean equals(Object other) {
            return other == this || other instanceof Key o
                    && Objects.equals(owner, o.owner)
                    && Objects.equals(type, o.type);
        }

        @Override
        public int hashCode() {
            return Objects.hash(owner, type);
        }
    }

    private Scopes() {
    }

    /**
     * Where the {@code @MigratedDatabase} found on a test class (with its enclosing classes) or method is kept, in the
     * run's store: settings ask for it about thirty times a test, and JUnit's search (meta-annotations, inherited ones,
     * enclosing classes) finds the same each time.
     */
    record Found(Object element, List<Class<?>> enclosing) {
        // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass): a store
        // lookup of every test's settings calls them, the first in a cold JVM
        @Override
        public boolean equals(Object other) {
            return other == this || other instanceof Found o
                    && Objects.equals(element, o.element)
                    && Objects.equals(enclosing, o.enclosing);
        }

        @Override
        public int hashCode() {
            return Objects.hash(element, enclosing);
        }
    }

    static Optional<MigratedDatabase> classAnnotation(ExtensionContext context) {
        return context.getTestClass().flatMap(c -> {
            List<Class<?>> enclosing = List.copyOf(context.getEnclosingTestClasses());
            return Stored.in(context.getRoot(), NAMESPACE, new Found(c, enclosing),
                    () -> AnnotationSupport.findAnnotation(c, MigratedDatabase.class, enclosing));
        });
    }

    static Optional<MigratedDatabase> methodAnnotation(ExtensionContext context) {
        return context.getTestMethod().flatMap(m -> Stored.in(context.getRoot(), NAMESPACE, new Found(m, List.of()),
                () -> AnnotationSupport.findAnnotation(m, MigratedDatabase.class)));
    }

    /** The method's annotation if it has one, else the class's. */
    static Optional<MigratedDatabase> annotation(ExtensionContext context) {
        Optional<MigratedDatabase> method = methodAnnotation(context);
        return method.isPresent() ? method : classAnnotation(context);
    }

    /** Where settings come from after the annotations: configuration parameters, system properties, environment. */
    static Setting setting(ExtensionContext context) {
        return new Setting(context::getConfigurationParameter, System::getProperty, System::getenv);
    }

    /** The run's settings, resolved once. */
    static RunSettings run(ExtensionContext context) {
        return Stored.in(context.getRoot(), NAMESPACE, RunSettings.class, () -> RunSettings.resolve(setting(context)));
    }

    static Provisioner provisioner(ExtensionContext context) {
        return Stored.in(context.getRoot(), NAMESPACE, Provisioner.class,
                () -> new Provisioner(System.out::println, run(context).clonesAhead(), run(context).templateCache()));
    }

    /**
     * The run's {@link CompilerWindow} (C2 kept off SchemaVerify's own work, unless
     * {@value MigratedDatabase#PAUSE_C2_PROPERTY} is false), closed when the run ends.
     */
    static CompilerWindow compilerWindow(ExtensionContext context) {
        return Stored.in(context.getRoot(), NAMESPACE, CompilerWindow.class, () -> new CompilerWindow(run(context).pauseC2()));
    }

    /**
     * Makes the rest of {@code context} (a verification's invocations, until its method ends) one burst of SchemaVerify's
     * own work in the run's {@link #compilerWindow}; once per context.
     */
    static void burstUntilEnd(ExtensionContext context) {
        Stored.in(context, NAMESPACE, Key.of(context, CompilerWindow.Burst.class), () -> compilerWindow(context).open());
    }

    /** The context that owns the configuration: the method's when it is annotated itself, else the class's. */
    private static ExtensionContext owner(ExtensionContext context) {
        if (methodAnnotation(context).isPresent()) {
            return context;
        }
        return classContext(context);
    }

    static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    /** The configuration of the context's {@code @MigratedDatabase}, resolved once in the scope it annotates. */
    static Config config(ExtensionContext context) {
        ExtensionContext owner = owner(context);
        return Stored.in(owner, NAMESPACE, Key.of(owner, Config.class), () -> {
            MigratedDatabase annotation = annotation(context).orElseThrow(() -> new IllegalStateException("no @MigratedDatabase"));
            AnnotatedElement element = owner.getElement().orElseThrow();
            String where = element instanceof Class<?> c ? c.getName()
                    : owner.getRequiredTestClass().getName() + "#" + owner.getRequiredTestMethod().getName();
            return new ConfigResolver(setting(context)).resolve(annotation, where);
        });
    }

    /** The migrations of the configuration, found and checked once (no server is needed for that). */
    static MigrationPlan plan(ExtensionContext context) {
        ExtensionContext owner = owner(context);
        Config config = config(context);
        return Stored.in(owner, NAMESPACE, Key.of(owner, MigrationPlan.class),
                () -> MigrationPlan.prepare(config, classLoader(context)));
    }

    /** The plan, server and template for the context, prepared once per owning scope. */
    static Prepared prepared(ExtensionContext context) {
        ExtensionContext owner = owner(context);
        MigrationPlan plan = plan(context);
        return Stored.in(owner, NAMESPACE, Key.of(owner, Prepared.class), () -> {
            DatabaseManager manager = managerWarmingFlyway(context, plan);
            String template = provisioner(context).template(manager, plan);
            manager.prepareClones(template); // when tests run in parallel, their clones are made ahead from now on
            return new Prepared(plan.config(), plan, manager, template);
        });
    }

    /**
     * The server's database manager, while Flyway loads its classes and plugins on another thread: starting (or reaching)
     * the server and that both take a while. A problem Flyway meets here, its first run meets again and names.
     */
    static DatabaseManager managerWarmingFlyway(ExtensionContext context, MigrationPlan plan) {
        java.util.concurrent.CompletableFuture<Void> flyway = java.util.concurrent.CompletableFuture.runAsync(plan::warmUp);
        try {
            return provisioner(context).manager(plan.config().server());
        } finally {
            flyway.exceptionally(e -> null).join();
        }
    }

    /** The server's database manager for the context's configuration (for verifications that need no template). */
    static DatabaseManager manager(ExtensionContext context) {
        return provisioner(context).manager(config(context).server());
    }

    /**
     * The test's database, bootstrapped: a clone of the template per method, or per class with
     * {@link Isolation#PER_CLASS}; closing the store waits for its background stages and drops it.
     */
    static Bootstrap bootstrap(ExtensionContext context) {
        Prepared prepared = prepared(context);
        ExtensionContext scope = prepared.config().isolation() == Isolation.PER_CLASS && methodAnnotation(context).isEmpty()
                ? classContext(context) : context;
        return Stored.in(scope, NAMESPACE, Key.of(scope, Bootstrap.class), () -> {
            Bootstrap bootstrap = Bootstrap.run(prepared.manager(), prepared.template(), prepared.config().schemas(),
                    ReadinessStages.of(context.getRequiredTestClass()), () -> new ManagedDatabase(prepared.manager(),
                            prepared.manager().testClone(prepared.template()), prepared.config()));
            Reports.run(context).database(bootstrap.database().name(), context.getRequiredTestClass().getName(),
                    Reports.testName(context), prepared.manager().server().describe(), bootstrap.timeline());
            return bootstrap;
        });
    }

    /** The test's database; see {@link #bootstrap}. */
    static ManagedDatabase database(ExtensionContext context) {
        return bootstrap(context).database();
    }

    static ClassLoader classLoader(ExtensionContext context) {
        // a lambda, not Class::getClassLoader: a reference to a caller-sensitive method costs a cold JVM method handles
        ClassLoader loader = context.getTestClass().map(c -> c.getClassLoader()).orElse(null);
        return loader != null ? loader : Thread.currentThread().getContextClassLoader();
    }
}
