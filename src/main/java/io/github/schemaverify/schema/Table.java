package io.github.schemaverify.schema;

import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.apiguardian.api.API;

/**
 * A table or partitioned table with its columns, constraints, indexes, triggers, policies, rules and extended
 * statistics (each sorted by name).
 *
 * @param tableKind            plain or partitioned; {@link #kind()} is its word
 * @param partitionKey         {@code pg_get_partkeydef} of a partitioned table, else {@code ""}
 * @param partitionOf          the parent of a partition ({@code schema.table FOR VALUES ...}), else {@code ""}
 * @param inherits             the parents of {@code INHERITS (...)}, in order, qualified
 * @param replicaIdentity      {@code REPLICA IDENTITY}; {@link ReplicaIdentity#DEFAULT} is the primary key's
 * @param replicaIdentityIndex the index of {@code REPLICA IDENTITY USING INDEX}, else {@code ""}
 * @param options              storage parameters ({@code fillfactor}, {@code autovacuum_*}, and the TOAST table's as
 *                             {@code toast.*})
 * @param owner                the role that owns it
 * @param privileges           the privileges that differ from the default (the owner's)
 * @param ofType               the composite type of a typed table ({@code CREATE TABLE ... OF type}), else {@code ""}
 * @param accessMethod         its table access method ({@code USING}, {@code SET ACCESS METHOD}) where it is not
 *                             {@code heap}, else {@code ""}; of a partitioned table, the one it names (PostgreSQL 17),
 *                             {@code heap} too, else {@code ""}
 * @param tablespace           its tablespace ({@code TABLESPACE}, {@code SET TABLESPACE}) where it is not the database's
 *                             default, else {@code ""}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Table(String schema, String name, TableKind tableKind, Persistence persistence, String partitionKey,
        String partitionOf, boolean rowSecurity, boolean forceRowSecurity, List<Column> columns, List<Constraint> constraints,
        List<Index> indexes, List<Trigger> triggers, List<Policy> policies, List<String> inherits,
        ReplicaIdentity replicaIdentity, String replicaIdentityIndex, SortedMap<String, String> options,
        List<Rule> rules, List<Statistics> statistics, String owner, List<Grant> privileges, String ofType,
        String accessMethod, String tablespace) implements SchemaObject {

    public Table {
        columns = sorted(columns, Comparator.comparing(Column::name));
        constraints = sorted(constraints, Comparator.comparing(Constraint::name));
        indexes = sorted(indexes, Comparator.comparing(Index::name));
        triggers = sorted(triggers, Comparator.comparing(Trigger::name));
        policies = sorted(policies, Comparator.comparing(Policy::name));
        inherits = List.copyOf(inherits);
        options = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(options));
        rules = sorted(rules, Comparator.comparing(Rule::name));
        statistics = sorted(statistics, Comparator.comparing(Statistics::qualifiedName));
        privileges = Grant.sorted(privileges);
    }

    /** A table of the {@code heap} access method in the database's default tablespace. */
    public Table(String schema, String name, TableKind tableKind, Persistence persistence, String partitionKey,
            String partitionOf, boolean rowSecurity, boolean forceRowSecurity, List<Column> columns, List<Constraint> constraints,
            List<Index> indexes, List<Trigger> triggers, List<Policy> policies, List<String> inherits,
            ReplicaIdentity replicaIdentity, String replicaIdentityIndex, SortedMap<String, String> options,
            List<Rule> rules, List<Statistics> statistics, String owner, List<Grant> privileges, String ofType) {
        this(schema, name, tableKind, persistence, partitionKey, partitionOf, rowSecurity, forceRowSecurity, columns,
                constraints, indexes, triggers, policies, inherits, replicaIdentity, replicaIdentityIndex, options, rules,
                statistics, owner, privileges, ofType, "", "");
    }

    /** A table that is not typed ({@code OF type}). */
    public Table(String schema, String name, TableKind tableKind, Persistence persistence, String partitionKey,
            String partitionOf, boolean rowSecurity, boolean forceRowSecurity, List<Column> columns, List<Constraint> constraints,
            List<Index> indexes, List<Trigger> triggers, List<Policy> policies, List<String> inherits,
            ReplicaIdentity replicaIdentity, String replicaIdentityIndex, SortedMap<String, String> options,
            List<Rule> rules, List<Statistics> statistics, String owner, List<Grant> privileges) {
        this(schema, name, tableKind, persistence, partitionKey, partitionOf, rowSecurity, forceRowSecurity, columns,
                constraints, indexes, triggers, policies, inherits, replicaIdentity, replicaIdentityIndex, options, rules,
                statistics, owner, privileges, "");
    }

    /** A table without inheritance, rules, statistics, storage parameters, owner or privileges. */
    public Table(String schema, String name, TableKind tableKind, Persistence persistence, String partitionKey,
            String partitionOf, boolean rowSecurity, boolean forceRowSecurity, List<Column> columns,
            List<Constraint> constraints, List<Index> indexes, List<Trigger> triggers, List<Policy> policies) {
        this(schema, name, tableKind, persistence, partitionKey, partitionOf, rowSecurity, forceRowSecurity, columns,
                constraints, indexes, triggers, policies, List.of(), ReplicaIdentity.DEFAULT, "", new TreeMap<>(), List.of(),
                List.of(), "", List.of());
    }

    static <T> List<T> sorted(List<T> items, Comparator<T> order) {
        // stable, as a stream's sort; every reading of the schema builds each table, so no stream pipeline per list
        @SuppressWarnings("unchecked")
        T[] array = (T[]) items.toArray();
        Arrays.sort(array, order);
        return Collections.unmodifiableList(Arrays.asList(array));
    }

    /** {@code table} or {@code partitioned table}. */
    @Override
    public String kind() {
        return tableKind.word();
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
     * {@code enabled}, {@code forced}, or, where {@code FORCE ROW LEVEL SECURITY} was left on a table whose row-level
     * security is disabled, what takes effect the moment it is enabled again.
     */
    private String rowSecurityText() {
        if (rowSecurity) {
            return forceRowSecurity ? "forced" : "enabled";
        }
        return forceRowSecurity ? "disabled with FORCE" : "";
    }

    private String replicaIdentityText() {
        return switch (replicaIdentity) {
            case DEFAULT -> "";
            case INDEX -> "USING INDEX " + replicaIdentityIndex;
            default -> replicaIdentity.sql();
        };
    }

    /**
     * The properties; {@value #COLUMN_ORDER} lists the columns in table order (a diff reports it only when columns
     * present on both sides changed places).
     */
    @Override
    public Map<String, String> properties() {
        return Props.of().put("persistence", persistence.word()).put("partition key", partitionKey)
                .put("partition of", partitionOf).put("inherits", inherits)
                .put("of type", ofType)
                .put("row level security", rowSecurityText())
                .put("replica identity", replicaIdentityText()).put("options", options)
                .put("access method", accessMethod).put("tablespace", tablespace)
                .put(Props.OWNER, owner).grants(privileges).put(COLUMN_ORDER, columnOrder()).build();
    }

    /** The property that lists the columns in table order: {@value}. */
    public static final String COLUMN_ORDER = "column order";

    /**
     * The columns in table order with their types, the primary key, how many indexes of its own (not a constraint's)
     * and triggers it has, and the table's key settings.
     */
    @Override
    public String summary() {
        List<String> parts = new java.util.ArrayList<>();
        parts.add(String.join(", ", columns.stream().sorted(Comparator.comparingInt(Column::position))
                .map(c -> c.name() + " " + c.type() + (!c.notNull() ? "" : c.notNullValid() ? " NOT NULL"
                        : " NOT NULL NOT VALID")).toList()));
        constraints.stream().filter(c -> c.type() == ConstraintType.PRIMARY_KEY).findFirst()
                .ifPresent(pk -> parts.add(pk.definition()));
        // the indexes of its own (a key's or a unique or exclusion constraint's goes with the constraint)
        int others = (int) indexes.stream().filter(i -> !i.primary() && constraint(i.name()).map(c -> !c.type().hasIndex())
                .orElse(true)).count();
        if (others > 0) {
            parts.add(others + (others == 1 ? " index" : " indexes"));
        }
        if (!triggers.isEmpty()) {
            parts.add(triggers.size() + (triggers.size() == 1 ? " trigger" : " triggers"));
        }
        if (persistence != Persistence.PERMANENT) {
            parts.add(persistence.name());
        }
        if (rowSecurity) {
            parts.add("ROW LEVEL SECURITY" + (forceRowSecurity ? " FORCED" : ""));
        } else if (forceRowSecurity) {
            parts.add("ROW LEVEL SECURITY DISABLED WITH FORCE");
        }
        if (!ofType.isEmpty()) {
            parts.add("OF " + ofType);
        }
        if (!partitionKey.isEmpty()) {
            parts.add("PARTITION BY " + partitionKey);
        }
        if (!partitionOf.isEmpty()) {
            parts.add("PARTITION OF " + partitionOf);
        }
        if (!inherits.isEmpty()) {
            parts.add("INHERITS (" + String.join(", ", inherits) + ")");
        }
        if (!options.isEmpty()) {
            parts.add("WITH (" + String.join(", ", options.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .toList()) + ")");
        }
        if (replicaIdentity != ReplicaIdentity.DEFAULT) {
            parts.add("REPLICA IDENTITY " + replicaIdentityText());
        }
        if (!accessMethod.isEmpty()) {
            parts.add("USING " + accessMethod);
        }
        if (!tablespace.isEmpty()) {
            parts.add("TABLESPACE " + tablespace);
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

    public Optional<Rule> rule(String ruleName) {
        return rules.stream().filter(r -> r.name().equals(ruleName)).findFirst();
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof Table o
                && Objects.equals(schema, o.schema)
                && Objects.equals(name, o.name)
                && Objects.equals(tableKind, o.tableKind)
                && Objects.equals(persistence, o.persistence)
                && Objects.equals(partitionKey, o.partitionKey)
                && Objects.equals(partitionOf, o.partitionOf)
                && rowSecurity == o.rowSecurity
                && forceRowSecurity == o.forceRowSecurity
                && Objects.equals(columns, o.columns)
                && Objects.equals(constraints, o.constraints)
                && Objects.equals(indexes, o.indexes)
                && Objects.equals(triggers, o.triggers)
                && Objects.equals(policies, o.policies)
                && Objects.equals(inherits, o.inherits)
                && Objects.equals(replicaIdentity, o.replicaIdentity)
                && Objects.equals(replicaIdentityIndex, o.replicaIdentityIndex)
                && Objects.equals(options, o.options)
                && Objects.equals(rules, o.rules)
                && Objects.equals(statistics, o.statistics)
                && Objects.equals(owner, o.owner)
                && Objects.equals(privileges, o.privileges)
                && Objects.equals(ofType, o.ofType)
                && Objects.equals(accessMethod, o.accessMethod)
                && Objects.equals(tablespace, o.tablespace);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, name, tableKind, persistence, partitionKey, partitionOf, rowSecurity,
                forceRowSecurity, columns, constraints, indexes, triggers, policies, inherits, replicaIdentity,
                replicaIdentityIndex, options, rules, statistics, owner, privileges, ofType, accessMethod, tablespace);
    }
}
