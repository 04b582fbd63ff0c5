package io.github.schemaverify.readiness;

import java.util.Locale;

import org.apiguardian.api.API;

/**
 * The state of one readiness gate: {@code PENDING → RUNNING → READY}, or {@code FAILED}, or {@code SKIPPED}.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum GateState {
    PENDING, RUNNING, READY, FAILED, SKIPPED;

    /** Done: ready, failed or skipped. */
    public boolean finished() {
        return this == READY || this == FAILED || this == SKIPPED;
    }

    /** Ready or skipped: nothing left to wait for. */
    public boolean satisfied() {
        return this == READY || this == SKIPPED;
    }

    /** {@code ready}, as applications spell it in readiness maps. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code ready}, {@code READY}, {@code Ready}; empty for anything else. */
    public static java.util.Optional<GateState> parse(Object value) {
        if (value == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(valueOf(value.toString().trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Whether moving to {@code next} goes forward: PENDING → RUNNING → finished, or straight from PENDING to a finished
     * state. An observed application may move a gate backwards (ready to running); assertions name such a move.
     */
    public boolean canMoveTo(GateState next) {
        return switch (this) {
            case PENDING -> next != PENDING;
            case RUNNING -> next.finished();
            default -> false;
        };
    }
}
