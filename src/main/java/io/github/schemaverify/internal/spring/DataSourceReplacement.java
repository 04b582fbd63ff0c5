package io.github.schemaverify.internal.spring;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.type.MethodMetadata;

import io.github.schemaverify.internal.config.Misuse;

/**
 * Puts SchemaVerify's {@code DataSource} in place of the application's, after every configuration class and
 * auto-configuration has registered its beans and every registry post-processor has run (Boot's own test-database
 * replacement of {@code @AutoConfigureTestDatabase} among them, whose embedded database is then never made), before
 * any bean is made:
 * <ul>
 * <li>the application's primary {@code DataSource}, or its only one, or the bean named {@code dataSource};</li>
 * <li>a {@code DataSource} marked {@code @FlywayDataSource} (the migrations' database is the test's database);</li>
 * <li>no {@code DataSource} at all: one named {@code dataSource} is added.</li>
 * </ul>
 * Every replaced bean keeps its name, primary flag and Flyway qualifier, so injection points and Boot's conditions see
 * what they saw. Boot's Flyway migration at start-up becomes a validation of the clone (or nothing): see
 * {@link FlywayCheck}.
 */
final class DataSourceReplacement implements BeanDefinitionRegistryPostProcessor {
    /** Boot 4's and Boot 3's names of the qualifier and of the strategy Boot's Flyway initializer calls. */
    private static final List<String> FLYWAY_DATA_SOURCE = List.of("org.springframework.boot.flyway.autoconfigure.FlywayDataSource",
            "org.springframework.boot.autoconfigure.flyway.FlywayDataSource");
    private static final List<String> FLYWAY_STRATEGY = List.of("org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy",
            "org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy");
    static final String DATA_SOURCE_BEAN = "dataSource";
    static final String STRATEGY_BEAN = "schemaVerifyFlywayMigrationStrategy";

    private final ContextDatabases databases;

    DataSourceReplacement(ContextDatabases databases) {
        this.databases = databases;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        // nothing yet: another registry post-processor (Boot's test-database replacement) may still change DataSources
    }

    /**
     * Runs after every registry post-processor, before any bean is made: the bean definitions are final but for this.
     */
    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (!(beanFactory instanceof BeanDefinitionRegistry registry)) {
            return;
        }
        Set<String> names = new LinkedHashSet<>(Arrays.asList(beanFactory.getBeanNamesForType(DataSource.class, true, false)));
        if (registry.containsBeanDefinition(DATA_SOURCE_BEAN)) {
            names.add(DATA_SOURCE_BEAN);
        }
        names.removeIf(n -> !registry.containsBeanDefinition(n));
        List<String> flyway = names.stream().filter(n -> flywayQualified(registry.getBeanDefinition(n))).toList();
        List<String> primary = names.stream().filter(n -> registry.getBeanDefinition(n).isPrimary()).toList();
        List<String> others = names.stream().filter(n -> !flyway.contains(n)).toList();
        List<String> targets = new ArrayList<>(primary);
        if (primary.isEmpty()) {
            if (others.size() == 1) {
                targets.add(others.get(0));
            } else if (names.contains(DATA_SOURCE_BEAN)) {
                targets.add(DATA_SOURCE_BEAN);
            } else if (others.size() > 1) {
                throw Misuse.requirement(where(), "needs to know which DataSource of the application context to point at"
                        + " the test's database, but the context has " + others.size() + " and none is @Primary: "
                        + String.join(", ", others), "Mark the one the migrations own @Primary (the others are left as they are).");
            }
        }
        targets.addAll(flyway);
        for (String name : new LinkedHashSet<>(targets)) {
            BeanDefinition old = registry.getBeanDefinition(name);
            registry.removeBeanDefinition(name);
            registry.registerBeanDefinition(name, replacement(old.isPrimary(), flywayQualified(old)));
        }
        if (names.isEmpty()) {
            registry.registerBeanDefinition(DATA_SOURCE_BEAN, replacement(false, false));
        }
        replaceFlywayStrategy(registry, beanFactory);
    }

    private String where() {
        return databases.source() != null ? databases.source().where()
                : "@MigratedDatabase on " + databases.configuration().getTestClass().getName();
    }

    private RootBeanDefinition replacement(boolean primary, boolean flyway) {
        RootBeanDefinition bd = new RootBeanDefinition(DataSource.class, databases::dataSource);
        bd.setPrimary(primary);
        bd.setSynthetic(true);
        if (flyway) {
            bd.addQualifier(new AutowireCandidateQualifier(qualifierPresent()));
        }
        return bd;
    }

    private static boolean flywayQualified(BeanDefinition bd) {
        if (bd instanceof AnnotatedBeanDefinition abd) {
            MethodMetadata factoryMethod = abd.getFactoryMethodMetadata();
            if (factoryMethod != null && FLYWAY_DATA_SOURCE.stream().anyMatch(factoryMethod::isAnnotated)) {
                return true;
            }
            if (FLYWAY_DATA_SOURCE.stream().anyMatch(abd.getMetadata()::hasAnnotation)) {
                return true;
            }
        }
        return bd instanceof org.springframework.beans.factory.support.AbstractBeanDefinition abd
                && FLYWAY_DATA_SOURCE.stream().anyMatch(abd::hasQualifier);
    }

    private String qualifierPresent() {
        for (String name : FLYWAY_DATA_SOURCE) {
            if (loadable(name)) {
                return name;
            }
        }
        return FLYWAY_DATA_SOURCE.get(0);
    }

    /**
     * Boot's Flyway initializer calls the context's {@code FlywayMigrationStrategy} instead of {@code migrate()}: ours
     * validates the clone against the application's Flyway configuration, or does nothing. A strategy of the
     * application's is replaced: the test's database is migrated already, by SchemaVerify.
     */
    private void replaceFlywayStrategy(BeanDefinitionRegistry registry, ConfigurableListableBeanFactory beanFactory) {
        Class<?> strategy = FLYWAY_STRATEGY.stream().filter(this::loadable).findFirst().map(this::load).orElse(null);
        if (strategy == null) {
            return;
        }
        for (String name : beanFactory.getBeanNamesForType(strategy, true, false)) {
            if (registry.containsBeanDefinition(name)) {
                registry.removeBeanDefinition(name);
            }
        }
        FlywayCheck check = new FlywayCheck(databases);
        Object proxy = Proxy.newProxyInstance(strategy.getClassLoader(), new Class<?>[] {strategy}, check);
        RootBeanDefinition bd = new RootBeanDefinition();
        bd.setTargetType(strategy);
        bd.setBeanClass(strategy);
        bd.setInstanceSupplier(() -> proxy);
        bd.setSynthetic(true);
        registry.registerBeanDefinition(STRATEGY_BEAN, bd);
    }

    private boolean loadable(String name) {
        return load(name) != null;
    }

    private Class<?> load(String name) {
        try {
            return Class.forName(name, false, classLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private ClassLoader classLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : DataSourceReplacement.class.getClassLoader();
    }
}
