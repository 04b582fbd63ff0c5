package io.github.schemaverify.schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * An object of a kind that has no record of its own in a snapshot, compared by its definition: text search
 * configurations (with their token mappings), dictionaries, parsers and templates; operators, operator classes and
 * operator families (with their members); foreign tables, foreign-data wrappers, servers and user mappings;
 * conversions, transforms, procedural languages and access methods; the database's own settings ({@code ALTER DATABASE
 * ... SET}: a {@code database setting} named by the setting, its value as its definition) and its settings for a role
 * ({@code ALTER ROLE ... IN DATABASE ... SET}: a {@code role setting} named {@code statement_timeout for app}); and the
 * privileges on what a snapshot reads nowhere else ({@value #PRIVILEGES}, with no definition of their own): the
 * database's ({@code on database}) where they differ from the default, and those on an extension's objects where they
 * differ from what its script set up ({@code on language plpgsql}, {@code on function vector_dims(vector)}) ({@link
 * #KINDS}). Those of the kinds that live in a
 * schema are read in the migration schemas, the others in the whole database; objects owned by an extension, built-in
 * ones and shell operators (which {@code pg_dump} leaves out too) are left out.
 *
 * <p>Secrets are never read: a user mapping is compared by its role and server alone (its options hold credentials,
 * and only some roles may read them), and the value of any other option whose name says it is a secret ({@code
 * password}, {@code passwd}, {@code pwd}, {@code passphrase}, {@code secret}, {@code token}, or a name ending in
 * {@code _password}, ...) or whose value holds one ({@code password=...}, {@code user:password@host}) reads {@code
 * '********'}.
 *
 * @param kind       one of {@link #KINDS}, as diffs print it
 * @param schema     its schema, or {@code ""} for a kind that belongs to the whole database
 * @param name       its name as PostgreSQL identifies it within the kind: an operator with its argument types
 *                   ({@code ===(text, text)}), an operator class or family with its method ({@code my_ops USING
 *                   btree}), a user mapping with its server ({@code app SERVER remote}), a role setting with its role
 * @param definition what it is, as SQL-like text: one line, or one line per part where it has many (a text search
 *                   configuration's parser, then its mapping per token type, {@code asciiword WITH unaccent,
 *                   english_stem}; an operator family's operators and support functions; a foreign table's columns and
 *                   server, then its constraints and triggers)
 * @param owner      its owner, or {@code ""} for a kind that has none
 * @param privileges the privileges that differ from the kind's default (foreign tables, foreign-data wrappers, servers
 *                   and languages), or from what an extension's script set up ({@value #PRIVILEGES})
 * @since 0.3
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public record OtherObject(String kind, String schema, String name, String definition, String owner,
        List<Grant> privileges) implements SchemaObject {

    /**
     * The kind that holds the privileges on what a snapshot reads nowhere else: {@value}, named by what they are on
     * ({@code on database}, {@code on language plpgsql}), e.g. {@code + privileges on database (PUBLIC: TEMPORARY)}.
     */
    public static final String PRIVILEGES = "privileges";

    /** The kinds, as {@link #kind()} names them. */
    public static final List<String> KINDS = List.of("access method", "conversion", "database setting", "foreign table",
            "foreign-data wrapper", "language", "operator", "operator class", "operator family", PRIVILEGES, "role setting",
            "server", "text search configuration", "text search dictionary", "text search parser", "text search template",
            "transform", "user mapping");

    public OtherObject {
        privileges = List.copyOf(privileges);
    }

    /**
     * {@code kind} itself, when it is one of {@link #KINDS}.
     *
     * @throws IllegalArgumentException naming the kinds, when it is none of them
     */
    public static String checkKind(String kind) {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("\"" + kind + "\" is no kind of object without a record of its own; the"
                    + " kinds are " + String.join(", ", KINDS) + " (tables, views, functions, types and the others have"
                    + " records and methods of their own: SchemaSnapshot.table(name), ...)");
        }
        return kind;
    }

    @Override
    public String qualifiedName() {
        return schema.isEmpty() ? name : schema + "." + name;
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("definition", definition).put(Props.OWNER, owner).grants(privileges).build();
    }

    /**
     * The definition on one line, its lines (a text search configuration's mappings, say) separated by {@code ; }; the
     * privileges for {@value #PRIVILEGES}, which have no definition.
     */
    @Override
    public String summary() {
        return definition.isEmpty() && !privileges.isEmpty() ? Grant.text(privileges) : definition.replace("\n", "; ");
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof OtherObject o
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
