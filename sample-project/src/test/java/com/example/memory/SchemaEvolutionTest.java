package com.example.memory;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.github.schemaverify.Isolation;
import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.TestDatabase;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.diff.SchemaDiff;

/**
 * Trying out the next revision by hand before writing it: one database shared by the class (PER_CLASS), a change
 * applied in SQL, and the diff against the migrated schema, as people read it.
 */
@MigratedDatabase(isolation = Isolation.PER_CLASS,
        placeholders = {"EMBEDDING_DIM=3", "IVFFLAT_INDEX=true", "IVFFLAT_LISTS=10", "HNSW_M=16", "HNSW_EF_CONSTRUCTION=64"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchemaEvolutionTest {
    private SchemaSnapshot migrated;

    @Test
    @Order(1)
    void remember_the_migrated_schema(SchemaSnapshot schema) {
        migrated = schema;
    }

    @Test
    @Order(2)
    void a_planned_revision_shows_as_a_readable_diff(TestDatabase db, Connection connection) throws SQLException {
        connection.createStatement().execute("ALTER TABLE memory_shards ADD COLUMN importance real NOT NULL DEFAULT 0;"
                + "CREATE INDEX memory_shards_importance_idx ON memory_shards (importance)");
        SchemaDiff diff = SchemaDiff.between(migrated, db.snapshot());
        assertThat(diff).containsChange("+ column public.memory_shards.importance (real NOT NULL DEFAULT 0)")
                .containsChange("+ index public.memory_shards_importance_idx (btree on memory_shards (importance))");
        System.out.println("The planned revision changes:\n" + diff.render("  "));
    }
}
