package io.github.schemaverify.internal.spring;

import org.springframework.test.annotation.DirtiesContext.HierarchyMode;
import org.springframework.test.context.cache.DefaultCacheAwareContextLoaderDelegate;

/**
 * A JUnit run's hold on one cached application context whose database it provides. Closed with the run's root store
 * (before the server's databases are dropped and the server stops): it takes the context out of Spring's cache and
 * closes it, so the application shuts down while its database still exists, and a later run in the same JVM (a nested
 * launcher, an IDE re-run) starts a fresh context instead of one whose server is gone.
 */
public final class ContextLink implements AutoCloseable {
    private final ContextDatabases databases;

    ContextLink(ContextDatabases databases) {
        this.databases = databases;
    }

    ContextDatabases databases() {
        return databases;
    }

    /** What identifies the context: one link per context per run. */
    public Object key() {
        return databases;
    }

    @Override
    public void close() {
        new DefaultCacheAwareContextLoaderDelegate().closeContext(databases.configuration(), HierarchyMode.EXHAUSTIVE);
        databases.destroy(); // a context that was closed already (@DirtiesContext) dropped its database already
    }
}
