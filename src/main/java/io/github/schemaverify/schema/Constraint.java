package io.github.schemaverify.schema;

import java.util.List;
import java.util.Map;

import org.apiguardian.api.API;

/**
 * A table constraint.
 *
 * @param type {@code PRIMARY KEY}, {@code FOREIGN KEY}, {@code UNIQUE}, {@code CHECK} or {@code EXCLUDE}
 * @param definition {@code pg_get_constraintdef}, e.g. {@code FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Constraint(String schema, String table, String name, String type, List<String> columns, String definition,
        boolean validated) implements SchemaObject {
    public Constraint {
        columns = List.copyOf(columns);
    }

    @Override
    public String kind() {
        return "constraint";
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
        return Props.of().put("type", type).put("definition", definition).put("validated", validated).build();
    }

    @Override
    public String summary() {
        return definition + (validated ? "" : " NOT VALID");
    }
}
