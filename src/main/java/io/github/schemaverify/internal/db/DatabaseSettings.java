package io.github.schemaverify.internal.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A database's own settings ({@code pg_db_role_setting}) as the statements that set them again on another database:
 * {@code CREATE DATABASE ... TEMPLATE} copies the template's contents but not its settings.
 */
final class DatabaseSettings {
    /**
     * The settings whose value is a list of names, kept as written ({@code "$user", public}) and set again element by
     * element; any other value is set again as one string. The list {@code pg_dump} keeps.
     */
    private static final Set<String> LISTS = Set.of("local_preload_libraries", "search_path", "session_preload_libraries",
            "shared_preload_libraries", "temp_tablespaces", "unix_socket_directories");

    private DatabaseSettings() {
    }

    /** A setting, as messages name it ({@code work_mem}, {@code statement_timeout for role app}), and its statement. */
    record Setting(String name, String sql) {
        /** Its name only: the value may be a secret. */
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * The statement that sets {@code setting} ({@code name=value}, as {@code pg_db_role_setting} keeps it) for the
     * database {@code %1$s}, for every role ({@code role} empty) or for {@code role} there. Every value is written as
     * string literals, a list's element by element, so nothing in it is ever read as SQL.
     */
    static Setting alter(String role, String setting) {
        int eq = setting.indexOf('=');
        String name = setting.substring(0, eq);
        String value = setting.substring(eq + 1);
        String target = role.isEmpty() ? "ALTER DATABASE %1$s" : "ALTER ROLE " + quote(role) + " IN DATABASE %1$s";
        List<String> literals = new ArrayList<>();
        for (String element : LISTS.contains(name.toLowerCase(Locale.ROOT)) ? elements(value) : List.of(value)) {
            literals.add(literal(element));
        }
        StringBuilder quotedName = new StringBuilder();
        for (String part : name.split("\\.", -1)) { // a custom setting's dotted name (app.tenant), part by part
            quotedName.append(quotedName.length() == 0 ? "" : ".").append(quote(part));
        }
        return new Setting(name + (role.isEmpty() ? "" : " for role " + role),
                target + " SET " + quotedName + " TO " + String.join(", ", literals));
    }

    /**
     * The elements of a list setting as PostgreSQL writes it: separated by commas, each as written or in double quotes
     * (a quote in it doubled), spaces around them not theirs; {@code ""} is an empty element.
     */
    static List<String> elements(String list) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = list.length();
        while (true) {
            while (i < n && Character.isWhitespace(list.charAt(i))) {
                i++;
            }
            StringBuilder element = new StringBuilder();
            if (i < n && list.charAt(i) == '"') {
                i++;
                while (i < n) {
                    char ch = list.charAt(i++);
                    if (ch == '"') {
                        if (i < n && list.charAt(i) == '"') {
                            element.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        element.append(ch);
                    }
                }
            } else {
                while (i < n && list.charAt(i) != ',') {
                    element.append(list.charAt(i++));
                }
                while (element.length() > 0 && Character.isWhitespace(element.charAt(element.length() - 1))) {
                    element.setLength(element.length() - 1);
                }
            }
            out.add(element.toString());
            while (i < n && Character.isWhitespace(list.charAt(i))) {
                i++;
            }
            if (i >= n || list.charAt(i) != ',') {
                return out;
            }
            i++; // the comma
        }
    }

    /** An escape string literal (read alike whatever {@code standard_conforming_strings} says), {@code %} doubled. */
    private static String literal(String value) {
        return "E'" + value.replace("\\", "\\\\").replace("'", "''").replace("%", "%%") + "'";
    }

    /** {@code name} as a quoted identifier, its {@code %} doubled for {@link String#formatted}. */
    static String quote(String name) {
        return identifier(name).replace("%", "%%");
    }

    /** {@code name} as a quoted identifier, for a statement run as it is. */
    static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
