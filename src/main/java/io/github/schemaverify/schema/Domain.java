package io.github.schemaverify.schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * A domain: base type, NOT NULL, default and check constraints.
 *
 * @param checks    the check constraints, each as {@code pg_get_constraintdef} gives it, led by {@code CONSTRAINT name}
 *                  where its name is not the one PostgreSQL gives the first unnamed check ({@code email_check}), in
 *                  text order
 * @param collation the collation of {@code CREATE DOMAIN ... COLLATE}, where it is not the base type's, else {@code ""}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Domain(String schema, String name, String baseType, boolean notNull, String defaultValue, List<String> checks,
        String owner, List<Grant> privileges, String collation) implements SchemaObject {
    public Domain {
        privileges = Grant.sorted(privileges);
        checks = checks.stream().sorted().toList();
    }

    /** A domain with its base type's collation. */
    public Domain(String schema, String name, String baseType, boolean notNull, String defaultValue, List<String> checks,
            String owner, List<Grant> privileges) {
        this(schema, name, baseType, notNull, defaultValue, checks, owner, privileges, "");
    }

    @Override
    public String kind() {
        return "domain";
    }

    @Override
    public String qualifiedName() {
        return schema + "." + name;
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("type", baseType).put("collation", collation).put("not null", notNull).put("default", defaultValue)
                .put("checks", checks).put(Props.OWNER, owner).grants(privileges).build();
    }

    @Override
    public String summary() {
        return "AS " + baseType + (collation.isEmpty() ? "" : " COLLATE " + collation) + (notNull ? " NOT NULL" : "")
                + (defaultValue.isEmpty() ? "" : " DEFAULT " + defaultValue) + (checks.isEmpty() ? "" : " " + String.join(" ", checks));
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof Domain o
                && Objects.equals(schema, o.schema)
                && Objects.equals(name, o.name)
                && Objects.equals(baseType, o.baseType)
                && notNull == o.notNull
                && Objects.equals(defaultValue, o.defaultValue)
                && Objects.equals(checks, o.checks)
                && Objects.equals(owner, o.owner)
                && Objects.equals(privileges, o.privileges)
                && Objects.equals(collation, o.collation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, name, baseType, notNull, defaultValue, checks, owner, privileges, collation);
    }
}
