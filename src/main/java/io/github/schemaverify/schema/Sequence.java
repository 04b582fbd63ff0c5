package io.github.schemaverify.schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * A sequence (identity sequences are shown on their column instead).
 *
 * @param ownedBy     the column of {@code OWNED BY}, {@code schema.table.column}, else {@code ""}
 * @param owner       the role that owns it
 * @param privileges  the privileges that differ from the default (the owner's)
 * @param persistence {@link Persistence#UNLOGGED} for {@code CREATE UNLOGGED SEQUENCE} (PostgreSQL 15), else
 *                    {@link Persistence#PERMANENT}; the sequence of an unlogged table's column, unlogged with its table
 *                    from 15 on, reads {@link Persistence#PERMANENT} as on earlier versions
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Sequence(String schema, String name, String type, long start, long increment, long min, long max, long cache,
        boolean cycle, String ownedBy, String owner, List<Grant> privileges, Persistence persistence)
        implements SchemaObject {
    public Sequence {
        privileges = Grant.sorted(privileges);
    }

    /** A sequence that is logged. */
    public Sequence(String schema, String name, String type, long start, long increment, long min, long max, long cache,
            boolean cycle, String ownedBy, String owner, List<Grant> privileges) {
        this(schema, name, type, start, increment, min, max, cache, cycle, ownedBy, owner, privileges, Persistence.PERMANENT);
    }

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
                .put("cache", cache).put("cycle", cycle).put("owned by", ownedBy)
                .put("persistence", persistence == Persistence.PERMANENT ? "" : persistence.word())
                .put(Props.OWNER, owner).grants(privileges).build();
    }

    @Override
    public String summary() {
        String others = options(false);
        return (persistence == Persistence.PERMANENT ? "" : persistence.name() + " ") + type + " START " + start
                + " INCREMENT " + increment + (others.isEmpty() ? "" : " " + others) + (ownedBy.isEmpty() ? "" : " OWNED BY " + ownedBy);
    }

    /**
     * The options that differ from what {@code CREATE SEQUENCE} without options gives a sequence of this type and
     * direction, e.g. {@code START 100 INCREMENT 10 CACHE 20 CYCLE}; {@code ""} when none do. An identity column
     * shows its sequence this way.
     */
    public String options() {
        return options(true);
    }

    /**
     * Whether {@code MINVALUE} is the one {@code CREATE SEQUENCE} gives a sequence of this type and direction (so that
     * {@code ALTER SEQUENCE ... AS integer} changes it with the type).
     */
    public boolean hasDefaultMinValue() {
        return min == defaultMin();
    }

    /** As {@link #hasDefaultMinValue()}, of {@code MAXVALUE}. */
    public boolean hasDefaultMaxValue() {
        return max == defaultMax();
    }

    private long defaultMin() {
        long typeMin = switch (type) {
            case "smallint" -> Short.MIN_VALUE;
            case "integer" -> Integer.MIN_VALUE;
            default -> Long.MIN_VALUE;
        };
        return increment > 0 ? 1 : typeMin;
    }

    private long defaultMax() {
        long typeMax = switch (type) {
            case "smallint" -> Short.MAX_VALUE;
            case "integer" -> Integer.MAX_VALUE;
            default -> Long.MAX_VALUE;
        };
        return increment > 0 ? typeMax : -1;
    }

    private String options(boolean startAndIncrement) {
        boolean ascending = increment > 0;
        List<String> parts = new java.util.ArrayList<>();
        if (startAndIncrement && start != (ascending ? min : max)) {
            parts.add("START " + start);
        }
        if (startAndIncrement && increment != 1) {
            parts.add("INCREMENT " + increment);
        }
        if (!hasDefaultMinValue()) {
            parts.add("MINVALUE " + min);
        }
        if (!hasDefaultMaxValue()) {
            parts.add("MAXVALUE " + max);
        }
        if (cache != 1) {
            parts.add("CACHE " + cache);
        }
        if (cycle) {
            parts.add("CYCLE");
        }
        return String.join(" ", parts);
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof Sequence o
                && Objects.equals(schema, o.schema)
                && Objects.equals(name, o.name)
                && Objects.equals(type, o.type)
                && start == o.start
                && increment == o.increment
                && min == o.min
                && max == o.max
                && cache == o.cache
                && cycle == o.cycle
                && Objects.equals(ownedBy, o.ownedBy)
                && Objects.equals(owner, o.owner)
                && Objects.equals(privileges, o.privileges)
                && Objects.equals(persistence, o.persistence);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, name, type, start, increment, min, max, cache, cycle, ownedBy, owner, privileges,
                persistence);
    }
}
