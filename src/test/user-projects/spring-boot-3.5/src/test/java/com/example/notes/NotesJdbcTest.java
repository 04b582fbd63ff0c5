package com.example.notes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.RepeatedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.TestDatabase;

/** A JDBC slice with replace = NONE, as projects on a real database write it. */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@MigratedDatabase
class NotesJdbcTest {
    @Autowired
    JdbcTemplate jdbc;

    @RepeatedTest(2)
    void the_transaction_runs_on_the_clone(TestDatabase db) {
        assertThat(jdbc.queryForObject("SELECT current_database()", String.class)).isEqualTo(db.name());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM notes", Integer.class)).isZero();
        jdbc.update("INSERT INTO notes (body) VALUES ('jdbc')");
    }
}
