package io.github.schemaverify.assertj;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.locks.LockMode.ACCESS_EXCLUSIVE;
import static io.github.schemaverify.locks.LockMode.ACCESS_SHARE;
import static io.github.schemaverify.locks.LockMode.ROW_EXCLUSIVE;
import static io.github.schemaverify.locks.LockMode.SHARE;
import static io.github.schemaverify.locks.LockMode.SHARE_UPDATE_EXCLUSIVE;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.schemaverify.locks.HeldLock;
import io.github.schemaverify.locks.LockMode;
import io.github.schemaverify.locks.RevisionLocks;
import io.github.schemaverify.locks.StatementLocks;

/** The lock profile assertions on a profile made by hand: each passes on what happened and fails with the exact text. */
class LocksAssertionsTest {
    private static final Duration MS = Duration.ofMillis(1);

    /** V7: a lock_timeout, then CREATE INDEX on documents (SHARE, builds the index, scans, blocks writes). */
    private static final RevisionLocks V7 = new RevisionLocks("7", "title_index", "V7__title_index.sql", List.of(
            statement(1, "SET LOCAL lock_timeout = '5s'", List.of(), List.of(), List.of(), List.of(), List.of(), List.of()),
            statement(2, "CREATE INDEX documents_title_idx ON documents (title)", List.of(
                    new HeldLock("documents", "documents", SHARE, MS),
                    new HeldLock("documents_title_idx", "documents", ACCESS_EXCLUSIVE, MS),
                    new HeldLock("authors", "authors", ACCESS_SHARE, MS)),
                    List.of("documents_title_idx"), List.of(), List.of("documents"), List.of(), List.of("documents"))),
            Map.of("documents", 1000L, "authors", 10L), MS);

    private static StatementLocks statement(int line, String sql, List<HeldLock> locks, List<String> created,
            List<String> rewrites, List<String> scans, List<String> blocksReads, List<String> blocksWrites) {
        return new StatementLocks(line, sql, MS, true, locks, created, rewrites, scans, blocksReads, blocksWrites, List.of(),
                List.of(), List.of(), Duration.ofSeconds(5), 0, false);
    }

    @Test
    void what_a_revision_did_to_a_table_passes_when_it_happened() {
        assertThat(V7).on("documents").blocksWrites(true).blocksReads(false).rewrites(false).scans(true).takes(SHARE)
                .takesAtMost(SHARE);
        assertThat(V7).on("public.documents").takes(SHARE);
        // the new index's ACCESS EXCLUSIVE does not count: no one else can see the index before the commit
        assertThat(V7).on("authors").takes(ACCESS_SHARE).blocksWrites(false).scans(false);
        assertThat(V7).on("tenants").blocksWrites(false).rewrites(false).takesAtMost(ACCESS_SHARE);
    }

    @Test
    void each_expectation_fails_naming_the_statement_and_its_line() {
        assertThatThrownBy(() -> assertThat(V7).on("documents").blocksWrites(false)).hasMessage(String.format(
                "[V7 locks on documents] %nExpecting V7 not to block writes on documents,%nbut line 2 does (SHARE on documents):%n"
                        + "  CREATE INDEX documents_title_idx ON documents (title)"));
        assertThatThrownBy(() -> assertThat(V7).on("documents").blocksReads(true)).hasMessage(String.format(
                "[V7 locks on documents] %nExpecting V7 to block reads on documents,%nbut no statement does"));
        assertThatThrownBy(() -> assertThat(V7).on("documents").rewrites(true)).hasMessage(String.format(
                "[V7 locks on documents] %nExpecting V7 to rewrite documents,%nbut no statement does"));
        assertThatThrownBy(() -> assertThat(V7).on("documents").scans(false)).hasMessage(String.format(
                "[V7 locks on documents] %nExpecting V7 not to scan documents,%nbut line 2 does (SHARE on documents):%n"
                        + "  CREATE INDEX documents_title_idx ON documents (title)"));
        assertThatThrownBy(() -> assertThat(V7).on("documents").takes(SHARE_UPDATE_EXCLUSIVE)).hasMessage(String.format(
                "[V7 locks on documents] %nExpecting V7 to take SHARE UPDATE EXCLUSIVE on documents (its strongest lock"
                        + " there),%nbut it takes SHARE on documents at line 2:%n  CREATE INDEX documents_title_idx ON documents"
                        + " (title)"));
        assertThatThrownBy(() -> assertThat(V7).on("tenants").takes(ROW_EXCLUSIVE)).hasMessage(String.format(
                "[V7 locks on tenants] %nExpecting V7 to take ROW EXCLUSIVE on tenants,%nbut it takes no lock on it"));
        assertThatThrownBy(() -> assertThat(V7).on("documents").takesAtMost(SHARE_UPDATE_EXCLUSIVE)).hasMessage(String.format(
                "[V7 locks on documents] %nExpecting V7 to take at most SHARE UPDATE EXCLUSIVE on documents,%nbut line 2 takes"
                        + " SHARE on documents:%n  CREATE INDEX documents_title_idx ON documents (title)"));
    }

    @Test
    void lock_modes_conflict_as_postgresql_documents_them() {
        // "Conflicting Lock Modes", PostgreSQL documentation 13.3.1: X marks a conflict, rows the mode held
        String[] table = {
            "       X", // ACCESS SHARE
            "      XX", // ROW SHARE
            "    XXXX", // ROW EXCLUSIVE
            "   XXXXX", // SHARE UPDATE EXCLUSIVE
            "  XX XXX", // SHARE
            "  XXXXXX", // SHARE ROW EXCLUSIVE
            " XXXXXXX", // EXCLUSIVE
            "XXXXXXXX", // ACCESS EXCLUSIVE
        };
        for (LockMode held : LockMode.values()) {
            for (LockMode asked : LockMode.values()) {
                org.assertj.core.api.Assertions.assertThat(held.conflictsWith(asked)).as(held + " vs " + asked)
                        .isEqualTo(table[held.ordinal()].charAt(asked.ordinal()) == 'X')
                        .isEqualTo(asked.conflictsWith(held));
            }
        }
        org.assertj.core.api.Assertions.assertThat(LockMode.ofPgLocks("ShareRowExclusiveLock")).isEqualTo(LockMode.SHARE_ROW_EXCLUSIVE);
    }
}
