package io.github.schemaverify.internal.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a migration can change on a server outside its own database: roles and their attributes, role memberships,
 * tablespaces, settings written by ALTER SYSTEM (postgresql.auto.conf, where this role may read it), settings of
 * roles and of databases other than sv_ ones (ALTER ROLE ... SET), and databases other than sv_ ones. Read before and
 * after a template build on a shared server, the difference is what the migrations left on it for everyone.
 */
record ServerFootprint(Set<String> facts) {

    private static final List<String> QUERIES = List.of(
            "SELECT 'role ' || rolname || ' (' || concat_ws(', ', CASE WHEN rolsuper THEN 'SUPERUSER' END,"
                    + " CASE WHEN rolcreatedb THEN 'CREATEDB' END, CASE WHEN rolcreaterole THEN 'CREATEROLE' END,"
                    + " CASE WHEN rolcanlogin THEN 'LOGIN' END, CASE WHEN rolreplication THEN 'REPLICATION' END,"
                    + " CASE WHEN rolbypassrls THEN 'BYPASSRLS' END) || ')' FROM pg_roles WHERE rolname !~ '^pg_'",
            "SELECT 'membership of ' || m.rolname || ' in ' || r.rolname FROM pg_auth_members a"
                    + " JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member",
            "SELECT 'tablespace ' || spcname || coalesce(' at ' || nullif(pg_tablespace_location(oid), ''), '') FROM pg_tablespace",
            "SELECT 'setting ' || coalesce('of role ' || r.rolname, 'of every role') || coalesce(' in database ' || d.datname, '')"
                    + " || ': ' || array_to_string(s.setconfig, ', ') FROM pg_db_role_setting s"
                    + " LEFT JOIN pg_roles r ON r.oid = s.setrole LEFT JOIN pg_database d ON d.oid = s.setdatabase"
                    + " WHERE d.datname IS NULL OR d.datname !~ '^sv_'",
            "SELECT 'database ' || datname FROM pg_database WHERE datname !~ '^sv_'");
    /** ALTER SYSTEM writes postgresql.auto.conf, which pg_settings shows only after a reload; pg_file_settings reads it. */
    private static final String FILE_SETTINGS = "SELECT 'setting ' || name || ' = ' || setting || ' (ALTER SYSTEM)'"
            + " FROM pg_file_settings WHERE sourcefile LIKE '%postgresql.auto.conf'";

    static ServerFootprint read(Connection c) throws SQLException {
        Set<String> facts = new TreeSet<>();
        try (Statement st = c.createStatement()) {
            for (String query : QUERIES) {
                collect(st, query, facts);
            }
            boolean fileSettings;
            try (ResultSet rs = st.executeQuery("SELECT has_function_privilege('pg_show_all_file_settings()', 'EXECUTE')")) {
                rs.next();
                fileSettings = rs.getBoolean(1);
            }
            if (fileSettings) {
                collect(st, FILE_SETTINGS, facts);
            }
        }
        return new ServerFootprint(Set.copyOf(facts));
    }

    private static void collect(Statement st, String query, Set<String> into) throws SQLException {
        try (ResultSet rs = st.executeQuery(query)) {
            while (rs.next()) {
                into.add(rs.getString(1));
            }
        }
    }

    /** What changed from {@code before} to this: "+ role x (LOGIN)", "- tablespace t", in order. */
    List<String> changesSince(ServerFootprint before) {
        List<String> changes = new ArrayList<>();
        Set<String> all = new TreeSet<>(before.facts);
        all.addAll(facts);
        for (String fact : all) {
            if (!before.facts.contains(fact)) {
                changes.add("+ " + fact);
            } else if (!facts.contains(fact)) {
                changes.add("- " + fact);
            }
        }
        return changes;
    }
}
