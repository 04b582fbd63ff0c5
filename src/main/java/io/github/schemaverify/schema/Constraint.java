package io.github.schemaverify.schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * A table constraint.
 *
 * @param type       primary key, foreign key, unique, check or exclusion
 * @param definition {@code pg_get_constraintdef}, e.g. {@code FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE
 *                   CASCADE}; it ends in {@code NOT VALID} for a constraint not validated
 * @param triggers   the tables where the triggers that enforce it (a foreign key's, a deferrable unique key's) are not
 *                   enabled as PostgreSQL creates them, each with their state ({@code public.tenants: disabled}, after
 *                   {@code ALTER TABLE tenants DISABLE TRIGGER ALL}, which stops the key's checks there); empty when
 *                   they all are
 * @param declaredLocally an inherited constraint that its table declares as well ({@code conislocal}): dropping it from
 *                   the parent leaves it in this table. A table that stops inheriting ({@code NO INHERIT}) declares
 *                   every constraint it inherited, and inheriting again ({@code INHERIT}) leaves them so. False for a
 *                   constraint not inherited and for a partition's
 * @param referencedIndex of a foreign key that does not use its referenced table's primary key, the unique index it
 *                   uses ({@code schema.name}, {@code conindid}): where that table has more than one on the referenced
 *                   columns (a primary key and a unique constraint on {@code id}), which one PostgreSQL took depends
 *                   on what existed when the key was added, and that one cannot be dropped while the key stands;
 *                   else {@code ""}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Constraint(String schema, String table, String name, ConstraintType type, List<String> columns,
        String definition, boolean validated, List<String> triggers, boolean declaredLocally, String referencedIndex)
        implements SchemaObject {
    public Constraint {
        columns = List.copyOf(columns);
        triggers = List.copyOf(triggers);
    }

    /** A constraint whose referenced index, if it is a foreign key, is not known. */
    public Constraint(String schema, String table, String name, ConstraintType type, List<String> columns,
            String definition, boolean validated, List<String> triggers, boolean declaredLocally) {
        this(schema, table, name, type, columns, definition, validated, triggers, declaredLocally, "");
    }

    /** A constraint not inherited (or inherited and not declared by its table). */
    public Constraint(String schema, String table, String name, ConstraintType type, List<String> columns,
            String definition, boolean validated, List<String> triggers) {
        this(schema, table, name, type, columns, definition, validated, triggers, false);
    }

    /** A constraint whose triggers, if it has any, are all enabled. */
    public Constraint(String schema, String table, String name, ConstraintType type, List<String> columns,
            String definition, boolean validated) {
        this(schema, table, name, type, columns, definition, validated, List.of());
    }

    @Override
    public String kind() {
        return "constraint";
    }

    @Override
    public String qualifiedName() {
        return schema + "." + table + "." + name;
    }

    @Override
    public String parent() {
        return schema + "." + table;
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("type", type.sql()).put("definition", definition).put("validated", validated)
                .put("triggers", triggers).flag(Column.DECLARED_LOCALLY, declaredLocally).put("referenced index", referencedIndex)
                .build();
    }

    /** The definition; PostgreSQL already ends it in {@code NOT VALID} when the constraint is not validated. */
    @Override
    public String summary() {
        return definition + (validated || definition.endsWith(" NOT VALID") ? "" : " NOT VALID")
                + (triggers.isEmpty() ? "" : " (triggers " + String.join(", ", triggers) + ")");
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof Constraint o
                && Objects.equals(schema, o.schema)
                && Objects.equals(table, o.table)
                && Objects.equals(name, o.name)
                && Objects.equals(type, o.type)
                && Objects.equals(columns, o.columns)
                && Objects.equals(definition, o.definition)
                && validated == o.validated
                && Objects.equals(triggers, o.triggers)
                && declaredLocally == o.declaredLocally
                && Objects.equals(referencedIndex, o.referencedIndex);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, table, name, type, columns, definition, validated, triggers, declaredLocally, referencedIndex);
    }
}
