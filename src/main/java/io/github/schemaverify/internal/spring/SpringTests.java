package io.github.schemaverify.internal.spring;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.internal.db.ManagedDatabase;

/**
 * The JUnit side's way into a Spring test's application context. Its signatures name no Spring type: SchemaVerify's
 * extension calls it only after finding Spring's extension on the test class, so without Spring on the class path
 * neither this class nor any other Spring-referring class is ever loaded.
 */
public final class SpringTests {

    private SpringTests() {
    }

    /**
     * The test class's application context, loaded by Spring (or found in its cache) with {@code source} handed to
     * SchemaVerify's customizer for the context's start; the returned link closes the context at the end of the run.
     */
    public static ContextLink load(ExtensionContext context, ContextSource source) {
        ApplicationContext application = Handoff.during(source, () -> SpringExtension.getApplicationContext(context));
        if (!application.containsBean(DatabaseCustomizer.DATABASES_BEAN)) {
            throw new SchemaVerifyException("SchemaVerify: the application context of " + context.getRequiredTestClass().getName()
                    + " has no SchemaVerify DataSource although " + source.where() + " asks for one: Spring's test"
                    + " framework did not apply META-INF/spring.factories of the SchemaVerify jar (a custom"
                    + " TestContextBootstrapper that ignores ContextCustomizerFactory registrations?).");
        }
        ContextDatabases databases = application.getBean(DatabaseCustomizer.DATABASES_BEAN, ContextDatabases.class);
        databases.attach(source);
        return new ContextLink(databases);
    }

    /**
     * Points the test's application at {@code database}, waiting for the context's turn (test classes that share a
     * cached context take turns); closing the returned lease points it back at the context's own database.
     */
    public static AutoCloseable lease(ExtensionContext context, ContextSource source, ManagedDatabase database) {
        ContextDatabases databases = load(context, source).databases();
        return databases.lease(database, context.getRequiredTestInstance(), context.getRequiredTestMethod());
    }
}
