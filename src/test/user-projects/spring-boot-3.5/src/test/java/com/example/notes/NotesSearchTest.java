package com.example.notes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.RepeatedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import io.github.schemaverify.MigratedDatabase;

/** The same configuration as NotesServiceTest, annotations in the other order: same context, own clone per test. */
@MigratedDatabase
@SpringBootTest
class NotesSearchTest {
    @Autowired
    NoteRepository notes;

    @RepeatedTest(3)
    void every_test_starts_empty() {
        assertThat(notes.count()).isZero();
        notes.save(new Note("another"));
        assertThat(Starts.COUNT).hasValue(1);
    }
}
