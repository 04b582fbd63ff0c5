package io.github.schemaverify.bench;

import org.flywaydb.core.Flyway;

/**
 * A plain Flyway migrate, as an application's {@code main} would run it: {@code FlywayMain <jdbc-url> <user>
 * <password> <location>}. The process-level benchmark's baseline.
 */
public final class FlywayMain {
    private FlywayMain() {
    }

    public static void main(String[] args) {
        Flyway.configure().dataSource(args[0], args[1], args[2]).locations(args[3]).load().migrate();
    }
}
