package com.example.memory;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.github.schemaverify.MigratedDatabase;

/**
 * The service's migrations with test-sized placeholders, declared once: a composed annotation, so every test class
 * shares one configuration (and one migrated template).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@MigratedDatabase(placeholders = {"EMBEDDING_DIM=3", "IVFFLAT_INDEX=true", "IVFFLAT_LISTS=10", "HNSW_M=16", "HNSW_EF_CONSTRUCTION=64"})
public @interface AgentMemoryDatabase {
}
