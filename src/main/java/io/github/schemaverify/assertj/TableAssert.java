package io.github.schemaverify.assertj;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import io.github.schemaverify.assertj.error.SchemaErrors;
import io.github.schemaverify.schema.Column;
import io.github.schemaverify.schema.Constraint;
import io.github.schemaverify.schema.ConstraintType;
import io.github.schemaverify.schema.Index;
import io.github.schemaverify.schema.Table;
import io.github.schemaverify.schema.Trigger;

/** Assertions on a table; navigates to its columns, indexes, constraints and triggers. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class TableAssert extends AbstractAssert<TableAssert, Table> {

    TableAssert(Table actual) {
        super(actual, TableAssert.class);
    }

    private String owner() {
        return "table " + actual.qualifiedName();
    }

    public ColumnAssert hasColumn(String name) {
        Optional<Column> column = actual.column(name);
        if (column.isEmpty()) {
            failWithMessage("%s", SchemaErrors.shouldHave(owner(), "column", name, actual.columns().stream().map(Column::name).toList()));
        }
        return new ColumnAssert(column.get()).as("column " + column.get().qualifiedName());
    }

    public ColumnAssert column(String name) {
        return hasColumn(name);
    }

    public TableAssert doesNotHaveColumn(String name) {
        if (actual.column(name).isPresent()) {
            failWithMessage("%s", SchemaErrors.shouldNotHave(owner(), "column", name));
        }
        return this;
    }

    public IndexAssert index(String name) {
        Optional<Index> index = actual.index(name);
        if (index.isEmpty()) {
            failWithMessage("%s", SchemaErrors.shouldHave(owner(), "index", name, actual.indexes().stream().map(Index::name).toList()));
        }
        return new IndexAssert(index.get()).as("index " + index.get().qualifiedName());
    }

    public TableAssert hasIndex(String name) {
        index(name);
        return this;
    }

    public TableAssert doesNotHaveIndex(String name) {
        if (actual.index(name).isPresent()) {
            failWithMessage("%s", SchemaErrors.shouldNotHave(owner(), "index", name));
        }
        return this;
    }

    /** A unique index (or unique/primary key constraint) whose keys are exactly these columns, in this order. */
    public TableAssert hasUniqueIndexOn(String... columns) {
        List<String> wanted = Arrays.asList(columns);
        boolean found = actual.indexes().stream().anyMatch(i -> i.unique() && i.predicate().isEmpty() && i.keys().equals(wanted));
        if (!found) {
            failWithMessage("%s", SchemaErrors.shouldHaveUniqueIndexOn(actual.qualifiedName(), wanted, actual.indexes().stream()
                    .filter(Index::unique).map(i -> i.name() + " (" + String.join(", ", i.keys()) + ")").toList()));
        }
        return this;
    }

    public TableAssert hasPrimaryKey(String... columns) {
        List<String> wanted = Arrays.asList(columns);
        Optional<Constraint> pk = actual.constraints().stream().filter(c -> c.type() == ConstraintType.PRIMARY_KEY).findFirst();
        if (pk.isEmpty() || !pk.get().columns().equals(wanted)) {
            failWithMessage("%s", SchemaErrors.shouldHaveProperty(owner(), "primary key", "(" + String.join(", ", wanted) + ")",
                    pk.map(c -> "(" + String.join(", ", c.columns()) + ")").orElse("absent")));
        }
        return this;
    }

    public ConstraintAssert constraint(String name) {
        Optional<Constraint> constraint = actual.constraint(name);
        if (constraint.isEmpty()) {
            failWithMessage("%s", SchemaErrors.shouldHave(owner(), "constraint", name,
                    actual.constraints().stream().map(Constraint::name).toList()));
        }
        return new ConstraintAssert(constraint.get()).as("constraint " + constraint.get().qualifiedName());
    }

    /** A foreign key on exactly these columns; navigate on to check what it references and its actions. */
    public ConstraintAssert hasForeignKeyOn(String... columns) {
        List<String> wanted = Arrays.asList(columns);
        Optional<Constraint> fk = actual.constraints().stream()
                .filter(c -> c.type() == ConstraintType.FOREIGN_KEY && c.columns().equals(wanted)).findFirst();
        if (fk.isEmpty()) {
            failWithMessage("%s", SchemaErrors.shouldHave(owner(), "foreign key on", "(" + String.join(", ", wanted) + ")",
                    actual.constraints().stream().filter(c -> c.type() == ConstraintType.FOREIGN_KEY).map(Constraint::definition).toList()));
        }
        return new ConstraintAssert(fk.get()).as("constraint " + fk.get().qualifiedName());
    }

    public TriggerAssert trigger(String name) {
        Optional<Trigger> trigger = actual.trigger(name);
        if (trigger.isEmpty()) {
            failWithMessage("%s", SchemaErrors.shouldHave(owner(), "trigger", name, actual.triggers().stream().map(Trigger::name).toList()));
        }
        return new TriggerAssert(trigger.get()).as("trigger " + trigger.get().qualifiedName());
    }

    public TableAssert hasTrigger(String name) {
        trigger(name);
        return this;
    }

    public TableAssert hasRowLevelSecurity() {
        if (!actual.rowSecurity()) {
            failWithMessage("%s", SchemaErrors.shouldBe(owner(), "protected by row level security", "not"));
        }
        return this;
    }

    public TableAssert hasPolicy(String name) {
        if (actual.policies().stream().noneMatch(p -> p.name().equals(name))) {
            failWithMessage("%s", SchemaErrors.shouldHave(owner(), "policy", name, actual.policies().stream().map(p -> p.name()).toList()));
        }
        return this;
    }

    public TableAssert isPartitioned() {
        if (actual.partitionKey().isEmpty()) {
            failWithMessage("%s", SchemaErrors.shouldBe(owner(), "partitioned", "a plain table"));
        }
        return this;
    }
}
