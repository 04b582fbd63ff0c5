package com.example.notes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.TestDatabase;
import io.github.schemaverify.VerifyRoundTrip;

/** The whole application on the test's clone; the context is shared with NotesSearchTest (same configuration). */
@SpringBootTest
@MigratedDatabase
class NotesServiceTest {
    @Autowired
    NoteRepository notes;
    @Autowired
    JdbcTemplate jdbc;

    @RepeatedTest(3)
    void a_row_written_by_one_test_is_absent_in_the_next(TestDatabase db) {
        assertThat(notes.count()).isZero();
        notes.save(new Note("written by this test"));
        assertThat(notes.count()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT current_database()", String.class)).isEqualTo(db.name());
    }

    @Test
    void the_context_started_once_for_both_classes() {
        assertThat(Starts.COUNT).hasValue(1);
    }

    @Test
    void boots_flyway_did_not_migrate_again() {
        // the clone's history is the template's: the two migrations SchemaVerify applied, nothing since
        assertThat(jdbc.queryForList("SELECT version FROM flyway_schema_history ORDER BY installed_rank", String.class))
                .containsExactly("1", "2");
    }

    @VerifyRoundTrip
    void every_revision_goes_up_down_and_up() {
    }
}
