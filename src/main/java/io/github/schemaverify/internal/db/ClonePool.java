package io.github.schemaverify.internal.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * Clones of one template made ahead of demand, for tests that run in parallel (as zonky and IntegreSQL do): workers
 * on connections of their own keep {@code depth} clones ready, so a test takes one without waiting for a
 * {@code CREATE DATABASE}; when the pool is full they drop the clones tests released, off the tests' path. Only used when
 * JUnit runs tests in parallel (or {@code schemaverify.clones.ahead} asks for it): one test at a time has nothing to
 * gain. On close the clones no test took are dropped.
 */
final class ClonePool {
    private final String template;
    private final int depth;
    private final Function<Connection, String> create;
    private final java.util.function.BooleanSupplier dropsPending;
    private final java.util.function.Consumer<Connection> dropOne;
    private final List<Connection> connections;
    private final Deque<String> ready = new ArrayDeque<>();
    private final List<Thread> workers = new ArrayList<>();
    private RuntimeException failure;
    private int creating;
    private boolean closed;

    /**
     * @param connections one per worker: clones are made side by side (PostgreSQL copies two templates at once about
     *                    twice as fast as one, even on two cores)
     * @param create      makes one clone on the given connection and returns its name (registered as the manager's)
     * @param dropsPending whether released clones wait to be dropped
     * @param dropOne     drops one released clone, if any, on the given connection
     */
    ClonePool(String template, int depth, List<Connection> connections, Function<Connection, String> create,
            java.util.function.BooleanSupplier dropsPending, java.util.function.Consumer<Connection> dropOne) {
        this.template = template;
        this.depth = depth;
        this.connections = List.copyOf(connections);
        this.create = create;
        this.dropsPending = dropsPending;
        this.dropOne = dropOne;
        for (Connection c : this.connections) {
            Thread worker = new Thread(() -> fill(c), "schemaverify-clones-" + template);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    /** A ready clone, or the next one the worker makes; a failure to make clones is thrown to the test that waits. */
    synchronized String take() {
        while (ready.isEmpty()) {
            if (failure != null) {
                throw failure;
            }
            if (closed) {
                throw new IllegalStateException("the clone pool of " + template + " is closed");
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a clone of " + template, e);
            }
        }
        String name = ready.poll();
        notifyAll(); // the worker makes the next one
        return name;
    }

    /**
     * Waits until {@code count} clones are ready (or the pool fails, closes, or {@code timeoutMillis} pass): the first
     * tests that start together then find theirs made, instead of all waiting for the first copies at once.
     */
    synchronized void awaitReady(int count, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (ready.size() < Math.min(count, depth) && failure == null && !closed) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean full() {
        return ready.size() + creating >= depth;
    }

    /** Wakes the workers: a released clone waits to be dropped. */
    synchronized void wake() {
        notifyAll();
    }

    /**
     * A worker: makes clones while fewer than {@code depth} are ready or being made; when the pool is full, drops
     * released clones (so drops never hold up the clones tests wait for); else waits.
     */
    private void fill(Connection connection) {
        while (true) {
            boolean make;
            synchronized (this) {
                while (!closed && failure == null && full() && !dropsPending.getAsBoolean()) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed || failure != null) {
                    return;
                }
                make = !full();
                if (make) {
                    creating++;
                }
            }
            if (!make) {
                dropOne.accept(connection);
                continue;
            }
            String name = null;
            RuntimeException failed = null;
            try {
                name = create.apply(connection);
            } catch (RuntimeException e) {
                failed = e;
            }
            synchronized (this) {
                creating--;
                if (failed != null) {
                    failure = failed;
                } else {
                    ready.add(name);
                }
                notifyAll();
            }
        }
    }

    /** Stops the worker and returns the clones no test took, for the manager to drop. */
    Deque<String> close(long waitMillis) {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        for (Thread worker : workers) {
            try {
                worker.join(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing
            }
        }
        synchronized (this) {
            return new ArrayDeque<>(ready);
        }
    }

}
