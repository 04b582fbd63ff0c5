package io.github.schemaverify.internal.spring;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.platform.commons.support.AnnotationSupport;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.util.ClassUtils;

import io.github.schemaverify.MigratedDatabase;

/**
 * Registered in {@code META-INF/spring.factories}, which Spring's test framework reads (Spring Framework 6.2 and 7, so
 * Boot 3.5 and 4.0): a test class annotated with {@code @MigratedDatabase} (on itself, a composed annotation, a
 * superclass or an enclosing class of a {@code @Nested} class, found as JUnit finds it) gets a customizer that points
 * the context's {@code DataSource} at SchemaVerify's databases. Other test classes get none, so their contexts are
 * exactly as before. The customizer is part of Spring's context cache key: classes with the same Spring
 * configuration and the same {@code @MigratedDatabase} share one context.
 */
public final class SchemaVerifyContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return annotation(testClass).map(DatabaseCustomizer::new).orElse(null);
    }

    /**
     * The class-level {@code @MigratedDatabase} as SchemaVerify's JUnit extension finds it; none in a test run without
     * the JUnit Platform (a JUnit 4 or TestNG suite that happens to have SchemaVerify on its class path).
     */
    static Optional<MigratedDatabase> annotation(Class<?> testClass) {
        if (!ClassUtils.isPresent("org.junit.platform.commons.support.AnnotationSupport", testClass.getClassLoader())) {
            return Optional.empty();
        }
        return AnnotationSupport.findAnnotation(testClass, MigratedDatabase.class, enclosing(testClass));
    }

    private static List<Class<?>> enclosing(Class<?> testClass) {
        List<Class<?>> out = new ArrayList<>();
        Class<?> c = testClass;
        while (c.getEnclosingClass() != null && !Modifier.isStatic(c.getModifiers())) {
            c = c.getEnclosingClass();
            out.add(0, c);
        }
        return out;
    }
}
