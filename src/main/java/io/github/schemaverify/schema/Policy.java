package io.github.schemaverify.schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/** A row-level security policy. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Policy(String schema, String table, String name, PolicyCommand command, boolean permissive, List<String> roles,
        String using, String withCheck) implements SchemaObject {
    public Policy {
        roles = List.copyOf(roles);
    }

    @Override
    public String kind() {
        return "policy";
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
        return Props.of().put("command", command.sql()).put("permissive", permissive).put("roles", roles).put("using", using)
                .put("with check", withCheck).build();
    }

    @Override
    public String summary() {
        return (permissive ? "PERMISSIVE" : "RESTRICTIVE") + " FOR " + command.sql() + " TO " + String.join(", ", roles)
                + (using.isEmpty() ? "" : " USING (" + using + ")") + (withCheck.isEmpty() ? "" : " WITH CHECK (" + withCheck + ")");
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof Policy o
                && Objects.equals(schema, o.schema)
                && Objects.equals(table, o.table)
                && Objects.equals(name, o.name)
                && Objects.equals(command, o.command)
                && permissive == o.permissive
                && Objects.equals(roles, o.roles)
                && Objects.equals(using, o.using)
                && Objects.equals(withCheck, o.withCheck);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, table, name, command, permissive, roles, using, withCheck);
    }
}
