package io.github.schemaverify.internal.config;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.github.schemaverify.Engine;
import io.github.schemaverify.Isolation;

/**
 * The resolved configuration of one {@code @MigratedDatabase}: immutable, decided once by {@link ConfigResolver}.
 *
 * @param source where it was declared, for messages ("@MigratedDatabase on com.acme.ShardsTest")
 * @param mixed  Flyway's {@code mixed} setting: a migration may mix statements that must run in a transaction with
 *               statements that cannot, and then runs outside one
 * @param initSql Flyway's {@code initSql} setting: what runs on every new migration connection first, else {@code ""}
 * @param historyTable Flyway's {@code table} setting: the name of its schema history table
 * @param placeholderReplacement Flyway's {@code placeholderReplacement} setting: whether {@code ${name}} is replaced in
 *               scripts whose config file does not say
 */
public record Config(String source, List<String> locations, Engine engine, List<String> scripts, String target,
        SortedMap<String, String> placeholders, List<String> schemas, List<String> flywaySchemas, Isolation isolation,
        ServerSettings server, boolean mixed, String initSql, String historyTable, boolean placeholderReplacement) {

    public static final String LATEST = "latest";

    /** Flyway's default name of its schema history table. */
    public static final String DEFAULT_HISTORY_TABLE = "flyway_schema_history";

    public Config {
        locations = List.copyOf(locations);
        scripts = List.copyOf(scripts);
        placeholders = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(placeholders));
        schemas = List.copyOf(schemas);
        flywaySchemas = List.copyOf(flywaySchemas);
    }

    /** A configuration with Flyway's placeholder replacement on, its default. */
    public Config(String source, List<String> locations, Engine engine, List<String> scripts, String target,
            SortedMap<String, String> placeholders, List<String> schemas, List<String> flywaySchemas, Isolation isolation,
            ServerSettings server, boolean mixed, String initSql, String historyTable) {
        this(source, locations, engine, scripts, target, placeholders, schemas, flywaySchemas, isolation, server, mixed,
                initSql, historyTable, true);
    }

    /** A configuration with Flyway's {@code mixed} off, its default. */
    public Config(String source, List<String> locations, Engine engine, List<String> scripts, String target,
            SortedMap<String, String> placeholders, List<String> schemas, List<String> flywaySchemas, Isolation isolation,
            ServerSettings server) {
        this(source, locations, engine, scripts, target, placeholders, schemas, flywaySchemas, isolation, server, false, "",
                DEFAULT_HISTORY_TABLE);
    }

    /** A configuration without Flyway's own {@code schemas} setting. */
    public Config(String source, List<String> locations, Engine engine, List<String> scripts, String target,
            SortedMap<String, String> placeholders, List<String> schemas, Isolation isolation, ServerSettings server) {
        this(source, locations, engine, scripts, target, placeholders, schemas, List.of(), isolation, server);
    }

    public boolean targetsLatest() {
        return LATEST.equalsIgnoreCase(target);
    }

    public String defaultSchema() {
        return schemas.get(0);
    }

    public Map<String, String> placeholderMap() {
        return placeholders;
    }
}
