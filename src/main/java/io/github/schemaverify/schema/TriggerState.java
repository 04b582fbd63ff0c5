package io.github.schemaverify.schema;

import org.apiguardian.api.API;

/**
 * When a trigger fires ({@code ALTER TABLE ... ENABLE/DISABLE TRIGGER}); {@link #code()} is the letter of
 * {@code pg_trigger.tgenabled} that the canonical text records.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public enum TriggerState {
    /** Fires in the origin and local session_replication_role (the default), {@code O}. */
    ORIGIN("O"),
    /** Disabled, {@code D}. */
    DISABLED("D"),
    /** Fires only in replica mode, {@code R}. */
    REPLICA("R"),
    /** Fires always, {@code A}. */
    ALWAYS("A");

    private final String code;

    TriggerState(String code) {
        this.code = code;
    }

    /** {@code O}, {@code D}, {@code R} or {@code A}. */
    public String code() {
        return code;
    }

    /** The state of a {@code tgenabled} / {@code evtenabled} letter. */
    public static TriggerState of(String code) {
        for (TriggerState s : values()) {
            if (s.code.equals(code)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no trigger state " + code);
    }
}
