package io.github.schemaverify.readiness;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

import org.apiguardian.api.API;

/**
 * How ready the whole bootstrap is, derived from its gates:
 * <ul>
 * <li>{@code OFFLINE}: the server or the database is not ready;</li>
 * <li>{@code ONLINE}: reachable, a critical gate is not ready yet;</li>
 * <li>{@code ONLINE_PARTIAL}: every critical gate ready, an optional one pending, running or failed;</li>
 * <li>{@code FULL_READY}: every gate ready or skipped;</li>
 * <li>{@code FAILED}: a critical gate failed.</li>
 * </ul>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum ReadinessLevel {
    OFFLINE, ONLINE, ONLINE_PARTIAL, FULL_READY, FAILED;

    /** {@code online_partial}, as services report it. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ReadinessLevel> parse(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.toString().trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The level these gates justify: FAILED when a critical gate failed, else OFFLINE while a reachability gate is not
     * ready, ONLINE while a critical gate is not ready or skipped, FULL_READY when every gate is, else ONLINE_PARTIAL.
     * No gates at all is FULL_READY: nothing is left to wait for.
     */
    public static ReadinessLevel of(Collection<Gate> gates) {
        if (gates.stream().anyMatch(g -> g.critical() && g.state() == GateState.FAILED)) {
            return FAILED;
        }
        if (gates.stream().anyMatch(g -> g.reachability() && g.state() != GateState.READY)) {
            return OFFLINE;
        }
        if (gates.stream().anyMatch(g -> g.critical() && !g.state().satisfied())) {
            return ONLINE;
        }
        return gates.stream().allMatch(g -> g.state().satisfied()) ? FULL_READY : ONLINE_PARTIAL;
    }

    /** The rank on the way up: OFFLINE 0 ... FULL_READY 3; FAILED has none (-1). */
    public int rank() {
        return this == FAILED ? -1 : ordinal();
    }
}
