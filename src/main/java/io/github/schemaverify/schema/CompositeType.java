package io.github.schemaverify.schema;

import java.util.List;
import java.util.Map;

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
}
