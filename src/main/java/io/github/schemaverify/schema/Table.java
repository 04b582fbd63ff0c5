package io.github.schemaverify.schema;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apiguardian.api.API;

/**
 * A table or partitioned table with its columns, constraints, indexes, triggers and policies (each sorted by name).
 *
 * @param kind          {@code table} or {@code partitioned table}
 * @param partitionKey  {@code pg_get_partkeydef} of a partitioned table, else {@code ""}
 * @param partitionOf   the parent of a partition ({@code schema.table FOR VALUES ...}), else {@code ""}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Table(String schema, String name, String kind, String persistence, String partitionKey, String partitionOf,
        boolean rowSecurity, boolean forceRowSecurity, List<Column> columns, List<Constraint> constraints,
        List<Index> indexes, List<Trigger> triggers, List<Policy> policies) implements SchemaObject {

    public Table {
        columns = sorted(columns, Comparator.comparing(Column::name));
        constraints = sorted(constraints, Comparator.comparing(Constraint::name));
        indexes = sorted(indexes, Comparator.comparing(Index::name));
        triggers = sorted(triggers, Comparator.comparing(Trigger::name));
        policies = sorted(policies, Comparator.comparing(Policy::name));
    }

    static <T> List<T> sorted(List<T> items, Comparator<T> order) {
        return items.stream().sorted(order).toList();
    }

    @Override
    public String qualifiedName() {
        return schema + "." + name;
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("persistence", persistence).put("partition key", partitionKey).put("partition of", partitionOf)
                .put("row level security", rowSecurity ? (forceRowSecurity ? "forced" : "enabled") : "").build();
    }

    @Override
    public String summary() {
        return kind + " " + qualifiedName() + " (" + columns.size() + " columns)";
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    public Optional<Index> index(String indexName) {
        return indexes.stream().filter(i -> i.name().equals(indexName)).findFirst();
    }

    public Optional<Constraint> constraint(String constraintName) {
        return constraints.stream().filter(c -> c.name().equals(constraintName)).findFirst();
    }

    public Optional<Trigger> trigger(String triggerName) {
        return triggers.stream().filter(t -> t.name().equals(triggerName)).findFirst();
    }
}
