package io.github.schemaverify;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.SearchOption;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.HierarchyTraversalMode;

import io.github.schemaverify.internal.config.Config;
import io.github.schemaverify.internal.readiness.Bootstrap;
import io.github.schemaverify.internal.readiness.Stage;
import io.github.schemaverify.internal.config.ConfigResolver;
import io.github.schemaverify.internal.config.Setting;
import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.db.ManagedDatabase;
import io.github.schemaverify.internal.db.Provisioner;
import io.github.schemaverify.internal.migration.MigrationPlan;

/**
 * Where the extensions keep their state: run-wide resources in the root store, a class's configuration and
 * database in the class store, a method's in the method store. No static state.
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
    }

    private Scopes() {
    }

    static Optional<MigratedDatabase> classAnnotation(ExtensionContext context) {
        return context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, MigratedDatabase.class,
                SearchOption.INCLUDE_ENCLOSING_CLASSES));
    }

    static Optional<MigratedDatabase> methodAnnotation(ExtensionContext context) {
        return context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, MigratedDatabase.class));
    }

    /** The method's annotation if it has one, else the class's. */
    static Optional<MigratedDatabase> annotation(ExtensionContext context) {
        Optional<MigratedDatabase> method = methodAnnotation(context);
        return method.isPresent() ? method : classAnnotation(context);
    }

    static Provisioner provisioner(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Provisioner.class, k -> new Provisioner(), Provisioner.class);
    }

    static Setting setting(ExtensionContext context) {
        return new Setting(context::getConfigurationParameter, System::getProperty, System::getenv);
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

    static Config config(ExtensionContext context) {
        ExtensionContext owner = owner(context);
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(Key.of(owner, Config.class), k -> {
            MigratedDatabase annotation = annotation(context).orElseThrow(() -> new IllegalStateException("no @MigratedDatabase"));
            AnnotatedElement element = owner.getElement().orElseThrow();
            String where = element instanceof Class<?> c ? c.getName()
                    : owner.getRequiredTestClass().getName() + "#" + owner.getRequiredTestMethod().getName();
            return new ConfigResolver(setting(context)).resolve(annotation, where);
        }, Config.class);
    }

    /** The plan, server and template for the context, prepared once per owning scope. */
    static Prepared prepared(ExtensionContext context) {
        ExtensionContext owner = owner(context);
        Config config = config(context);
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(Key.of(owner, Prepared.class), k -> {
            MigrationPlan plan = MigrationPlan.prepare(config, classLoader(context));
            DatabaseManager manager = provisioner(context).manager(config.server());
            String template = provisioner(context).template(manager, plan);
            return new Prepared(config, plan, manager, template);
        }, Prepared.class);
    }

    /** Only the plan: for verifications that build their own databases and need no template. */
    static MigrationPlan plan(ExtensionContext context) {
        ExtensionContext owner = owner(context);
        Config config = config(context);
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(Key.of(owner, MigrationPlan.class),
                k -> MigrationPlan.prepare(config, classLoader(context)), MigrationPlan.class);
    }

    static DatabaseManager manager(ExtensionContext context) {
        return provisioner(context).manager(config(context).server());
    }

    /** The test's database: a clone of the template per method, or per class with {@link Isolation#PER_CLASS}. */
    static ManagedDatabase database(ExtensionContext context) {
        Prepared prepared = prepared(context);
        ExtensionContext scope = prepared.config().isolation() == Isolation.PER_CLASS && methodAnnotation(context).isEmpty()
                ? classContext(context) : context;
        Store store = scope.getStore(NAMESPACE);
        return store.getOrComputeIfAbsent(Key.of(scope, ManagedDatabase.class), k -> {
            ManagedDatabase[] database = new ManagedDatabase[1];
            Bootstrap bootstrap = Bootstrap.run(prepared.manager(), prepared.template(), prepared.config().schemas(),
                    stages(context), () -> new ManagedDatabase(prepared.manager(), prepared.manager().cloneOf(prepared.template()),
                            prepared.config()), database);
            database[0].attach(bootstrap);
            Reports.run(context).database(database[0].name(), context.getRequiredTestClass().getName(), Reports.testName(context),
                    prepared.manager().server().describe(), bootstrap.timeline());
            return database[0];
        }, ManagedDatabase.class);
    }

    /** The test class's {@link ReadinessStage} methods, sorted by name so the order is stable. */
    static List<Stage> stages(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        List<Stage> stages = new ArrayList<>();
        for (Method m : AnnotationSupport.findAnnotatedMethods(testClass, ReadinessStage.class, HierarchyTraversalMode.TOP_DOWN)) {
            ReadinessStage a = m.getAnnotation(ReadinessStage.class);
            if (!Modifier.isStatic(m.getModifiers())) {
                throw new ExtensionConfigurationException("@ReadinessStage method " + testClass.getName() + "#" + m.getName()
                        + " must be static: stages run before the test instance exists.");
            }
            for (Class<?> p : m.getParameterTypes()) {
                if (p != DataSource.class && p != Connection.class && p != TestDatabase.class) {
                    throw new ExtensionConfigurationException("@ReadinessStage method " + testClass.getName() + "#" + m.getName()
                            + " has a parameter of type " + p.getName() + "; stages may take DataSource, Connection or TestDatabase.");
                }
            }
            m.setAccessible(true);
            stages.add(new Stage(a.name().isBlank() ? m.getName() : a.name(), a.critical(), List.of(a.after()), a.async(), db -> {
                Object[] args = new Object[m.getParameterCount()];
                List<Connection> opened = new ArrayList<>();
                try {
                    for (int i = 0; i < args.length; i++) {
                        Class<?> p = m.getParameterTypes()[i];
                        if (p == Connection.class) {
                            Connection c = db.connect();
                            opened.add(c);
                            args[i] = c;
                        } else {
                            args[i] = p == DataSource.class ? db.dataSource() : db;
                        }
                    }
                    m.invoke(null, args);
                } finally {
                    for (Connection c : opened) {
                        c.close();
                    }
                }
            }));
        }
        stages.sort(Comparator.comparing(Stage::name));
        return stages;
    }

    static ClassLoader classLoader(ExtensionContext context) {
        ClassLoader loader = context.getTestClass().map(Class::getClassLoader).orElse(null);
        return loader != null ? loader : Thread.currentThread().getContextClassLoader();
    }
}
