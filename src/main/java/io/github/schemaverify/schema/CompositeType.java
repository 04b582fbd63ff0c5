package io.github.schemaverify.schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/** A composite type; attributes as {@code name type}, in declaration order. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record CompositeType(String schema, String name, List<String> attributes, String owner,
        List<Grant> privileges) implements SchemaObject {
    public CompositeType {
        privileges = Grant.sorted(privileges);
        attributes = List.copyOf(attributes);
    }

    @Override
    public String kind() {
        return "type";
    }

    @Override
    public String qualifiedName() {
        return schema + "." + name;
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("attributes", attributes).put(Props.OWNER, owner).grants(privileges).build();
    }

    @Override
    public String summary() {
        return "AS (" + String.join(", ", attributes) + ")";
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof CompositeType o
                && Objects.equals(schema, o.schema)
                && Objects.equals(name, o.name)
                && Objects.equals(attributes, o.attributes)
                && Objects.equals(owner, o.owner)
                && Objects.equals(privileges, o.privileges);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, name, attributes, owner, privileges);
    }
}
