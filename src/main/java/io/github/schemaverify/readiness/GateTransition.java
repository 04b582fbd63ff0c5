package io.github.schemaverify.readiness;

import java.time.Instant;

import org.apiguardian.api.API;

/**
 * One gate moving from one state to another at an instant.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record GateTransition(String gate, GateState from, GateState to, Instant at) {
    @Override
    public String toString() {
        return gate + ": " + from.wireName() + " -> " + to.wireName() + " at " + at;
    }
}
