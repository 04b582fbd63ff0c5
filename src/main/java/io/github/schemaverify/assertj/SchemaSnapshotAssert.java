package io.github.schemaverify.assertj;

import java.util.List;
import java.util.Optional;

import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import io.github.schemaverify.assertj.error.SchemaErrors;
import io.github.schemaverify.schema.EnumType;
import io.github.schemaverify.schema.InstalledExtension;
import io.github.schemaverify.schema.Routine;
import io.github.schemaverify.schema.SchemaObject;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.Table;
import io.github.schemaverify.schema.View;
import io.github.schemaverify.schema.diff.SchemaDiff;

/** Assertions on a whole {@link SchemaSnapshot}; navigates to tables, extensions, routines, views and types. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SchemaSnapshotAssert extends AbstractAssert<SchemaSnapshotAssert, SchemaSnapshot> {
    private static final String SCHEMA = "the schema";

    SchemaSnapshotAssert(SchemaSnapshot actual) {
        super(actual, SchemaSnapshotAssert.class);
    }

    private static List<String> names(List<? extends SchemaObject> objects) {
        return objects.stream().map(SchemaObject::qualifiedName).toList();
    }

    /** The installed extension, for version checks. */
    public ExtensionAssert hasExtension(String name) {
        isNotNull();
        Optional<InstalledExtension> extension = actual.extension(name);
        if (extension.isEmpty()) {
            failWithMessage("%s", SchemaErrors.shouldHave(SCHEMA, "extension", name, names(actual.extensions())));
        }
        return new ExtensionAssert(extension.get()).as("extension " + name);
    }

    public SchemaSnapshotAssert doesNotHaveExtension(String name) {
        isNotNull();
        if (actual.extension(name).isPresent()) {
            failWithMessage("%s", SchemaErrors.shouldNotHave(SCHEMA, "extension", name));
        }
        return this;
    }

    /** Navigates to a table by plain ({@code bots}) or qualified ({@code public.bots}) name. */
    public TableAssert table(String name) {
        isNotNull();
        Optional<Table> table = actual.table(name);
        if (table.isEmpty()) {
            failWithMessage("%s", SchemaErrors.shouldHave(SCHEMA, "table", name, names(actual.tables())));
        }
        return new TableAssert(table.get()).as("table " + table.get().qualifiedName());
    }

    public SchemaSnapshotAssert hasTable(String name) {
        table(name);
        return this;
    }

    public SchemaSnapshotAssert doesNotHaveTable(String name) {
        isNotNull();
        if (actual.table(name).isPresent()) {
            failWithMessage("%s", SchemaErrors.shouldNotHave(SCHEMA, "table", name));
        }
        return this;
    }

    /** Passes when at least one function or procedure has this name. */
    public SchemaSnapshotAssert hasFunction(String name) {
        function(name);
        return this;
    }

    public SchemaSnapshotAssert doesNotHaveFunction(String name) {
        isNotNull();
        if (!actual.routines(name).isEmpty()) {
            failWithMessage("%s", SchemaErrors.shouldNotHave(SCHEMA, "function", name));
        }
        return this;
    }

    /** Navigates to the function or procedure of this name (the first overload). */
    public RoutineAssert function(String name) {
        isNotNull();
        List<Routine> routines = actual.routines(name);
        if (routines.isEmpty()) {
            failWithMessage("%s", SchemaErrors.shouldHave(SCHEMA, "function", name, names(actual.routines())));
        }
        return new RoutineAssert(routines.get(0)).as("function " + routines.get(0).qualifiedName());
    }

    public ViewAssert view(String name) {
        isNotNull();
        Optional<View> view = actual.view(name);
        if (view.isEmpty()) {
            failWithMessage("%s", SchemaErrors.shouldHave(SCHEMA, "view", name, names(actual.views())));
        }
        return new ViewAssert(view.get()).as(view.get().kind() + " " + view.get().qualifiedName());
    }

    public SchemaSnapshotAssert hasView(String name) {
        view(name);
        return this;
    }

    public EnumTypeAssert enumType(String name) {
        isNotNull();
        Optional<EnumType> type = actual.enumType(name);
        if (type.isEmpty()) {
            failWithMessage("%s", SchemaErrors.shouldHave(SCHEMA, "enum", name, names(actual.enums())));
        }
        return new EnumTypeAssert(type.get()).as("enum " + type.get().qualifiedName());
    }

    public SchemaSnapshotAssert hasSequence(String name) {
        isNotNull();
        if (actual.sequence(name).isEmpty()) {
            failWithMessage("%s", SchemaErrors.shouldHave(SCHEMA, "sequence", name, names(actual.sequences())));
        }
        return this;
    }

    public SchemaSnapshotAssert hasDomain(String name) {
        isNotNull();
        if (actual.domain(name).isEmpty()) {
            failWithMessage("%s", SchemaErrors.shouldHave(SCHEMA, "domain", name, names(actual.domains())));
        }
        return this;
    }

    public SchemaSnapshotAssert hasCompositeType(String name) {
        isNotNull();
        if (actual.compositeType(name).isEmpty()) {
            failWithMessage("%s", SchemaErrors.shouldHave(SCHEMA, "type", name, names(actual.compositeTypes())));
        }
        return this;
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
        isNotNull();
        List<String> using = actual.indexes().stream().filter(i -> i.method().equals(method)).map(SchemaObject::qualifiedName)
                .toList();
        if (using.isEmpty()) {
            return this;
        }
        Optional<InstalledExtension> installed = actual.extension(extension);
        if (installed.isEmpty() || Versions.compare(installed.get().version(), version) < 0) {
            failWithMessage("%s", SchemaErrors.shouldHaveExtensionAtLeastForMethod(extension, version, method,
                    installed.map(InstalledExtension::version).orElse(null), using));
        }
        return this;
    }

    /** Passes when a range type of this name (plain or qualified) exists. */
    public SchemaSnapshotAssert hasRangeType(String name) {
        isNotNull();
        if (actual.rangeType(name).isEmpty()) {
            failWithMessage("%s", SchemaErrors.shouldHave(SCHEMA, "range type", name, names(actual.rangeTypes())));
        }
        return this;
    }

    public SchemaSnapshotAssert hasCollation(String name) {
        isNotNull();
        if (actual.collation(name).isEmpty()) {
            failWithMessage("%s", SchemaErrors.shouldHave(SCHEMA, "collation", name, names(actual.collations())));
        }
        return this;
    }

    public SchemaSnapshotAssert hasPublication(String name) {
        isNotNull();
        if (actual.publication(name).isEmpty()) {
            failWithMessage("%s", SchemaErrors.shouldHave(SCHEMA, "publication", name, names(actual.publications())));
        }
        return this;
    }

    public SchemaSnapshotAssert hasEventTrigger(String name) {
        isNotNull();
        if (actual.eventTrigger(name).isEmpty()) {
            failWithMessage("%s", SchemaErrors.shouldHave(SCHEMA, "event trigger", name, names(actual.eventTriggers())));
        }
        return this;
    }

    /** Passes when the two schemas have no differences; the failure lists them. */
    public SchemaSnapshotAssert hasSameSchemaAs(SchemaSnapshot expected) {
        isNotNull();
        SchemaDiff diff = SchemaDiff.between(expected, actual);
        if (!diff.isEmpty()) {
            failWithMessage("%s", SchemaErrors.shouldBeEmpty(diff));
        }
        return this;
    }
}
