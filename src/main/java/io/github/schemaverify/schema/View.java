package io.github.schemaverify.schema;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.apiguardian.api.API;

/**
 * A view or materialized view, with its definition ({@code pg_get_viewdef}), its options, its {@code INSTEAD OF}
 * triggers and rules, and, if materialized, its indexes.
 *
 * @param options    {@code security_invoker}, {@code security_barrier}, {@code check_option} ({@code WITH CHECK
 *                   OPTION}: {@code local} or {@code cascaded}), and a materialized view's storage parameters
 * @param owner      the role that owns it
 * @param privileges the privileges that differ from the default (the owner's)
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record View(String schema, String name, boolean materialized, String definition, List<Index> indexes,
        SortedMap<String, String> options, List<Trigger> triggers, List<Rule> rules, String owner, List<Grant> privileges)
        implements SchemaObject {
    public View {
        indexes = Table.sorted(indexes, Comparator.comparing(Index::name));
        options = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(options));
        triggers = Table.sorted(triggers, Comparator.comparing(Trigger::name));
        rules = Table.sorted(rules, Comparator.comparing(Rule::name));
        privileges = Grant.sorted(privileges);
    }

    /** A view without options, triggers, rules, owner or privileges. */
    public View(String schema, String name, boolean materialized, String definition, List<Index> indexes) {
        this(schema, name, materialized, definition, indexes, new TreeMap<>(), List.of(), List.of(), "", List.of());
    }

    @Override
    public String kind() {
        return materialized ? "materialized view" : "view";
    }

    @Override
    public String qualifiedName() {
        return schema + "." + name;
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("options", options).put(Props.OWNER, owner).grants(privileges).put("definition", definition)
                .build();
    }

    @Override
    public String summary() {
        return (options.isEmpty() ? "" : "WITH (" + String.join(", ", options.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList()) + ") ")
                + "AS " + definition.replaceAll("\\s+", " ").strip();
    }

    public Optional<Trigger> trigger(String triggerName) {
        return triggers.stream().filter(t -> t.name().equals(triggerName)).findFirst();
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof View o
                && Objects.equals(schema, o.schema)
                && Objects.equals(name, o.name)
                && materialized == o.materialized
                && Objects.equals(definition, o.definition)
                && Objects.equals(indexes, o.indexes)
                && Objects.equals(options, o.options)
                && Objects.equals(triggers, o.triggers)
                && Objects.equals(rules, o.rules)
                && Objects.equals(owner, o.owner)
                && Objects.equals(privileges, o.privileges);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, name, materialized, definition, indexes, options, triggers, rules, owner,
                privileges);
    }
}
