package io.github.schemaverify.internal.spring;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

import io.github.schemaverify.MigratedDatabase;

/**
 * Adds SchemaVerify's state to a context ({@link ContextDatabases}) and the post-processor that puts its
 * {@code DataSource} in place of the application's ({@link DataSourceReplacement}). Equal for equal
 * {@code @MigratedDatabase} annotations (annotations compare by their values), so it keeps Spring's context caching.
 */
final class DatabaseCustomizer implements ContextCustomizer {
    static final String DATABASES_BEAN = "schemaVerifyDatabases";
    static final String REPLACEMENT_BEAN = "schemaVerifyDataSourceReplacement";

    private final MigratedDatabase annotation;
    /**
     * The source of the last load, for a reload of the same class's context (after {@code @DirtiesContext}) that Spring
     * starts by itself, outside SchemaVerify's callbacks. Not part of equality.
     */
    private volatile ContextSource lastSource;

    DatabaseCustomizer(MigratedDatabase annotation) {
        this.annotation = annotation;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        ContextSource source = Handoff.current();
        if (source != null) {
            lastSource = source;
        } else {
            source = lastSource;
        }
        ContextDatabases databases = new ContextDatabases(mergedConfig, source);
        ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
        beanFactory.registerSingleton(DATABASES_BEAN, databases);
        if (beanFactory instanceof DefaultSingletonBeanRegistry singletons) {
            // registered first, so destroyed last: the application shuts down while its database still exists
            singletons.registerDisposableBean(DATABASES_BEAN, databases);
        }
        if (beanFactory instanceof BeanDefinitionRegistry registry) {
            RootBeanDefinition replacement = new RootBeanDefinition(DataSourceReplacement.class,
                    () -> new DataSourceReplacement(databases));
            registry.registerBeanDefinition(REPLACEMENT_BEAN, replacement);
        } else {
            throw new IllegalStateException("SchemaVerify cannot replace the DataSource of a context whose bean factory is a "
                    + beanFactory.getClass().getName());
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DatabaseCustomizer c && c.annotation.equals(annotation);
    }

    @Override
    public int hashCode() {
        return annotation.hashCode();
    }

    @Override
    public String toString() {
        return "SchemaVerify " + annotation;
    }
}
