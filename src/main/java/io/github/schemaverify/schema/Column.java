package io.github.schemaverify.schema;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

import org.apiguardian.api.API;

/**
 * A column. {@code type} is {@code format_type} read with {@code public} and the extensions' schemas on the search
 * path, so {@code public.vector(1536)} reads {@code vector(1536)} and a type of another schema reads qualified
 * ({@code app.email}).
 *
 * @param identity        {@link Identity#NONE}, {@link Identity#ALWAYS} or {@link Identity#BY_DEFAULT}
 * @param notNull         {@code NOT NULL}, valid or not
 * @param generated       the generation expression of a {@code GENERATED ALWAYS AS (...)} column, else {@code ""}
 * @param position        the column's place in its table (1 for the first), counting only columns that exist: a column
 *                        dropped and added again moves to the end, which {@code SELECT *} and {@code INSERT} without a
 *                        column list notice. Not a property of the column: a diff reports it as the table's column order.
 * @param identityOptions the options of an identity column's sequence that differ from the defaults, e.g.
 *                        {@code START 100 INCREMENT 10 CACHE 20}, else {@code ""}
 * @param storage         {@code SET STORAGE}, {@link ColumnStorage#DEFAULT} when it is the type's default
 * @param compression     {@code SET COMPRESSION} ({@code pglz}, {@code lz4}), {@code ""} for the server's default
 * @param privileges      column privileges ({@code GRANT SELECT (email) ON tenants TO ...})
 * @param notNullValid    false for a {@code NOT NULL} added {@code NOT VALID} and not validated since (PostgreSQL 18),
 *                        whose rows may still hold nulls; true otherwise (a column without {@code NOT NULL} too)
 * @param virtual         a generated column computed when read ({@code VIRTUAL}, PostgreSQL 18), not {@code STORED}
 * @param statistics      {@code SET STATISTICS}: the statistics target {@code ANALYZE} uses for it, or -1 for the
 *                        server's default ({@code default_statistics_target})
 * @param options         {@code SET (n_distinct = ..., n_distinct_inherited = ...)}: the planner's options of the column,
 *                        by name
 * @param identityPrivileges the privileges on an identity column's sequence that differ from the default (its owner's):
 *                        {@code GRANT USAGE ON SEQUENCE ...}, {@code GRANT ... ON ALL SEQUENCES IN SCHEMA ...}
 * @param identitySequence the name of an identity column's sequence where it is not the one PostgreSQL gives it
 *                        ({@code <table>_<column>_seq}, shortened to 63 bytes as PostgreSQL shortens it), else {@code ""}:
 *                        after {@code ALTER SEQUENCE docs_id_seq RENAME TO ...}, or for a table renamed since (its
 *                        sequence keeps the old name). A later script that names it ({@code setval('docs_id_seq', ...)})
 *                        finds it only under its name
 * @param declaredLocally an inherited column that its table declares as well ({@code attislocal}): a {@code DROP COLUMN}
 *                        on the parent leaves it in this table. A table that stops inheriting ({@code NO INHERIT})
 *                        declares every column it inherited, and inheriting again does not take that back, so an undo
 *                        of a {@code NO INHERIT} by {@code INHERIT} leaves it set. False for a column not inherited and
 *                        for every column of a partition. A column the table declared before it starts to inherit one of
 *                        its name has it set from then on: a diff says that by the table's {@code inherits}, or by
 *                        {@code inherited was false, is true} where a parent took the column up
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Column(String schema, String table, String name, String type, boolean notNull, String defaultValue,
        Identity identity, String generated, String collation, int position, String identityOptions, ColumnStorage storage,
        String compression, List<Grant> privileges, boolean notNullValid, boolean virtual, int statistics,
        SortedMap<String, String> options, List<Grant> identityPrivileges, String identitySequence, boolean declaredLocally)
        implements SchemaObject {

    public Column {
        privileges = Grant.sorted(privileges);
        options = Collections.unmodifiableSortedMap(new TreeMap<>(options));
        identityPrivileges = Grant.sorted(identityPrivileges);
    }

    /**
     * A column not inherited (or inherited and not declared by its table), whose identity sequence, if any, has the name
     * PostgreSQL gives it, with every other component given.
     */
    public Column(String schema, String table, String name, String type, boolean notNull, String defaultValue,
            Identity identity, String generated, String collation, int position, String identityOptions, ColumnStorage storage,
            String compression, List<Grant> privileges, boolean notNullValid, boolean virtual, int statistics,
            SortedMap<String, String> options, List<Grant> identityPrivileges) {
        this(schema, table, name, type, notNull, defaultValue, identity, generated, collation, position, identityOptions,
                storage, compression, privileges, notNullValid, virtual, statistics, options, identityPrivileges, "", false);
    }

    /** The property that holds the privileges on an identity column's sequence: {@value}. */
    public static final String IDENTITY_PRIVILEGES = "identity sequence privileges";

    /** The property that holds the name of an identity column's sequence, where it is not the usual one: {@value}. */
    public static final String IDENTITY_SEQUENCE = "identity sequence name";

    /** The flag of an inherited column or constraint that its table declares as well: {@value}. */
    public static final String DECLARED_LOCALLY = "declared locally";

    /** A column without identity options, storage, compression or privileges of its own. */
    public Column(String schema, String table, String name, String type, boolean notNull, String defaultValue,
            Identity identity, String generated, String collation, int position) {
        this(schema, table, name, type, notNull, defaultValue, identity, generated, collation, position, "",
                ColumnStorage.DEFAULT, "", List.of());
    }

    /**
     * A column with the server's default statistics target, without planner options, whose identity sequence, if any,
     * has only its owner's privileges.
     */
    public Column(String schema, String table, String name, String type, boolean notNull, String defaultValue,
            Identity identity, String generated, String collation, int position, String identityOptions, ColumnStorage storage,
            String compression, List<Grant> privileges, boolean notNullValid, boolean virtual) {
        this(schema, table, name, type, notNull, defaultValue, identity, generated, collation, position, identityOptions,
                storage, compression, privileges, notNullValid, virtual, -1, new TreeMap<>(), List.of());
    }

    /** A column whose {@code NOT NULL}, if any, is valid, and whose generation expression, if any, is stored. */
    public Column(String schema, String table, String name, String type, boolean notNull, String defaultValue,
            Identity identity, String generated, String collation, int position, String identityOptions, ColumnStorage storage,
            String compression, List<Grant> privileges) {
        this(schema, table, name, type, notNull, defaultValue, identity, generated, collation, position, identityOptions,
                storage, compression, privileges, true, false);
    }

    @Override
    public String kind() {
        return "column";
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
        return Props.of().put("type", type).put("not null", notNull ? (notNullValid ? "true" : "true (NOT VALID)") : "false")
                .put("default", defaultValue).put("identity", identity.sql())
                .put("identity options", identityOptions).put("generated", generated).flag("virtual", virtual)
                .put("collation", collation)
                .put("storage", storage.sql()).put("compression", compression)
                .put("statistics", statistics < 0 ? "" : Integer.toString(statistics)).put("options", options)
                .grants(privileges).put(IDENTITY_PRIVILEGES, identityPrivileges.isEmpty() ? "" : Grant.text(identityPrivileges))
                .put(IDENTITY_SEQUENCE, identitySequence).flag(DECLARED_LOCALLY, declaredLocally).build();
    }

    @Override
    public String summary() {
        return type + (notNull ? (notNullValid ? " NOT NULL" : " NOT NULL NOT VALID") : " NULL")
                + (defaultValue.isEmpty() ? "" : " DEFAULT " + defaultValue)
                + (identity == Identity.NONE ? "" : " GENERATED " + identity.sql() + " AS IDENTITY"
                        + (identityOptions.isEmpty() && identitySequence.isEmpty() ? "" : " (" + (identitySequence.isEmpty()
                        ? identityOptions : "SEQUENCE NAME " + identitySequence + (identityOptions.isEmpty() ? "" : " "
                        + identityOptions)) + ")"))
                + (generated.isEmpty() ? "" : " GENERATED ALWAYS AS (" + generated + ")" + (virtual ? " VIRTUAL" : " STORED"))
                + (collation.isEmpty() ? "" : " COLLATE " + collation)
                + (storage == ColumnStorage.DEFAULT ? "" : " STORAGE " + storage.sql())
                + (compression.isEmpty() ? "" : " COMPRESSION " + compression)
                + (statistics < 0 ? "" : " STATISTICS " + statistics)
                + (options.isEmpty() ? "" : " (" + String.join(", ", options.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).toList()) + ")");
    }

    /**
     * The dimensions of a {@code vector(n)}, {@code halfvec(n)}, {@code sparsevec(n)} or {@code bit(n)} column, or -1.
     */
    public int dimensions() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(?:vector|halfvec|sparsevec|bit)\\((\\d+)\\)$").matcher(type);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof Column o
                && Objects.equals(schema, o.schema)
                && Objects.equals(table, o.table)
                && Objects.equals(name, o.name)
                && Objects.equals(type, o.type)
                && notNull == o.notNull
                && Objects.equals(defaultValue, o.defaultValue)
                && Objects.equals(identity, o.identity)
                && Objects.equals(generated, o.generated)
                && Objects.equals(collation, o.collation)
                && position == o.position
                && Objects.equals(identityOptions, o.identityOptions)
                && Objects.equals(storage, o.storage)
                && Objects.equals(compression, o.compression)
                && Objects.equals(privileges, o.privileges)
                && notNullValid == o.notNullValid
                && virtual == o.virtual
                && statistics == o.statistics
                && Objects.equals(options, o.options)
                && Objects.equals(identityPrivileges, o.identityPrivileges)
                && Objects.equals(identitySequence, o.identitySequence)
                && declaredLocally == o.declaredLocally;
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, table, name, type, notNull, defaultValue, identity, generated, collation, position,
                identityOptions, storage, compression, privileges, notNullValid, virtual, statistics, options, identityPrivileges,
                identitySequence, declaredLocally);
    }
}
