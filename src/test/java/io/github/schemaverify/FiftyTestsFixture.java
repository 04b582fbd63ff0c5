package io.github.schemaverify;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.TestReporter;

/**
 * Fixture: 50 tests on PER_METHOD, each publishing the database it got as the report entry {@code database} and
 * inserting a row whose unique key would collide in a shared database. Run through EngineTestKit.
 */
@MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
class FiftyTestsFixture {

    @RepeatedTest(50)
    void gets_a_database_of_its_own(TestDatabase db, TestReporter reporter) {
        reporter.publishEntry("database", db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }
}
