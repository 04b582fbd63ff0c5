package io.github.schemaverify;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.SearchOption;

import io.github.schemaverify.internal.config.Config;
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
        return store.getOrComputeIfAbsent(Key.of(scope, ManagedDatabase.class),
                k -> new ManagedDatabase(prepared.manager(), prepared.manager().cloneOf(prepared.template()), prepared.config()),
                ManagedDatabase.class);
    }

    static ClassLoader classLoader(ExtensionContext context) {
        ClassLoader loader = context.getTestClass().map(Class::getClassLoader).orElse(null);
        return loader != null ? loader : Thread.currentThread().getContextClassLoader();
    }
}
