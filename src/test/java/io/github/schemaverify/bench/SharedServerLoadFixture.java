package io.github.schemaverify.bench;

import java.lang.reflect.Method;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.TestDatabase;

/**
 * Run by {@link SharedServerBenchmark} in each fork: {@code tests} tests (100 by default), each writing to its own clone
 * and checking that it sees no other test's row, and each printing how long it waited for its database (from the
 * first beforeEach callback to the method body: clone and readiness bootstrap).
 */
@ExtendWith(SharedServerLoadFixture.Clock.class) // before @MigratedDatabase's extension, so its beforeEach runs first
@MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
class SharedServerLoadFixture {

    @RepeatedTest(value = 100, name = "test {currentRepetition}")
    void writes_to_its_own_database(TestDatabase db) throws Exception {
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('" + db.name() + "', 'h')");
        try (var c = db.connect(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*), min(title) FROM documents")) {
            rs.next();
            if (rs.getInt(1) != 1 || !rs.getString(2).equals(db.name())) {
                throw new AssertionError("isolation leak: " + db.name() + " sees " + rs.getInt(1) + " rows");
            }
        }
    }

    /**
     * Notes when a test's callbacks start (in the test's own store) and prints the wait when its body is about to run,
     * after every callback and the resolution of its parameters (the database).
     */
    static final class Clock implements BeforeEachCallback, InvocationInterceptor {
        private static final Namespace NAMESPACE = Namespace.create(Clock.class);

        @Override
        public void beforeEach(ExtensionContext context) {
            context.getStore(NAMESPACE).put(context.getUniqueId(), System.nanoTime());
        }

        @Override
        public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                ExtensionContext context) throws Throwable {
            long started = context.getStore(NAMESPACE).get(context.getUniqueId(), Long.class);
            System.out.println("SV-WAIT " + (System.nanoTime() - started));
            invocation.proceed();
        }
    }
}
