package io.github.schemaverify.internal.readiness;

import java.util.List;

/**
 * A stage of the bootstrap after the built-in gates.
 *
 * @param action the work, given the test database; throws to fail the gate
 */
public record Stage(String name, boolean critical, List<String> after, boolean async, Action action) {

    @FunctionalInterface
    public interface Action {
        void run(io.github.schemaverify.internal.db.ManagedDatabase database) throws Exception;
    }

    public Stage {
        after = List.copyOf(after);
    }
}
