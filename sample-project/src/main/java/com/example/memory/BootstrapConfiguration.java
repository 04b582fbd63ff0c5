package com.example.memory;

import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the staged start: the {@link Bootstrapper} starts when the application is ready (unless
 * {@code agent-memory.bootstrap.auto-start=false}, as tests that drive it themselves set), and seeds the default
 * memories with {@link #defaultMemories} in the background.
 */
@Configuration(proxyBeanMethods = false)
public class BootstrapConfiguration {

    @Bean
    Bootstrapper bootstrapper(DataSource dataSource, Flyway flyway, Bootstrapper.Seeder seeder) {
        return new Bootstrapper(dataSource, flyway, seeder);
    }

    /** The default memories of a new deployment: a concierge bot that knows a few things. Runs once per database. */
    @Bean
    Bootstrapper.Seeder defaultMemories(@Value("${agent-memory.embedding-dim}") int dimensions) {
        return dataSource -> {
            MemoryStore store = new MemoryStore(dataSource);
            if (store.tenants().containsValue("default")) {
                return;
            }
            UUID bot = store.createBot(store.createTenant("default"), "concierge", "default-concierge");
            for (int i = 0; i < 20; i++) {
                float[] embedding = new float[dimensions];
                embedding[i % dimensions] = 1;
                store.remember(bot, "default memory " + i, embedding);
            }
        };
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "agent-memory.bootstrap.auto-start", matchIfMissing = true)
    ApplicationListener<ApplicationReadyEvent> startBootstrap(Bootstrapper bootstrapper) {
        return event -> {
            try {
                bootstrapper.start();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("The service's staged start failed: " + e.getMessage(), e);
            }
        };
    }
}
