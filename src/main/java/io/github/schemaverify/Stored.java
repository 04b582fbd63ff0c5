package io.github.schemaverify;

import java.util.function.Supplier;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;

/**
 * A value computed once per store key, by the first caller, outside any lock (a template build must not hold up the
 * other classes), its failure remembered; closed with the store when it is {@link AutoCloseable}. Written against the
 * Store API every supported JUnit has ({@code get}, {@code put}): {@code getOrComputeIfAbsent} is deprecated in JUnit
 * 6 and its replacement missing from 5.13.
 */
final class Stored<T> implements AutoCloseable {
    private final Supplier<T> supplier;
    private volatile boolean done;
    private T value;
    private RuntimeException failure;

    private Stored(Supplier<T> supplier) {
        this.supplier = supplier;
    }

    /** The value under {@code key} in the context's store of {@code namespace}, computed on first use. */
    @SuppressWarnings("unchecked")
    static <T> T in(ExtensionContext context, Namespace namespace, Object key, Supplier<T> supplier) {
        Store store = context.getStore(namespace);
        Stored<T> stored;
        // one lock for the run (the root context), held only to find or create the holder, never while computing
        synchronized (context.getRoot()) {
            stored = (Stored<T>) store.get(key, Stored.class);
            if (stored == null) {
                // what SchemaVerify starts for a scope is kept here, closed as AutoCloseable: JUnit 5.13 on
                io.github.schemaverify.internal.compat.Compatibility.requireJUnit(context);
                stored = new Stored<>(supplier);
                store.put(key, stored);
            }
        }
        return stored.get();
    }

    private T get() {
        if (!done) {
            synchronized (this) {
                if (!done) {
                    try {
                        value = supplier.get();
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                    done = true;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return value;
    }

    @Override
    public void close() {
        if (done && value instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaVerifyException("Interrupted while closing " + value, e);
            } catch (Exception e) {
                throw new SchemaVerifyException("Closing " + value + " failed: " + e.getMessage(), e);
            }
        }
    }
}
