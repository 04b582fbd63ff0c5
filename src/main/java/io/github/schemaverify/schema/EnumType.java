package io.github.schemaverify.schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/** An enum type with its labels in order. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record EnumType(String schema, String name, List<String> labels, String owner,
        List<Grant> privileges) implements SchemaObject {
    public EnumType {
        privileges = Grant.sorted(privileges);
        labels = List.copyOf(labels);
    }

    @Override
    public String kind() {
        return "enum";
    }

    @Override
    public String qualifiedName() {
        return schema + "." + name;
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("labels", labels).put(Props.OWNER, owner).grants(privileges).build();
    }

    @Override
    public String summary() {
        return "AS ENUM (" + String.join(", ", labels.stream().map(l -> "'" + l.replace("'", "''") + "'").toList()) + ")";
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof EnumType o
                && Objects.equals(schema, o.schema)
                && Objects.equals(name, o.name)
                && Objects.equals(labels, o.labels)
                && Objects.equals(owner, o.owner)
                && Objects.equals(privileges, o.privileges);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, name, labels, owner, privileges);
    }
}
