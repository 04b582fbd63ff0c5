package io.github.schemaverify.schema;

import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * A collation ({@code CREATE COLLATION}) in a migration schema.
 *
 * @param provider      {@code libc}, {@code icu} or {@code builtin} (PostgreSQL 17), as {@code pg_collation} names it
 * @param locale        the locale ({@code LC_COLLATE}, or the ICU / builtin locale)
 * @param ctype         {@code LC_CTYPE} when it differs from {@code locale}, else {@code ""}
 * @param deterministic false for {@code deterministic = false} (ICU)
 * @param rules         ICU tailoring rules ({@code rules = '&a < g'}, PostgreSQL 16), else {@code ""}
 * @since 0.3
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public record Collation(String schema, String name, String provider, String locale, String ctype, boolean deterministic,
        String owner, String rules) implements SchemaObject {
    /** A collation without ICU rules of its own. */
    public Collation(String schema, String name, String provider, String locale, String ctype, boolean deterministic,
            String owner) {
        this(schema, name, provider, locale, ctype, deterministic, owner, "");
    }

    @Override
    public String kind() {
        return "collation";
    }

    @Override
    public String qualifiedName() {
        return schema + "." + name;
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("provider", provider).put("locale", locale).put("ctype", ctype).put("deterministic", deterministic)
                .put("rules", rules).put(Props.OWNER, owner).build();
    }

    @Override
    public String summary() {
        return "provider = " + provider + ", locale = '" + locale + "'" + (ctype.isEmpty() ? "" : ", lc_ctype = '" + ctype + "'")
                + (deterministic ? "" : ", deterministic = false")
                + (rules.isEmpty() ? "" : ", rules = '" + rules.replace("'", "''") + "'");
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof Collation o
                && Objects.equals(schema, o.schema)
                && Objects.equals(name, o.name)
                && Objects.equals(provider, o.provider)
                && Objects.equals(locale, o.locale)
                && Objects.equals(ctype, o.ctype)
                && deterministic == o.deterministic
                && Objects.equals(owner, o.owner)
                && Objects.equals(rules, o.rules);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, name, provider, locale, ctype, deterministic, owner, rules);
    }
}
