package com.example.memory;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;

import io.github.schemaverify.RevisionStep;
import io.github.schemaverify.VerifyBaseline;
import io.github.schemaverify.VerifyIdempotent;
import io.github.schemaverify.VerifyRoundTrip;
import io.github.schemaverify.schema.Index;
import io.github.schemaverify.schema.Table;

/**
 * What the CI migration-test job proves before a revision reaches production: every revision goes up, down and up
 * with data present; undoing everything leaves no trace; migrating again changes nothing; the database that existed
 * before Flyway can be baselined.
 */
@AgentMemoryDatabase
class MigrationSafetyTest {

    /** V11 is a data migration marked irreversible (first line of the script), so the down walk ends there. */
    @VerifyRoundTrip(fixtures = "classpath:db/fixtures")
    void every_revision_goes_up_down_and_up(RevisionStep step) {
        // your own check per revision: no revision may leave an index behind that is not valid
        for (Table table : step.after().tables()) {
            for (Index index : table.indexes()) {
                assertThat(step.after()).table(table.qualifiedName()).index(index.name()).isValid();
            }
        }
    }

    @VerifyIdempotent
    void migrating_again_changes_nothing() {
    }

    @VerifyBaseline(legacySchema = "classpath:legacy/agent_memory_before_flyway.sql", baselineVersion = "4")
    void the_schema_from_before_flyway_can_be_baselined() {
    }
}
