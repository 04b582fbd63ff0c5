package io.github.schemaverify.assertj;

import static io.github.schemaverify.assertj.error.ShouldBeReadyBefore.shouldBeReadyBefore;
import static io.github.schemaverify.assertj.error.ShouldHaveGate.shouldHaveGate;
import static io.github.schemaverify.assertj.error.ShouldNeverReachLevel.shouldNeverReachLevel;
import static io.github.schemaverify.assertj.error.ShouldNotMoveBackwards.shouldNotGoDown;
import static io.github.schemaverify.assertj.error.ShouldNotMoveBackwards.shouldNotMoveBackwards;
import static io.github.schemaverify.assertj.error.ShouldPassThroughLevels.shouldPassThroughLevels;
import static io.github.schemaverify.assertj.error.ShouldReachLevel.shouldReachLevel;
import static io.github.schemaverify.assertj.error.ShouldReportHonestly.shouldReportHonestly;
import static io.github.schemaverify.assertj.error.ShouldReportLevels.shouldReportLevels;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

import io.github.schemaverify.readiness.Gate;
import io.github.schemaverify.readiness.GateState;
import io.github.schemaverify.readiness.GateTransition;
import io.github.schemaverify.readiness.LevelChange;
import io.github.schemaverify.readiness.ReadinessLevel;
import io.github.schemaverify.readiness.ReadinessTimeline;

/** Assertions on a {@link ReadinessTimeline}: levels reached and in which order, gates and their transitions. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ReadinessTimelineAssert extends SchemaAssert<ReadinessTimelineAssert, ReadinessTimeline> {

    public ReadinessTimelineAssert(ReadinessTimeline actual) {
        super(actual, ReadinessTimelineAssert.class);
        describedAs("readiness timeline");
    }

    /** The gates reached this level at some point (now or earlier). */
    public ReadinessTimelineAssert reachedLevel(ReadinessLevel level) {
        return check(t -> t.levels().stream().anyMatch(l -> l.level() == level), t -> shouldReachLevel(level, t.levels(), t.describe()));
    }

    public ReadinessTimelineAssert neverReachedLevel(ReadinessLevel level) {
        return check(t -> t.levels().stream().filter(l -> l.level() == level).findFirst()
                .map(reached -> shouldNeverReachLevel(reached, t.levels())));
    }

    /** The levels appear in this order (other levels may come between them). */
    public ReadinessTimelineAssert passedThroughLevels(ReadinessLevel... levels) {
        List<ReadinessLevel> expected = Arrays.asList(levels);
        return check(t -> passesThrough(t.levels(), expected), t -> shouldPassThroughLevels(expected, t.levels()));
    }

    private static boolean passesThrough(List<LevelChange> history, List<ReadinessLevel> expected) {
        int next = 0;
        for (LevelChange change : history) {
            if (next < expected.size() && change.level() == expected.get(next)) {
                next++;
            }
        }
        return next == expected.size();
    }

    /** Navigates to a gate. */
    public GateAssert gate(String name) {
        GateAssert gate = navigate(GateAssert.class, Gate.class, t -> t.gate(name),
                t -> shouldHaveGate(name, t.gates().stream().map(Gate::name).toList()));
        gate.timeline = actual;
        return gate;
    }

    /** Gate {@code first} was ready no later than gate {@code second}. */
    public ReadinessTimelineAssert gateReadyBefore(String first, String second) {
        return check(t -> {
            Optional<Instant> a = readyAt(t, first);
            Optional<Instant> b = readyAt(t, second);
            boolean before = a.isPresent() && (b.isEmpty() || !a.get().isAfter(b.get()));
            return before ? Optional.empty() : Optional.of(shouldBeReadyBefore(first, second, a, b, t.describe()));
        });
    }

    private static Optional<Instant> readyAt(ReadinessTimeline t, String gate) {
        return t.transitions().stream().filter(tr -> tr.gate().equals(gate) && tr.to() == GateState.READY).findFirst()
                .map(GateTransition::at);
    }

    /** No gate moved backwards (e.g. ready to running) and the level never went down. */
    public ReadinessTimelineAssert hasNoBackwardTransitions() {
        return check(t -> {
            Optional<ErrorMessageFactory> backwards = t.transitions().stream().filter(tr -> !tr.from().canMoveTo(tr.to())).findFirst()
                    .map(tr -> shouldNotMoveBackwards(tr));
            if (backwards.isPresent()) {
                return backwards;
            }
            List<LevelChange> levels = t.levels();
            for (int i = 1; i < levels.size(); i++) {
                ReadinessLevel after = levels.get(i).level();
                if (after != ReadinessLevel.FAILED && after.rank() < levels.get(i - 1).level().rank()) {
                    return Optional.of(shouldNotGoDown(levels.get(i - 1), levels.get(i)));
                }
            }
            return Optional.empty();
        });
    }

    /** The levels the observed application reported appear in this order. */
    public ReadinessTimelineAssert reportedLevels(ReadinessLevel... levels) {
        List<ReadinessLevel> expected = Arrays.asList(levels);
        return check(t -> t.reportedLevels().stream().map(LevelChange::level).toList().equals(expected),
                t -> shouldReportLevels(expected, t.reportedLevels()));
    }

    /**
     * The application never reported a level above what its gates justified at that moment (for example
     * {@code full_ready} while {@code vector_seeding} was still running).
     */
    public ReadinessTimelineAssert reportedLevelsHonestly() {
        return check(t -> {
            for (LevelChange reported : t.reportedLevels()) {
                ReadinessLevel justified = ReadinessLevel.OFFLINE;
                for (LevelChange derived : t.levels()) {
                    if (!derived.at().isAfter(reported.at())) {
                        justified = derived.level();
                    }
                }
                boolean honest = reported.level() == ReadinessLevel.FAILED || justified == ReadinessLevel.FAILED
                        || reported.level().rank() <= justified.rank();
                if (!honest) {
                    return Optional.of(shouldReportHonestly(reported, justified));
                }
            }
            return Optional.empty();
        });
    }
}
