package io.github.schemaverify.schema;

import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/** An installed extension such as {@code vector 0.8.0 in public}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record InstalledExtension(String name, String version, String schema) implements SchemaObject {
    @Override
    public String kind() {
        return "extension";
    }

    @Override
    public String qualifiedName() {
        return name;
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("version", version).put("schema", schema).build();
    }

    @Override
    public String summary() {
        return name + " " + version + " in " + schema;
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof InstalledExtension o
                && Objects.equals(name, o.name)
                && Objects.equals(version, o.version)
                && Objects.equals(schema, o.schema);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version, schema);
    }
}
