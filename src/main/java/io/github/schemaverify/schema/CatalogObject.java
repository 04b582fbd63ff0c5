package io.github.schemaverify.schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * An object of a kind that has no record of its own in a snapshot, compared by its definition as one line: text
 * search configurations (with their token mappings), dictionaries, parsers and templates; operators, operator classes
 * and operator families (with their members); foreign tables, foreign-data wrappers, foreign servers and user
 * mappings; conversions, transforms, procedural languages and access methods. Those a migration creates in a
 * migration schema are read (the kinds that live in a schema), and those of the whole database (the others); objects
 * owned by an extension are left out, as everywhere in a snapshot.
 *
 * <p>Option values whose name says they are a secret ({@code password}, {@code passphrase}, {@code secret}, {@code
 * token}, {@code key}: a user mapping's credentials, say) read {@code ********}: a change to one of them does not show.
 *
 * @param kind       {@code text search configuration}, {@code operator}, {@code foreign table}, ... as diffs print it
 * @param schema     its schema, or {@code ""} for a kind that belongs to the whole database
 * @param name       its name as PostgreSQL identifies it within the kind: an operator with its argument types
 *                   ({@code ===(integer, integer)}), an operator class or family with its method ({@code my_ops USING
 *                   btree}), a user mapping with its server ({@code app SERVER remote})
 * @param definition what it is, as SQL-like text: one line, or one line per part where it has many (a text
 *                   search configuration's mapping per token type, {@code asciiword WITH unaccent, english_stem}, after
 *                   its {@code PARSER = "default"}; an operator family's operators and support functions)
 * @param owner      its owner, or {@code ""} for a kind that has none
 * @param privileges the privileges that differ from the kind's default (foreign tables, foreign-data wrappers, servers
 *                   and languages)
 * @since 0.3
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public record CatalogObject(String kind, String schema, String name, String definition, String owner,
        List<Grant> privileges) implements SchemaObject {

    public CatalogObject {
        privileges = List.copyOf(privileges);
    }

    @Override
    public String qualifiedName() {
        return schema.isEmpty() ? name : schema + "." + name;
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("definition", definition).put(Props.OWNER, owner).grants(privileges).build();
    }

    /** The definition on one line, its lines (a text search configuration's mappings, say) separated by {@code ; }. */
    @Override
    public String summary() {
        return definition.replace("\n", "; ");
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof CatalogObject o
                && Objects.equals(kind, o.kind)
                && Objects.equals(schema, o.schema)
                && Objects.equals(name, o.name)
                && Objects.equals(definition, o.definition)
                && Objects.equals(owner, o.owner)
                && Objects.equals(privileges, o.privileges);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, schema, name, definition, owner, privileges);
    }
}
