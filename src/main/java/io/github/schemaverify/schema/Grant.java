package io.github.schemaverify.schema;

import java.util.List;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * What one role (or {@code PUBLIC}) may do on an object, where that differs from PostgreSQL's built-in default for
 * the object's kind (the owner holds every privilege; {@code PUBLIC} may execute functions and use types). An object
 * whose privileges were never changed has no grants; one whose default was revoked has a grant with no privileges,
 * shown as {@code none}.
 *
 * @param grantee    the role, or {@code PUBLIC}
 * @param privileges sorted, e.g. {@code SELECT}, {@code UPDATE WITH GRANT OPTION}; {@code ALL} when the role holds
 *                   every privilege of the object's kind (so the text does not depend on the server version adding
 *                   privileges, as PostgreSQL 17 added {@code MAINTAIN})
 * @since 0.3
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public record Grant(String grantee, List<String> privileges) {
    public Grant {
        privileges = privileges.stream().sorted().toList();
    }

    /** {@code app_reader: SELECT, UPDATE}, or {@code PUBLIC: none}. */
    public String text() {
        return grantee + ": " + (privileges.isEmpty() ? "none" : String.join(", ", privileges));
    }

    static List<Grant> sorted(List<Grant> grants) {
        return grants.stream().sorted(java.util.Comparator.comparing(Grant::grantee)).toList();
    }

    static String text(List<Grant> grants) {
        return String.join("; ", grants.stream().map(Grant::text).toList());
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof Grant o
                && Objects.equals(grantee, o.grantee)
                && Objects.equals(privileges, o.privileges);
    }

    @Override
    public int hashCode() {
        return Objects.hash(grantee, privileges);
    }
}
