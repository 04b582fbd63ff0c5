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
 * @param options          {@code security_invoker}, {@code security_barrier}, {@code check_option} ({@code WITH CHECK
 *                         OPTION}: {@code local} or {@code cascaded}), and a materialized view's storage parameters
 * @param owner            the role that owns it
 * @param privileges       the privileges that differ from the default (the owner's)
 * @param columnDefaults   the defaults its columns were given ({@code ALTER VIEW v ALTER COLUMN c SET DEFAULT ...}),
 *                         by column
 * @param columnPrivileges column privileges ({@code GRANT SELECT (email) ON v TO ...}), by column
 * @param accessMethod     a materialized view's table access method ({@code USING}, {@code SET ACCESS METHOD}) where it
 *                         is not {@code heap}, else {@code ""}
 * @param tablespace       a materialized view's tablespace ({@code TABLESPACE}, {@code SET TABLESPACE}) where it is not
 *                         the database's default, else {@code ""}
 * @param columnStatistics what a materialized view's columns tell the planner, by column: a statistics target
 *                         ({@code ALTER MATERIALIZED VIEW ... ALTER COLUMN c SET STATISTICS 500} reads {@code STATISTICS
 *                         500}) and planner options ({@code n_distinct=-0.5}), for the columns that have any
 * @param populated        whether it can be read: false for a materialized view created {@code WITH NO DATA} (or
 *                         refreshed so) and not refreshed since, which every query of it fails on ("materialized view
 *                         has not been populated"); true for a plain view
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record View(String schema, String name, boolean materialized, String definition, List<Index> indexes,
        SortedMap<String, String> options, List<Trigger> triggers, List<Rule> rules, String owner, List<Grant> privileges,
        SortedMap<String, String> columnDefaults, SortedMap<String, List<Grant>> columnPrivileges, String accessMethod,
        String tablespace, SortedMap<String, String> columnStatistics, boolean populated) implements SchemaObject {
    public View {
        columnStatistics = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(columnStatistics));
        columnDefaults = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(columnDefaults));
        TreeMap<String, List<Grant>> grants = new TreeMap<>();
        columnPrivileges.forEach((column, columnGrants) -> grants.put(column, Grant.sorted(columnGrants)));
        columnPrivileges = java.util.Collections.unmodifiableSortedMap(grants);
        indexes = Table.sorted(indexes, Comparator.comparing(Index::name));
        options = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(options));
        triggers = Table.sorted(triggers, Comparator.comparing(Trigger::name));
        rules = Table.sorted(rules, Comparator.comparing(Rule::name));
        privileges = Grant.sorted(privileges);
    }

    /** A view that can be read (a materialized view populated), as before whether one holds data was compared. */
    public View(String schema, String name, boolean materialized, String definition, List<Index> indexes,
            SortedMap<String, String> options, List<Trigger> triggers, List<Rule> rules, String owner, List<Grant> privileges,
            SortedMap<String, String> columnDefaults, SortedMap<String, List<Grant>> columnPrivileges, String accessMethod,
            String tablespace, SortedMap<String, String> columnStatistics) {
        this(schema, name, materialized, definition, indexes, options, triggers, rules, owner, privileges, columnDefaults,
                columnPrivileges, accessMethod, tablespace, columnStatistics, true);
    }

    /** A view as before materialized views' storage was compared: {@code heap}, the default tablespace, no statistics. */
    public View(String schema, String name, boolean materialized, String definition, List<Index> indexes,
            SortedMap<String, String> options, List<Trigger> triggers, List<Rule> rules, String owner, List<Grant> privileges,
            SortedMap<String, String> columnDefaults, SortedMap<String, List<Grant>> columnPrivileges) {
        this(schema, name, materialized, definition, indexes, options, triggers, rules, owner, privileges, columnDefaults,
                columnPrivileges, "", "", new TreeMap<>());
    }

    /** A view whose columns have no defaults or privileges of their own. */
    public View(String schema, String name, boolean materialized, String definition, List<Index> indexes,
            SortedMap<String, String> options, List<Trigger> triggers, List<Rule> rules, String owner, List<Grant> privileges) {
        this(schema, name, materialized, definition, indexes, options, triggers, rules, owner, privileges, new TreeMap<>(),
                new TreeMap<>());
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
        return Props.of().put("options", options).put(Props.OWNER, owner).grants(privileges)
                .put("column defaults", columnDefaults).put(COLUMN_PRIVILEGES, columnPrivilegesText())
                .put("access method", accessMethod).put("tablespace", tablespace).put(COLUMN_STATISTICS, columnStatisticsText())
                .put(POPULATED, populated ? "" : "false").put("definition", definition).build();
    }

    /** The property that holds the privileges on a view's columns: {@value}. */
    public static final String COLUMN_PRIVILEGES = "column privileges";

    /**
     * The property that says a materialized view holds no data ({@code WITH NO DATA}, not refreshed since): {@value},
     * shown only then ({@code populated was true, is false}).
     */
    public static final String POPULATED = "populated";

    /** The property that holds what a materialized view's columns tell the planner: {@value}. */
    public static final String COLUMN_STATISTICS = "column statistics";

    /** {@code body (STATISTICS 500); tenant (n_distinct=-0.5)}, or {@code ""}. */
    private String columnStatisticsText() {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> e : columnStatistics.entrySet()) {
            text.append(text.length() == 0 ? "" : "; ").append(e.getKey()).append(" (").append(e.getValue()).append(')');
        }
        return text.toString();
    }

    /** {@code email (reader: SELECT); name (editor: SELECT, UPDATE)}, or {@code ""}. */
    private String columnPrivilegesText() {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, List<Grant>> e : columnPrivileges.entrySet()) {
            text.append(text.length() == 0 ? "" : "; ").append(e.getKey()).append(" (").append(Grant.text(e.getValue()))
                    .append(')');
        }
        return text.toString();
    }

    @Override
    public String summary() {
        String body = definition.replaceAll("\\s+", " ").strip();
        return (accessMethod.isEmpty() ? "" : "USING " + accessMethod + " ")
                + (options.isEmpty() ? "" : "WITH (" + String.join(", ", options.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList()) + ") ")
                + (tablespace.isEmpty() ? "" : "TABLESPACE " + tablespace + " ")
                + "AS " + (populated ? body : (body.endsWith(";") ? body.substring(0, body.length() - 1) : body) + " WITH NO DATA;");
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
                && Objects.equals(privileges, o.privileges)
                && Objects.equals(columnDefaults, o.columnDefaults)
                && Objects.equals(columnPrivileges, o.columnPrivileges)
                && Objects.equals(accessMethod, o.accessMethod)
                && Objects.equals(tablespace, o.tablespace)
                && Objects.equals(columnStatistics, o.columnStatistics)
                && populated == o.populated;
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, name, materialized, definition, indexes, options, triggers, rules, owner,
                privileges, columnDefaults, columnPrivileges, accessMethod, tablespace, columnStatistics, populated);
    }
}
