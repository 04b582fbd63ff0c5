package io.github.schemaverify.schema;

import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * An extended statistics object ({@code CREATE STATISTICS}) on a table.
 *
 * @param schema     the statistics object's own schema
 * @param table      the table it is on, {@code schema.table}
 * @param definition {@code pg_get_statisticsobjdef}, e.g. {@code CREATE STATISTICS public.s (ndistinct) ON a, b FROM t}
 * @param target     {@code ALTER STATISTICS ... SET STATISTICS}: the statistics target {@code ANALYZE} uses for it, or -1
 *                   for the one of its columns ({@code default_statistics_target} unless a column sets its own)
 * @since 0.3
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public record Statistics(String schema, String name, String table, String definition, int target) implements SchemaObject {

    /** A statistics object with the default statistics target. */
    public Statistics(String schema, String name, String table, String definition) {
        this(schema, name, table, definition, -1);
    }

    /** The property that holds a statistics object's statistics target: {@value}. */
    public static final String TARGET = "statistics target";
    @Override
    public String kind() {
        return "statistics";
    }

    @Override
    public String qualifiedName() {
        return schema + "." + name;
    }

    @Override
    public String parent() {
        return table;
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("table", table).put("definition", definition)
                .put(TARGET, target < 0 ? "" : Integer.toString(target)).build();
    }

    /** The definition, then the statistics target where it is set: {@code CREATE STATISTICS ... (STATISTICS 500)}. */
    @Override
    public String summary() {
        return definition + (target < 0 ? "" : " (STATISTICS " + target + ")");
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof Statistics o
                && Objects.equals(schema, o.schema)
                && Objects.equals(name, o.name)
                && Objects.equals(table, o.table)
                && Objects.equals(definition, o.definition)
                && target == o.target;
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, name, table, definition, target);
    }
}
