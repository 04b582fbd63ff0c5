package io.github.schemaverify.schema;

import java.util.Map;

import org.apiguardian.api.API;

/** A schema (namespace) that the migrations own and that exists. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record SchemaName(String name) implements SchemaObject {
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
        return Map.of();
    }

    @Override
    public String summary() {
        return name;
    }
}
