package com.example.memory;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.locks.LockMode.SHARE_ROW_EXCLUSIVE;
import static io.github.schemaverify.locks.LockMode.SHARE_UPDATE_EXCLUSIVE;

import io.github.schemaverify.VerifyLocks;
import io.github.schemaverify.locks.RevisionLocks;

/**
 * Would a revision stall the service while it deploys? Every revision is applied to a database whose tables already
 * hold rows (20,000 memories, 1,000 bots, 100 rows elsewhere), statement by statement, and must not rewrite a table
 * with rows, block writes on one for more than two seconds, take ACCESS EXCLUSIVE without a lock_timeout, or build an
 * index on an existing table without CONCURRENTLY.
 *
 * <p>What it found: V7 (bots.profile_embedding and its HNSW index) and V12 (memory_shards.archived_at and the live-row
 * index) take ACCESS EXCLUSIVE with no lock_timeout and build their indexes in the migration's transaction, blocking
 * writes on bots and memory_shards for the whole build. Both are deployed already, so they are marked known (reported,
 * not failed); a new revision like them fails. V10 shows the safe form: CREATE INDEX CONCURRENTLY in a script of its own.
 */
@AgentMemoryDatabase
class LockSafetyTest {

    @VerifyLocks(rows = {"memory_shards=20000", "bots=1000"}, maxWriteBlockMs = 2000, known = {"7", "12"})
    void every_revision_is_safe_to_deploy_under_load(RevisionLocks revision) {
        // the service's hot table is never rewritten, whatever the revision
        assertThat(revision).on("memory_shards").rewrites(false);
        switch (revision.version()) {
            // a foreign key to an existing table blocks writes on it while the new table's transaction lasts
            case "4" -> assertThat(revision).on("tenants").takesAtMost(SHARE_ROW_EXCLUSIVE).blocksReads(false);
            // the tasks index is built without blocking reads or writes
            case "10" -> assertThat(revision).on("tasks").takesAtMost(SHARE_UPDATE_EXCLUSIVE).blocksWrites(false);
            // the backfill writes rows, which blocks no other writer of the table (only of the same rows)
            case "11" -> assertThat(revision).on("memory_shards").blocksWrites(false).scans(true);
            default -> {
            }
        }
    }
}
