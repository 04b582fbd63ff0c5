package io.github.schemaverify.internal.config;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;


import io.github.schemaverify.MatchesSchemaSnapshot;
import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.VerifyRoundTrip;
import io.github.schemaverify.internal.catalog.CatalogTracker;
import io.github.schemaverify.schema.diff.SchemaDiff;

/**
 * The settings of a whole test run (not of one {@code @MigratedDatabase}): resolved once, in the root store, through
 * the one precedence of {@link Setting} (JUnit configuration parameter, system property, environment variable,
 * default). The property names are public constants beside the annotation that reads them.
 *
 * @param reportDirectory   {@value MigratedDatabase#REPORT_DIR_PROPERTY}
 * @param reportEnabled     {@value MigratedDatabase#REPORT_PROPERTY}
 * @param walkSnapshots     {@value VerifyRoundTrip#SNAPSHOTS_PROPERTY}
 * @param seedRows          {@value VerifyRoundTrip#SEED_ROWS_PROPERTY} (an annotation's {@code seedRows = false} wins)
 * @param ignored           what schema comparisons leave out: {@value MigratedDatabase#COLUMN_ORDER_PROPERTY}
 * @param snapshotDirectory {@value MatchesSchemaSnapshot#DIRECTORY_PROPERTY}
 * @param snapshotUpdate    {@value MatchesSchemaSnapshot#UPDATE_PROPERTY}
 * @param fullStackTraces   {@value StackTraces#PROPERTY}{@code =full}: a {@code SchemaVerifyException} prints its causes'
 *                          frames
 */
public record RunSettings(Path reportDirectory, boolean reportEnabled, CatalogTracker.Mode walkSnapshots, boolean seedRows,
        Set<SchemaDiff.Ignore> ignored, Path snapshotDirectory, boolean snapshotUpdate, boolean fullStackTraces) {

    public RunSettings {
        ignored = Set.copyOf(ignored);
    }

    /**
     * Every setting resolved once; a value that is not one the setting takes fails naming where it came from. Also
     * switches how {@code SchemaVerifyException} prints (it has no context to read the setting from).
     */
    public static RunSettings resolve(Setting setting) {
        Set<SchemaDiff.Ignore> ignored = EnumSet.noneOf(SchemaDiff.Ignore.class);
        if (!bool(setting, MigratedDatabase.COLUMN_ORDER_PROPERTY, true)) {
            ignored.add(SchemaDiff.Ignore.COLUMN_ORDER);
        }
        boolean fullTraces = setting.lookup(StackTraces.PROPERTY).map(v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "full" -> true;
            case "short" -> false;
            default -> throw Misuse.setting("", setting.origin(StackTraces.PROPERTY), v, "short or full", "");
        }).orElse(false);
        StackTraces.full(fullTraces);
        return new RunSettings(Path.of(setting.lookup(MigratedDatabase.REPORT_DIR_PROPERTY).orElse("target/schemaverify")),
                bool(setting, MigratedDatabase.REPORT_PROPERTY, true),
                setting.lookup(VerifyRoundTrip.SNAPSHOTS_PROPERTY)
                        .map(v -> CatalogTracker.Mode.parse(v, setting.origin(VerifyRoundTrip.SNAPSHOTS_PROPERTY)))
                        .orElse(CatalogTracker.Mode.INCREMENTAL),
                bool(setting, VerifyRoundTrip.SEED_ROWS_PROPERTY, true), ignored,
                Path.of(setting.lookup(MatchesSchemaSnapshot.DIRECTORY_PROPERTY).orElse("src/test/resources/schemaverify")),
                bool(setting, MatchesSchemaSnapshot.UPDATE_PROPERTY, false), fullTraces);
    }

    /** A boolean setting: {@code true} or {@code false}, anything else fails with where it came from. */
    static boolean bool(Setting setting, String property, boolean fallback) {
        return setting.lookup(property).map(v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw Misuse.setting("", setting.origin(property), v, "true or false", "");
        }).orElse(fallback);
    }
}
