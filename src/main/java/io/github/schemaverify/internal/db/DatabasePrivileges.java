package io.github.schemaverify.internal.db;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.schemaverify.internal.catalog.AclItem;

/**
 * A database's privileges ({@code pg_database.datacl}) as the statements that give them again to another database:
 * {@code CREATE DATABASE ... TEMPLATE} copies the template's contents but neither its settings ({@link DatabaseSettings})
 * nor its privileges, and a migration may grant on its database ({@code GRANT CONNECT ON DATABASE ${flyway:database}}).
 */
final class DatabasePrivileges {
    /** The letters of {@code aclitem} for a database's privileges. */
    private static final Map<Character, String> NAMES = Map.of('C', "CREATE", 'T', "TEMPORARY", 'c', "CONNECT");

    private DatabasePrivileges() {
    }

    /**
     * One statement that grants or revokes privileges on the database {@code %1$s}, to be run as {@code grantor} (the
     * role that granted them on the source), so that the copy records the same grantor.
     * {@code name} says it in messages: {@code CONNECT for probe_reader granted by app_owner}.
     */
    record Grant(String grantor, String name, String sql) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * The statements that turn a new database's privileges ({@code defaults}, {@code acldefault('d', owner)}) into
     * {@code acl} (both as {@code aclitem} texts, {@code grantee=privileges/grantor}; {@code null} acl: the defaults, so
     * none): the revokes of what the defaults have and {@code acl} has not, then the grants, the owner's first, so that a
     * role the owner gave a grant option to can grant in its turn.
     */
    static List<Grant> again(List<String> acl, List<String> defaults, String owner) {
        if (acl == null) {
            return List.of();
        }
        Map<List<String>, Map<Character, Boolean>> actual = parse(acl);
        Map<List<String>, Map<Character, Boolean>> expected = parse(defaults);
        List<Grant> revokes = new ArrayList<>();
        for (Map.Entry<List<String>, Map<Character, Boolean>> e : expected.entrySet()) {
            Map<Character, Boolean> has = actual.getOrDefault(e.getKey(), Map.of());
            List<Character> gone = e.getValue().keySet().stream().filter(p -> !has.containsKey(p)).toList();
            if (!gone.isEmpty()) {
                revokes.add(statement("REVOKE", gone, e.getKey(), false));
            }
        }
        List<Grant> byOwner = new ArrayList<>();
        List<Grant> byOthers = new ArrayList<>();
        for (Map.Entry<List<String>, Map<Character, Boolean>> e : actual.entrySet()) {
            Map<Character, Boolean> had = expected.getOrDefault(e.getKey(), Map.of());
            List<Character> plain = new ArrayList<>();
            List<Character> grantable = new ArrayList<>();
            e.getValue().forEach((p, option) -> {
                if (option && !Boolean.TRUE.equals(had.get(p))) {
                    grantable.add(p);
                } else if (!option && !had.containsKey(p)) {
                    plain.add(p);
                }
            });
            List<Grant> into = e.getKey().get(1).equals(owner) ? byOwner : byOthers;
            if (!grantable.isEmpty()) {
                into.add(statement("GRANT", grantable, e.getKey(), true));
            }
            if (!plain.isEmpty()) {
                into.add(statement("GRANT", plain, e.getKey(), false));
            }
        }
        List<Grant> all = new ArrayList<>(revokes);
        all.addAll(byOwner);
        all.addAll(byOthers);
        return List.copyOf(all);
    }

    /** {@code key}: grantee ({@code ""} for PUBLIC) and grantor. */
    private static Grant statement(String verb, List<Character> privileges, List<String> key, boolean grantOption) {
        String list = String.join(", ", privileges.stream().map(NAMES::get).sorted().toList());
        String grantee = key.get(0).isEmpty() ? "PUBLIC" : DatabaseSettings.quote(key.get(0));
        String sql = verb + " " + list + " ON DATABASE %1$s " + ("GRANT".equals(verb) ? "TO " : "FROM ") + grantee
                + (grantOption ? " WITH GRANT OPTION" : "");
        String name = list + (grantOption ? " WITH GRANT OPTION" : "") + ("GRANT".equals(verb) ? " for " : " revoked from ")
                + (key.get(0).isEmpty() ? "PUBLIC" : key.get(0)) + " granted by " + key.get(1);
        return new Grant(key.get(1), name, sql);
    }

    /** Each {@code aclitem} text by grantee and grantor: its privileges, each with whether it carries the grant option. */
    static Map<List<String>, Map<Character, Boolean>> parse(List<String> items) {
        Map<List<String>, Map<Character, Boolean>> out = new LinkedHashMap<>();
        for (String item : items) {
            int[] at = {0};
            String grantee = AclItem.role(item, at);
            at[0]++; // '='
            Map<Character, Boolean> privileges = new LinkedHashMap<>();
            while (at[0] < item.length() && item.charAt(at[0]) != '/') {
                char p = item.charAt(at[0]++);
                boolean option = at[0] < item.length() && item.charAt(at[0]) == '*';
                if (option) {
                    at[0]++;
                }
                if (NAMES.containsKey(p)) {
                    privileges.put(p, option);
                }
            }
            at[0]++; // '/'
            String grantor = AclItem.role(item, at);
            out.computeIfAbsent(List.of(grantee, grantor), k -> new LinkedHashMap<>()).putAll(privileges);
        }
        return out;
    }
}
