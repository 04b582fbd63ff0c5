package io.github.schemaverify.assertj;

import static io.github.schemaverify.assertj.error.ShouldHaveNoDifferences.shouldHaveNoDifferences;
import static io.github.schemaverify.assertj.error.ShouldHaveObject.shouldHaveObject;
import static io.github.schemaverify.assertj.error.ShouldNotHaveObject.shouldNotHaveObject;

import java.util.List;
import java.util.Optional;

import org.apiguardian.api.API;

import io.github.schemaverify.assertj.error.ShouldHaveExtensionForIndexes;
import io.github.schemaverify.schema.EnumType;
import io.github.schemaverify.schema.InstalledExtension;
import io.github.schemaverify.schema.OtherObject;
import io.github.schemaverify.schema.Routine;
import io.github.schemaverify.schema.SchemaObject;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.Table;
import io.github.schemaverify.schema.View;
import io.github.schemaverify.schema.diff.SchemaDiff;

/** Assertions on a whole {@link SchemaSnapshot}; navigates to tables, extensions, routines, views and types. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class SchemaSnapshotAssert extends SchemaAssert<SchemaSnapshotAssert, SchemaSnapshot> {
    private static final String SCHEMA = "the schema";

    public SchemaSnapshotAssert(SchemaSnapshot actual) {
        super(actual, SchemaSnapshotAssert.class);
    }

    private static List<String> names(List<? extends SchemaObject> objects) {
        return objects.stream().map(SchemaObject::qualifiedName).toList();
    }

    /** The installed extension, for version checks. */
    public ExtensionAssert hasExtension(String name) {
        return navigate(ExtensionAssert.class, InstalledExtension.class, s -> s.extension(name),
                s -> shouldHaveObject(SCHEMA, "extension", name, names(s.extensions())));
    }

    public SchemaSnapshotAssert doesNotHaveExtension(String name) {
        return check(s -> s.extension(name).isEmpty(), s -> shouldNotHaveObject(SCHEMA, "extension", name));
    }

    /** Navigates to a table by plain ({@code bots}) or qualified ({@code public.bots}) name. */
    public TableAssert table(String name) {
        return navigate(TableAssert.class, Table.class, s -> s.table(name), s -> shouldHaveObject(SCHEMA, "table", name, names(s.tables())));
    }

    public SchemaSnapshotAssert hasTable(String name) {
        table(name);
        return myself;
    }

    public SchemaSnapshotAssert doesNotHaveTable(String name) {
        return check(s -> s.table(name).isEmpty(), s -> shouldNotHaveObject(SCHEMA, "table", name));
    }

    /** Passes when at least one function or procedure has this name. */
    public SchemaSnapshotAssert hasFunction(String name) {
        function(name);
        return myself;
    }

    public SchemaSnapshotAssert doesNotHaveFunction(String name) {
        return check(s -> s.routines(name).isEmpty(), s -> shouldNotHaveObject(SCHEMA, "function", name));
    }

    /** Navigates to the function or procedure of this name (the first overload). */
    public RoutineAssert function(String name) {
        return navigate(RoutineAssert.class, Routine.class, s -> s.routines(name).stream().findFirst(),
                s -> shouldHaveObject(SCHEMA, "function", name, names(s.routines())));
    }

    public ViewAssert view(String name) {
        return navigate(ViewAssert.class, View.class, s -> s.view(name), s -> shouldHaveObject(SCHEMA, "view", name, names(s.views())));
    }

    public SchemaSnapshotAssert hasView(String name) {
        view(name);
        return myself;
    }

    public EnumTypeAssert enumType(String name) {
        return navigate(EnumTypeAssert.class, EnumType.class, s -> s.enumType(name),
                s -> shouldHaveObject(SCHEMA, "enum", name, names(s.enums())));
    }

    public SchemaSnapshotAssert hasSequence(String name) {
        return check(s -> s.sequence(name).isPresent(), s -> shouldHaveObject(SCHEMA, "sequence", name, names(s.sequences())));
    }

    public SchemaSnapshotAssert hasDomain(String name) {
        return check(s -> s.domain(name).isPresent(), s -> shouldHaveObject(SCHEMA, "domain", name, names(s.domains())));
    }

    public SchemaSnapshotAssert hasCompositeType(String name) {
        return check(s -> s.compositeType(name).isPresent(), s -> shouldHaveObject(SCHEMA, "type", name, names(s.compositeTypes())));
    }

    /**
     * States what the schema's indexes of one access method need of an extension: when some index uses
     * {@code method}, {@code extension} is installed at {@code version} or later (passes when no index uses it).
     * <pre>{@code
     * // HNSW indexes need pgvector 0.8.3 or later
     * assertThat(schema).hasExtensionAtLeastWhereIndexesUse("vector", "0.8.3", "hnsw");
     * }</pre>
     */
    public SchemaSnapshotAssert hasExtensionAtLeastWhereIndexesUse(String extension, String version, String method) {
        return check(s -> {
            List<String> using = s.indexes().stream().filter(i -> i.method().equals(method)).map(SchemaObject::qualifiedName)
                    .toList();
            Optional<String> installed = s.extension(extension).map(InstalledExtension::version);
            boolean enough = using.isEmpty() || installed.isPresent() && Versions.compare(installed.get(), version) >= 0;
            return enough ? Optional.empty() : Optional.of(ShouldHaveExtensionForIndexes.shouldHaveExtensionForIndexes(extension,
                    version, method, installed.orElse(null), using));
        });
    }

    /** Passes when a range type of this name (plain or qualified) exists. */
    public SchemaSnapshotAssert hasRangeType(String name) {
        return check(s -> s.rangeType(name).isPresent(), s -> shouldHaveObject(SCHEMA, "range type", name, names(s.rangeTypes())));
    }

    public SchemaSnapshotAssert hasCollation(String name) {
        return check(s -> s.collation(name).isPresent(), s -> shouldHaveObject(SCHEMA, "collation", name, names(s.collations())));
    }

    public SchemaSnapshotAssert hasPublication(String name) {
        return check(s -> s.publication(name).isPresent(), s -> shouldHaveObject(SCHEMA, "publication", name, names(s.publications())));
    }

    public SchemaSnapshotAssert hasEventTrigger(String name) {
        return check(s -> s.eventTrigger(name).isPresent(), s -> shouldHaveObject(SCHEMA, "event trigger", name, names(s.eventTriggers())));
    }

    /**
     * Passes when an object of a kind without a record of its own exists with this name (plain or qualified), such as
     * a text search configuration or an operator class; the failure lists those of the kind.
     * <pre>{@code
     * assertThat(schema).hasOtherObject("text search configuration", "english_unaccent")
     *     .hasOtherObject("operator class", "app.int4_reverse_ops USING btree");
     * }</pre>
     *
     * @param kind one of {@link OtherObject#KINDS}: {@code text search configuration}, {@code operator}, {@code
     *             foreign table}, ...
     * @throws IllegalArgumentException naming the kinds, when {@code kind} is none of them
     */
    public SchemaSnapshotAssert hasOtherObject(String kind, String name) {
        OtherObject.checkKind(kind);
        return check(s -> s.otherObject(kind, name).isPresent(), s -> shouldHaveObject(SCHEMA, kind, name,
                names(s.otherObjects().stream().filter(o -> o.kind().equals(kind)).toList())));
    }

    /** Passes when no object of this kind without a record of its own has this name (plain or qualified). */
    public SchemaSnapshotAssert doesNotHaveOtherObject(String kind, String name) {
        OtherObject.checkKind(kind);
        return check(s -> s.otherObject(kind, name).isEmpty(), s -> shouldNotHaveObject(SCHEMA, kind, name));
    }

    /** Passes when the two schemas have no differences; the failure lists them. */
    public SchemaSnapshotAssert hasSameSchemaAs(SchemaSnapshot expected) {
        return check(s -> SchemaDiff.between(expected, s).isEmpty(), s -> shouldHaveNoDifferences(SchemaDiff.between(expected, s)));
    }
}
