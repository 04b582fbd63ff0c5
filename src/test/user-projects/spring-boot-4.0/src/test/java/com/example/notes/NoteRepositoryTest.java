package com.example.notes;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.RepeatedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.TestDatabase;

/** A JPA slice with Boot's default @AutoConfigureTestDatabase: SchemaVerify's clone, not an embedded database. */
@DataJpaTest
@MigratedDatabase
class NoteRepositoryTest {
    @Autowired
    NoteRepository notes;
    @Autowired
    EntityManager entityManager;

    @RepeatedTest(2)
    void the_transaction_runs_on_the_clone(TestDatabase db) {
        assertThat(entityManager.createNativeQuery("SELECT current_database()").getSingleResult()).isEqualTo(db.name());
        assertThat(notes.count()).isZero();
        notes.saveAndFlush(new Note("in a transaction"));
        assertThat(notes.count()).isEqualTo(1);
    }
}
