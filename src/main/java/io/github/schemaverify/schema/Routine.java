package io.github.schemaverify.schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * A function, procedure, aggregate or window function.
 *
 * @param arguments        the identity arguments ({@code pg_get_function_identity_arguments}), part of the name
 * @param routineKind      function, procedure, aggregate or window function; {@link #kind()} is its word
 * @param strict           {@code STRICT} ({@code RETURNS NULL ON NULL INPUT})
 * @param leakproof        {@code LEAKPROOF}
 * @param parallel         {@code PARALLEL SAFE}, {@code RESTRICTED} or {@code UNSAFE} (the default)
 * @param cost             {@code COST}, {@code ""} when it is the default (1 for C and internal functions, else 100)
 * @param rows             {@code ROWS} of a set-returning function, {@code ""} when it is the default (1000)
 * @param settings         the {@code SET} clauses, e.g. {@code search_path=pg_catalog, pg_temp}
 * @param argumentDefaults the {@code DEFAULT} expressions of the last arguments, e.g. {@code 10, 'x'::text}
 * @param aggregate        an aggregate's definition ({@code SFUNC = ..., STYPE = ..., ...}), else {@code ""}
 * @param owner            the role that owns it
 * @param privileges       the privileges that differ from the default (the owner's, and {@code EXECUTE} for
 *                         {@code PUBLIC})
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Routine(String schema, String name, String arguments, RoutineKind routineKind, String returns, String language,
        Volatility volatility, boolean securityDefiner, String body, boolean strict, boolean leakproof, Parallel parallel,
        String cost, String rows, List<String> settings, String argumentDefaults, String aggregate, String owner,
        List<Grant> privileges) implements SchemaObject {

    public Routine {
        settings = List.copyOf(settings);
        privileges = Grant.sorted(privileges);
    }

    /** A routine with the default settings, no owner known and no privileges of its own. */
    public Routine(String schema, String name, String arguments, RoutineKind routineKind, String returns, String language,
            Volatility volatility, boolean securityDefiner, String body) {
        this(schema, name, arguments, routineKind, returns, language, volatility, securityDefiner, body, false, false,
                Parallel.UNSAFE, "", "", List.of(), "", "", "", List.of());
    }

    /** {@code function}, {@code procedure}, {@code aggregate} or {@code window}. */
    @Override
    public String kind() {
        return routineKind.word();
    }

    @Override
    public String qualifiedName() {
        return schema + "." + name + "(" + arguments + ")";
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("returns", returns).put("language", language).put("volatility", volatility.sql())
                .put("security definer", securityDefiner).flag("strict", strict).flag("leakproof", leakproof)
                .put("parallel", parallel == Parallel.UNSAFE ? "" : parallel.sql()).put("cost", cost).put("rows", rows)
                .put("settings", String.join("; ", settings)).put("argument defaults", argumentDefaults)
                .put("aggregate", aggregate).put(Props.OWNER, owner).grants(privileges).put("body", body.strip()).build();
    }

    @Override
    public String summary() {
        return (returns.isEmpty() ? "" : "RETURNS " + returns + " ") + "LANGUAGE " + language + " " + volatility.sql()
                + (strict ? " STRICT" : "") + (securityDefiner ? " SECURITY DEFINER" : "") + (leakproof ? " LEAKPROOF" : "")
                + (parallel == Parallel.UNSAFE ? "" : " PARALLEL " + parallel.sql()) + (cost.isEmpty() ? "" : " COST " + cost)
                + (rows.isEmpty() ? "" : " ROWS " + rows)
                + String.join("", settings.stream().map(s -> " SET " + s.replaceFirst("=", " = ")).toList())
                + (aggregate.isEmpty() ? "" : " (" + aggregate + ")");
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof Routine o
                && Objects.equals(schema, o.schema)
                && Objects.equals(name, o.name)
                && Objects.equals(arguments, o.arguments)
                && Objects.equals(routineKind, o.routineKind)
                && Objects.equals(returns, o.returns)
                && Objects.equals(language, o.language)
                && Objects.equals(volatility, o.volatility)
                && securityDefiner == o.securityDefiner
                && Objects.equals(body, o.body)
                && strict == o.strict
                && leakproof == o.leakproof
                && Objects.equals(parallel, o.parallel)
                && Objects.equals(cost, o.cost)
                && Objects.equals(rows, o.rows)
                && Objects.equals(settings, o.settings)
                && Objects.equals(argumentDefaults, o.argumentDefaults)
                && Objects.equals(aggregate, o.aggregate)
                && Objects.equals(owner, o.owner)
                && Objects.equals(privileges, o.privileges);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, name, arguments, routineKind, returns, language, volatility, securityDefiner, body,
                strict, leakproof, parallel, cost, rows, settings, argumentDefaults, aggregate, owner, privileges);
    }
}
