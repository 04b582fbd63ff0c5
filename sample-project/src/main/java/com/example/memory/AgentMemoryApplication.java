package com.example.memory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The agent-memory service: tenants, bots and their memories with embeddings, searched by cosine distance, over a
 * small REST API ({@link MemoryController}); its schema comes from the Flyway migrations in {@code db/migration},
 * applied by Boot at start; its staged start ({@link Bootstrapper}) feeds Actuator's readiness probe.
 */
@SpringBootApplication
public class AgentMemoryApplication {

    public static void main(String[] args) {
        SpringApplication.run(AgentMemoryApplication.class, args);
    }
}
