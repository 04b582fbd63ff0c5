package io.github.schemaverify.assertj;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import io.github.schemaverify.readiness.Gate;
import io.github.schemaverify.readiness.GateState;
import io.github.schemaverify.readiness.GateTransition;
import io.github.schemaverify.readiness.LevelChange;
import io.github.schemaverify.readiness.ReadinessLevel;
import io.github.schemaverify.readiness.ReadinessTimeline;

/** Assertions on a {@link ReadinessTimeline}: levels reached and in which order, gates and their transitions. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ReadinessTimelineAssert extends AbstractAssert<ReadinessTimelineAssert, ReadinessTimeline> {

    ReadinessTimelineAssert(ReadinessTimeline actual) {
        super(actual, ReadinessTimelineAssert.class);
        describedAs("readiness timeline");
    }

    private static String names(List<LevelChange> levels) {
        return levels.isEmpty() ? "none" : String.join(" -> ", levels.stream().map(l -> l.level().wireName()).toList());
    }

    private String state() {
        return "%n" + actual.describe().replace("%", "%%");
    }

    /** The gates reached this level at some point (now or earlier). */
    public ReadinessTimelineAssert reachedLevel(ReadinessLevel level) {
        isNotNull();
        if (actual.levels().stream().noneMatch(l -> l.level() == level)) {
            failWithMessage("%nExpecting the bootstrap to reach %s,%nbut it went %s; now:" + state(), level.wireName(),
                    names(actual.levels()));
        }
        return this;
    }

    public ReadinessTimelineAssert neverReachedLevel(ReadinessLevel level) {
        isNotNull();
        Optional<LevelChange> reached = actual.levels().stream().filter(l -> l.level() == level).findFirst();
        if (reached.isPresent()) {
            failWithMessage("%nExpecting the bootstrap never to reach %s,%nbut it did at %s; it went %s", level.wireName(),
                    reached.get().at(), names(actual.levels()));
        }
        return this;
    }

    /** The levels appear in this order (other levels may come between them). */
    public ReadinessTimelineAssert passedThroughLevels(ReadinessLevel... levels) {
        isNotNull();
        List<LevelChange> history = actual.levels();
        int next = 0;
        for (LevelChange change : history) {
            if (next < levels.length && change.level() == levels[next]) {
                next++;
            }
        }
        if (next < levels.length) {
            failWithMessage("%nExpecting the bootstrap to pass through %s in this order,%nbut it went %s",
                    String.join(" -> ", Arrays.stream(levels).map(ReadinessLevel::wireName).toList()), names(history));
        }
        return this;
    }

    /** Navigates to a gate. */
    public GateAssert gate(String name) {
        isNotNull();
        Optional<Gate> gate = actual.gate(name);
        if (gate.isEmpty()) {
            failWithMessage("%nExpecting the bootstrap to have gate \"%s\",%nbut its gates are: %s", name,
                    String.join(", ", actual.gates().stream().map(Gate::name).toList()));
        }
        return new GateAssert(actual, gate.get()).as("gate " + name);
    }

    /** Gate {@code first} was ready no later than gate {@code second}. */
    public ReadinessTimelineAssert gateReadyBefore(String first, String second) {
        isNotNull();
        Optional<GateTransition> a = readyAt(first);
        Optional<GateTransition> b = readyAt(second);
        if (a.isEmpty() || (b.isPresent() && a.get().at().isAfter(b.get().at()))) {
            failWithMessage("%nExpecting gate %s to be ready before gate %s,%nbut %s; now:" + state(), first, second,
                    a.isEmpty() ? first + " never became ready" : first + " became ready at " + a.get().at() + ", " + second
                            + " at " + b.get().at());
        }
        return this;
    }

    private Optional<GateTransition> readyAt(String gate) {
        return actual.transitions().stream().filter(t -> t.gate().equals(gate) && t.to() == GateState.READY).findFirst();
    }

    /** No gate moved backwards (e.g. ready to running) and the level never went down. */
    public ReadinessTimelineAssert hasNoBackwardTransitions() {
        isNotNull();
        for (GateTransition t : actual.transitions()) {
            boolean forward = t.from() == GateState.PENDING ? t.to() != GateState.PENDING
                    : t.from() == GateState.RUNNING && t.to().finished();
            if (!forward) {
                failWithMessage("%nExpecting no gate to move backwards,%nbut %s moved from %s to %s at %s", t.gate(),
                        t.from().wireName(), t.to().wireName(), t.at());
            }
        }
        List<LevelChange> levels = actual.levels();
        for (int i = 1; i < levels.size(); i++) {
            ReadinessLevel before = levels.get(i - 1).level();
            ReadinessLevel after = levels.get(i).level();
            if (after != ReadinessLevel.FAILED && after.rank() < before.rank()) {
                failWithMessage("%nExpecting the level never to go down,%nbut it went from %s to %s at %s", before.wireName(),
                        after.wireName(), levels.get(i).at());
            }
        }
        return this;
    }

    /** The levels the observed application reported appear in this order. */
    public ReadinessTimelineAssert reportedLevels(ReadinessLevel... levels) {
        isNotNull();
        List<ReadinessLevel> reported = actual.reportedLevels().stream().map(LevelChange::level).toList();
        if (!reported.equals(Arrays.asList(levels))) {
            failWithMessage("%nExpecting the application to report %s,%nbut it reported %s",
                    String.join(" -> ", Arrays.stream(levels).map(ReadinessLevel::wireName).toList()), names(actual.reportedLevels()));
        }
        return this;
    }

    /**
     * The application never reported a level above what its gates justified at that moment (for example
     * {@code full_ready} while {@code vector_seeding} was still running).
     */
    public ReadinessTimelineAssert reportedLevelsHonestly() {
        isNotNull();
        List<LevelChange> derived = actual.levels();
        for (LevelChange reported : actual.reportedLevels()) {
            ReadinessLevel justified = ReadinessLevel.OFFLINE;
            for (LevelChange d : derived) {
                if (!d.at().isAfter(reported.at())) {
                    justified = d.level();
                }
            }
            boolean honest = reported.level() == ReadinessLevel.FAILED || justified == ReadinessLevel.FAILED
                    || reported.level().rank() <= justified.rank();
            if (!honest) {
                failWithMessage("%nExpecting the application to report no more than its gates justify,%nbut it reported %s at %s"
                        + " while its gates were at %s", reported.level().wireName(), reported.at(), justified.wireName());
            }
        }
        return this;
    }
}
