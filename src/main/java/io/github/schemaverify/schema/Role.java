package io.github.schemaverify.schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * A role, read only where SchemaVerify owns the server (LOCAL, CONTAINER), since roles belong to the whole server: a
 * round trip there sees a role that a revision creates and its undo leaves behind. Built-in roles ({@code pg_*}) and
 * the server's bootstrap superuser are left out; passwords are never read.
 *
 * @param attributes the attributes that differ from {@code CREATE ROLE}'s defaults, e.g. {@code LOGIN},
 *                   {@code CREATEDB}, {@code NOINHERIT}, {@code CONNECTION LIMIT 5}, {@code VALID UNTIL '2030-01-01
 *                   00:00:00+00'} ({@code VALID UNTIL 'infinity'} is none: it never expires, as a role without one, and
 *                   {@code ALTER ROLE} cannot set it back to none, only to {@code 'infinity'}); a diff names none
 *                   {@code default}: {@code ~ role app: attributes was default, is LOGIN}
 * @param memberOf   the roles it is a member of, e.g. {@code app_reader}, {@code app_admin WITH ADMIN OPTION}
 * @param settings   {@code ALTER ROLE ... SET}, e.g. {@code statement_timeout=5s}
 * @since 0.3
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public record Role(String name, List<String> attributes, List<String> memberOf, List<String> settings) implements SchemaObject {
    public Role {
        attributes = List.copyOf(attributes);
        memberOf = memberOf.stream().sorted().toList();
        settings = settings.stream().sorted().toList();
    }

    @Override
    public String kind() {
        return "role";
    }

    @Override
    public String qualifiedName() {
        return name;
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("attributes", attributes).put("member of", memberOf).put("settings", String.join("; ", settings))
                .build();
    }

    /** The attributes ({@code NOLOGIN} first when it may not log in), memberships and settings. */
    @Override
    public String summary() {
        List<String> parts = new java.util.ArrayList<>();
        if (!attributes.contains("LOGIN")) {
            parts.add("NOLOGIN");
        }
        parts.addAll(attributes);
        if (!memberOf.isEmpty()) {
            parts.add("IN ROLE " + String.join(", ", memberOf));
        }
        if (!settings.isEmpty()) {
            parts.add("SET " + String.join("; ", settings));
        }
        return String.join(" ", parts);
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof Role o
                && Objects.equals(name, o.name)
                && Objects.equals(attributes, o.attributes)
                && Objects.equals(memberOf, o.memberOf)
                && Objects.equals(settings, o.settings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, attributes, memberOf, settings);
    }
}
