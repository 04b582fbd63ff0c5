package io.github.schemaverify.internal.jit;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * Keeps HotSpot's optimizing compiler, C2, off the code that gets hot while SchemaVerify does a burst of work of its
 * own ({@link #open}): a walk, a verification (not the template {@code @MigratedDatabase} builds: Flyway's parser gets
 * hot there, and C2 pays for itself within the build). Such a burst is over in seconds, before most of C2's
 * compilations would pay for themselves: in a 200-revision round trip on two cores, C2's compilations took 7.4 s (their
 * wall time, added up) in a 7.8 s process (docs/benchmarks.md, the twenty-third session), mostly of the JDK's, the JDBC
 * driver's, Flyway's and SchemaVerify's code, on a core the walk and its server need. While a burst runs, a compiler
 * directive (what {@code jcmd <pid> Compiler.directives_add} adds) excludes every method from C2: a method that gets
 * hot then, first
 * compiled by C1 with profiling, is compiled by C1 again without it when it would have gone to C2, and stays so for
 * the rest of the JVM's life; C2 does not inline it into what it compiles later either. What first gets hot when no
 * burst runs is compiled by C2 as usual. The directive is removed when the last burst ends, and at the latest when the
 * run ends ({@link #close}).
 *
 * <p>Nothing changes where it could not help or could do harm ({@link #leftAlone}): a JVM that is not HotSpot or has
 * no {@code DiagnosticCommand} MBean, one that compiles with C1 only already, with C2 only (without C2, methods would
 * stay interpreted), with a JVMCI compiler (Graal) or with no compiler, one whose directives stack holds directives of
 * someone else's (the first that matches a method wins, and this one would hide theirs); nor when the setting that
 * builds this window turns it off. Reaching the directives takes the platform MBean server (about 140 ms of a cold
 * JVM's CPU), so the first burst starts that on a thread of its own and does not wait for it: the directive comes as
 * soon as it is up, if a burst still runs. Several windows in one JVM push and pop the same directive, so their pairs
 * balance whatever the order.
 */
public final class CompilerWindow implements AutoCloseable {
    /** Every method, kept from C2 (directives JSON, as {@code jcmd Compiler.directives_add} reads it). */
    static final String DIRECTIVE = "[{ match: \"*.*\", c2: { Exclude: true } }]";
    private static final Pattern ADDED = Pattern.compile("(\\d+) compiler directives added");

    private final boolean enabled;
    private CompletableFuture<Optional<Directives>> directives; // started by the first burst
    private CompletableFuture<Void> reached; // then settled
    private int bursts;
    private boolean pushed;
    private boolean closed;

    /** A window that does nothing when {@code enabled} is false. */
    public CompilerWindow(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Starts a burst: C2 is kept off until every burst started is {@linkplain Burst#close closed} (or the window is).
     * Never fails, and never waits for the directives to be reached (once they are, it adds the directive itself); a
     * window already closed starts a burst that changes nothing.
     */
    public synchronized Burst open() {
        if (closed) {
            return new Burst(true);
        }
        if (enabled && directives == null) {
            directives = new CompletableFuture<>();
            reached = directives.thenRun(this::settle);
            try {
                CompletableFuture<Optional<Directives>> found = directives;
                Thread t = new Thread(() -> {
                    Optional<Directives> d = Optional.empty();
                    try {
                        d = Directives.find();
                    } finally {
                        found.complete(d);
                    }
                }, "schemaverify-compiler-window");
                t.setDaemon(true);
                t.start();
            } catch (Throwable e) { // no thread to be had: no window
                directives.complete(Optional.empty());
            }
        }
        bursts++;
        settle();
        return new Burst(false);
    }

    /** Runs {@code work} as one {@linkplain #open burst}. */
    public <T> T during(Supplier<T> work) {
        Burst burst = open();
        try {
            return work.get();
        } finally {
            burst.close();
        }
    }

    /**
     * Settles once the platform's directives are reached (or known out of reach), for tests: whether C2 is kept off now.
     */
    public CompletableFuture<Boolean> settled() {
        CompletableFuture<Void> found;
        synchronized (this) {
            found = reached;
        }
        return found == null ? CompletableFuture.completedFuture(false) : found.thenApply(d -> {
            synchronized (this) {
                return pushed;
            }
        });
    }

    /** Ends every burst, for good: the directive goes, if it is there. */
    @Override
    public synchronized void close() {
        closed = true;
        bursts = 0;
        settle();
    }

    /** Pushes the directive while bursts run, pops it when none does, once the directives are reached. */
    private synchronized void settle() {
        Optional<Directives> d = directives == null ? Optional.empty() : directives.getNow(Optional.empty());
        if (d.isEmpty()) {
            return;
        }
        if (bursts > 0 && !pushed) {
            pushed = d.get().push();
        } else if (bursts == 0 && pushed) {
            d.get().pop();
            pushed = false;
        }
    }

    /** A burst of SchemaVerify's work; closing it twice, or after its window, changes nothing. */
    public final class Burst implements AutoCloseable {
        private boolean done;

        private Burst(boolean done) {
            this.done = done;
        }

        @Override
        public void close() {
            synchronized (CompilerWindow.this) {
                if (!done) {
                    done = true;
                    if (!closed) {
                        bursts--;
                        settle();
                    }
                }
            }
        }
    }

    /**
     * Why a JVM with these {@code flags} (HotSpot's options as {@code HotSpotDiagnosticMXBean} reads them, an option it
     * does not have absent) and this many directives on its stack is left alone, or empty when the directive may go on
     * top.
     */
    static Optional<String> leftAlone(Map<String, String> flags, int directives) {
        if (!"true".equals(flags.getOrDefault("UseCompiler", "true"))) {
            return Optional.of("no JIT compiler (-Xint)");
        }
        if (!"true".equals(flags.get("TieredCompilation"))) {
            return Optional.of("C2 only (-XX:-TieredCompilation): without C2, methods would stay interpreted");
        }
        String mode = flags.getOrDefault("CompilationMode", "default");
        if (!mode.equals("default") && !mode.equals("normal")) {
            return Optional.of("-XX:CompilationMode=" + mode);
        }
        if (!"4".equals(flags.get("TieredStopAtLevel"))) {
            return Optional.of("C1 only already (-XX:TieredStopAtLevel=" + flags.get("TieredStopAtLevel") + ")");
        }
        if ("true".equals(flags.get("UseJVMCICompiler"))) {
            return Optional.of("a JVMCI compiler (Graal) in C2's place");
        }
        if (directives != 1) {
            return Optional.of(directives < 1 ? "no compiler directives" : "compiler directives of someone else's");
        }
        return Optional.empty();
    }

    /** The JVM's compiler directives, through its {@code DiagnosticCommand} MBean. */
    record Directives(MBeanServer server, ObjectName commands) {
        private static final String[] STRINGS = {String[].class.getName()};
        private static final String[] FLAGS = {"UseCompiler", "TieredCompilation", "CompilationMode", "TieredStopAtLevel",
            "UseJVMCICompiler"};

        /** The directives, when this JVM has them and {@link #leftAlone} does not leave it alone. */
        static Optional<Directives> find() {
            try {
                MBeanServer server = ManagementFactory.getPlatformMBeanServer();
                ObjectName commands = new ObjectName("com.sun.management:type=DiagnosticCommand");
                ObjectName hotspot = new ObjectName("com.sun.management:type=HotSpotDiagnostic");
                if (!server.isRegistered(commands) || !server.isRegistered(hotspot)) {
                    return Optional.empty();
                }
                Map<String, String> flags = new HashMap<>();
                for (String flag : FLAGS) {
                    option(server, hotspot, flag).ifPresent(v -> flags.put(flag, v));
                }
                Directives d = new Directives(server, commands);
                return leftAlone(flags, d.count()).isPresent() ? Optional.empty() : Optional.of(d);
            } catch (Exception | LinkageError e) {
                return Optional.empty(); // no java.management module, a security manager, a JVM without the MBeans
            }
        }

        private static Optional<String> option(MBeanServer server, ObjectName hotspot, String name) {
            try {
                Object value = server.invoke(hotspot, "getVMOption", new Object[] {name}, new String[] {String.class.getName()});
                return Optional.of(String.valueOf(((CompositeData) value).get("value")));
            } catch (Exception e) {
                return Optional.empty(); // an option this JVM does not have
            }
        }

        /** How many directives the JVM's stack holds, its default one included. */
        int count() throws Exception {
            String printed = String.valueOf(server.invoke(commands, "compilerDirectivesPrint", new Object[] {new String[0]},
                    STRINGS));
            return printed.split("Directive:", -1).length - 1;
        }

        /** Adds the directive on top of the JVM's; whether it is there. */
        boolean push() {
            try {
                Path file = Files.createTempFile("schemaverify-compiler-directive", ".json");
                try {
                    Files.writeString(file, DIRECTIVE, StandardCharsets.UTF_8);
                    int before = count();
                    // quoted: the command's arguments are one line, split at spaces
                    Object said = server.invoke(commands, "compilerDirectivesAdd", new Object[] {new String[] {"\"" + file + "\""}},
                            STRINGS);
                    Matcher added = ADDED.matcher(String.valueOf(said));
                    return added.find() ? Integer.parseInt(added.group(1)) > 0 : count() > before;
                } finally {
                    Files.deleteIfExists(file);
                }
            } catch (Exception e) {
                return false;
            }
        }

        /** Removes the directive on top, which is this window's (every window pushes the same one). */
        void pop() {
            try {
                server.invoke(commands, "compilerDirectivesRemove", new Object[] {new String[0]}, STRINGS);
            } catch (Exception e) {
                // the JVM keeps it: C1 goes on compiling what gets hot, as while a burst runs
            }
        }
    }
}
