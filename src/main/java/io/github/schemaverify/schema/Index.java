package io.github.schemaverify.schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

import org.apiguardian.api.API;

/**
 * An index on a table or materialized view.
 *
 * @param keys        key columns or expressions, in index order
 * @param opclasses   the operator class of each key, in index order (e.g. {@code vector_cosine_ops}), with its options
 *                    where it has any ({@code gist_trgm_ops(siglen=64)})
 * @param options     storage parameters such as {@code lists}, {@code m}, {@code ef_construction}
 * @param include     {@code INCLUDE} columns
 * @param predicate   the {@code WHERE} of a partial index, else {@code ""}
 * @param valid       {@code indisvalid}: false after a failed {@code CREATE INDEX CONCURRENTLY}
 * @param ready       {@code indisready}
 * @param keyOptions  per key, in index order: its collation where it is not the column's (or, for an expression,
 *                    the default), and its ordering where it is not {@code ASC NULLS LAST}, e.g. {@code COLLATE "C"},
 *                    {@code DESC}, {@code NULLS FIRST}; {@code ""} for a key with neither
 * @param nullsNotDistinct {@code NULLS NOT DISTINCT} (PostgreSQL 15 and later): a unique index that treats nulls as equal
 * @param clustered   whether it is the index {@code CLUSTER} uses when it names none ({@code CLUSTER ... USING},
 *                    {@code ALTER TABLE ... CLUSTER ON})
 * @param tablespace  its tablespace where it is not the database's default, else {@code ""}
 * @param statistics  the statistics targets set on its expression columns ({@code ALTER INDEX ... ALTER COLUMN 1 SET
 *                    STATISTICS 1000} reads {@code column 1 STATISTICS 1000}), else {@code ""}
 * @param partitionOf the index of the partitioned table that this index of a partition is attached to ({@code
 *                    schema.name}: PostgreSQL creates it so with the partitioned table's index, {@code ALTER INDEX ...
 *                    ATTACH PARTITION} attaches one made before), else {@code ""}: an index of a table that is no
 *                    partition, or a partition's index not attached (no {@code ALTER INDEX} detaches one; {@code DETACH
 *                    PARTITION} of its table does)
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Index(String schema, String table, String name, String method, boolean unique, boolean primary,
        List<String> keys, List<String> opclasses, SortedMap<String, String> options, List<String> include,
        String predicate, boolean valid, boolean ready, List<String> keyOptions, boolean nullsNotDistinct,
        boolean clustered, String tablespace, String statistics, String partitionOf) implements SchemaObject {
    public Index {
        keys = List.copyOf(keys);
        keyOptions = keyOptions.isEmpty() ? java.util.Collections.nCopies(keys.size(), "") : List.copyOf(keyOptions);
        opclasses = List.copyOf(opclasses);
        options = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(options));
        include = List.copyOf(include);
    }

    /** An index not attached to a partitioned table's index. */
    public Index(String schema, String table, String name, String method, boolean unique, boolean primary,
            List<String> keys, List<String> opclasses, SortedMap<String, String> options, List<String> include,
            String predicate, boolean valid, boolean ready, List<String> keyOptions, boolean nullsNotDistinct,
            boolean clustered, String tablespace, String statistics) {
        this(schema, table, name, method, unique, primary, keys, opclasses, options, include, predicate, valid, ready,
                keyOptions, nullsNotDistinct, clustered, tablespace, statistics, "");
    }

    /** An index without statistics targets of its own. */
    public Index(String schema, String table, String name, String method, boolean unique, boolean primary,
            List<String> keys, List<String> opclasses, SortedMap<String, String> options, List<String> include,
            String predicate, boolean valid, boolean ready, List<String> keyOptions, boolean nullsNotDistinct,
            boolean clustered, String tablespace) {
        this(schema, table, name, method, unique, primary, keys, opclasses, options, include, predicate, valid, ready,
                keyOptions, nullsNotDistinct, clustered, tablespace, "");
    }

    /** An index that {@code CLUSTER} does not use by default, in the database's default tablespace. */
    public Index(String schema, String table, String name, String method, boolean unique, boolean primary,
            List<String> keys, List<String> opclasses, SortedMap<String, String> options, List<String> include,
            String predicate, boolean valid, boolean ready, List<String> keyOptions, boolean nullsNotDistinct) {
        this(schema, table, name, method, unique, primary, keys, opclasses, options, include, predicate, valid, ready,
                keyOptions, nullsNotDistinct, false, "");
    }

    /** An index whose keys have no collation or ordering of their own, and whose nulls are distinct. */
    public Index(String schema, String table, String name, String method, boolean unique, boolean primary,
            List<String> keys, List<String> opclasses, SortedMap<String, String> options, List<String> include,
            String predicate, boolean valid, boolean ready) {
        this(schema, table, name, method, unique, primary, keys, opclasses, options, include, predicate, valid, ready,
                List.of(), false);
    }

    /** The keys with options, as {@code key option}: {@code created_at DESC, name COLLATE "C"}. */
    private List<String> keysWithOptions() {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (i < keyOptions.size() && !keyOptions.get(i).isEmpty()) {
                out.add(keys.get(i) + " " + keyOptions.get(i));
            }
        }
        return out;
    }

    @Override
    public String kind() {
        return "index";
    }

    @Override
    public String qualifiedName() {
        return schema + "." + name;
    }

    @Override
    public String parent() {
        return schema + "." + table;
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("table", schema + "." + table).put("method", method).put("unique", unique).put("primary", primary)
                .put("keys", keys).put("key options", keysWithOptions()).put("opclasses", opclasses).put("options", options).put("include", include)
                .put("predicate", predicate).flag("nulls not distinct", nullsNotDistinct).put("valid", valid).put("ready", ready)
                .flag("clustered", clustered).put("tablespace", tablespace).put("statistics", statistics)
                .put("partition of", partitionOf).build();
    }

    @Override
    public String summary() {
        StringBuilder s = new StringBuilder(unique ? "UNIQUE " : "").append(method).append(" on ").append(table).append(" (");
        for (int i = 0; i < keys.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(keys.get(i));
            String opclass = i < opclasses.size() ? opclasses.get(i) : "";
            if (!opclass.isEmpty() && !"btree".equals(method)) {
                s.append(' ').append(opclass);
            }
            if (i < keyOptions.size() && !keyOptions.get(i).isEmpty()) {
                s.append(' ').append(keyOptions.get(i));
            }
        }
        s.append(')');
        if (nullsNotDistinct) {
            s.append(" NULLS NOT DISTINCT");
        }
        if (!include.isEmpty()) {
            s.append(" INCLUDE (").append(String.join(", ", include)).append(')');
        }
        if (!options.isEmpty()) {
            s.append(" WITH (").append(String.join(", ", options.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()))
                    .append(')');
        }
        if (!tablespace.isEmpty()) {
            s.append(" TABLESPACE ").append(tablespace);
        }
        if (!statistics.isEmpty()) {
            s.append(" (").append(statistics).append(')');
        }
        if (!predicate.isEmpty()) {
            s.append(" WHERE ").append(predicate);
        }
        if (!valid) {
            s.append(" INVALID");
        }
        if (clustered) {
            s.append(" CLUSTERED");
        }
        if (!partitionOf.isEmpty()) {
            s.append(" PARTITION OF ").append(partitionOf);
        }
        return s.toString();
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof Index o
                && Objects.equals(schema, o.schema)
                && Objects.equals(table, o.table)
                && Objects.equals(name, o.name)
                && Objects.equals(method, o.method)
                && unique == o.unique
                && primary == o.primary
                && Objects.equals(keys, o.keys)
                && Objects.equals(opclasses, o.opclasses)
                && Objects.equals(options, o.options)
                && Objects.equals(include, o.include)
                && Objects.equals(predicate, o.predicate)
                && valid == o.valid
                && ready == o.ready
                && Objects.equals(keyOptions, o.keyOptions)
                && nullsNotDistinct == o.nullsNotDistinct
                && clustered == o.clustered
                && Objects.equals(tablespace, o.tablespace)
                && Objects.equals(statistics, o.statistics)
                && Objects.equals(partitionOf, o.partitionOf);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, table, name, method, unique, primary, keys, opclasses, options, include, predicate,
                valid, ready, keyOptions, nullsNotDistinct, clustered, tablespace, statistics, partitionOf);
    }
}
