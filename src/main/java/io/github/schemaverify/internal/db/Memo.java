package io.github.schemaverify.internal.db;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/** A value computed once, by the first caller, outside any map lock; a failure is remembered and thrown again. */
final class Memo<T> {
    private final FutureTask<T> task;

    Memo(Supplier<T> supplier) {
        this.task = new FutureTask<>(supplier::get);
    }

    T get() {
        task.run(); // no-op unless this is the first caller
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    boolean succeeded() {
        if (!task.isDone()) {
            return false;
        }
        try {
            task.get();
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
