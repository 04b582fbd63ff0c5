package com.example.memory;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole service on a random port, its DataSource pointed by SchemaVerify at each test's clone of the migrated
 * template ({@link AgentMemoryDatabase}), declared once: every class with it shares one application context (Spring's
 * context cache) and one template. The properties make Boot's Flyway configuration name the test-sized placeholders,
 * so Boot's validation of the clone agrees with what SchemaVerify migrated, and leave the staged start to the tests
 * that drive it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "agent-memory.bootstrap.auto-start=false", "agent-memory.embedding-dim=3",
        "spring.flyway.placeholders.EMBEDDING_DIM=3", "spring.flyway.placeholders.IVFFLAT_LISTS=10"})
@AgentMemoryDatabase
public @interface AgentMemoryService {
}
