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
 * @since 0.3
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public record Statistics(String schema, String name, String table, String definition) implements SchemaObject {
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
        return Props.of().put("table", table).put("definition", definition).build();
    }

    @Override
    public String summary() {
        return definition;
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof Statistics o
                && Objects.equals(schema, o.schema)
                && Objects.equals(name, o.name)
                && Objects.equals(table, o.table)
                && Objects.equals(definition, o.definition);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, name, table, definition);
    }
}
