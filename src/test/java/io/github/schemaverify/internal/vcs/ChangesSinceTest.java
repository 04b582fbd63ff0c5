package io.github.schemaverify.internal.vcs;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.schemaverify.internal.migration.MigrationSource;
import io.github.schemaverify.testing.Chain;
import io.github.schemaverify.testing.GitRepo;

/** What changed since a ref, read with git from a temporary repository: matched by version, compared as Flyway does. */
class ChangesSinceTest {

    private static ChangesSince.Changes changes(GitRepo repo, String ref, ClassLoader loader, Path module, String... locations) {
        List<ChangesSince.Location> found = new java.util.ArrayList<>();
        for (String l : locations) {
            boolean fixtures = l.endsWith("fixtures");
            found.add(new ChangesSince.Location(l, MigrationSource.scan(List.of(l), loader).files(), fixtures));
        }
        return ChangesSince.find("git", ref, found, module, loader);
    }

    @Test
    void a_classpath_location_is_its_source_directory_in_the_module_the_tests_run_in_never_the_build_output(@TempDir Path dir)
            throws Exception {
        // target/ is not ignored here: the build's copy shows as untracked files, and must still not be taken
        GitRepo repo = GitRepo.init(dir).write("app/src/main/resources/db/migration", Chain.of("clean"))
                .write("other/src/main/resources/db/migration/V1__other.sql", "SELECT 1;\n").commit("main");
        repo = GitRepo.at(dir.toRealPath());
        repo.git("checkout", "-q", "-b", "feature");
        // the source edited, and the build's copy of it (what the loader reads), as Maven's resources phase leaves it
        Chain edited = Chain.of("clean").with("V2__documents.sql", "CREATE TABLE tenants (id bigint PRIMARY KEY);\n")
                .with("V9__more.sql", "SELECT 9;\n");
        repo.write("app/src/main/resources/db/migration", edited).write("app/target/classes/db/migration", edited);
        Path module = repo.dir().resolve("app");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {module.resolve("target/classes").toUri().toURL()}, null)) {
            ChangesSince.Changes c = changes(repo, "main", loader, module, "classpath:db/migration");

            assertThat(c.changedVersions()).containsExactlyInAnyOrder("2", "9");
            assertThat(c.edits()).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(ChangesSince.EditKind.EDITED);
                assertThat(e.pathAtBase()).isEqualTo("app/src/main/resources/db/migration/V2__documents.sql");
            });
            assertThat(c.versionsAtBase()).containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
            assertThat(c.repository()).isEqualTo(repo.dir());
        }
    }

    @Test
    void line_endings_and_a_byte_order_mark_are_no_change_as_for_flyways_checksum(@TempDir Path dir) throws Exception {
        GitRepo repo = GitRepo.init(dir).write("db/migration/V1__a.sql", "CREATE TABLE a (id int);\nSELECT 1;\n")
                .write("db/migration/V2__b.sql", "CREATE TABLE b (id int);\n").commit("main");
        repo = GitRepo.at(dir.toRealPath()).write("db/migration/V1__a.sql", "\uFEFFCREATE TABLE a (id int);\r\nSELECT 1;\r\n")
                .write("db/migration/V2__b.sql", "CREATE TABLE b (id bigint);\n");

        ChangesSince.Changes c = changes(repo, "main", getClass().getClassLoader(), repo.dir(),
                "filesystem:" + repo.dir().resolve("db/migration"));

        assertThat(c.changedVersions()).containsExactly("2");
        assertThat(c.edits()).extracting(ChangesSince.Edit::atBase).containsExactly("V2__b.sql");
    }

    @Test
    void a_new_changed_or_removed_fixture_marks_its_revision(@TempDir Path dir) throws Exception {
        GitRepo repo = GitRepo.init(dir).write("db/migration", Chain.of("clean"))
                .write("db/fixtures/at_V2.sql", "INSERT INTO tenants VALUES (1, 'a');\n")
                .write("db/fixtures/before_V6.sql", "SELECT 6;\n").commit("main");
        repo = GitRepo.at(dir.toRealPath()).write("db/fixtures/at_V2.sql", "INSERT INTO tenants VALUES (1, 'b');\n")
                .write("db/fixtures/before_V4_1.sql", "SELECT 4.1;\n");
        repo.git("rm", "-q", "db/fixtures/before_V6.sql");

        ChangesSince.Changes c = changes(repo, "main", getClass().getClassLoader(), repo.dir(),
                "filesystem:" + repo.dir().resolve("db/migration"), "filesystem:" + repo.dir().resolve("db/fixtures"));

        assertThat(c.changedVersions()).containsExactlyInAnyOrder("2", "4.1", "6");
        assertThat(c.edits()).isEmpty();
    }

    @Test
    void the_base_is_the_merge_base_so_what_the_ref_gained_since_the_branch_left_it_does_not_count(@TempDir Path dir)
            throws Exception {
        GitRepo repo = GitRepo.init(dir).write("db/migration", Chain.of("clean")).commit("main");
        repo = GitRepo.at(dir.toRealPath());
        repo.git("checkout", "-q", "-b", "feature");
        repo.write("db/migration/V9__feature.sql", "SELECT 9;\n").commit("feature");
        repo.git("checkout", "-q", "main");
        repo.write("db/migration/V9__main.sql", "SELECT 90;\n").write("db/migration/V1__extensions.sql", "SELECT 1;\n")
                .commit("main moves on");
        repo.git("checkout", "-q", "feature");

        ChangesSince.Changes c = changes(repo, "main", getClass().getClassLoader(), repo.dir(),
                "filesystem:" + repo.dir().resolve("db/migration"));

        assertThat(c.changedVersions()).containsExactly("9");
        assertThat(c.edits()).isEmpty();
        assertThat(c.mergeBase()).isEqualTo(repo.git("rev-parse", "--short", "main~1"));
    }
}
