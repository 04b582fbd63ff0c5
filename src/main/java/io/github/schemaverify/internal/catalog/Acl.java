package io.github.schemaverify.internal.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.github.schemaverify.schema.Grant;

/**
 * Privileges from {@code aclitem} text ({@code grantee=arwd/grantor}, {@code =X/grantor} for PUBLIC, {@code *} after a
 * letter for the grant option), as the grants that differ from the object's built-in default: each grantee whose
 * privileges are not what {@code acldefault} gives it. Parsed here rather than in SQL: {@code aclexplode} per object
 * costs more than the rest of a table's reading.
 */
final class Acl {
    private static final Map<Character, String> NAMES = Map.ofEntries(Map.entry('a', "INSERT"), Map.entry('r', "SELECT"),
            Map.entry('w', "UPDATE"), Map.entry('d', "DELETE"), Map.entry('D', "TRUNCATE"), Map.entry('x', "REFERENCES"),
            Map.entry('t', "TRIGGER"), Map.entry('X', "EXECUTE"), Map.entry('U', "USAGE"), Map.entry('C', "CREATE"),
            Map.entry('c', "CONNECT"), Map.entry('T', "TEMPORARY"), Map.entry('m', "MAINTAIN"), Map.entry('s', "SET"),
            Map.entry('A', "ALTER SYSTEM"));

    private static final String BY = " GRANTED BY ";

    private Acl() {
    }

    /**
     * The grants of {@code acl} that differ from {@code defaults} (both {@code aclitem} texts; {@code null} acl: the
     * default, so none). {@code owner} holds every privilege of the kind by default: a grantee holding all of them
     * reads {@code ALL}, where the kind has more than one.
     */
    static List<Grant> grants(List<String> acl, List<String> defaults, String owner) {
        if (acl == null) {
            return List.of();
        }
        Map<String, Map<String, Boolean>> actual = parse(acl, owner);
        Map<String, Map<String, Boolean>> expected = parse(defaults == null ? List.of() : defaults, owner);
        Set<String> all = expected.getOrDefault(owner, Map.of()).keySet();
        Set<String> grantees = new TreeSet<>(actual.keySet());
        grantees.addAll(expected.keySet());
        List<Grant> grants = new ArrayList<>();
        for (String grantee : grantees) {
            Map<String, Boolean> has = actual.getOrDefault(grantee, Map.of());
            if (has.equals(expected.getOrDefault(grantee, Map.of()))) {
                continue;
            }
            List<String> privileges = new ArrayList<>();
            if (all.size() > 1 && has.keySet().equals(all) && (has.values().stream().allMatch(g -> g)
                    || has.values().stream().noneMatch(g -> g))) {
                privileges.add("ALL" + (has.values().iterator().next() ? " WITH GRANT OPTION" : ""));
            } else {
                // as SQL writes it: SELECT WITH GRANT OPTION GRANTED BY role
                has.forEach((p, grantable) -> privileges.add(!grantable ? p : p.contains(BY) ? p.replace(BY,
                        " WITH GRANT OPTION" + BY) : p + " WITH GRANT OPTION"));
            }
            grants.add(new Grant(grantee, privileges));
        }
        return grants;
    }

    /**
     * Privileges by grantee ({@code PUBLIC} for the empty one), each with whether it may be granted on; one granted by
     * another role than {@code owner} (through a grant option) reads {@code SELECT GRANTED BY role}, as a {@code REVOKE
     * ... CASCADE} from that role would take it away; with no {@code owner} ({@code ""}), no grantor is read.
     */
    private static Map<String, Map<String, Boolean>> parse(List<String> items, String owner) {
        Map<String, Map<String, Boolean>> byGrantee = new TreeMap<>();
        for (String item : items) {
            int[] at = {0};
            String grantee = AclItem.role(item, at);
            int i = at[0];
            i++; // '='
            Map<String, Boolean> privileges = byGrantee.computeIfAbsent(grantee.isEmpty() ? "PUBLIC" : grantee,
                    k -> new TreeMap<>());
            int slash = item.indexOf('/', i);
            String grantor = slash < 0 ? "" : AclItem.role(item, new int[] {slash + 1});
            // a column's privileges are read with their table's owner, who grants them unless a grant option was used
            String by = owner.isEmpty() || grantor.isEmpty() || grantor.equals(owner) ? "" : BY + grantor;
            while (i < item.length() && item.charAt(i) != '/') {
                String name = NAMES.getOrDefault(item.charAt(i), String.valueOf(item.charAt(i))) + by;
                boolean grantable = i + 1 < item.length() && item.charAt(i + 1) == '*';
                privileges.merge(name, grantable, Boolean::logicalOr);
                i += grantable ? 2 : 1;
            }
        }
        return byGrantee;
    }
}
