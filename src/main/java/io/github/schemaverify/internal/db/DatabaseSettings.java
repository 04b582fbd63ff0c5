package io.github.schemaverify.internal.db;

import java.util.Locale;
import java.util.Set;

/**
 * A database's own settings ({@code pg_db_role_setting}) as the statements that set them again on another database:
 * {@code CREATE DATABASE ... TEMPLATE} copies the template's contents but not its settings.
 */
final class DatabaseSettings {
    /**
     * The settings whose value is a list of names, kept as written ({@code "$user", public}) and set again as a list;
     * any other value is set again as one string. The same list {@code pg_dump} keeps.
     */
    private static final Set<String> LISTS = Set.of("local_preload_libraries", "search_path", "session_preload_libraries",
            "shared_preload_libraries", "temp_tablespaces", "unix_socket_directories");

    private DatabaseSettings() {
    }

    /** A setting, as errors name it ({@code work_mem}, {@code statement_timeout for role app}), and its statement. */
    record Setting(String name, String sql) {
    }

    /**
     * The statement that sets {@code setting} ({@code name=value}, as {@code pg_db_role_setting} keeps it) for the
     * database {@code %1$s}, for every role ({@code role} empty) or for {@code role} there.
     */
    static Setting alter(String role, String setting) {
        int eq = setting.indexOf('=');
        String name = setting.substring(0, eq);
        String value = setting.substring(eq + 1);
        String target = role.isEmpty() ? "ALTER DATABASE %1$s" : "ALTER ROLE " + quote(role) + " IN DATABASE %1$s";
        String sqlValue;
        if (!LISTS.contains(name.toLowerCase(Locale.ROOT))) {
            sqlValue = "'" + value.replace("'", "''").replace("%", "%%") + "'";
        } else if (value.isEmpty() || value.equals("\"\"")) {
            sqlValue = "''"; // an empty list is kept as "", which as a list would be a name of no letters
        } else {
            sqlValue = value.replace("%", "%%");
        }
        StringBuilder quotedName = new StringBuilder();
        for (String part : name.split("\\.", -1)) { // a custom setting's dotted name (app.tenant), part by part
            quotedName.append(quotedName.length() == 0 ? "" : ".").append(quote(part));
        }
        return new Setting(name + (role.isEmpty() ? "" : " for role " + role), target + " SET " + quotedName + " TO " + sqlValue);
    }

    /** {@code name} as a quoted identifier, its {@code %} doubled for {@link String#formatted}. */
    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"").replace("%", "%%") + '"';
    }
}
