package io.github.schemaverify.internal.verify.failure;

/**
 * A row as a message shows it: PostgreSQL's text of a record ({@code ROW(...)::text}), with {@code NULL} written where
 * the record leaves a field empty ({@code (1,,x)} is {@code (1,NULL,x)}), and a text that reads {@code NULL} quoted so
 * the two stay apart. Anything else is shown as PostgreSQL wrote it.
 */
final class RowText {

    private RowText() {
    }

    static String shown(String record) {
        if (record.length() < 2 || record.charAt(0) != '(' || record.charAt(record.length() - 1) != ')') {
            return record;
        }
        StringBuilder out = new StringBuilder("(");
        int start = 1;
        boolean quoted = false;
        for (int i = 1; i < record.length(); i++) {
            char c = record.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    if (i + 1 < record.length() && record.charAt(i + 1) == '"') {
                        i++;
                    } else {
                        quoted = false;
                    }
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',' || i == record.length() - 1) {
                out.append(field(record.substring(start, i))).append(c);
                start = i + 1;
            }
        }
        return out.toString();
    }

    private static String field(String field) {
        if (field.isEmpty()) {
            return "NULL";
        }
        return field.equalsIgnoreCase("null") ? "\"" + field + "\"" : field;
    }
}
