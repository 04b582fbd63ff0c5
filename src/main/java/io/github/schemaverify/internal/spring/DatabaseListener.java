package io.github.schemaverify.internal.spring;

import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

import io.github.schemaverify.SchemaVerifyException;

/**
 * Registered in {@code META-INF/spring.factories}: before Spring's transactional and {@code @Sql} listeners run for a
 * test of a SchemaVerify context, checks that the application already points at that test's database. SchemaVerify's
 * extension switches it in the earliest per-test callback JUnit has, so this fails only when that callback was
 * switched off (a deactivated condition) and Spring's extension comes first: a transaction begun or a script run on
 * another test's database would be a silent leak, so it is a failure with the fix.
 */
public final class DatabaseListener implements TestExecutionListener, Ordered {
    /** After dependency injection (2000), before transactions (4000) and {@code @Sql} scripts (5000). */
    static final int ORDER = 3900;

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public void beforeTestMethod(TestContext testContext) {
        if (SchemaVerifyContextCustomizerFactory.annotation(testContext.getTestClass()).isEmpty()) {
            return;
        }
        ApplicationContext application = testContext.getApplicationContext();
        if (!application.containsBean(DatabaseCustomizer.DATABASES_BEAN)) {
            return;
        }
        ContextDatabases databases = application.getBean(DatabaseCustomizer.DATABASES_BEAN, ContextDatabases.class);
        ContextDatabases.Lease lease = databases.lease();
        if (lease == null || !lease.owns(testContext.getTestInstance(), testContext.getTestMethod())) {
            throw new SchemaVerifyException("SchemaVerify: Spring's callbacks for " + testContext.getTestClass().getName() + "#"
                    + testContext.getTestMethod().getName() + " ran before @MigratedDatabase pointed the application at the"
                    + " test's database (JUnit's conditions are deactivated for SchemaVerify's extension, and Spring's"
                    + " extension is registered first). Write @MigratedDatabase before @SpringBootTest (or the slice"
                    + " annotation), or let JUnit evaluate SchemaVerify's condition.");
        }
    }
}
