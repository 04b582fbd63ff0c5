package io.github.schemaverify.readiness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

import org.apiguardian.api.API;

/**
 * The staged bootstrap as a timeline: gates, every transition with its instant, the level derived after each, and
 * the levels an application reported about itself ({@link ReadinessRecorder}). Thread-safe; waiting uses a condition,
 * not polling. With {@link #writeHeartbeatTo(Path)}, each change rewrites a JSON heartbeat file atomically.
 *
 * <pre>{@code
 * @Test
 * void seeds_in_the_background(ReadinessTimeline timeline) {
 *     assertThat(timeline.level()).isEqualTo(ReadinessLevel.ONLINE_PARTIAL);
 *     timeline.awaitLevel(ReadinessLevel.FULL_READY, Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ReadinessTimeline {
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, MutableGate> gates = new LinkedHashMap<>();
    private final List<GateTransition> transitions = new ArrayList<>();
    private final List<LevelChange> levels = new ArrayList<>();
    private final List<LevelChange> reported = new ArrayList<>();
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

    public ReadinessTimeline() {
        this(Clock.systemUTC());
    }

    public ReadinessTimeline(Clock clock) {
        this.clock = clock;
    }

    /** Declares a gate (PENDING). A critical gate keeps the level below ONLINE_PARTIAL until it is ready. */
    public ReadinessTimeline declare(String gate, boolean critical) {
        return declare(gate, critical, false);
    }

    /**
     * Declares a gate that decides reachability, like {@code server} and {@code database}: until every such gate is
     * ready, the level is OFFLINE. Reachability gates are critical.
     */
    public ReadinessTimeline declareReachability(String gate) {
        return declare(gate, true, true);
    }

    /** Declares several gates at once, so the level is derived once for all of them. */
    void declareAll(Map<String, Boolean> criticalByGate) {
        if (criticalByGate.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            for (Map.Entry<String, Boolean> e : criticalByGate.entrySet()) {
                if (!gates.containsKey(e.getKey())) {
                    gates.put(e.getKey(), new MutableGate(e.getKey(), e.getValue(), false));
                }
            }
            recordLevel();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        writeHeartbeat();
    }

    private ReadinessTimeline declare(String gate, boolean critical, boolean reachability) {
        lock.lock();
        try {
            if (gates.containsKey(gate)) {
                throw new IllegalArgumentException("gate " + gate + " is declared already");
            }
            gates.put(gate, new MutableGate(gate, critical, reachability));
            recordLevel();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        writeHeartbeat();
        return this;
    }

    public boolean has(String gate) {
        lock.lock();
        try {
            return gates.containsKey(gate);
        } finally {
            lock.unlock();
        }
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

    /** The timeline's clock, for callers that record several changes seen at one moment. */
    Instant now() {
        return clock.instant();
    }

    /** Moves a gate at a given instant (null: now); a recorder gives every change of one reading the same instant. */
    void move(String gate, GateState to, String failure, Instant at) {
        lock.lock();
        try {
            MutableGate g = gates.get(gate);
            if (g == null) {
                throw new IllegalArgumentException("no gate named " + gate + "; declared: " + String.join(", ", gates.keySet()));
            }
            if (g.state == to) {
                return;
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
            recordLevel();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        writeHeartbeat();
    }

    /** Records the level an application reported about itself. */
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

    private void recordLevel() {
        ReadinessLevel now = derive();
        if (levels.isEmpty() || levels.get(levels.size() - 1).level() != now) {
            levels.add(new LevelChange(now, clock.instant()));
        }
    }

    private ReadinessLevel derive() {
        boolean anyCriticalFailed = false;
        boolean reachable = true;
        boolean criticalSatisfied = true;
        boolean allSatisfied = true;
        for (MutableGate g : gates.values()) {
            if (g.critical && g.state == GateState.FAILED) {
                anyCriticalFailed = true;
            }
            if (g.reachability && g.state != GateState.READY) {
                reachable = false;
            }
            if (g.critical && !g.state.satisfied()) {
                criticalSatisfied = false;
            }
            if (!g.state.satisfied()) {
                allSatisfied = false;
            }
        }
        if (anyCriticalFailed) {
            return ReadinessLevel.FAILED;
        }
        if (!reachable) {
            return ReadinessLevel.OFFLINE;
        }
        if (!criticalSatisfied) {
            return ReadinessLevel.ONLINE;
        }
        return allSatisfied ? ReadinessLevel.FULL_READY : ReadinessLevel.ONLINE_PARTIAL;
    }

    /** The level derived from the gates now. */
    public ReadinessLevel level() {
        lock.lock();
        try {
            return derive();
        } finally {
            lock.unlock();
        }
    }

    /** Every transition, in order. */
    public List<GateTransition> transitions() {
        lock.lock();
        try {
            return List.copyOf(transitions);
        } finally {
            lock.unlock();
        }
    }

    /** The levels the gates passed through, in order (starting with the level after the first declaration). */
    public List<LevelChange> levels() {
        lock.lock();
        try {
            return List.copyOf(levels);
        } finally {
            lock.unlock();
        }
    }

    /** The levels the observed application reported, in order. */
    public List<LevelChange> reportedLevels() {
        lock.lock();
        try {
            return List.copyOf(reported);
        } finally {
            lock.unlock();
        }
    }

    public List<Gate> gates() {
        lock.lock();
        try {
            return gates.values().stream().map(MutableGate::view).toList();
        } finally {
            lock.unlock();
        }
    }

    public Optional<Gate> gate(String name) {
        lock.lock();
        try {
            return Optional.ofNullable(gates.get(name)).map(MutableGate::view);
        } finally {
            lock.unlock();
        }
    }

    /** Every gate's state, one per line, for messages. */
    public String describe() {
        lock.lock();
        try {
            return describeLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the gates have reached the level (now or earlier), and returns the level then current. Fails at
     * once when the bootstrap fails (unless FAILED is awaited).
     *
     * @throws ReadinessException on timeout or failure, with every gate's state
     */
    public ReadinessLevel awaitLevel(ReadinessLevel level, Duration timeout) {
        return await(timeout, () -> levels.stream().anyMatch(l -> l.level() == level) ? Optional.of(derive()) : Optional.empty(),
                "level " + level.wireName(), level != ReadinessLevel.FAILED);
    }

    /**
     * Waits until the gate is finished (ready, skipped or failed) and returns it.
     *
     * @throws ReadinessException on timeout, or when the bootstrap fails first, with every gate's state
     */
    public Gate awaitGate(String name, Duration timeout) {
        return await(timeout, () -> {
            MutableGate g = gates.get(name);
            if (g == null) {
                throw new IllegalArgumentException("no gate named " + name + "; declared: " + String.join(", ", gates.keySet()));
            }
            return g.state.finished() ? Optional.of(g.view()) : Optional.empty();
        }, "gate " + name, true);
    }

    private interface Check<T> {
        Optional<T> done();
    }

    private <T> T await(Duration timeout, Check<T> check, String what, boolean failFast) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                Optional<T> done = check.done();
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

    /** The heartbeat file, if one is written. */
    public Optional<Path> heartbeat() {
        lock.lock();
        try {
            return Optional.ofNullable(heartbeat);
        } finally {
            lock.unlock();
        }
    }

    /** Rewrites {@code file} with the timeline as JSON after every change (atomically: write aside, then rename). */
    public ReadinessTimeline writeHeartbeatTo(Path file) {
        lock.lock();
        try {
            this.heartbeat = file;
        } finally {
            lock.unlock();
        }
        writeHeartbeat();
        return this;
    }

    /** The timeline as JSON: level, time, gates with state, times and failure, transition count. */
    public String toJson() {
        lock.lock();
        try {
            StringBuilder json = new StringBuilder("{\"level\":").append(quote(derive().wireName()))
                    .append(",\"updatedAt\":").append(quote(clock.instant().toString())).append(",\"gates\":[");
            boolean first = true;
            for (MutableGate g : gates.values()) {
                Gate v = g.view();
                json.append(first ? "" : ",").append("{\"name\":").append(quote(g.name)).append(",\"critical\":").append(g.critical)
                        .append(",\"state\":").append(quote(g.state.wireName()))
                        .append(",\"startedAt\":").append(v.started().map(i -> quote(i.toString())).orElse("null"))
                        .append(",\"finishedAt\":").append(v.finished().map(i -> quote(i.toString())).orElse("null"))
                        .append(",\"durationMs\":").append(v.duration().map(d -> Long.toString(d.toMillis())).orElse("null"))
                        .append(",\"failure\":").append(g.failure == null ? "null" : quote(g.failure)).append('}');
                first = false;
            }
            return json.append("],\"transitions\":").append(transitions.size()).append('}').toString();
        } finally {
            lock.unlock();
        }
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private final Object heartbeatMonitor = new Object();

    private void writeHeartbeat() {
        Path file;
        lock.lock();
        try {
            file = heartbeat;
        } finally {
            lock.unlock();
        }
        if (file == null) {
            return;
        }
        synchronized (heartbeatMonitor) {
            try {
                Path dir = file.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
                Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write the readiness heartbeat " + file, e);
            }
        }
    }

}
