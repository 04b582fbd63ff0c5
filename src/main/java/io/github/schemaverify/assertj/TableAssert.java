package io.github.schemaverify.assertj;

import static io.github.schemaverify.assertj.error.ShouldBe.shouldBe;
import static io.github.schemaverify.assertj.error.ShouldHaveObject.shouldHaveObject;
import static io.github.schemaverify.assertj.error.ShouldHaveProperty.shouldHaveProperty;
import static io.github.schemaverify.assertj.error.ShouldHaveUniqueIndexOn.shouldHaveUniqueIndexOn;
import static io.github.schemaverify.assertj.error.ShouldNotHaveObject.shouldNotHaveObject;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.apiguardian.api.API;

import io.github.schemaverify.schema.Column;
import io.github.schemaverify.schema.Constraint;
import io.github.schemaverify.schema.ConstraintType;
import io.github.schemaverify.schema.Index;
import io.github.schemaverify.schema.Policy;
import io.github.schemaverify.schema.Table;
import io.github.schemaverify.schema.Trigger;

/** Assertions on a table; navigates to its columns, indexes, constraints and triggers. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class TableAssert extends SchemaAssert<TableAssert, Table> {

    public TableAssert(Table actual) {
        super(actual, TableAssert.class);
        if (actual != null) {
            describedAs("table " + actual.qualifiedName());
        }
    }

    private static String owner(Table t) {
        return "table " + t.qualifiedName();
    }

    private static String keys(List<String> columns) {
        return "(" + String.join(", ", columns) + ")";
    }

    private static Predicate<Constraint> foreignKeyOn(List<String> columns) {
        return c -> c.type() == ConstraintType.FOREIGN_KEY && c.columns().equals(columns);
    }

    public ColumnAssert hasColumn(String name) {
        return navigate(ColumnAssert.class, Column.class, t -> t.column(name),
                t -> shouldHaveObject(owner(t), "column", name, t.columns().stream().map(Column::name).toList()));
    }

    public ColumnAssert column(String name) {
        return hasColumn(name);
    }

    public TableAssert doesNotHaveColumn(String name) {
        return check(t -> t.column(name).isEmpty(), t -> shouldNotHaveObject(owner(t), "column", name));
    }

    public IndexAssert index(String name) {
        return navigate(IndexAssert.class, Index.class, t -> t.index(name),
                t -> shouldHaveObject(owner(t), "index", name, t.indexes().stream().map(Index::name).toList()));
    }

    public TableAssert hasIndex(String name) {
        index(name);
        return myself;
    }

    public TableAssert doesNotHaveIndex(String name) {
        return check(t -> t.index(name).isEmpty(), t -> shouldNotHaveObject(owner(t), "index", name));
    }

    /** A unique index (or unique/primary key constraint) whose keys are exactly these columns, in this order. */
    public TableAssert hasUniqueIndexOn(String... columns) {
        List<String> wanted = Arrays.asList(columns);
        return check(t -> t.indexes().stream().anyMatch(i -> i.unique() && i.predicate().isEmpty() && i.keys().equals(wanted)),
                t -> shouldHaveUniqueIndexOn(t.qualifiedName(), wanted, t.indexes().stream().filter(Index::unique)
                        .map(i -> i.name() + " " + keys(i.keys())).toList()));
    }

    public TableAssert hasPrimaryKey(String... columns) {
        List<String> wanted = Arrays.asList(columns);
        return check(t -> primaryKey(t).map(Constraint::columns).filter(wanted::equals).isPresent(),
                t -> shouldHaveProperty(owner(t), "primary key", keys(wanted), primaryKey(t).map(c -> keys(c.columns())).orElse("absent")));
    }

    private static Optional<Constraint> primaryKey(Table t) {
        return t.constraints().stream().filter(c -> c.type() == ConstraintType.PRIMARY_KEY).findFirst();
    }

    public ConstraintAssert constraint(String name) {
        return navigate(ConstraintAssert.class, Constraint.class, t -> t.constraint(name),
                t -> shouldHaveObject(owner(t), "constraint", name, t.constraints().stream().map(Constraint::name).toList()));
    }

    /** A foreign key on exactly these columns; navigate on to check what it references and its actions. */
    public ConstraintAssert hasForeignKeyOn(String... columns) {
        List<String> wanted = Arrays.asList(columns);
        return navigate(ConstraintAssert.class, Constraint.class, t -> t.constraints().stream().filter(foreignKeyOn(wanted)).findFirst(),
                t -> shouldHaveObject(owner(t), "foreign key on", keys(wanted), t.constraints().stream()
                        .filter(c -> c.type() == ConstraintType.FOREIGN_KEY).map(Constraint::definition).toList()));
    }

    public TriggerAssert trigger(String name) {
        return navigate(TriggerAssert.class, Trigger.class, t -> t.trigger(name),
                t -> shouldHaveObject(owner(t), "trigger", name, t.triggers().stream().map(Trigger::name).toList()));
    }

    public TableAssert hasTrigger(String name) {
        trigger(name);
        return myself;
    }

    public TableAssert hasRowLevelSecurity() {
        return check(Table::rowSecurity, t -> shouldBe(owner(t), "protected by row level security", "not"));
    }

    public TableAssert hasPolicy(String name) {
        return check(t -> t.policies().stream().anyMatch(p -> p.name().equals(name)),
                t -> shouldHaveObject(owner(t), "policy", name, t.policies().stream().map(Policy::name).toList()));
    }

    public TableAssert isPartitioned() {
        return check(t -> !t.partitionKey().isEmpty(), t -> shouldBe(owner(t), "partitioned", "a plain table"));
    }
}
