package io.github.schemaverify.schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * A range type ({@code CREATE TYPE ... AS RANGE}); its multirange type comes with it and is not listed.
 *
 * @param subtype        {@code SUBTYPE}
 * @param subtypeOpclass {@code SUBTYPE_OPCLASS} when it is not the subtype's default, else {@code ""}
 * @param collation      {@code COLLATION} when it is not the subtype's default, else {@code ""}
 * @param canonical      {@code CANONICAL} function, else {@code ""}
 * @param subtypeDiff    {@code SUBTYPE_DIFF} function, else {@code ""}
 * @since 0.3
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public record RangeType(String schema, String name, String subtype, String subtypeOpclass, String collation,
        String canonical, String subtypeDiff, String owner, List<Grant> privileges) implements SchemaObject {
    public RangeType {
        privileges = Grant.sorted(privileges);
    }

    @Override
    public String kind() {
        return "range type";
    }

    @Override
    public String qualifiedName() {
        return schema + "." + name;
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("subtype", subtype).put("subtype opclass", subtypeOpclass).put("collation", collation)
                .put("canonical", canonical).put("subtype diff", subtypeDiff).put(Props.OWNER, owner).grants(privileges)
                .build();
    }

    @Override
    public String summary() {
        return "AS RANGE (SUBTYPE = " + subtype + (subtypeOpclass.isEmpty() ? "" : ", SUBTYPE_OPCLASS = " + subtypeOpclass)
                + (collation.isEmpty() ? "" : ", COLLATION = " + collation) + (canonical.isEmpty() ? "" : ", CANONICAL = " + canonical)
                + (subtypeDiff.isEmpty() ? "" : ", SUBTYPE_DIFF = " + subtypeDiff) + ")";
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof RangeType o
                && Objects.equals(schema, o.schema)
                && Objects.equals(name, o.name)
                && Objects.equals(subtype, o.subtype)
                && Objects.equals(subtypeOpclass, o.subtypeOpclass)
                && Objects.equals(collation, o.collation)
                && Objects.equals(canonical, o.canonical)
                && Objects.equals(subtypeDiff, o.subtypeDiff)
                && Objects.equals(owner, o.owner)
                && Objects.equals(privileges, o.privileges);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, name, subtype, subtypeOpclass, collation, canonical, subtypeDiff, owner,
                privileges);
    }
}
