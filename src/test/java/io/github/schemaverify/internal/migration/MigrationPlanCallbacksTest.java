package io.github.schemaverify.internal.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

import org.flywaydb.core.api.callback.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL callbacks of the locations as Flyway finds them ({@link MigrationPlan#callbacks}): by the event their name
 * starts with, up to {@code __}, in the order Flyway runs those of one event (by description, {@code _} read as a space).
 */
class MigrationPlanCallbacksTest {

    private static MigrationPlan plan(Path location, String... files) throws IOException {
        Files.createDirectories(location);
        Files.writeString(location.resolve("V1__notes.sql"), "CREATE TABLE notes (id int);\n");
        for (String file : files) {
            Files.writeString(location.resolve(file), "SELECT 1;\n");
        }
        return MigrationPlan.prepare(MigrationPlanHashTest.config("filesystem:" + location), MigrationPlanCallbacksTest.class
                .getClassLoader());
    }

    @Test
    void callbacks_of_an_event_come_in_flyways_order(@TempDir Path dir) throws IOException {
        MigrationPlan plan = plan(dir.resolve("m"), "afterMigrate__b.sql", "afterMigrate__a_x.sql", "afterMigrate.sql",
                "afterMigrate__a.sql", "afterMigrateApplied.sql", "afterMigrate_x.sql", "AfterMigrate.sql");

        // "" < "a" < "a x" < "b"; afterMigrate_x.sql and AfterMigrate.sql name no event (Flyway matches case and all)
        assertThat(plan.callbacks(Event.AFTER_MIGRATE)).extracting(MigrationFile::fileName).containsExactly("afterMigrate.sql",
                "afterMigrate__a.sql", "afterMigrate__a_x.sql", "afterMigrate__b.sql");
        assertThat(plan.callbacks(Event.AFTER_MIGRATE_APPLIED)).extracting(MigrationFile::fileName)
                .containsExactly("afterMigrateApplied.sql");
        assertThat(plan.callbacks(Event.BEFORE_MIGRATE)).isEmpty();
    }

    @Test
    void callbacks_not_run_are_those_a_successful_migrate_runs_beyond_the_events_given(@TempDir Path dir) throws IOException {
        MigrationPlan plan = plan(dir.resolve("m"), "afterMigrate.sql", "beforeEachMigrateStatement.sql", "createSchema.sql",
                "afterMigrateError.sql", "beforeValidate.sql", "afterClean.sql", "beforeUndo.sql");

        // an error event, validation (off in the re-apply), clean and undo run in no migrate that succeeds
        assertThat(plan.callbacksNotRun(EnumSet.of(Event.AFTER_MIGRATE))).containsExactlyInAnyOrder("beforeEachMigrateStatement.sql",
                "createSchema.sql");
        assertThat(plan.callbacksOf(EnumSet.of(Event.AFTER_MIGRATE, Event.BEFORE_UNDO))).containsExactlyInAnyOrder("afterMigrate.sql",
                "beforeUndo.sql");
    }
}
