package io.github.schemaverify.assertj;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import io.github.schemaverify.readiness.Gate;
import io.github.schemaverify.readiness.GateState;
import io.github.schemaverify.readiness.GateTransition;
import io.github.schemaverify.readiness.ReadinessTimeline;

/** Assertions on one readiness gate. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class GateAssert extends AbstractAssert<GateAssert, Gate> {
    private final ReadinessTimeline timeline;

    GateAssert(ReadinessTimeline timeline, Gate actual) {
        super(actual, GateAssert.class);
        this.timeline = timeline;
    }

    private List<GateState> states() {
        List<GateState> states = new ArrayList<>(List.of(GateState.PENDING));
        for (GateTransition t : timeline.transitions()) {
            if (t.gate().equals(actual.name())) {
                states.add(t.to());
            }
        }
        return states;
    }

    private static String show(List<GateState> states) {
        return String.join(" -> ", states.stream().map(GateState::wireName).toList());
    }

    /** Exactly this sequence of states, starting with PENDING, e.g. {@code PENDING, RUNNING, READY}. */
    public GateAssert hasTransitions(GateState... states) {
        List<GateState> seen = states();
        if (!seen.equals(Arrays.asList(states))) {
            failWithMessage("%nExpecting gate %s to go %s,%nbut it went %s", actual.name(), show(Arrays.asList(states)), show(seen));
        }
        return this;
    }

    public GateAssert isInState(GateState state) {
        Gate now = timeline.gate(actual.name()).orElseThrow();
        if (now.state() != state) {
            failWithMessage("%nExpecting gate %s to be %s,%nbut it is %s", actual.name(), state.wireName(), now.state().wireName());
        }
        return this;
    }

    public GateAssert isReady() {
        return isInState(GateState.READY);
    }

    /** Failed, with a failure message containing the text. */
    public GateAssert failedWith(String text) {
        Gate now = timeline.gate(actual.name()).orElseThrow();
        if (now.state() != GateState.FAILED || now.failure().map(f -> !f.contains(text)).orElse(true)) {
            failWithMessage("%nExpecting gate %s to have failed with \"%s\",%nbut it is %s%s", actual.name(), text,
                    now.state().wireName(), now.failure().map(f -> " (" + f + ")").orElse(""));
        }
        return this;
    }

    public GateAssert isCritical() {
        if (!actual.critical()) {
            failWithMessage("%nExpecting gate %s to be critical,%nbut it is optional", actual.name());
        }
        return this;
    }

    public GateAssert isOptional() {
        if (actual.critical()) {
            failWithMessage("%nExpecting gate %s to be optional,%nbut it is critical", actual.name());
        }
        return this;
    }
}
