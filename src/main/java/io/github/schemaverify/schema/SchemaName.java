package io.github.schemaverify.schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/** A schema (namespace) that the migrations own and that exists, with its owner and privileges. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record SchemaName(String name, String owner, List<Grant> privileges) implements SchemaObject {
    public SchemaName {
        privileges = Grant.sorted(privileges);
    }

    /** A schema known by name only (owner and privileges unknown). */
    public SchemaName(String name) {
        this(name, "", List.of());
    }

    @Override
    public String kind() {
        return "schema";
    }

    @Override
    public String qualifiedName() {
        return name;
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put(Props.OWNER, owner).grants(privileges).build();
    }

    @Override
    public String summary() {
        return name;
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof SchemaName o
                && Objects.equals(name, o.name)
                && Objects.equals(owner, o.owner)
                && Objects.equals(privileges, o.privileges);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, owner, privileges);
    }
}
