package io.github.schemaverify.assertj.error;

import java.util.Collection;

import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Creates the error when an owner lacks a named object of some kind:
 * <pre>
 * [table public.tenants]
 * Expecting table public.tenants to have column "content_hash",
 * but it has: created_at, email, id, name
 * </pre>
 * One factory for every kind (table, column, index, constraint, trigger, function, view, enum, sequence, domain,
 * type, extension, policy, and any a new schema kind adds): the condition is the same, only the kind differs.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ShouldHaveObject extends TextMessageFactory {

    /**
     * @param owner    what should have it, as messages name it: {@code the schema}, {@code table public.tenants}
     * @param kind     {@code table}, {@code column}, ...
     * @param existing the names of the objects of that kind the owner has
     */
    public static ErrorMessageFactory shouldHaveObject(String owner, String kind, String name, Collection<String> existing) {
        return new ShouldHaveObject(owner, kind, name, existing);
    }

    private ShouldHaveObject(String owner, String kind, String name, Collection<String> existing) {
        super("%nExpecting %s to have %s \"%s\",%nbut it has: %s", owner, kind, name, names(existing));
    }
}
