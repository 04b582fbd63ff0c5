package io.github.schemaverify.internal.verify.failure;

import static io.github.schemaverify.schema.diff.SqlText.quotedEnd;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.github.schemaverify.internal.db.SecretNames;

/**
 * PostgreSQL's text of a record ({@code ROW(...)::text}), read field by field: as a message shows a row, with {@code NULL}
 * written where the record leaves a field empty ({@code (1,,x)} is {@code (1,NULL,x)}) and a text that reads {@code NULL}
 * quoted so the two stay apart; and as a row compared without some of its columns.
 */
public final class RowText {

    private RowText() {
    }

    /**
     * The positions (0-based) of the columns, of a row read in this order, whose names say their values are secrets
     * ({@link SecretNames}): not to be shown.
     */
    public static Set<Integer> secrets(List<String> columns) {
        Set<Integer> secrets = new TreeSet<>();
        for (int i = 0; i < columns.size(); i++) {
            if (SecretNames.column(columns.get(i))) {
                secrets.add(i);
            }
        }
        return secrets;
    }

    /** What a message says of the columns at {@code masked}: {@code the values of password_hash are not shown: ...}. */
    public static String notShown(List<String> columns, Set<Integer> masked) {
        return "the values of " + String.join(", ", masked.stream().map(columns::get).toList()) + " are not shown: "
                + (masked.size() == 1 ? "its name says it holds" : "their names say they hold") + " secrets";
    }

    /** The row as a message shows it; anything but a record's text as it is. */
    public static String shown(String record) {
        return shown(record, Set.of());
    }

    /** As {@link #shown(String)}, the values at {@code masked} (0-based) but NULL as {@code ********}. */
    public static String shown(String record, Set<Integer> masked) {
        List<String> fields = fields(record);
        if (fields == null) {
            return record;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            String field = fields.get(i);
            out.add(field.isEmpty() ? "NULL" : masked.contains(i) ? "********"
                    : field.equalsIgnoreCase("null") ? "\"" + field + "\"" : withSecretMembersMasked(field));
        }
        return "(" + String.join(",", out) + ")";
    }

    /**
     * A field that holds a JSON document with its members named as secrets masked ({@code {"hashed_password":
     * "********"}}): a column named {@code config} may hold a password's hash under a key of its own.
     */
    private static String withSecretMembersMasked(String field) {
        if (field.indexOf('{') < 0 || field.indexOf(':') < 0) {
            return field;
        }
        String value = unquoted(field);
        String masked = SecretNames.maskedDocument(value);
        return masked.equals(value) ? field : "\"" + masked.replace("\\", "\\\\").replace("\"", "\"\"") + "\"";
    }

    /** The row without the fields at {@code positions} (0-based, in the record's order); anything else as it is. */
    public static String without(String record, java.util.Set<Integer> positions) {
        List<String> fields = fields(record);
        if (fields == null) {
            return record;
        }
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            if (!positions.contains(i)) {
                kept.add(fields.get(i));
            }
        }
        return "(" + String.join(",", kept) + ")";
    }

    /**
     * The values of a record's text ({@code (1,"a ""b""",)}: {@code 1}, {@code a "b"}, null), unquoted; a NULL is null.
     * Empty for anything but a record's text.
     */
    public static List<String> values(String record) {
        List<String> fields = fields(record);
        if (fields == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String field : fields) {
            out.add(field.isEmpty() ? null : unquoted(field));
        }
        return out;
    }

    /** A field of a record's text as its value: without the quotes record_out put around it. */
    private static String unquoted(String field) {
        if (!field.startsWith("\"") || !field.endsWith("\"") || field.length() < 2) {
            return field;
        }
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < field.length() - 1; i++) {
            char c = field.charAt(i);
            if ((c == '"' || c == '\\') && i + 1 < field.length() - 1) {
                i++; // record_out doubles quotes and backslashes inside quotes
            }
            value.append(field.charAt(i));
        }
        return value.toString();
    }

    /** The fields of a record's text as written (quoted ones with their quotes, a NULL empty); null if not a record. */
    private static List<String> fields(String record) {
        if (record.length() < 2 || record.charAt(0) != '(' || record.charAt(record.length() - 1) != ')') {
            return null;
        }
        List<String> out = new ArrayList<>();
        int start = 1;
        for (int i = 1; i < record.length(); i++) {
            char c = record.charAt(i);
            if (c == '"') {
                // record_out doubles quotes and backslashes inside quotes
                i = Math.min(quotedEnd(record, i, '"', true), record.length() - 1) - 1;
            } else if (c == ',' || i == record.length() - 1) {
                out.add(record.substring(start, i));
                start = i + 1;
            }
        }
        return out;
    }
}
