package io.github.schemaverify.schema;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.apiguardian.api.API;

/** A view or materialized view, with its definition ({@code pg_get_viewdef}) and, if materialized, its indexes. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record View(String schema, String name, boolean materialized, String definition, List<Index> indexes)
        implements SchemaObject {
    public View {
        indexes = Table.sorted(indexes, Comparator.comparing(Index::name));
    }

    @Override
    public String kind() {
        return materialized ? "materialized view" : "view";
    }

    @Override
    public String qualifiedName() {
        return schema + "." + name;
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("definition", definition).build();
    }

    @Override
    public String summary() {
        return "AS " + definition.replaceAll("\\s+", " ").strip();
    }
}
