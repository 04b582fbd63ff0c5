package io.github.schemaverify.schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * Default privileges ({@code ALTER DEFAULT PRIVILEGES}): what objects a role creates later are granted, in one
 * migration schema or (with {@code schema} empty) in every schema.
 *
 * @param role       {@code FOR ROLE}
 * @param schema     {@code IN SCHEMA}, or {@code ""} for all schemas
 * @param objectType {@code TABLES}, {@code SEQUENCES}, {@code FUNCTIONS}, {@code TYPES} or {@code SCHEMAS}
 * @param privileges the grants that differ from the built-in default
 * @since 0.3
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public record DefaultPrivileges(String role, String schema, String objectType, List<Grant> privileges) implements SchemaObject {
    public DefaultPrivileges {
        privileges = Grant.sorted(privileges);
    }

    @Override
    public String kind() {
        return "default privileges";
    }

    @Override
    public String qualifiedName() {
        return "FOR ROLE " + role + (schema.isEmpty() ? "" : " IN SCHEMA " + schema) + " ON " + objectType;
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().grants(privileges).build();
    }

    @Override
    public String summary() {
        return Grant.text(privileges);
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof DefaultPrivileges o
                && Objects.equals(role, o.role)
                && Objects.equals(schema, o.schema)
                && Objects.equals(objectType, o.objectType)
                && Objects.equals(privileges, o.privileges);
    }

    @Override
    public int hashCode() {
        return Objects.hash(role, schema, objectType, privileges);
    }
}
