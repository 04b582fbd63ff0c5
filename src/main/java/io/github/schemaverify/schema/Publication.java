package io.github.schemaverify.schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * A publication for logical replication ({@code CREATE PUBLICATION}); publications belong to the database, so every
 * one is listed.
 *
 * @param allTables  {@code FOR ALL TABLES}
 * @param operations what it publishes: {@code insert}, {@code update}, {@code delete}, {@code truncate}
 * @param viaRoot    {@code publish_via_partition_root}
 * @param tables     {@code FOR TABLE ...}, qualified, each with its column list and row filter (PostgreSQL 15)
 * @param schemas    {@code FOR TABLES IN SCHEMA ...} (PostgreSQL 15)
 * @since 0.3
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public record Publication(String name, boolean allTables, List<String> operations, boolean viaRoot, List<String> tables,
        List<String> schemas, String owner) implements SchemaObject {
    public Publication {
        operations = List.copyOf(operations);
        tables = tables.stream().sorted().toList();
        schemas = schemas.stream().sorted().toList();
    }

    @Override
    public String kind() {
        return "publication";
    }

    @Override
    public String qualifiedName() {
        return name;
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().flag("all tables", allTables).put("tables", tables).put("schemas", schemas)
                .put("publish", operations).flag("via partition root", viaRoot).put(Props.OWNER, owner).build();
    }

    @Override
    public String summary() {
        List<String> what = new java.util.ArrayList<>();
        if (allTables) {
            what.add("ALL TABLES");
        }
        if (!tables.isEmpty()) {
            what.add("TABLE " + String.join(", ", tables));
        }
        if (!schemas.isEmpty()) {
            what.add("TABLES IN SCHEMA " + String.join(", ", schemas));
        }
        return (what.isEmpty() ? "" : "FOR " + String.join(", ", what) + " ") + "WITH (publish = '"
                + String.join(", ", operations) + "'" + (viaRoot ? ", publish_via_partition_root" : "") + ")";
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof Publication o
                && Objects.equals(name, o.name)
                && allTables == o.allTables
                && Objects.equals(operations, o.operations)
                && viaRoot == o.viaRoot
                && Objects.equals(tables, o.tables)
                && Objects.equals(schemas, o.schemas)
                && Objects.equals(owner, o.owner);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, allTables, operations, viaRoot, tables, schemas, owner);
    }
}
