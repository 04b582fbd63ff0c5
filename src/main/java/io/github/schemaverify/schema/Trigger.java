package io.github.schemaverify.schema;

import java.util.Map;

import org.apiguardian.api.API;

/**
 * A trigger on a table.
 *
 * @param definition {@code pg_get_triggerdef}, e.g. {@code CREATE TRIGGER t BEFORE UPDATE ON tenants FOR EACH ROW EXECUTE FUNCTION f()}
 * @param enabled    {@code O} (origin), {@code D} (disabled), {@code R} (replica) or {@code A} (always)
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Trigger(String schema, String table, String name, String function, String definition, String enabled)
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
        return Props.of().put("function", function).put("definition", definition).put("enabled", enabled).build();
    }

    @Override
    public String summary() {
        return definition;
    }
}
