package io.github.schemaverify.internal.spring;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;

import io.github.schemaverify.internal.db.ManagedDatabase;

/**
 * One database the application's {@code DataSource} points at (the context's own, or a test's clone), with the
 * connections it keeps for reuse: a test's first statement pays for one connection, not every statement for one. A
 * connection returns here when the application closes it; it is kept only while this target is current and the
 * connection is as it was handed out (a changed isolation, schema or client info closes it instead). Retiring the
 * target closes what it keeps; connections still out are closed when they come back.
 *
 * <p>Plain JDBC, no Spring: the pool lives here so the per-test switch needs no pool of the application's.
 */
final class Target {
    /** Idle connections kept per target; more are opened when needed and closed when they come back. */
    private static final int MAX_IDLE = 8;

    private final ManagedDatabase database;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private boolean retired;

    Target(ManagedDatabase database) {
        this.database = database;
    }

    ManagedDatabase database() {
        return database;
    }

    /** A connection to this target's database, reused when one is idle; closing it gives it back. */
    Connection connection() throws SQLException {
        Connection physical;
        synchronized (this) {
            if (retired) {
                throw new SQLException("SchemaVerify: the database " + database.name() + " is no longer the application's"
                        + " (its test ended); a connection was asked of it afterwards");
            }
            physical = idle.pollFirst();
        }
        if (physical == null) {
            physical = database.connect();
        }
        return (Connection) Proxy.newProxyInstance(Target.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Handed(physical));
    }

    /** Closes the idle connections; connections still out are closed when they come back. */
    void retire() {
        Deque<Connection> toClose;
        synchronized (this) {
            retired = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        }
        for (Connection c : toClose) {
            closeQuietly(c);
        }
    }

    private void giveBack(Connection physical, boolean dirty) {
        boolean keep = false;
        if (!dirty) {
            try {
                if (!physical.isClosed()) {
                    if (!physical.getAutoCommit()) {
                        physical.rollback();
                        physical.setAutoCommit(true);
                    }
                    if (physical.isReadOnly()) {
                        physical.setReadOnly(false);
                    }
                    physical.clearWarnings();
                    keep = true;
                }
            } catch (SQLException e) {
                keep = false;
            }
        }
        if (keep) {
            synchronized (this) {
                if (!retired && idle.size() < MAX_IDLE) {
                    idle.addFirst(physical);
                    return;
                }
            }
        }
        closeQuietly(physical);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // a connection of a dropped database is already gone
        }
    }

    @Override
    public String toString() {
        return database.name();
    }

    /** The connection as the application holds it: close gives it back, the rest goes to the physical connection. */
    private final class Handed implements InvocationHandler {
        private final Connection physical;
        private boolean closed;
        /** Session state that a rollback does not undo: such a connection is closed, not kept. */
        private boolean dirty;

        Handed(Connection physical) {
            this.physical = physical;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "close" -> {
                    if (!closed) {
                        closed = true;
                        giveBack(physical, dirty);
                    }
                    return null;
                }
                case "isClosed" -> {
                    return closed || physical.isClosed();
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "toString" -> {
                    return "SchemaVerify connection to " + database.name();
                }
                case "unwrap" -> {
                    Class<?> type = (Class<?>) args[0];
                    return type.isInstance(proxy) ? proxy : physical.unwrap(type);
                }
                case "isWrapperFor" -> {
                    Class<?> type = (Class<?>) args[0];
                    return type.isInstance(proxy) || physical.isWrapperFor(type);
                }
                case "setTransactionIsolation", "setSchema", "setCatalog", "setClientInfo", "setTypeMap", "setHoldability",
                        "setNetworkTimeout" -> dirty = true;
                default -> {
                    // everything else goes to the physical connection
                }
            }
            if (closed) {
                throw new SQLException("SchemaVerify: connection to " + database.name() + " used after close ("
                        + name + ")", "08003");
            }
            try {
                return method.invoke(physical, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
