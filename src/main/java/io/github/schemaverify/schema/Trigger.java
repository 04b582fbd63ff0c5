package io.github.schemaverify.schema;

import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * A trigger on a table, or an {@code INSTEAD OF} trigger on a view ({@code table} is then the view's name).
 *
 * @param definition {@code pg_get_triggerdef}, e.g. {@code CREATE TRIGGER t BEFORE UPDATE ON tenants FOR EACH ROW EXECUTE FUNCTION f()}
 * @param enabled    when it fires; the canonical text records its letter ({@code O}, {@code D}, {@code R}, {@code A})
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Trigger(String schema, String table, String name, String function, String definition, TriggerState enabled)
        implements SchemaObject {
    @Override
    public String kind() {
        return "trigger";
    }

    @Override
    public String qualifiedName() {
        return schema + "." + table + "." + name;
    }

    @Override
    public String parent() {
        return schema + "." + table;
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("function", function).put("definition", definition).put("enabled", enabled.code()).build();
    }

    @Override
    public String summary() {
        return definition;
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof Trigger o
                && Objects.equals(schema, o.schema)
                && Objects.equals(table, o.table)
                && Objects.equals(name, o.name)
                && Objects.equals(function, o.function)
                && Objects.equals(definition, o.definition)
                && Objects.equals(enabled, o.enabled);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, table, name, function, definition, enabled);
    }
}
