package io.github.schemaverify.schema;

import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * A rewrite rule ({@code CREATE RULE}) on a table or view; a view's own {@code _RETURN} rule is its definition and not
 * listed.
 *
 * @param table      the table or view
 * @param definition {@code pg_get_ruledef}, e.g. {@code CREATE RULE r AS ON DELETE TO t DO INSTEAD NOTHING;}
 * @param enabled    when it applies ({@code ALTER TABLE ... DISABLE RULE}, {@code ENABLE REPLICA RULE}, ...)
 * @since 0.3
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public record Rule(String schema, String table, String name, String definition, TriggerState enabled)
        implements SchemaObject {
    /** A rule enabled as {@code CREATE RULE} leaves it. */
    public Rule(String schema, String table, String name, String definition) {
        this(schema, table, name, definition, TriggerState.ORIGIN);
    }

    @Override
    public String kind() {
        return "rule";
    }

    @Override
    public String qualifiedName() {
        return schema + "." + table + "." + name;
    }

    @Override
    public String parent() {
        return schema + "." + table;
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("definition", definition)
                .put("enabled", enabled == TriggerState.ORIGIN ? "" : enabled.code()).build();
    }

    @Override
    public String summary() {
        return definition.replaceAll("\\s+", " ").strip();
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof Rule o
                && Objects.equals(schema, o.schema)
                && Objects.equals(table, o.table)
                && Objects.equals(name, o.name)
                && Objects.equals(definition, o.definition)
                && Objects.equals(enabled, o.enabled);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, table, name, definition, enabled);
    }
}
