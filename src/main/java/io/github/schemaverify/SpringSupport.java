package io.github.schemaverify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import io.github.schemaverify.Scopes.Key;
import io.github.schemaverify.internal.config.Config;
import io.github.schemaverify.internal.config.Misuse;
import io.github.schemaverify.internal.db.ManagedDatabase;
import io.github.schemaverify.internal.readiness.Bootstrap;
import io.github.schemaverify.internal.spring.ContextLink;
import io.github.schemaverify.internal.spring.ContextSource;
import io.github.schemaverify.internal.spring.SpringTests;

/**
 * {@code @MigratedDatabase} on a Spring test (docs/spring-boot.md): the application context gets its database from the
 * run's template, and each test points it at the test's own clone. Decides from names alone whether a class is a Spring
 * test, so that without Spring on the class path nothing of {@code internal.spring} is loaded; the Spring work is in
 * {@link SpringTests}.
 */
final class SpringSupport {
    private static final String SPRING_EXTENSION = "org.springframework.test.context.junit.jupiter.SpringExtension";

    /** Store key types. */
    private record Applies() {
    }

    private record Lease() {
    }

    private SpringSupport() {
    }

    /** Whether the class carries {@code @MigratedDatabase} and runs with Spring's extension (on it or an enclosing class). */
    static boolean applies(ExtensionContext context) {
        if (context.getTestClass().isEmpty()) {
            return false;
        }
        ExtensionContext owner = Scopes.classContext(context);
        return Stored.in(owner, Scopes.NAMESPACE, Key.of(owner, Applies.class), () -> {
            if (Scopes.classAnnotation(owner).isEmpty()) {
                return false;
            }
            List<Class<?>> classes = new ArrayList<>(owner.getEnclosingTestClasses());
            classes.add(owner.getRequiredTestClass());
            return classes.stream().flatMap(c -> AnnotationSupport.findRepeatableAnnotations(c, ExtendWith.class).stream())
                    .flatMap(e -> java.util.Arrays.stream(e.value())).anyMatch(e -> e.getName().equals(SPRING_EXTENSION));
        });
    }

    /**
     * Has Spring load (or find in its cache) the class's application context with SchemaVerify's database source, so
     * that the context's start reaches a database; called before the test instance exists (Spring loads the context
     * to inject it) and again before each instance, where a context closed by {@code @DirtiesContext} is loaded anew.
     */
    static void prepare(ExtensionContext context) {
        if (!applies(context)) {
            return;
        }
        ContextLink link = SpringTests.load(context, source(context));
        Stored.in(context.getRoot(), Scopes.NAMESPACE, link.key(), () -> link);
    }

    /**
     * Points the application at the test's clone, once per test: called from the first per-test callback JUnit makes
     * (the execution condition, before any extension's {@code beforeEach}: Spring's starts the test's transaction and
     * runs its {@code @Sql} scripts there, whatever order the annotations are written in), and again from
     * {@code beforeEach}, which then finds it done. A failure is remembered and thrown in {@code beforeEach}.
     */
    static void switchTo(ExtensionContext context) {
        if (context.getTestMethod().isEmpty() || !applies(context)) {
            return;
        }
        // the clone first: the store closes in reverse order, so the lease (the switch back) ends before the drop
        Bootstrap bootstrap = Scopes.bootstrap(context);
        Stored.in(context, Scopes.NAMESPACE, Key.of(context, Lease.class),
                () -> SpringTests.lease(context, source(context), bootstrap.database()));
    }

    /** What the class's context gets from the run: clones of the class's template, and what Boot's Flyway does. */
    private static ContextSource source(ExtensionContext context) {
        ExtensionContext owner = Scopes.classContext(context);
        return Stored.in(owner, Scopes.NAMESPACE, Key.of(owner, ContextSource.class), () -> {
            Scopes.Prepared prepared = Scopes.prepared(owner);
            Config config = prepared.config();
            return new ContextSource(config.source(), () -> new ManagedDatabase(prepared.manager(),
                    prepared.manager().cloneOf(prepared.template()), config), validate(owner, config), config.target(),
                    config.flywaySchemas(), config.mixed(), config.initSql(), config.historyTable(),
                    config.placeholderReplacement());
        });
    }

    private static boolean validate(ExtensionContext context, Config config) {
        Optional<String> value = Scopes.setting(context).lookup(MigratedDatabase.SPRING_FLYWAY_PROPERTY);
        if (value.isEmpty()) {
            return config.engine() == Engine.FLYWAY;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "validate" -> true;
            case "skip" -> false;
            default -> throw Misuse.setting(config.source(), Scopes.setting(context).origin(MigratedDatabase.SPRING_FLYWAY_PROPERTY),
                    value.get(), "validate or skip", "Boot's Flyway never migrates a SchemaVerify database; choose whether it"
                    + " validates it.");
        };
    }
}
