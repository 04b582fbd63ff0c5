package com.example.memory;

import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The staged start as Actuator sees it, in the {@code readiness} group ({@code /actuator/health/readiness}, see
 * application.properties): {@code online} (a critical stage not yet ready) is OUT_OF_SERVICE, {@code online_partial}
 * (serving, vectors still seeding) and {@code full_ready} are UP, {@code failed} is DOWN; the details carry the level
 * and every stage: {@code {"status":"UP","components":{"bootstrap":{"status":"UP","details":{"level":"online_partial",
 * "migrations":"ready","db_index_load":"ready","vector_seeding":"running"}}, ...}}}.
 */
@Component("bootstrap")
public class BootstrapHealthIndicator implements HealthIndicator {
    private final Bootstrapper bootstrapper;

    public BootstrapHealthIndicator(Bootstrapper bootstrapper) {
        this.bootstrapper = bootstrapper;
    }

    @Override
    public Health health() {
        Map<String, String> readiness = bootstrapper.readiness();
        Status status = switch (readiness.get("level")) {
            case "online_partial", "full_ready" -> Status.UP;
            case "failed" -> Status.DOWN;
            default -> Status.OUT_OF_SERVICE;
        };
        return Health.status(status).withDetails(readiness).build();
    }
}
