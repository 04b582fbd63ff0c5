package com.example.notes;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.github.schemaverify.MigratedDatabase;

/** Fails before any server starts: flyway-core 11.20.3 beside SchemaVerify's flyway-database-postgresql 13.12.x. */
@MigratedDatabase
class NotesMigrationTest {

    @Test
    void migrated(DataSource dataSource) {
    }
}
