package io.github.schemaverify.internal.readiness;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.github.schemaverify.readiness.Gate;
import io.github.schemaverify.readiness.GateState;
import io.github.schemaverify.readiness.GateTransition;
import io.github.schemaverify.readiness.LevelChange;
import io.github.schemaverify.readiness.ReadinessException;
import io.github.schemaverify.readiness.ReadinessLevel;
import io.github.schemaverify.readiness.ReadinessTimeline;

/**
 * The machinery behind a {@link ReadinessTimeline}: the bootstrap and the recorder declare and move gates here, tests
 * read it through the public interface. One lock guards every list; each change signals the waiters and, when a
 * heartbeat file is set, rewrites it (outside the lock, one writer at a time, always with the state current then).
 */
public final class MutableTimeline implements ReadinessTimeline {
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, MutableGate> gates = new LinkedHashMap<>();
    private final List<GateTransition> transitions = new ArrayList<>();
    private final List<LevelChange> levels = new ArrayList<>();
    private final List<LevelChange> reported = new ArrayList<>();
    private final Object heartbeatWriter = new Object();
    private Path heartbeat;

    private static final class MutableGate {
        final String name;
        final boolean critical;
        final boolean reachability;
        GateState state = GateState.PENDING;
        Instant started;
        Instant finished;
        String failure;

        MutableGate(String name, boolean critical, boolean reachability) {
            this.name = name;
            this.critical = critical;
            this.reachability = reachability;
        }

        Gate view() {
            return new Gate(name, critical, reachability, state, Optional.ofNullable(started), Optional.ofNullable(finished),
                    Optional.ofNullable(failure));
        }
    }

    /** What a heartbeat shows, read under one lock so its parts agree. */
    public record Snapshot(ReadinessLevel level, Instant at, List<Gate> gates, int transitions) {
    }

    public MutableTimeline() {
        this(Clock.systemUTC());
    }

    public MutableTimeline(Clock clock) {
        this.clock = clock;
    }

    /** Declares a gate (PENDING). A critical gate keeps the level below ONLINE_PARTIAL until it is ready. */
    public MutableTimeline declare(String gate, boolean critical) {
        return declare(gate, critical, false);
    }

    /**
     * Declares a gate that decides reachability, like {@code server} and {@code database}: until every such gate is
     * ready, the level is OFFLINE. Reachability gates are critical.
     */
    public MutableTimeline declareReachability(String gate) {
        return declare(gate, true, true);
    }

    private MutableTimeline declare(String gate, boolean critical, boolean reachability) {
        change(() -> {
            if (gates.containsKey(gate)) {
                throw new IllegalArgumentException("gate " + gate + " is declared already");
            }
            gates.put(gate, new MutableGate(gate, critical, reachability));
            return true;
        });
        return this;
    }

    /** Declares the gates not declared yet, all at once, so the level is derived once for all of them. */
    public void declareAll(Map<String, Boolean> criticalByGate) {
        if (criticalByGate.isEmpty()) {
            return;
        }
        change(() -> {
            criticalByGate.forEach((gate, critical) -> gates.putIfAbsent(gate, new MutableGate(gate, critical, false)));
            return true;
        });
    }

    public boolean has(String gate) {
        return locked(() -> gates.containsKey(gate));
    }

    public void start(String gate) {
        move(gate, GateState.RUNNING, null);
    }

    public void ready(String gate) {
        move(gate, GateState.READY, null);
    }

    public void skip(String gate) {
        move(gate, GateState.SKIPPED, null);
    }

    public void fail(String gate, String reason) {
        move(gate, GateState.FAILED, reason);
    }

    /**
     * Moves a gate to a state and records the transition, whatever it is: observed applications may move backwards,
     * which {@code hasNoBackwardTransitions()} then reports. Moving to the current state records nothing.
     */
    public void move(String gate, GateState to, String failure) {
        move(gate, to, failure, null);
    }

    /** Moves a gate at a given instant (null: now); a recorder gives every change of one reading the same instant. */
    public void move(String gate, GateState to, String failure, Instant at) {
        change(() -> {
            MutableGate g = existing(gate);
            if (g.state == to) {
                return false;
            }
            Instant now = at != null ? at : clock.instant();
            transitions.add(new GateTransition(gate, g.state, to, now));
            if (to == GateState.RUNNING) {
                g.started = now;
                g.finished = null;
            } else if (to.finished()) {
                g.finished = now;
                if (g.started == null) {
                    g.started = now;
                }
            }
            g.state = to;
            g.failure = to == GateState.FAILED ? (failure == null ? "failed" : failure) : null;
            return true;
        });
    }

    /** The timeline's clock, for callers that record several changes seen at one moment. */
    public Instant now() {
        return clock.instant();
    }

    /** Records the level an application reported about itself (a repeat of the last one records nothing). */
    public void report(ReadinessLevel level) {
        lock.lock();
        try {
            if (reported.isEmpty() || reported.get(reported.size() - 1).level() != level) {
                reported.add(new LevelChange(level, clock.instant()));
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Rewrites {@code file} with the timeline as JSON now and after every change (see {@link Heartbeat}). */
    public MutableTimeline writeHeartbeatTo(Path file) {
        lock.lock();
        try {
            this.heartbeat = file;
        } finally {
            lock.unlock();
        }
        writeHeartbeat();
        return this;
    }

    /** Level, time, gates and transition count, read at one moment. */
    public Snapshot snapshot() {
        return locked(() -> new Snapshot(derive(), clock.instant(), views(), transitions.size()));
    }

    /** Runs a change under the lock; when it changed something, records the level, wakes the waiters, beats. */
    private void change(Supplier<Boolean> change) {
        lock.lock();
        try {
            if (!change.get()) {
                return;
            }
            ReadinessLevel now = derive();
            if (levels.isEmpty() || levels.get(levels.size() - 1).level() != now) {
                levels.add(new LevelChange(now, clock.instant()));
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        writeHeartbeat();
    }

    private void writeHeartbeat() {
        Path file = locked(() -> heartbeat);
        if (file == null) {
            return;
        }
        synchronized (heartbeatWriter) { // the snapshot is taken inside: the last writer writes the latest state
            Heartbeat.write(file, snapshot());
        }
    }

    private <T> T locked(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    private MutableGate existing(String gate) {
        MutableGate g = gates.get(gate);
        if (g == null) {
            throw new IllegalArgumentException("no gate named " + gate + "; declared: " + String.join(", ", gates.keySet()));
        }
        return g;
    }

    private List<Gate> views() {
        return gates.values().stream().map(MutableGate::view).toList();
    }

    private ReadinessLevel derive() {
        return ReadinessLevel.of(views());
    }

    @Override
    public ReadinessLevel level() {
        return locked(this::derive);
    }

    @Override
    public List<GateTransition> transitions() {
        return locked(() -> List.copyOf(transitions));
    }

    @Override
    public List<LevelChange> levels() {
        return locked(() -> List.copyOf(levels));
    }

    @Override
    public List<LevelChange> reportedLevels() {
        return locked(() -> List.copyOf(reported));
    }

    @Override
    public List<Gate> gates() {
        return locked(this::views);
    }

    @Override
    public Optional<Gate> gate(String name) {
        return locked(() -> Optional.ofNullable(gates.get(name)).map(MutableGate::view));
    }

    @Override
    public String describe() {
        return locked(this::describeLocked);
    }

    @Override
    public Optional<Path> heartbeat() {
        return locked(() -> Optional.ofNullable(heartbeat));
    }

    @Override
    public ReadinessLevel awaitLevel(ReadinessLevel level, Duration timeout) {
        return await(timeout, () -> levels.stream().anyMatch(l -> l.level() == level) ? Optional.of(derive()) : Optional.empty(),
                "level " + level.wireName(), level != ReadinessLevel.FAILED);
    }

    @Override
    public Gate awaitGate(String name, Duration timeout) {
        return await(timeout, () -> {
            MutableGate g = existing(name);
            return g.state.finished() ? Optional.of(g.view()) : Optional.empty();
        }, "gate " + name, true);
    }

    private <T> T await(Duration timeout, Supplier<Optional<T>> check, String what, boolean failFast) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                Optional<T> done = check.get();
                if (done.isPresent()) {
                    return done.get();
                }
                if (failFast && derive() == ReadinessLevel.FAILED) {
                    throw new ReadinessException("The bootstrap failed while waiting for " + what + ":\n" + describeLocked());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ReadinessException("Timed out after " + timeout.toMillis() + " ms waiting for " + what + ";\n"
                            + describeLocked());
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReadinessException("Interrupted while waiting for " + what + ";\n" + describeLocked());
        } finally {
            lock.unlock();
        }
    }

    private String describeLocked() {
        StringBuilder out = new StringBuilder("level ").append(derive().wireName()).append('\n');
        for (MutableGate g : gates.values()) {
            out.append("  ").append(g.view()).append('\n');
        }
        return out.toString().stripTrailing();
    }
}
