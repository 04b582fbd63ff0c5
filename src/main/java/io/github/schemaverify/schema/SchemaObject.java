package io.github.schemaverify.schema;

import java.util.Map;

import org.apiguardian.api.API;

/**
 * One object of a schema as diffs and canonical text see it: a kind ("table", "index", ...), a qualified name
 * unique within its kind, and its properties in a fixed order.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public sealed interface SchemaObject permits InstalledExtension, SchemaName, Table, Column, Constraint, Index, Trigger,
        Policy, Sequence, View, Routine, EnumType, Domain, CompositeType, Comment, Rule, Statistics, RangeType, Collation,
        Cast, Publication, EventTrigger, DefaultPrivileges, Role, OtherObject, RecordedObject {

    /** The kind, as messages print it: {@code table}, {@code column}, {@code index}, ... */
    String kind();

    /** The name, qualified enough to be unique within its kind, e.g. {@code public.memory_shards.embedding}. */
    String qualifiedName();

    /** The properties that make two objects of the same name equal or not, in a stable order. */
    Map<String, String> properties();

    /** A short SQL-like summary, e.g. {@code ivfflat (embedding vector_cosine_ops) WITH (lists=100)}. */
    String summary();

    /**
     * The qualified name of the table, view or type this object belongs to ({@code public.bots} for a column, index,
     * constraint, trigger, policy or comment of it), or {@code ""} for an object that stands on its own. A diff shows
     * a table added or removed as one line, without its parts.
     */
    default String parent() {
        return "";
    }

    /** {@code kind qualifiedName}, the key diffs match objects by. */
    default String key() {
        return kind() + " " + qualifiedName();
    }
}
