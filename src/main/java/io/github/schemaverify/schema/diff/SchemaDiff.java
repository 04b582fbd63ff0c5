package io.github.schemaverify.schema.diff;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apiguardian.api.API;

import io.github.schemaverify.schema.Column;
import io.github.schemaverify.schema.Constraint;
import io.github.schemaverify.schema.ConstraintType;
import io.github.schemaverify.schema.Index;
import io.github.schemaverify.schema.OtherObject;
import io.github.schemaverify.schema.Routine;
import io.github.schemaverify.schema.SchemaObject;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.Sequence;
import io.github.schemaverify.schema.Table;
import io.github.schemaverify.schema.View;

/**
 * The differences from one schema to another, object by object and property by property.
 *
 * <pre>{@code
 * SchemaDiff diff = SchemaDiff.between(beforeV3, afterUndoV3);
 * assertThat(diff).isEmpty();
 * SchemaDiff relaxed = SchemaDiff.between(staging, head, SchemaDiff.Ignore.COLUMN_ORDER);
 * }</pre>
 *
 * <p>{@link #render(String)} is the one way SchemaVerify prints differences: one line per change in the layout
 * {@code + kind name (summary)}, {@code - kind name (summary)}, {@code ~ kind name: property was x, is y}; a table
 * added or removed is one line with its summary (not a line per column); a long or multi-line value (a view's or a
 * function's definition, a predicate) is shown as a line diff of the two texts, never cut.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record SchemaDiff(List<Change> changes) {

    /** Aspects a comparison can leave out, e.g. when schemas of different environments are compared. */
    public enum Ignore {
        /**
         * The order of a table's columns. On by default: {@code SELECT *}, {@code INSERT} without a column list and
         * {@code COPY} depend on it, and an undo that drops and adds a column back moves it to the end.
         */
        COLUMN_ORDER(Table.COLUMN_ORDER),
        /**
         * The owners of tables, views, sequences, routines, types, schemas, collations, publications, event triggers
         * and the kinds without a record of their own (text search configurations, operators, foreign tables, ...), and
         * user mappings and a database's settings for a role ({@code ALTER ROLE CURRENT_USER IN DATABASE ... SET}), which
         * name a role as an owner names an object ({@code CREATE USER MAPPING FOR CURRENT_USER}):
         * for schemas compared across environments where different roles run the migrations.
         */
        OWNERS("owner", "user mapping", "role setting"),
        /**
         * Privileges ({@code GRANT}, {@code REVOKE}) on every object (a view's column privileges and an identity
         * column's sequence's too, the database's and those on an extension's objects), and default privileges ({@code
         * ALTER DEFAULT PRIVILEGES}): for schemas compared across environments whose roles differ.
         */
        PRIVILEGES(new String[] {"privileges", View.COLUMN_PRIVILEGES, Column.IDENTITY_PRIVILEGES}, "default privileges",
                OtherObject.PRIVILEGES),
        /**
         * The tablespaces of tables and indexes: for schemas compared across environments where a DBA places them (a
         * migration that names a tablespace is compared by default, as an undo that leaves a table moved is a finding).
         */
        TABLESPACES("tablespace"),
        /**
         * The names of identity columns' sequences where they are not the ones PostgreSQL gives them ({@code
         * <table>_<column>_seq}): for a database built otherwise than by the migrations, where a table renamed since
         * keeps its sequence's old name ({@code SchemaDiff.between(head, live, Ignore.IDENTITY_SEQUENCE_NAMES)}). A
         * baseline leaves them out; a round trip compares them (an undo that forgets {@code ALTER SEQUENCE ... RENAME}
         * back fails).
         */
        IDENTITY_SEQUENCE_NAMES(Column.IDENTITY_SEQUENCE),
        /**
         * Whether a materialized view holds data ({@code WITH NO DATA}, {@code REFRESH MATERIALIZED VIEW}): for a
         * database whose materialized views are refreshed by jobs rather than by the migrations. A baseline leaves it
         * out; a round trip compares it (an undo that re-creates a materialized view {@code WITH NO DATA} leaves every
         * query of it failing until someone refreshes it).
         */
        MATERIALIZED_VIEW_DATA(View.POPULATED);

        private final String property;
        private final Set<String> properties;
        private final Set<String> kinds;

        Ignore(String property, String... kinds) {
            this(new String[] {property}, kinds);
        }

        Ignore(String[] properties, String... kinds) {
            this.property = properties[0];
            this.properties = Set.of(properties);
            this.kinds = Set.of(kinds);
        }

        /** The property this aspect covers ({@code privileges} for {@link #PRIVILEGES}, which covers more). */
        public String property() {
            return property;
        }

        /** Every property this aspect covers. */
        public Set<String> properties() {
            return properties;
        }

        /** The kinds of object this aspect leaves out whole ({@code default privileges} for {@link #PRIVILEGES}). */
        public Set<String> kinds() {
            return kinds;
        }
    }

    public SchemaDiff {
        changes = List.copyOf(changes);
    }

    /** What changed from {@code before} to {@code after}, in the canonical order of objects. */
    public static SchemaDiff between(SchemaSnapshot before, SchemaSnapshot after, Ignore... ignored) {
        return between(before, after, ignored.length == 0 ? Set.of() : EnumSet.of(ignored[0], ignored));
    }

    /** What changed from {@code before} to {@code after}, leaving out the ignored aspects. */
    public static SchemaDiff between(SchemaSnapshot before, SchemaSnapshot after, Set<Ignore> ignored) {
        if (before.equals(after)) {
            return new SchemaDiff(List.of());
        }
        // an object both snapshots hold (an incremental reading keeps what it did not read again) has the same key and
        // the same properties in each: only the others need keys and matching, a few of hundreds after a revision. (The
        // same changes as a comparison of every object: under a key several objects share, equal ones are matched first.)
        List<SchemaObject> old = before.objects();
        List<SchemaObject> now = after.objects();
        Set<SchemaObject> inOld = identities(old);
        Set<SchemaObject> inNow = identities(now);
        return between(old.stream().filter(o -> !inNow.contains(o)).toList(), now.stream().filter(o -> !inOld.contains(o)).toList(),
                ignored, new Tables(before::tables), new Tables(after::tables));
    }

    private static Set<SchemaObject> identities(List<SchemaObject> objects) {
        Set<SchemaObject> set = Collections.newSetFromMap(new IdentityHashMap<>(objects.size()));
        set.addAll(objects);
        return set;
    }

    /**
     * What changed between two lists of objects, matched by {@linkplain SchemaObject#key() key}. Keys name objects
     * unquoted, so {@code "a"."b.c"} and {@code "a.b"."c"} share one: objects under a key that several share are matched
     * to equal ones first, and the rest in their order, so that none of them goes uncompared.
     */
    public static SchemaDiff between(Collection<? extends SchemaObject> before, Collection<? extends SchemaObject> after,
            Set<Ignore> ignored) {
        return between(before, after, ignored, new Tables(() -> tablesIn(before)), new Tables(() -> tablesIn(after)));
    }

    private static List<Table> tablesIn(Collection<? extends SchemaObject> objects) {
        return objects.stream().filter(o -> o instanceof Table).map(o -> (Table) o).toList();
    }

    /** The tables of one side by qualified name, indexed at the first look-up (which few comparisons need). */
    private static final class Tables {
        private final java.util.function.Supplier<List<Table>> source;
        private Map<String, Table> byName;

        Tables(java.util.function.Supplier<List<Table>> source) {
            this.source = source;
        }

        Table get(String qualifiedName) {
            if (byName == null) {
                byName = new java.util.HashMap<>();
                source.get().forEach(t -> byName.putIfAbsent(t.qualifiedName(), t));
            }
            return byName.get(qualifiedName);
        }
    }

    private static SchemaDiff between(Collection<? extends SchemaObject> before, Collection<? extends SchemaObject> after,
            Set<Ignore> ignored, Tables tablesBefore, Tables tablesAfter) {
        Set<String> ignoredKinds = new LinkedHashSet<>();
        ignored.forEach(i -> ignoredKinds.addAll(i.kinds()));
        Map<String, List<SchemaObject>> old = index(before, ignoredKinds);
        Map<String, List<SchemaObject>> now = index(after, ignoredKinds);
        Set<String> keys = new LinkedHashSet<>(old.keySet());
        keys.addAll(now.keySet());
        Set<String> ignoredProperties = new LinkedHashSet<>();
        ignored.forEach(i -> ignoredProperties.addAll(i.properties()));
        List<Change> changes = new ArrayList<>();
        for (String key : keys) {
            List<SchemaObject> a = old.getOrDefault(key, List.of());
            List<SchemaObject> b = now.getOrDefault(key, List.of());
            if (a.size() > 1 || b.size() > 1) {
                List<SchemaObject> restA = new ArrayList<>(a);
                List<SchemaObject> restB = new ArrayList<>(b);
                restA.removeIf(x -> restB.remove(x)); // equal objects under the shared key: nothing changed
                for (int i = 0; i < Math.max(restA.size(), restB.size()); i++) {
                    compare(i < restA.size() ? restA.get(i) : null, i < restB.size() ? restB.get(i) : null, ignoredProperties,
                            changes, tablesBefore, tablesAfter);
                }
            } else {
                compare(a.isEmpty() ? null : a.get(0), b.isEmpty() ? null : b.get(0), ignoredProperties, changes, tablesBefore,
                        tablesAfter);
            }
        }
        return new SchemaDiff(changes);
    }

    /** Adds what changed from {@code a} to {@code b} (either may be missing) to {@code changes}. */
    private static void compare(SchemaObject a, SchemaObject b, Set<String> ignoredProperties, List<Change> changes,
            Tables tablesBefore, Tables tablesAfter) {
        if (a == null) {
            changes.add(new Change.Added(b));
        } else if (b == null) {
            changes.add(new Change.Removed(a));
        } else if (a != b && !a.properties().equals(b.properties())) {
            // (the same object, as an incremental reading keeps what it did not read again, has nothing to build)
            List<Change.PropertyChange> props = new ArrayList<>();
            Set<String> names = new LinkedHashSet<>(a.properties().keySet());
            names.addAll(b.properties().keySet());
            for (String name : names) {
                String x = a.properties().getOrDefault(name, "");
                String y = b.properties().getOrDefault(name, "");
                if (x.equals(y) || ignoredProperties.contains(name)) {
                    continue;
                }
                if (name.equals(Table.COLUMN_ORDER) && sameRelativeOrder(x, y)) {
                    continue; // columns only added or removed: each is its own change
                }
                if (name.equals("body") && a instanceof Routine r && b instanceof Routine q && sameCode(r, q, x, y)) {
                    continue; // re-indented: the same code
                }
                if (name.equals(Column.DECLARED_LOCALLY)) {
                    Change.PropertyChange declared = declared(a, b, x, y, tablesBefore, tablesAfter);
                    if (declared != null) {
                        props.add(declared);
                    }
                    continue;
                }
                if (a instanceof Sequence s && b instanceof Sequence t && !s.type().equals(t.type())
                        && (name.equals("min") && s.hasDefaultMinValue() && t.hasDefaultMinValue()
                        || name.equals("max") && s.hasDefaultMaxValue() && t.hasDefaultMaxValue())) {
                    continue; // the type's default limit, which AS changes with the type
                }
                props.add(new Change.PropertyChange(name, x, y));
            }
            if (!props.isEmpty()) {
                changes.add(new Change.Changed(a, b, props));
            }
        }
    }

    /**
     * The property that says a column or constraint its table declares became inherited from a parent as well (or stopped
     * being), where the table's parents stayed the same: {@value}, as in {@code ~ column public.t.c: inherited was false,
     * is true} after {@code ALTER TABLE parent ADD COLUMN c ...}.
     */
    public static final String INHERITED = "inherited";

    /**
     * How a change of {@link Column#DECLARED_LOCALLY} (of a column or a constraint) reads truthfully, or null where the
     * table's own line says it. The flag is set where a table declares what it also inherits; one it declares alone has
     * it unset as well. So where, on the side without the flag, the table inherited no column (constraint) of that name
     * (none of its parents held one), the column was the table's own on both sides, and inherited on one only: where
     * the table's parents changed ({@code INHERIT}, {@code NO INHERIT}), its line ({@code inherits was none, is ...}) says
     * it all; where they did not (a parent added or dropped a column the table has too), it reads {@code inherited was
     * false, is true}. Otherwise (the table inherited it there: {@code NO INHERIT} then {@code INHERIT}), or where a
     * parent is not in the snapshot, the flag's own change stands.
     */
    private static Change.PropertyChange declared(SchemaObject a, SchemaObject b, String x, String y, Tables tablesBefore,
            Tables tablesAfter) {
        boolean declaredAfter = !y.isEmpty();
        Boolean inherited = declaredAfter ? inherited(a, tablesBefore) : inherited(b, tablesAfter);
        if (inherited == null || inherited) {
            return new Change.PropertyChange(Column.DECLARED_LOCALLY, x, y);
        }
        Table was = tablesBefore.get(a.parent());
        Table is = tablesAfter.get(b.parent());
        if (was != null && is != null && !parents(was).equals(parents(is))) {
            return null;
        }
        return new Change.PropertyChange(INHERITED, String.valueOf(!declaredAfter), String.valueOf(declaredAfter));
    }

    /**
     * Whether the table of a column or constraint inherits one of its name from a parent: null where the table or a
     * parent is not among {@code tables}.
     */
    private static Boolean inherited(SchemaObject part, Tables tables) {
        Table table = tables.get(part.parent());
        if (table == null) {
            return null;
        }
        for (String name : parents(table)) {
            Table parent = tables.get(name);
            if (parent == null) {
                return null;
            }
            if (part instanceof Column c ? parent.column(c.name()).isPresent()
                    : part instanceof Constraint k && parent.constraint(k.name()).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** The tables a table inherits from, its partitioned table first where it is a partition. */
    private static List<String> parents(Table table) {
        List<String> parents = new ArrayList<>();
        String of = table.partitionOf();
        if (!of.isEmpty()) {
            // public.events FOR VALUES FROM (...) TO (...), or public.events DEFAULT
            int bound = of.indexOf(" FOR VALUES ");
            parents.add(bound >= 0 ? of.substring(0, bound) : of.endsWith(" DEFAULT") ? of.substring(0, of.length() - 8) : of);
        }
        parents.addAll(table.inherits());
        return parents;
    }

    /**
     * Whether two bodies of routines in {@code plpgsql} or {@code sql} differ only in the whitespace between their
     * tokens (an undo that re-creates a function indented otherwise): there it means nothing, while inside a string
     * literal, a quoted name or a comment it is kept, and a line comment ends where its line does. A body in any other
     * language (Python's indentation is its syntax) must be the same text.
     */
    private static boolean sameCode(Routine a, Routine b, String x, String y) {
        return a.language().equals(b.language()) && (a.language().equals("plpgsql") || a.language().equals("sql"))
                && SqlText.spaced(x).equals(SqlText.spaced(y));
    }

    /** True when the columns present in both lists come in the same order in each. */
    private static boolean sameRelativeOrder(String before, String after) {
        List<String> a = List.of(before.split(", "));
        List<String> b = List.of(after.split(", "));
        return a.stream().filter(b::contains).toList().equals(b.stream().filter(a::contains).toList());
    }

    private static Map<String, List<SchemaObject>> index(Collection<? extends SchemaObject> objects, Set<String> ignoredKinds) {
        Map<String, List<SchemaObject>> map = new LinkedHashMap<>();
        for (SchemaObject o : objects) {
            if (!ignoredKinds.contains(o.kind())) {
                map.computeIfAbsent(o.key(), k -> new ArrayList<>(1)).add(o);
            }
        }
        return map;
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public List<Change> added() {
        return changes.stream().filter(c -> c instanceof Change.Added).toList();
    }

    public List<Change> removed() {
        return changes.stream().filter(c -> c instanceof Change.Removed).toList();
    }

    public List<Change> changed() {
        return changes.stream().filter(c -> c instanceof Change.Changed).toList();
    }

    /**
     * The changes to show, each whole object before its parts: a table, view or type added or removed stands for the
     * parts its summary names (a table's columns with their types and NOT NULL, its primary key), which are left out;
     * its other parts follow it, as its summary does not say them (a column's default, identity or generated
     * expression, the other constraints, the indexes, triggers, policies, rules, extended statistics, comments). The
     * index of a primary key, unique or exclusion constraint added or removed is left out: the constraint's line says
     * it.
     */
    public List<Change> shown() {
        return lines().stream().map(Line::change).toList();
    }

    /** A change to show, and whether it is a part of the whole object added or removed before it. */
    private record Line(Change change, boolean part) {
    }

    private List<Line> lines() {
        Map<String, Change> wholes = new LinkedHashMap<>();
        Set<String> constraintIndexes = new LinkedHashSet<>();
        for (Change c : changes) {
            if (!(c instanceof Change.Changed) && c.object().parent().isEmpty()) {
                wholes.put(sign(c) + c.object().qualifiedName(), c);
            }
            if (!(c instanceof Change.Changed) && c.object() instanceof Constraint k && k.type().hasIndex()) {
                constraintIndexes.add(sign(c) + k.schema() + "." + k.table() + "." + k.name());
            }
        }
        if (wholes.isEmpty() && constraintIndexes.isEmpty()) {
            return changes.stream().map(c -> new Line(c, false)).toList();
        }
        Map<Change, List<Change>> parts = new IdentityHashMap<>();
        List<Change> top = new ArrayList<>();
        for (Change c : changes) {
            if (!(c instanceof Change.Changed) && c.object() instanceof Index i
                    && constraintIndexes.contains(sign(c) + i.schema() + "." + i.table() + "." + i.name())) {
                continue; // a primary key's, unique or exclusion constraint's index comes and goes with it: its line says it
            }
            Change whole = c instanceof Change.Changed || c.object().parent().isEmpty() ? null
                    : wholes.get(sign(c) + c.object().parent());
            if (whole == null) {
                top.add(c);
            } else if (!saidBy(whole.object(), c.object())) {
                parts.computeIfAbsent(whole, k -> new ArrayList<>()).add(c);
            }
        }
        List<Line> lines = new ArrayList<>();
        for (Change c : top) {
            lines.add(new Line(c, false));
            parts.getOrDefault(c, List.of()).forEach(p -> lines.add(new Line(p, true)));
        }
        return lines;
    }

    private static String sign(Change c) {
        return c instanceof Change.Added ? "+" : "-";
    }

    /** Whether the summary of a whole object added or removed says all there is to say of this part of it. */
    private static boolean saidBy(SchemaObject whole, SchemaObject part) {
        if (!(whole instanceof Table)) {
            return false;
        }
        if (part instanceof Column c) {
            // the summary gives each column's type and NOT NULL (a column's properties leave its defaults out)
            return PLAIN_COLUMN.containsAll(c.properties().keySet());
        }
        // the primary key is in the summary (its index goes with it, as every constraint's)
        return part instanceof Constraint c && c.type() == ConstraintType.PRIMARY_KEY;
    }

    private static final Set<String> PLAIN_COLUMN = Set.of("type", "not null");

    /**
     * The changes as people read them, each line indented by {@code indent}, each change ending in a newline; the
     * parts of a whole object added or removed are indented under it.
     */
    public String render(String indent) {
        StringBuilder out = new StringBuilder();
        for (Line line : lines()) {
            String prefix = line.part() ? indent + "    " : indent;
            out.append(prefix).append(line.change().render().replace("\n", "\n" + prefix)).append('\n');
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return changes.isEmpty() ? "no differences" : render("").stripTrailing();
    }
}
