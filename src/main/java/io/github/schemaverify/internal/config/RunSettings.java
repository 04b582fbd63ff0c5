package io.github.schemaverify.internal.config;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
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
 * @param ignored           what schema comparisons leave out by setting: {@value MigratedDatabase#COLUMN_ORDER_PROPERTY},
 *                          {@value MigratedDatabase#PRIVILEGES_PROPERTY} and {@value MigratedDatabase#OWNERS_PROPERTY}
 *                          when set to {@code false}
 * @param ownersSet         whether {@value MigratedDatabase#OWNERS_PROPERTY} is set at all (else each comparison takes its
 *                          own default)
 * @param snapshotDirectory {@value MatchesSchemaSnapshot#DIRECTORY_PROPERTY}
 * @param snapshotUpdate    {@value MatchesSchemaSnapshot#UPDATE_PROPERTY}
 * @param fullStackTraces   {@value StackTraces#PROPERTY}{@code =full}: a {@code SchemaVerifyException} prints its causes'
 *                          frames
 * @param clonesAhead       {@value MigratedDatabase#CLONES_AHEAD_PROPERTY}, else twice JUnit's parallelism when it runs
 *                          tests in parallel, else 0
 * @param walkLanes         {@value VerifyRoundTrip#LANES_PROPERTY}, else the processors, at most 4
 * @param templateCache     {@value MigratedDatabase#TEMPLATE_CACHE_PROPERTY}: templates a server that outlives the run
 *                          keeps between runs, per role (0: none)
 * @param git               {@value VerifyRoundTrip#GIT_PROPERTY}: the git program {@code from = "git:<ref>"} runs
 * @param pauseC2           {@value MigratedDatabase#PAUSE_C2_PROPERTY}: whether C2 is kept off SchemaVerify's own work
 */
public record RunSettings(Path reportDirectory, boolean reportEnabled, CatalogTracker.Mode walkSnapshots, boolean seedRows,
        Set<SchemaDiff.Ignore> ignored, boolean ownersSet, Path snapshotDirectory, boolean snapshotUpdate, boolean fullStackTraces,
        int clonesAhead, int walkLanes, int templateCache, String git, boolean pauseC2) {

    /** Templates a server keeps between runs, per role, unless {@value MigratedDatabase#TEMPLATE_CACHE_PROPERTY} says. */
    public static final int DEFAULT_TEMPLATE_CACHE = 4;

    /** The property {@value MigratedDatabase#TEMPLATE_CACHE_PROPERTY} replaced; set, it fails instead of being ignored. */
    static final String RENAMED_BASE_CACHE = "schemaverify.roundtrip.baseCache";

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
        if (!bool(setting, MigratedDatabase.PRIVILEGES_PROPERTY, true)) {
            ignored.add(SchemaDiff.Ignore.PRIVILEGES);
        }
        if (!bool(setting, MigratedDatabase.TABLESPACES_PROPERTY, true)) {
            ignored.add(SchemaDiff.Ignore.TABLESPACES);
        }
        boolean ownersSet = setting.lookup(MigratedDatabase.OWNERS_PROPERTY).isPresent();
        if (!bool(setting, MigratedDatabase.OWNERS_PROPERTY, true)) {
            ignored.add(SchemaDiff.Ignore.OWNERS);
        }
        boolean fullTraces = setting.lookup(StackTraces.PROPERTY).map(v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "full" -> true;
            case "short" -> false;
            default -> throw Misuse.setting("", setting.origin(StackTraces.PROPERTY), v, "short or full", "");
        }).orElse(false);
        StackTraces.full(fullTraces);
        if (setting.lookup(RENAMED_BASE_CACHE).isPresent()) { // a 0.1.0 snapshot's name: ignoring it would keep templates
            throw Misuse.requirement(setting.origin(RENAMED_BASE_CACHE), "is no longer read: it became "
                    + MigratedDatabase.TEMPLATE_CACHE_PROPERTY + ", which bounds every template kept between runs (the bases"
                    + " of round trips and the migrated templates)", "Set " + MigratedDatabase.TEMPLATE_CACHE_PROPERTY
                    + " instead (" + Setting.environmentName(MigratedDatabase.TEMPLATE_CACHE_PROPERTY) + "), and remove "
                    + RENAMED_BASE_CACHE + ".");
        }
        return new RunSettings(Path.of(setting.lookup(MigratedDatabase.REPORT_DIR_PROPERTY).orElse("target/schemaverify")),
                bool(setting, MigratedDatabase.REPORT_PROPERTY, true),
                setting.lookup(VerifyRoundTrip.SNAPSHOTS_PROPERTY)
                        .map(v -> CatalogTracker.Mode.parse(v, setting.origin(VerifyRoundTrip.SNAPSHOTS_PROPERTY)))
                        .orElse(CatalogTracker.Mode.INCREMENTAL),
                bool(setting, VerifyRoundTrip.SEED_ROWS_PROPERTY, true), ignored, ownersSet,
                Path.of(setting.lookup(MatchesSchemaSnapshot.DIRECTORY_PROPERTY).orElse("src/test/resources/schemaverify")),
                bool(setting, MatchesSchemaSnapshot.UPDATE_PROPERTY, false), fullTraces, clonesAhead(setting),
                count(setting, VerifyRoundTrip.LANES_PROPERTY, 1, Math.min(4, Runtime.getRuntime().availableProcessors())),
                count(setting, MigratedDatabase.TEMPLATE_CACHE_PROPERTY, 0, DEFAULT_TEMPLATE_CACHE),
                setting.lookup(VerifyRoundTrip.GIT_PROPERTY).orElse("git"), bool(setting, MigratedDatabase.PAUSE_C2_PROPERTY, true));
    }

    /** A whole-number setting of at least {@code minimum}; anything else fails naming where it came from. */
    static int count(Setting setting, String property, int minimum, int fallback) {
        Optional<String> configured = setting.lookup(property);
        if (configured.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(configured.get().trim());
            if (n >= minimum) {
                return n;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw Misuse.setting("", setting.origin(property), configured.get(), "a whole number of " + minimum + " or more", "");
    }

    /**
     * The clones to keep ready: the property when set, else twice JUnit's parallelism when it runs tests concurrently
     * (its {@code fixed} parallelism, or the processors times the {@code dynamic} factor), at most 16.
     */
    static int clonesAhead(Setting setting) {
        if (setting.lookup(MigratedDatabase.CLONES_AHEAD_PROPERTY).isPresent()) {
            return count(setting, MigratedDatabase.CLONES_AHEAD_PROPERTY, 0, 0);
        }
        boolean parallel = setting.lookup("junit.jupiter.execution.parallel.enabled").map("true"::equalsIgnoreCase).orElse(false);
        boolean concurrent = "concurrent".equalsIgnoreCase(setting.lookup("junit.jupiter.execution.parallel.mode.default")
                .orElse("same_thread")) || "concurrent".equalsIgnoreCase(setting.lookup(
                "junit.jupiter.execution.parallel.mode.classes.default").orElse(""));
        if (!parallel || !concurrent) {
            return 0;
        }
        int processors = Runtime.getRuntime().availableProcessors();
        String strategy = setting.lookup("junit.jupiter.execution.parallel.config.strategy").orElse("dynamic");
        double parallelism;
        try {
            parallelism = switch (strategy.trim().toLowerCase(Locale.ROOT)) {
                case "fixed" -> Integer.parseInt(setting.lookup("junit.jupiter.execution.parallel.config.fixed.parallelism")
                        .orElse(String.valueOf(processors)).trim());
                case "dynamic" -> processors * Double.parseDouble(setting.lookup(
                        "junit.jupiter.execution.parallel.config.dynamic.factor").orElse("1").trim());
                default -> processors;
            };
        } catch (NumberFormatException e) {
            parallelism = processors; // JUnit itself names a bad value
        }
        // twice the tests that run at once: when several end together, the next ones still find clones ready
        return (int) Math.max(2, Math.min(16, 2 * Math.round(parallelism)));
    }

    /**
     * What a comparison leaves out: the aspects switched off, and owners where {@code ownersByDefault} is false (golden
     * files: the owner is whichever role migrates on each machine) unless {@value MigratedDatabase#OWNERS_PROPERTY} is
     * set.
     */
    public Set<SchemaDiff.Ignore> ignored(boolean ownersByDefault) {
        if (ownersByDefault || ownersSet) {
            return ignored;
        }
        Set<SchemaDiff.Ignore> all = EnumSet.of(SchemaDiff.Ignore.OWNERS);
        all.addAll(ignored);
        return Set.copyOf(all);
    }

    /** A boolean setting: {@code true} or {@code false}, anything else fails with where it came from. */
    static boolean bool(Setting setting, String property, boolean fallback) {
        return bool(setting, property, fallback, "", "");
    }

    /** A boolean setting, whose failure names the class ({@code source}) it was resolved for and the fix. */
    static boolean bool(Setting setting, String property, boolean fallback, String source, String fix) {
        return setting.lookup(property).map(v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw Misuse.setting(source, setting.origin(property), v, "true or false", fix);
        }).orElse(fallback);
    }
}
