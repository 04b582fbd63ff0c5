package io.github.schemaverify.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apiguardian.api.API;

/**
 * The schema of the migration-owned schemas as the catalog describes it. Every list is sorted, so two snapshots of
 * the same schema are {@code equals} and print the same {@linkplain #toCanonicalText() canonical text}. Objects owned
 * by an extension and the migration tool's history table are left out. Casts, publications, event triggers and
 * default privileges belong to the whole database and are all listed; roles belong to the server and are read only
 * where SchemaVerify owns it (a round trip on LOCAL or CONTAINER), else the list is empty. The kinds without a
 * record of their own (text search configurations, operators, foreign tables, ...) are {@linkplain #otherObjects()
 * compared by their definition}.
 *
 * <pre>{@code
 * SchemaSnapshot schema = db.snapshot();
 * schema.table("memory_shards").flatMap(t -> t.index("memory_shards_embedding_idx"))
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record SchemaSnapshot(List<SchemaName> schemas, List<InstalledExtension> extensions, List<Table> tables,
        List<Sequence> sequences, List<View> views, List<Routine> routines, List<EnumType> enums, List<Domain> domains,
        List<CompositeType> compositeTypes, List<Comment> comments, List<RangeType> rangeTypes, List<Collation> collations,
        List<Cast> casts, List<Publication> publications, List<EventTrigger> eventTriggers,
        List<DefaultPrivileges> defaultPrivileges, List<Role> roles, List<OtherObject> otherObjects) {

    /**
     * Sorted by qualified name (stably, as a stream's sort), each name built once: a comparator that builds both names at
     * every comparison made each reading build n log n strings.
     */
    private static <T extends SchemaObject> List<T> byName(List<T> items) {
        return sorted(items, SchemaObject::qualifiedName);
    }

    /** Sorted (stably) by the text {@code key} gives each item, built once per item. */
    private static <T extends SchemaObject> List<T> sorted(List<T> items, java.util.function.Function<T, String> key) {
        int n = items.size();
        String[] keys = new String[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            keys[i] = key.apply(items.get(i));
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> keys[a].compareTo(keys[b]));
        List<T> sorted = new ArrayList<>(n);
        for (Integer i : order) {
            sorted.add(items.get(i));
        }
        return java.util.Collections.unmodifiableList(sorted);
    }

    public SchemaSnapshot {
        schemas = byName(schemas);
        extensions = byName(extensions);
        tables = byName(tables);
        sequences = byName(sequences);
        views = byName(views);
        routines = byName(routines);
        enums = byName(enums);
        domains = byName(domains);
        compositeTypes = byName(compositeTypes);
        comments = byName(comments);
        rangeTypes = byName(rangeTypes);
        collations = byName(collations);
        casts = byName(casts);
        publications = byName(publications);
        eventTriggers = byName(eventTriggers);
        defaultPrivileges = byName(defaultPrivileges);
        roles = byName(roles);
        // by key: kind, then qualified name (objects of different kinds may share a name)
        otherObjects = sorted(otherObjects, SchemaObject::key);
    }

    /**
     * A snapshot without the kinds that have no record of their own ({@link #otherObjects()}: text search
     * configurations, operators, foreign tables, ...).
     */
    public SchemaSnapshot(List<SchemaName> schemas, List<InstalledExtension> extensions, List<Table> tables,
            List<Sequence> sequences, List<View> views, List<Routine> routines, List<EnumType> enums, List<Domain> domains,
            List<CompositeType> compositeTypes, List<Comment> comments, List<RangeType> rangeTypes, List<Collation> collations,
            List<Cast> casts, List<Publication> publications, List<EventTrigger> eventTriggers,
            List<DefaultPrivileges> defaultPrivileges, List<Role> roles) {
        this(schemas, extensions, tables, sequences, views, routines, enums, domains, compositeTypes, comments, rangeTypes,
                collations, casts, publications, eventTriggers, defaultPrivileges, roles, List.of());
    }

    /** A snapshot of the kinds of version 0.2: no range types, collations, casts, publications, event triggers, ... */
    public SchemaSnapshot(List<SchemaName> schemas, List<InstalledExtension> extensions, List<Table> tables,
            List<Sequence> sequences, List<View> views, List<Routine> routines, List<EnumType> enums, List<Domain> domains,
            List<CompositeType> compositeTypes, List<Comment> comments) {
        this(schemas, extensions, tables, sequences, views, routines, enums, domains, compositeTypes, comments, List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** A snapshot with nothing in it. */
    public static SchemaSnapshot empty() {
        return new SchemaSnapshot(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /**
     * Every object, flattened: tables followed by their columns, constraints, indexes, triggers, policies, rules and
     * statistics; views by their indexes, triggers and rules.
     */
    public List<SchemaObject> objects() {
        List<SchemaObject> all = new ArrayList<>();
        all.addAll(schemas);
        all.addAll(roles);
        all.addAll(extensions);
        all.addAll(collations);
        all.addAll(enums);
        all.addAll(domains);
        all.addAll(compositeTypes);
        all.addAll(rangeTypes);
        all.addAll(sequences);
        for (Table t : tables) {
            all.add(t);
            all.addAll(t.columns());
            all.addAll(t.constraints());
            all.addAll(t.indexes());
            all.addAll(t.triggers());
            all.addAll(t.policies());
            all.addAll(t.rules());
            all.addAll(t.statistics());
        }
        for (View v : views) {
            all.add(v);
            all.addAll(v.indexes());
            all.addAll(v.triggers());
            all.addAll(v.rules());
        }
        all.addAll(routines);
        all.addAll(otherObjects);
        all.addAll(casts);
        all.addAll(publications);
        all.addAll(eventTriggers);
        all.addAll(defaultPrivileges);
        all.addAll(comments);
        return all;
    }

    /** The table by name, either qualified ({@code public.bots}) or plain ({@code bots}, first match by schema). */
    public Optional<Table> table(String name) {
        // as find, without building each table's qualified name: a round trip's checks look tables up thousands of times
        for (Table t : tables) {
            if (named(t.schema(), t.name(), name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public Optional<View> view(String name) {
        return find(views, name);
    }

    public Optional<InstalledExtension> extension(String name) {
        return extensions.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public Optional<Sequence> sequence(String name) {
        return find(sequences, name);
    }

    /** Routines by name (all overloads), qualified or plain. */
    public List<Routine> routines(String name) {
        return routines.stream().filter(r -> matches(r.schema(), r.name(), name)).toList();
    }

    public Optional<EnumType> enumType(String name) {
        return find(enums, name);
    }

    public Optional<Domain> domain(String name) {
        return find(domains, name);
    }

    public Optional<CompositeType> compositeType(String name) {
        return find(compositeTypes, name);
    }

    public Optional<RangeType> rangeType(String name) {
        return find(rangeTypes, name);
    }

    public Optional<Collation> collation(String name) {
        return find(collations, name);
    }

    public Optional<Publication> publication(String name) {
        return publications.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<EventTrigger> eventTrigger(String name) {
        return eventTriggers.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /**
     * An object of a kind without a record of its own, by kind (one of {@link OtherObject#KINDS}: {@code text search
     * configuration}, {@code operator}, {@code foreign table}, ...) and name, qualified or plain ({@code
     * english_unaccent}, {@code my_ops USING btree}).
     *
     * @throws IllegalArgumentException naming the kinds, when {@code kind} is none of them
     */
    public Optional<OtherObject> otherObject(String kind, String name) {
        String checked = OtherObject.checkKind(kind);
        return find(otherObjects.stream().filter(o -> o.kind().equals(checked)).toList(), name);
    }

    public Optional<Role> role(String name) {
        return roles.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** All indexes of tables and materialized views. */
    public List<Index> indexes() {
        List<Index> all = new ArrayList<>();
        tables.forEach(t -> all.addAll(t.indexes()));
        views.forEach(v -> all.addAll(v.indexes()));
        return all;
    }

    private static <T extends SchemaObject> Optional<T> find(List<T> items, String name) {
        return items.stream().filter(i -> {
            String qn = i.qualifiedName();
            int dot = qn.indexOf('.');
            return qn.equals(name) || (dot > 0 && qn.substring(dot + 1).equals(name));
        }).findFirst();
    }

    /**
     * {@link #find}'s test for an object whose qualified name is {@code schema + "." + object}: that name is {@code name},
     * or what follows its first dot is (where that dot is not its first character).
     */
    static boolean named(String schema, String object, String name) {
        int s = schema.length();
        if (name.length() == s + 1 + object.length() && name.startsWith(schema) && name.charAt(s) == '.'
                && name.endsWith(object)) {
            return true;
        }
        int dot = schema.indexOf('.');
        if (dot < 0) {
            return s > 0 && name.equals(object); // the first dot is the one before the object's name
        }
        int rest = s - dot - 1; // what follows a dot within the schema's name, then the dot, then the object's name
        return dot > 0 && name.length() == rest + 1 + object.length() && name.regionMatches(0, schema, dot + 1, rest)
                && name.charAt(rest) == '.' && name.endsWith(object);
    }

    private static boolean matches(String schema, String objectName, String name) {
        return name.equals(objectName) || name.equals(schema + "." + objectName);
    }

    /**
     * The canonical text: one block per object ({@code kind name}, then one indented {@code property: value} line per
     * property), blocks separated by blank lines. Diff-friendly and stable.
     */
    public String toCanonicalText() {
        StringBuilder out = new StringBuilder();
        for (SchemaObject o : objects()) {
            out.append(canonicalBlock(o.key(), o.properties()));
        }
        return out.toString();
    }

    /** One block of the canonical text: the key, one indented line per property (or a {@code |} block), a blank line. */
    public static String canonicalBlock(String key, Map<String, String> properties) {
        StringBuilder out = new StringBuilder();
        out.append(key).append('\n');
        for (Map.Entry<String, String> p : properties.entrySet()) {
            String value = p.getValue().replace("\r", "");
            if (value.contains("\n")) {
                out.append("  ").append(p.getKey()).append(": |\n");
                value.lines().forEach(l -> out.append("    ").append(l.stripTrailing()).append('\n'));
            } else {
                out.append("  ").append(p.getKey()).append(": ").append(value).append('\n');
            }
        }
        out.append('\n');
        return out.toString();
    }

    @Override
    public String toString() {
        return "SchemaSnapshot[" + tables.size() + " tables, " + indexes().size() + " indexes, " + extensions.size()
                + " extensions, " + routines.size() + " routines, " + views.size() + " views]";
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof SchemaSnapshot o
                && Objects.equals(schemas, o.schemas)
                && Objects.equals(extensions, o.extensions)
                && Objects.equals(tables, o.tables)
                && Objects.equals(sequences, o.sequences)
                && Objects.equals(views, o.views)
                && Objects.equals(routines, o.routines)
                && Objects.equals(enums, o.enums)
                && Objects.equals(domains, o.domains)
                && Objects.equals(compositeTypes, o.compositeTypes)
                && Objects.equals(comments, o.comments)
                && Objects.equals(rangeTypes, o.rangeTypes)
                && Objects.equals(collations, o.collations)
                && Objects.equals(casts, o.casts)
                && Objects.equals(publications, o.publications)
                && Objects.equals(eventTriggers, o.eventTriggers)
                && Objects.equals(defaultPrivileges, o.defaultPrivileges)
                && Objects.equals(roles, o.roles)
                && Objects.equals(otherObjects, o.otherObjects);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schemas, extensions, tables, sequences, views, routines, enums, domains, compositeTypes,
                comments, rangeTypes, collations, casts, publications, eventTriggers, defaultPrivileges, roles, otherObjects);
    }
}
