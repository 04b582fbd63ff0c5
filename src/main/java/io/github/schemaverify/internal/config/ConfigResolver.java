package io.github.schemaverify.internal.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import io.github.schemaverify.Engine;
import io.github.schemaverify.Isolation;
import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.ServerMode;
import io.github.schemaverify.VerifyRoundTrip;

/**
 * Resolves a {@link MigratedDatabase} into a {@link Config}: annotation value, then configuration parameter or system
 * property, then environment variable, then default. Checks everything that can be checked before a server starts.
 */
public final class ConfigResolver {
    public static final String DEFAULT_LOCATION = "classpath:db/migration";
    private static final Pattern PLACEHOLDER_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:-]*");
    private static final Pattern VERSION = Pattern.compile("\\d+(?:[._]\\d+)*");
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_$]*");

    private final Setting setting;

    public ConfigResolver(Setting setting) {
        this.setting = setting;
    }

    public Config resolve(MigratedDatabase annotation, String element) {
        String source = "@MigratedDatabase on " + element;
        Engine engine = resolveEnum(annotation.engine(), Engine.DEFAULT, Engine.FLYWAY, MigratedDatabase.ENGINE_PROPERTY,
                Engine.class, source);
        List<String> locations = resolveList(annotation.locations(), MigratedDatabase.LOCATIONS_PROPERTY, List.of(DEFAULT_LOCATION));
        List<String> scripts = resolveList(annotation.scripts(), MigratedDatabase.SCRIPTS_PROPERTY, List.of());
        String target = resolveString(annotation.target(), MigratedDatabase.TARGET_PROPERTY, Config.LATEST);
        List<String> placeholderPairs = resolveList(annotation.placeholders(), MigratedDatabase.PLACEHOLDERS_PROPERTY, List.of());
        List<String> flywaySchemas = resolveList(annotation.flywaySchemas(), MigratedDatabase.FLYWAY_SCHEMAS_PROPERTY, List.of());
        List<String> schemas = resolveList(annotation.schemas(), MigratedDatabase.SCHEMAS_PROPERTY,
                flywaySchemas.isEmpty() ? List.of("public") : flywaySchemas);
        Isolation isolation = resolveEnum(annotation.isolation(), Isolation.DEFAULT, Isolation.PER_METHOD,
                MigratedDatabase.ISOLATION_PROPERTY, Isolation.class, source);
        ServerMode mode = resolveEnum(annotation.server(), ServerMode.DEFAULT, ServerMode.AUTO, MigratedDatabase.SERVER_PROPERTY,
                ServerMode.class, source);
        String image = resolveString(annotation.image(), MigratedDatabase.IMAGE_PROPERTY, ServerSettings.DEFAULT_IMAGE);

        for (String location : locations) {
            if (location.isBlank()) {
                throw misuse(source, "locations", "a Flyway location such as \"classpath:db/migration\"", "an empty string",
                        "Remove the empty entry or name the folder that holds your V<version>__<description>.sql files.");
            }
        }
        if (engine == Engine.SQL_SCRIPTS && scripts.isEmpty()) {
            throw misuse(source, "scripts", "at least one script with engine = SQL_SCRIPTS", "no scripts",
                    "List the scripts in the order your application runs them, e.g. scripts = \"classpath:db/schema.sql\", "
                            + "or use engine = FLYWAY for versioned migrations.");
        }
        if (engine == Engine.FLYWAY && annotation.scripts().length > 0) {
            // Flyway applies the locations' migrations only: scripts beside them were never applied to the database,
            // though @VerifyIdempotent ran them "again"
            throw misuse(source, "scripts", "engine = SQL_SCRIPTS, whose setting it is", "\"" + String.join("\", \"", scripts)
                    + "\" with engine = FLYWAY", "Flyway applies only the migrations in 'locations' and never runs these"
                    + " scripts: make each a migration there (an R__ script runs after the versioned ones, and again whenever"
                    + " it changes), or use engine = SQL_SCRIPTS.");
        }
        if (engine == Engine.FLYWAY) {
            scripts = List.of(); // the property's scripts are those of the run's SQL_SCRIPTS classes, not this one's
        }
        for (String script : scripts) {
            if (script.isBlank()) {
                throw misuse(source, "scripts", "a script path such as \"classpath:db/schema.sql\"", "an empty string",
                        "Remove the empty entry.");
            }
        }
        if (!Config.LATEST.equalsIgnoreCase(target) && !VERSION.matcher(target).matches()) {
            throw misuse(source, "target", "\"latest\" or a version such as \"7\" or \"1.2\"", "\"" + target + "\"",
                    "Use the version part of a migration's file name (V7__x.sql has version 7).");
        }
        TreeMap<String, String> placeholders = new TreeMap<>();
        for (String pair : placeholderPairs) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? "" : pair.substring(0, eq).trim();
            if (eq < 0 || !PLACEHOLDER_KEY.matcher(key).matches()) {
                throw misuse(source, "placeholders", "KEY=VALUE pairs such as \"EMBEDDING_DIM=1536\"", "\"" + pair + "\"",
                        "Write each placeholder as NAME=VALUE; the migrations refer to it as ${NAME}.");
            }
            if (placeholders.put(key, pair.substring(eq + 1)) != null) {
                throw misuse(source, "placeholders", "each placeholder once", "\"" + key + "\" twice",
                        "Keep one " + key + "=... entry.");
            }
        }
        for (String schema : flywaySchemas) {
            if (schema.isBlank()) {
                throw listMisuse(source, annotation.flywaySchemas(), "flywaySchemas", MigratedDatabase.FLYWAY_SCHEMAS_PROPERTY,
                        "schema names as Flyway's schemas setting has them", "an empty string", "Remove the empty entry.");
            }
            if (!SCHEMA.matcher(schema).matches()) {
                throw listMisuse(source, annotation.flywaySchemas(), "flywaySchemas", MigratedDatabase.FLYWAY_SCHEMAS_PROPERTY,
                        "lower-case schema names such as \"bookstore\"", "\"" + schema + "\"",
                        "SchemaVerify does not support schema names that need quotes yet (Flyway does): rename the schema, or"
                                + " leave flywaySchemas unset and qualify the scripts' names.");
            }
        }
        if (!flywaySchemas.isEmpty() && engine == Engine.SQL_SCRIPTS) {
            throw flywayOnly(source, "flywaySchemas", annotation.flywaySchemas().length > 0, "\""
                    + String.join(", ", flywaySchemas) + "\"", MigratedDatabase.FLYWAY_SCHEMAS_PROPERTY,
                    "is set, Flyway's schemas setting,");
        }
        for (String schema : schemas) {
            if (!SCHEMA.matcher(schema).matches()) {
                throw listMisuse(source, annotation.schemas(), "schemas", MigratedDatabase.SCHEMAS_PROPERTY,
                        "lower-case schema names such as \"public\"", "\"" + schema + "\"",
                        "Name the schemas the migrations create objects in.");
            }
        }
        Optional<String> url = setting.lookup(MigratedDatabase.URL_PROPERTY);
        if (url.isPresent() && !url.get().startsWith("jdbc:postgresql:")) {
            throw Misuse.setting(source, setting.origin(MigratedDatabase.URL_PROPERTY), Redaction.url(url.get()),
                    "a PostgreSQL JDBC URL", "Use one such as jdbc:postgresql://localhost:5432/postgres.");
        }
        if (mode == ServerMode.EXTERNAL && url.isEmpty()) {
            throw Misuse.requirement(source + ": server EXTERNAL", "needs the server's JDBC URL, but none is set", "Set the"
                    + " property " + MigratedDatabase.URL_PROPERTY + " or the environment variable SCHEMAVERIFY_URL"
                    + " (e.g. jdbc:postgresql://localhost:5432/postgres), with " + MigratedDatabase.USER_PROPERTY + " and "
                    + MigratedDatabase.PASSWORD_PROPERTY + ".");
        }
        boolean mixed = annotation.mixed() || RunSettings.bool(setting, MigratedDatabase.MIXED_PROPERTY, false, source,
                "Set it as the project's Flyway has mixed (flyway.mixed, spring.flyway.mixed).");
        if (mixed && engine == Engine.SQL_SCRIPTS) {
            throw flywayOnly(source, "mixed", annotation.mixed(), "mixed = true", MigratedDatabase.MIXED_PROPERTY,
                    "is true, Flyway's mixed setting,");
        }
        String initSql = resolveString(annotation.initSql(), MigratedDatabase.INIT_SQL_PROPERTY, "").strip();
        if (!initSql.isEmpty() && engine == Engine.SQL_SCRIPTS) {
            throw flywayOnly(source, "initSql", !annotation.initSql().isBlank(), "\"" + initSql + "\"",
                    MigratedDatabase.INIT_SQL_PROPERTY, "is set, Flyway's initSql setting,");
        }
        String table = resolveString(annotation.flywayTable(), MigratedDatabase.FLYWAY_TABLE_PROPERTY, "").strip();
        if (!table.isEmpty() && !SCHEMA.matcher(table).matches()) {
            String fix = "SchemaVerify does not support history table names that need quotes yet (Flyway does).";
            throw !annotation.flywayTable().isBlank() ? misuse(source, "flywayTable", "a lower-case table name such as"
                    + " \"flyway_schema_history_orders\"", "\"" + table + "\"", fix) : Misuse.setting(source,
                    setting.origin(MigratedDatabase.FLYWAY_TABLE_PROPERTY), table, "a lower-case table name such as"
                    + " flyway_schema_history_orders", fix);
        }
        if (!table.isEmpty() && engine == Engine.SQL_SCRIPTS) {
            throw flywayOnly(source, "flywayTable", !annotation.flywayTable().isBlank(), "\"" + table + "\"",
                    MigratedDatabase.FLYWAY_TABLE_PROPERTY, "is set, Flyway's table setting,");
        }
        boolean placeholderReplacement = annotation.placeholderReplacement() && RunSettings.bool(setting,
                MigratedDatabase.PLACEHOLDER_REPLACEMENT_PROPERTY, true, source, "Set it as the project's Flyway has"
                + " placeholderReplacement (flyway.placeholderReplacement, spring.flyway.placeholder-replacement).");
        ServerSettings server = ServerSettings.resolve(mode, image, url, setting, source);
        return new Config(source, locations, engine, scripts, target, placeholders, schemas, flywaySchemas, isolation, server,
                mixed, initSql, table.isEmpty() ? Config.DEFAULT_HISTORY_TABLE : table, placeholderReplacement);
    }

    /** A git ref as {@code from = "git:<ref>"} takes it: no spaces, not an option (git reads {@code -x} as one). */
    private static final Pattern GIT_REF = Pattern.compile("[^\\s~^:?*\\[\\\\-][^\\s:?*\\[\\\\]*");

    /**
     * Where a round trip starts: {@code from} on {@code @VerifyRoundTrip} when written, else
     * {@value VerifyRoundTrip#FROM_PROPERTY}, else the whole chain. Checks the form only: a version ({@code 7},
     * {@code 1.2}, {@code V7}) or {@code git:<ref>}.
     *
     * @param where the annotation and its element, e.g. {@code @VerifyRoundTrip on com.example.T#m}
     */
    public WalkFrom resolveFrom(String annotated, String where) {
        return resolveFrom(annotated, VerifyRoundTrip.FROM_PROPERTY, where);
    }

    /**
     * Where a walk starts: {@code from} on its annotation when written, else {@code property}, else the whole chain;
     * as {@link #resolveFrom(String, String)}.
     */
    public WalkFrom resolveFrom(String annotated, String property, String where) {
        boolean onAnnotation = !annotated.isBlank();
        Optional<String> value = onAnnotation ? Optional.of(annotated.trim()) : setting.lookup(property);
        if (value.isEmpty()) {
            return WalkFrom.all(where);
        }
        String v = value.get();
        String origin = onAnnotation ? "attribute 'from'" : setting.origin(property);
        if (v.regionMatches(true, 0, "git:", 0, 4)) {
            String ref = v.substring(4).trim();
            WalkFrom from = new WalkFrom(WalkFrom.Kind.GIT, "", ref, where, onAnnotation, origin, v);
            if (!GIT_REF.matcher(ref).matches()) {
                throw from.misuse("a version such as \"7\", or git:<ref> such as \"git:origin/main\"", ref.isEmpty()
                        ? ", which names no ref" : ", whose ref is not one git takes", "Name a branch, tag or commit after"
                        + " git:, as git log would take it.");
            }
            return from;
        }
        String version = v.length() > 1 && (v.charAt(0) == 'V' || v.charAt(0) == 'v') ? v.substring(1) : v;
        WalkFrom from = new WalkFrom(WalkFrom.Kind.VERSION, version.replace('_', '.'), "", where, onAnnotation, origin, v);
        if (!VERSION.matcher(version).matches()) {
            throw from.misuse("a version such as \"7\", or git:<ref> such as \"git:origin/main\"", "",
                    "Use the version part of a migration's file name (V7__x.sql has version 7), or git: and the ref whose"
                    + " migrations are already applied.");
        }
        return from;
    }

    /**
     * An enum attribute: its value unless it is the {@code DEFAULT} sentinel, else the property (or environment
     * variable), else the fallback.
     */
    private <E extends Enum<E>> E resolveEnum(E annotated, E sentinel, E fallback, String property, Class<E> type, String source) {
        if (annotated != sentinel) {
            return annotated;
        }
        Optional<String> configured = setting.lookup(property);
        if (configured.isEmpty()) {
            return fallback;
        }
        try {
            E value = Enum.valueOf(type, configured.get().trim().toUpperCase(Locale.ROOT));
            return value == sentinel ? fallback : value;
        } catch (IllegalArgumentException e) {
            String allowed = Arrays.stream(type.getEnumConstants()).filter(c -> c != sentinel).map(Enum::name)
                    .collect(Collectors.joining(", "));
            throw Misuse.setting(source, setting.origin(property), configured.get(), "a " + type.getSimpleName(),
                    "Use one of: " + allowed + ".");
        }
    }

    private String resolveString(String annotated, String property, String fallback) {
        if (!annotated.isBlank()) {
            return annotated.trim();
        }
        return setting.lookup(property).orElse(fallback);
    }

    /**
     * A list setting's entry that is refused, named where it came from: the attribute ({@code attribute 'schemas'
     * expects ...}) when it is set, else the property ({@code property schemaverify.schemas is "public,Billing", which is
     * not a list of ...}).
     */
    private ExtensionConfigurationException listMisuse(String source, String[] annotated, String attribute, String property,
            String expected, String found, String fix) {
        return annotated.length > 0 ? misuse(source, attribute, expected, found, fix) : Misuse.setting(source,
                setting.origin(property), setting.lookup(property).orElse(""), "a list of " + expected + ": it holds " + found,
                fix);
    }

    private List<String> resolveList(String[] annotated, String property, List<String> fallback) {
        if (annotated.length > 0) {
            return Arrays.stream(annotated).map(String::trim).toList();
        }
        return setting.lookup(property).map(v -> Arrays.stream(v.split(",")).map(String::trim).toList()).orElse(fallback);
    }

    /**
     * The failure for a Flyway setting ({@code attribute}, or its {@code property}) given to a run with engine =
     * SQL_SCRIPTS, which runs no Flyway: {@code found} is how the attribute reads, {@code state} what the property is.
     */
    private ExtensionConfigurationException flywayOnly(String source, String attribute, boolean onAttribute, String found,
            String property, String state) {
        return onAttribute ? misuse(source, attribute, "engine = FLYWAY, whose setting it is", found + " with engine ="
                + " SQL_SCRIPTS", "Remove " + attribute + " (SQL_SCRIPTS runs no Flyway), or use engine = FLYWAY.")
                : Misuse.requirement(source + ": " + setting.origin(property) + " " + state,
                "but engine = SQL_SCRIPTS runs no Flyway", "Leave it unset for this class's run, or use engine = FLYWAY.");
    }

    static ExtensionConfigurationException misuse(String source, String attribute, String expected, String found, String fix) {
        return Misuse.attribute(source, attribute, expected, found, fix);
    }
}
