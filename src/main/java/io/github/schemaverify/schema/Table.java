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

    /** The column names in their order in the table (as {@code SELECT *} returns them). */
    public List<String> columnOrder() {
        return columns.stream().sorted(Comparator.comparingInt(Column::position)).map(Column::name).toList();
    }

    /**
     * The properties; {@value #COLUMN_ORDER} lists the columns in table order (a diff reports it only when columns
     * present on both sides changed places).
     */
    @Override
    public Map<String, String> properties() {
        return Props.of().put("persistence", persistence).put("partition key", partitionKey).put("partition of", partitionOf)
                .put("row level security", rowSecurity ? (forceRowSecurity ? "forced" : "enabled") : "")
                .put(COLUMN_ORDER, columnOrder()).build();
    }

    /** The property that lists the columns in table order: {@value}. */
    public static final String COLUMN_ORDER = "column order";

    /** The columns in table order with their types, the primary key, and the table's key settings. */
    @Override
    public String summary() {
        List<String> parts = new java.util.ArrayList<>();
        parts.add(String.join(", ", columns.stream().sorted(Comparator.comparingInt(Column::position))
                .map(c -> c.name() + " " + c.type() + (c.notNull() ? " NOT NULL" : "")).toList()));
        constraints.stream().filter(c -> c.type().equals("PRIMARY KEY")).findFirst().ifPresent(pk -> parts.add(pk.definition()));
        int others = indexes.size() - (int) indexes.stream().filter(Index::primary).count();
        if (others > 0) {
            parts.add(others + (others == 1 ? " index" : " indexes"));
        }
        if (!triggers.isEmpty()) {
            parts.add(triggers.size() + (triggers.size() == 1 ? " trigger" : " triggers"));
        }
        if (!persistence.equals("permanent")) {
            parts.add(persistence.toUpperCase(java.util.Locale.ROOT));
        }
        if (rowSecurity) {
            parts.add("ROW LEVEL SECURITY" + (forceRowSecurity ? " FORCED" : ""));
        }
        if (!partitionKey.isEmpty()) {
            parts.add("PARTITION BY " + partitionKey);
        }
        if (!partitionOf.isEmpty()) {
            parts.add("PARTITION OF " + partitionOf);
        }
        return String.join("; ", parts.stream().filter(p -> !p.isEmpty()).toList());
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
