package io.github.schemaverify;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.testing.EngineRun.entries;
import static io.github.schemaverify.testing.EngineRun.failures;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.EngineRun;
import io.github.schemaverify.testing.GitRepo;

/**
 * {@code from = "git:<ref>"} against a temporary repository: the walk starts at the first revision whose file is new
 * or changed since the merge base of the ref and HEAD; an edited migration of the ref is a finding of its own.
 */
class RoundTripGitTest {
    private static final String V3_EDITED = "CREATE INDEX CONCURRENTLY documents_embedding_idx ON documents USING ivfflat"
            + " (embedding vector_cosine_ops) WITH (lists = 20);\n";

    /** main holds the clean chain (V1 to V8); the branch feature adds V9 (committed) and V10 (not yet). */
    private static GitRepo feature(Path dir) throws Exception {
        GitRepo repo = GitRepo.init(dir).write("db/migration", Chain.of("clean")).commit("V1 to V8");
        repo = GitRepo.at(dir.toRealPath());
        repo.git("checkout", "-q", "-b", "feature");
        repo.write("db/migration/V9__labels.sql", "CREATE TABLE labels (id int PRIMARY KEY, name text);\n")
                .write("db/migration/U9__labels.sql", "DROP TABLE labels;\n").commit("V9");
        return repo.write("db/migration/V10__label_color.sql", "ALTER TABLE labels ADD COLUMN color text;\n")
                .write("db/migration/U10__label_color.sql", "ALTER TABLE labels DROP COLUMN color;\n");
    }

    private static EngineExecutionResults walk(GitRepo repo, String from) {
        return EngineRun.of(RoundTripFromTest.Walk.class).param("schemaverify.locations", "filesystem:" + repo.dir()
                .resolve("db/migration")).param("schemaverify.roundtrip.from", from).execute();
    }

    @Test
    void a_branch_that_adds_two_revisions_walks_only_them_on_the_base_of_main(@TempDir Path dir) throws Exception {
        GitRepo repo = feature(dir);
        String base = repo.git("rev-parse", "--short", "main");

        EngineExecutionResults results = walk(repo, "git:main");

        results.testEvents().assertStatistics(s -> s.succeeded(5).failed(0).aborted(0));
        results.testEvents().succeeded().assertEventsMatchExactly(
                event(displayName("no migration of main edited (V1 to V8)")),
                event(displayName("V9 labels: up, down, up")),
                event(displayName("V10 label_color: up, down, up")),
                event(displayName("undo all down to the base (V1 to V8) leaves no trace")),
                event(displayName("re-applying V9 to V10 on the base reproduces head")));
        assertThat(entries(results, "schemaverify.result").get(0)).isEqualTo("passed: the 8 migrations of main (merge base "
                + base + ") are unchanged; the walk starts at V9, the first new or changed revision");
        assertThat(entries(results, "schemaverify.notes").get(0)).startsWith("walked from V9 (schemaverify.roundtrip.from ="
                + " \"git:main\", merge base " + base + "), on a copy of the base sv_cache_");
    }

    @Test
    void an_error_in_the_first_walked_revision_is_its_own_not_the_history_check_s(@TempDir Path dir) throws Exception {
        // V2 empties t and takes away the language rows are generated in: generating t's before the undo fails, which
        // is no verdict on V2
        GitRepo repo = GitRepo.init(dir).write("db/migration", Chain.empty().with("V1__t.sql", "CREATE TABLE t (id int PRIMARY KEY);\n")
                .with("U1__t.sql", "DROP TABLE t;\n")).commit("V1");
        repo = GitRepo.at(dir.toRealPath());
        repo.git("checkout", "-q", "-b", "feature");
        repo.write("db/migration/V2__no_plpgsql.sql", "TRUNCATE t;\nDROP EXTENSION plpgsql CASCADE;\n")
                .write("db/migration/U2__no_plpgsql.sql", "CREATE EXTENSION plpgsql;\n")
                .write("db/migration/V3__u.sql", "CREATE TABLE u (id int);\n")
                .write("db/migration/U3__u.sql", "DROP TABLE u;\n");

        EngineExecutionResults results = walk(repo, "git:main");

        String reason = "The walk stopped at V2 no_plpgsql: SchemaVerify failed there (Generating rows failed: ERROR: language"
                + " \"plpgsql\" does not exist), which is no verdict on V2; see V2's error.";
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1).aborted(3));
        results.testEvents().succeeded().assertEventsMatchExactly(event(displayName("no migration of main edited (V1)")));
        results.testEvents().failed().assertEventsMatchExactly(event(displayName("V2 no_plpgsql: up, down, up"),
                finishedWithFailure(instanceOf(SchemaVerifyException.class), message("Generating rows failed: ERROR: language"
                        + " \"plpgsql\" does not exist\n  Hint: Use CREATE EXTENSION to load the language into the database."))));
        results.testEvents().aborted().assertEventsMatchExactly(
                event(displayName("V3 u: up, down, up"), abortedWithReason(message(reason))),
                event(displayName("undo all down to the base (V1) leaves no trace"), abortedWithReason(message(reason))),
                event(displayName("re-applying V2 to V3 on the base reproduces head"), abortedWithReason(message(reason))));
    }

    @Test
    void an_edited_migration_of_main_is_named_with_its_edit_and_the_walk_starts_there(@TempDir Path dir) throws Exception {
        GitRepo repo = feature(dir).write("db/migration/V3__embedding_index.sql", V3_EDITED);
        String base = repo.git("rev-parse", "--short", "main");

        EngineExecutionResults results = walk(repo, "git:main");

        assertThat(failures(results)).containsExactly("[migrations of main, merge base " + base + "]\n"
                + "Expecting the versioned migrations that exist at main to be unchanged, since databases may already have"
                + " applied them,\nbut V3__embedding_index.sql was edited:\n"
                + "  ~ V3__embedding_index.sql edited (db/migration/V3__embedding_index.sql; - at main, + now):\n"
                + "      - CREATE INDEX CONCURRENTLY documents_embedding_idx ON documents USING ivfflat (embedding"
                + " vector_cosine_ops) WITH (lists = ${LISTS});\n"
                + "      + CREATE INDEX CONCURRENTLY documents_embedding_idx ON documents USING ivfflat (embedding"
                + " vector_cosine_ops) WITH (lists = 20);\n"
                + "Flyway's validation fails on every database that applied it (\"Migration checksum mismatch for migration"
                + " version 3\"). Restore it as at main (in " + repo.dir() + ": git checkout " + base
                + " -- db/migration/V3__embedding_index.sql)"
                + " and put the change in a new migration.");
        assertThat(entries(results, "schemaverify.cause")).containsExactly("migration_edited");
        // the edited revision is walked with its new content, and everything after it
        results.testEvents().assertStatistics(s -> s.succeeded(10).failed(1).aborted(0));
        results.testEvents().assertEventsMatchLooselyInOrder(
                event(displayName("no migration of main edited (V1 to V8)"), finishedWithFailure()),
                event(displayName("V3 embedding_index: up, down, up")),
                event(displayName("V10 label_color: up, down, up")),
                event(displayName("undo all down to the base (V1 to V2) leaves no trace")));
    }

    @Test
    void a_renamed_and_a_removed_migration_of_main_are_findings_too(@TempDir Path dir) throws Exception {
        GitRepo repo = feature(dir);
        repo.git("mv", "db/migration/V7__doc_state.sql", "db/migration/V7__document_state.sql");
        repo.git("rm", "-q", "db/migration/V8__ticket_seq.sql", "db/migration/U8__ticket_seq.sql");
        String base = repo.git("rev-parse", "--short", "main");

        EngineExecutionResults results = walk(repo, "git:main");

        assertThat(failures(results)).containsExactly("[migrations of main, merge base " + base + "]\n"
                + "Expecting the versioned migrations that exist at main to be unchanged, since databases may already have"
                + " applied them,\nbut 2 were changed:\n"
                + "  ~ V7__doc_state.sql renamed to V7__document_state.sql (db/migration/V7__doc_state.sql)\n"
                + "  - V8__ticket_seq.sql removed (db/migration/V8__ticket_seq.sql)\n"
                + "Flyway's validation fails on every database that applied them (\"Migration description mismatch for migration"
                + " version 7\", \"Detected applied migration not resolved locally: 8\"). Restore them as at main (in "
                + repo.dir() + ": git checkout " + base + " -- db/migration/V7__doc_state.sql db/migration/V8__ticket_seq.sql;"
                + " then delete the renamed copy V7__document_state.sql) and put the changes in new migrations.");
        results.testEvents().assertEventsMatchLooselyInOrder(event(displayName("V7 document_state: up, down, up")),
                event(displayName("V9 labels: up, down, up")));
    }

    @Test
    void an_undo_script_changed_since_main_starts_the_walk_at_its_revision_without_a_finding(@TempDir Path dir)
            throws Exception {
        GitRepo repo = feature(dir).write("db/migration/U5__touch_function.sql", "DROP FUNCTION IF EXISTS touch();\n");

        EngineExecutionResults results = walk(repo, "git:main");

        assertThat(failures(results)).isEmpty();
        results.testEvents().assertEventsMatchLooselyInOrder(event(displayName("no migration of main edited (V1 to V8)")),
                event(displayName("V5 touch_function: up, down, up")), event(displayName("V10 label_color: up, down, up")));
    }

    @Test
    void nothing_new_since_the_ref_walks_nothing_and_says_so(@TempDir Path dir) throws Exception {
        GitRepo repo = GitRepo.init(dir.toRealPath()).write("db/migration", Chain.of("clean")).commit("V1 to V8");

        // no server is started: one that cannot be reached does not matter
        EngineExecutionResults results = EngineRun.of(RoundTripFromTest.Walk.class).param("schemaverify.locations",
                "filesystem:" + repo.dir().resolve("db/migration")).param("schemaverify.roundtrip.from", "git:HEAD")
                .param("schemaverify.server", "EXTERNAL").param("schemaverify.url", "jdbc:postgresql://127.0.0.1:1/nothing")
                .execute();

        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0).aborted(0));
        assertThat(entries(results, "schemaverify.result")).containsExactly("passed: the 8 migrations of HEAD (merge base "
                + repo.git("rev-parse", "--short", "HEAD") + ") are unchanged; no revision is new or changed since, so none is"
                + " walked");
    }

    @Test
    void git_that_cannot_tell_is_named_with_what_to_do(@TempDir Path dir) throws Exception {
        Path plain = dir.toRealPath().resolve("plain");
        Chain.of("clean").writeTo(plain.resolve("db/migration"));
        String where = "@VerifyRoundTrip on " + RoundTripFromTest.Walk.class.getName() + "#round_trip with"
                + " schemaverify.roundtrip.from = ";
        assertThat(failures(walk(GitRepo.at(plain), "git:main"))).containsExactly(where + "\"git:main\" needs the migrations in"
                + " a git repository, but " + plain.resolve("db/migration") + " is not in one (fatal: not a git repository (or"
                + " any of the parent directories): .git). Run the tests in a clone of the repository, or start from a version"
                + " (from = \"7\").");

        GitRepo repo = feature(dir.resolve("repo"));
        assertThat(failures(walk(repo, "git:origin/main"))).containsExactly(where + "\"git:origin/main\" needs the ref"
                + " origin/main, but the repository " + repo.dir() + " has no branch, tag or commit of that name. Fetch it first"
                + " (git fetch origin main; in GitHub Actions, actions/checkout with fetch-depth: 0), or name a ref the"
                + " repository has (git branch -a lists its branches).");

        assertThat(failures(EngineRun.of(RoundTripFromTest.Walk.class).param("schemaverify.locations", "filesystem:"
                + repo.dir().resolve("db/migration")).param("schemaverify.roundtrip.from", "git:main")
                .param("schemaverify.git", "/no/such/git").execute())).singleElement().asString().startsWith(where
                + "\"git:main\" needs git to find what changed since main, but /no/such/git could not be run (Cannot run"
                + " program \"/no/such/git\"").endsWith("No such file or directory). Install git (on the PATH), or set"
                + " schemaverify.git to the git program, or start from a version (from = \"7\").");
    }

    @Test
    void a_shallow_clone_without_the_base_branch_is_told_to_fetch_it(@TempDir Path dir) throws Exception {
        GitRepo origin = feature(dir.resolve("origin")).commit("V10");
        Path clone = dir.toRealPath().resolve("clone");
        GitRepo.at(dir.toRealPath()).git("clone", "-q", "--depth", "1", "--branch", "feature", "file://" + origin.dir(),
                clone.toString());

        assertThat(failures(walk(GitRepo.at(clone), "git:origin/main"))).containsExactly("@VerifyRoundTrip on "
                + RoundTripFromTest.Walk.class.getName() + "#round_trip with schemaverify.roundtrip.from = \"git:origin/main\""
                + " needs the ref origin/main, but the repository " + clone + " has no branch, tag or commit of that name (it is"
                + " a shallow clone). Fetch it first (git fetch origin main; in GitHub Actions, actions/checkout with"
                + " fetch-depth: 0), or name a ref the repository has (git branch -a lists its branches).");
    }
}
