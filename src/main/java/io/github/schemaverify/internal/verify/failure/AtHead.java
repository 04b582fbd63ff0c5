package io.github.schemaverify.internal.verify.failure;

import java.util.List;

/**
 * What the round trip runs at head before undoing every revision, where Flyway's migrate runs it after the last versioned
 * migration: the repeatable migrations ({@code R__*.sql}) and the SQL callbacks of {@code afterVersioned}, {@code
 * beforeRepeatables}, {@code afterMigrateApplied} and {@code afterMigrate}, by file name.
 */
public record AtHead(List<String> repeatables, List<String> callbacks) {
    public static final AtHead NONE = new AtHead(List.of(), List.of());

    public AtHead {
        repeatables = List.copyOf(repeatables);
        callbacks = List.copyOf(callbacks);
    }

    public boolean isEmpty() {
        return repeatables.isEmpty() && callbacks.isEmpty();
    }

    /** One file in all: the text says "it", else "they". */
    public boolean one() {
        return repeatables.size() + callbacks.size() == 1;
    }

    /**
     * E.g. {@code ran the callback afterMigrate.sql at head, as Flyway runs it after its last migration}, or {@code applied
     * the repeatable migration R__views.sql at head, as Flyway's migrate does after its last versioned migration}.
     */
    public String ran() {
        return ran("");
    }

    /** {@link #ran()} with {@code when} after "at head", e.g. {@code  before undoing}. */
    public String ran(String when) {
        String callbacksRun = callbacks.isEmpty() ? "" : "ran the callback" + (callbacks.size() == 1 ? " " : "s ")
                + String.join(", ", callbacks);
        if (repeatables.isEmpty()) {
            return callbacksRun + " at head" + when + ", as Flyway runs " + (one() ? "it" : "them") + " after its last migration";
        }
        return "applied the repeatable migration" + (repeatables.size() == 1 ? " " : "s ") + String.join(", ", repeatables)
                + (callbacksRun.isEmpty() ? "" : " and " + callbacksRun) + " at head" + when + ", as Flyway's migrate does after its last"
                + " versioned migration";
    }
}
