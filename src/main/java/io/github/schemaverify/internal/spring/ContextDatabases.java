package io.github.schemaverify.internal.spring;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.Semaphore;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.test.context.MergedContextConfiguration;

import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.internal.db.ManagedDatabase;

/**
 * SchemaVerify's state in one Spring application context (a singleton bean): the {@code DataSource} the application
 * gets in place of its own, and which database it points at. All threads of the application see the same database
 * (a request served by the embedded server, a scheduled job, a pool's thread): the test's clone while a test holds
 * the {@linkplain #lease lease}, else the context's own database (a clone made when the context first needs one:
 * during its start, between tests, at its shutdown).
 *
 * <p>The lease is exclusive: test classes that share this cached context take turns, test by test, while classes
 * with other contexts run in parallel. Two tests could not share one application at once anyway: its caches, its
 * scheduled work and every thread it started would see one database or the other.
 */
final class ContextDatabases implements DisposableBean {
    private final MergedContextConfiguration configuration;
    private final Semaphore turn = new Semaphore(1, true);
    private final Routing dataSource = new Routing();
    private volatile ContextSource source;
    /** The context's own database, made on first need; guarded by this. */
    private Target own;
    private volatile Target current;
    private volatile Lease lease;
    private volatile boolean closed;

    ContextDatabases(MergedContextConfiguration configuration, ContextSource source) {
        this.configuration = configuration;
        this.source = source;
    }

    MergedContextConfiguration configuration() {
        return configuration;
    }

    DataSource dataSource() {
        return dataSource;
    }

    boolean attached() {
        return source != null;
    }

    /** Gives a context started without a source (loaded by Spring before SchemaVerify's callback) its source. */
    void attach(ContextSource source) {
        if (this.source == null) {
            this.source = source;
        }
    }

    ContextSource source() {
        return source;
    }

    /** The test's lease, if one is held: which test, which database. */
    Lease lease() {
        return lease;
    }

    /**
     * Waits for this context's turn, then points the application at {@code database} until the lease is closed. The
     * owner (test instance and method) is remembered for {@link DatabaseListener}'s check.
     */
    Lease lease(ManagedDatabase database, Object testInstance, Method testMethod) {
        try {
            turn.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaVerifyException("Interrupted while waiting for the Spring context's turn for " + database.name(), e);
        }
        Lease l = new Lease(new Target(database), testInstance, testMethod);
        current = l.target;
        lease = l;
        return l;
    }

    private synchronized Target own() {
        if (closed) {
            throw new SchemaVerifyException("SchemaVerify: the application context of " + describe() + " asked for a database"
                    + " after its JUnit run ended or the context closed.");
        }
        if (own == null) {
            ContextSource s = source;
            if (s == null) {
                throw new SchemaVerifyException("SchemaVerify: the application context of " + describe() + " asked for a"
                        + " database before @MigratedDatabase could prepare one. Spring loaded it outside SchemaVerify's"
                        + " callbacks (for example for a class-level @Sql script or a @DisabledIf(loadContext = true)"
                        + " condition evaluated first): write @MigratedDatabase before @SpringBootTest (or the slice"
                        + " annotation), so that its extension comes first.");
            }
            own = new Target(s.newDatabase().get());
        }
        return own;
    }

    private Target target() {
        Target t = current;
        return t != null ? t : own();
    }

    private String describe() {
        ContextSource s = source;
        return s != null ? s.where() : configuration.getTestClass().getName();
    }

    /** Closes the context's own database (the context closes: @DirtiesContext, end of the run, JVM exit). */
    @Override
    public void destroy() {
        Target o;
        synchronized (this) {
            closed = true;
            o = own;
            own = null;
        }
        if (o != null) {
            o.retire();
            o.database().close();
        }
    }

    /** One test's hold on the application's database; closing it points the application back at its own database. */
    final class Lease implements AutoCloseable {
        private final Target target;
        private final Object testInstance;
        private final Method testMethod;
        private boolean released;

        private Lease(Target target, Object testInstance, Method testMethod) {
            this.target = target;
            this.testInstance = testInstance;
            this.testMethod = testMethod;
        }

        boolean owns(Object instance, Method method) {
            return testInstance == instance && testMethod.equals(method);
        }

        String database() {
            return target.database().name();
        }

        @Override
        public synchronized void close() {
            if (released) {
                return;
            }
            released = true;
            if (lease == this) {
                lease = null;
                current = null;
            }
            target.retire();
            turn.release();
        }
    }

    /** The application's DataSource: every call goes to the database current at that moment. */
    private final class Routing implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return target().connection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("SchemaVerify's DataSource connects as the server's user only");
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // not used
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // connections are local and made by SchemaVerify's server
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            if (iface.isInstance(this)) {
                return iface.cast(this);
            }
            throw new SQLException("SchemaVerify's DataSource is not a wrapper for " + iface.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return iface.isInstance(this);
        }

        @Override
        public String toString() {
            Target t = current;
            return "SchemaVerify DataSource of " + describe() + " (now " + (t != null ? t : "the context's own database") + ")";
        }
    }
}
