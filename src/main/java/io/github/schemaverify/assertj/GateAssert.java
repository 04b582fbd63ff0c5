package io.github.schemaverify.assertj;

import static io.github.schemaverify.assertj.error.ShouldBe.shouldBe;
import static io.github.schemaverify.assertj.error.ShouldHaveFailedWith.shouldHaveFailedWith;
import static io.github.schemaverify.assertj.error.ShouldHaveTransitions.shouldHaveTransitions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apiguardian.api.API;

import io.github.schemaverify.readiness.Gate;
import io.github.schemaverify.readiness.GateState;
import io.github.schemaverify.readiness.GateTransition;
import io.github.schemaverify.readiness.ReadinessTimeline;

/**
 * Assertions on one readiness gate, reached with {@code assertThat(timeline).gate(name)}: its transitions and its
 * current state are read from that timeline when checked, so an assertion made after waiting sees the gate as it is
 * then. Built from a {@link Gate} alone, it knows only that gate's state: {@code hasTransitions} sees pending, then
 * that state.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class GateAssert extends SchemaAssert<GateAssert, Gate> {
    /** The timeline the gate was reached from, if any. */
    ReadinessTimeline timeline;

    public GateAssert(Gate actual) {
        super(actual, GateAssert.class);
        if (actual != null) {
            describedAs("gate " + actual.name());
        }
    }

    private Gate now(Gate gate) {
        return timeline == null ? gate : timeline.gate(gate.name()).orElse(gate);
    }

    private List<GateState> states(Gate gate) {
        List<GateState> states = new ArrayList<>(List.of(GateState.PENDING));
        if (timeline == null) {
            if (gate.state() != GateState.PENDING) {
                states.add(gate.state());
            }
            return states;
        }
        for (GateTransition t : timeline.transitions()) {
            if (t.gate().equals(gate.name())) {
                states.add(t.to());
            }
        }
        return states;
    }

    /** Exactly this sequence of states, starting with PENDING, e.g. {@code PENDING, RUNNING, READY}. */
    public GateAssert hasTransitions(GateState... states) {
        List<GateState> expected = Arrays.asList(states);
        return check(g -> states(g).equals(expected), g -> shouldHaveTransitions(g.name(), expected, states(g)));
    }

    public GateAssert isInState(GateState state) {
        return check(g -> now(g).state() == state, g -> shouldBe("gate " + g.name(), state.wireName(), now(g).state().wireName()));
    }

    public GateAssert isReady() {
        return isInState(GateState.READY);
    }

    /** Failed, with a failure message containing the text. */
    public GateAssert failedWith(String text) {
        return check(g -> now(g).state() == GateState.FAILED && now(g).failure().filter(f -> f.contains(text)).isPresent(),
                g -> shouldHaveFailedWith(now(g), text));
    }

    public GateAssert isCritical() {
        return check(Gate::critical, g -> shouldBe("gate " + g.name(), "critical", "optional"));
    }

    public GateAssert isOptional() {
        return check(g -> !g.critical(), g -> shouldBe("gate " + g.name(), "optional", "critical"));
    }
}
