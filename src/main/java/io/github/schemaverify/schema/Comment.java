package io.github.schemaverify.schema;

import java.util.Map;

import org.apiguardian.api.API;

/** A comment on an object, e.g. target {@code column public.bots.content_hash}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Comment(String target, String text) implements SchemaObject {
    @Override
    public String kind() {
        return "comment";
    }

    @Override
    public String qualifiedName() {
        return "on " + target;
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("text", text).build();
    }

    @Override
    public String summary() {
        return "'" + text.replace("'", "''") + "'";
    }
}
