package io.github.schemaverify.schema;

import java.util.Map;

import org.apiguardian.api.API;

/** A sequence (identity sequences are shown on their column instead). */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Sequence(String schema, String name, String type, long start, long increment, long min, long max, long cache,
        boolean cycle, String ownedBy) implements SchemaObject {
    @Override
    public String kind() {
        return "sequence";
    }

    @Override
    public String qualifiedName() {
        return schema + "." + name;
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("type", type).put("start", start).put("increment", increment).put("min", min).put("max", max)
                .put("cache", cache).put("cycle", cycle).put("owned by", ownedBy).build();
    }

    @Override
    public String summary() {
        return type + " START " + start + " INCREMENT " + increment + (cycle ? " CYCLE" : "")
                + (ownedBy.isEmpty() ? "" : " OWNED BY " + ownedBy);
    }
}
