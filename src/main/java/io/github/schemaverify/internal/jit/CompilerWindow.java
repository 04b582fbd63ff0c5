package io.github.schemaverify.internal.jit;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * Keeps HotSpot's optimizing compiler, C2, off the code that gets hot while SchemaVerify does a burst of work of its
 * own ({@link #open}): a walk, a template's build by Flyway, a verification. Such a burst is over in seconds, before
 * C2's code would pay for its compilation: on a two-core machine a 200-revision round trip's C2 compiled for 7.4 s of
 * a 7.8 s process, mostly the JDBC driver's, Flyway's, the JDK's and SchemaVerify's code, on the cores the walk and its
 * server need. While a burst runs, a compiler directive (what {@code jcmd <pid> Compiler.directives_add} adds) keeps
 * every method from C2: what gets hot then is compiled by C1 at its optimizing level, as with
 * {@code -XX:TieredStopAtLevel=1}, and stays so for the rest of the JVM's life; what first gets hot when no burst runs
 * (the application's own code in a user's tests) is compiled by C2 as usual. The directive is removed when the last
 * burst ends, and at the latest when the run ends ({@link #close}).
 *
 * <p>Nothing changes where it could not help or could do harm: a JVM that is not HotSpot or has no
 * {@code DiagnosticCommand} MBean, one that compiles with C1 only already ({@code -XX:TieredStopAtLevel} below 4, or
 * {@code -XX:CompilationMode=quick-only}), with C2 only ({@code -XX:-TieredCompilation}, {@code high-only}: without
 * C2, methods would stay interpreted), or with a JVMCI compiler (Graal); nor when the setting that builds this window
 * turns it off. Reaching the directives takes the platform MBean server (about 140 ms of a cold JVM's CPU), so the
 * first burst starts that on a thread of its own and does not wait for it: the directive comes as soon as it is up, if
 * a burst still runs. Several runs in one JVM (each with a window) push and pop the same directive, so their pairs
 * balance whatever the order.
 */
public final class CompilerWindow implements AutoCloseable {
    /** Every method, kept from C2 (directives JSON, as {@code jcmd Compiler.directives_add} reads it). */
    static final String DIRECTIVE = "[{ match: \"*.*\", c2: { Exclude: true } }]";

    private final boolean enabled;
    private CompletableFuture<Optional<Directives>> directives; // started by the first burst
    private CompletableFuture<Void> reached; // then settled
    private int bursts;
    private boolean pushed;

    /** A window that does nothing when {@code enabled} is false. */
    public CompilerWindow(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Starts a burst: C2 is kept off until every burst started is {@linkplain Burst#close closed} (or the window is).
     * Never fails and never waits.
     */
    public synchronized Burst open() {
        if (enabled && directives == null) {
            directives = CompletableFuture.supplyAsync(Directives::find, r -> {
                Thread t = new Thread(r, "schemaverify-compiler-window");
                t.setDaemon(true);
                t.start();
            });
            reached = directives.thenRun(this::settle);
        }
        bursts++;
        settle();
        return new Burst();
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

    /** Ends every burst: the directive goes, if it is there. */
    @Override
    public synchronized void close() {
        bursts = 0;
        settle();
    }

    /** Pushes the directive while bursts run, pops it when none does, once the directives are reached. */
    private synchronized void settle() {
        if (directives == null || !directives.isDone()) {
            return;
        }
        Optional<Directives> d = directives.join();
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

    /** A burst of SchemaVerify's work; closing it twice counts once. */
    public final class Burst implements AutoCloseable {
        private boolean closed;

        private Burst() {
        }

        @Override
        public void close() {
            synchronized (CompilerWindow.this) {
                if (!closed) {
                    closed = true;
                    bursts--;
                    settle();
                }
            }
        }
    }

    /** The JVM's compiler directives, through its {@code DiagnosticCommand} MBean. */
    record Directives(MBeanServer server, ObjectName commands) {
        private static final String[] STRINGS = {String[].class.getName()};

        /** The directives, when this JVM has them and a directive that keeps C2 off would leave C1 compiling. */
        static Optional<Directives> find() {
            try {
                MBeanServer server = ManagementFactory.getPlatformMBeanServer();
                ObjectName commands = new ObjectName("com.sun.management:type=DiagnosticCommand");
                ObjectName hotspot = new ObjectName("com.sun.management:type=HotSpotDiagnostic");
                if (!server.isRegistered(commands) || !server.isRegistered(hotspot)) {
                    return Optional.empty();
                }
                boolean tiered = "true".equals(option(server, hotspot, "TieredCompilation").orElse("false"));
                boolean toC2 = "4".equals(option(server, hotspot, "TieredStopAtLevel").orElse("4"));
                boolean jvmci = "true".equals(option(server, hotspot, "UseJVMCICompiler").orElse("false"));
                String mode = option(server, hotspot, "CompilationMode").orElse("default");
                boolean bothCompilers = mode.equals("default") || mode.equals("normal");
                return tiered && toC2 && !jvmci && bothCompilers ? Optional.of(new Directives(server, commands)) : Optional.empty();
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

        /** Adds the directive on top of the JVM's; whether it took. */
        boolean push() {
            try {
                Path file = Files.createTempFile("schemaverify-compiler-directive", ".json");
                try {
                    Files.writeString(file, DIRECTIVE, StandardCharsets.UTF_8);
                    Object said = server.invoke(commands, "compilerDirectivesAdd", new Object[] {new String[] {file.toString()}},
                            STRINGS);
                    return String.valueOf(said).contains("1 compiler directives added");
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
                // the JVM keeps it: C1 goes on compiling what gets hot, as with -XX:TieredStopAtLevel=1
            }
        }
    }
}
