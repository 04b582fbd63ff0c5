package io.github.schemaverify.bench;

/** A {@code main} that does nothing: what starting a JVM on the benchmark's class path costs. */
public final class NoopMain {
    private NoopMain() {
    }

    public static void main(String[] args) {
        // nothing: the process's wall time is the JVM's start and exit
    }
}
