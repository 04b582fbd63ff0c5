package io.github.schemaverify.internal.verify;

import static io.github.schemaverify.schema.diff.SqlText.isIdentifierPart;
import static io.github.schemaverify.schema.diff.SqlText.quotedEnd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The paths an expression reads from a document column, as PostgreSQL writes a generated column's expression
 * ({@code (value ->> 'id'::text)}, {@code ((value -> 'state'::text) ->> 'current'::text)}, {@code (value #>>
 * '{state,current}'::text[])}), and a document written back as JSON text.
 */
final class JsonPaths {

    private JsonPaths() {
    }

    /** The paths {@code expression} reads from {@code column} with {@code ->}, {@code ->>}, {@code #>} and {@code #>>}. */
    static List<List<String>> read(String expression, String column) {
        List<List<String>> paths = new ArrayList<>();
        String quoted = "\"" + column.replace("\"", "\"\"") + "\"";
        for (int at = 0; at < expression.length(); at++) {
            int end = nameAt(expression, at, column, quoted);
            if (end < 0) {
                continue;
            }
            List<String> path = new ArrayList<>();
            int i = end;
            while (true) {
                i = skip(expression, i);
                String op = expression.startsWith("->>", i) || expression.startsWith("#>>", i) ? expression.substring(i, i + 3)
                        : expression.startsWith("->", i) || expression.startsWith("#>", i) ? expression.substring(i, i + 2) : null;
                if (op == null) {
                    break;
                }
                i = skipSpaces(expression, i + op.length());
                if (i >= expression.length() || expression.charAt(i) != '\'') {
                    break;
                }
                int close = quotedEnd(expression, i, '\'', false);
                String literal = expression.substring(i + 1, Math.max(i + 1, close - 1)).replace("''", "'");
                if (op.startsWith("#")) {
                    String array = literal.strip();
                    if (!array.startsWith("{") || !array.endsWith("}")) {
                        break;
                    }
                    path.addAll(arrayElements(array));
                } else {
                    path.add(literal);
                }
                i = close;
                if (op.length() == 3) {
                    break; // text now: no document to read further
                }
            }
            if (!path.isEmpty()) {
                paths.add(path);
            }
            at = Math.max(at, i - 1);
        }
        return paths;
    }

    /**
     * The paths a script names in documents of {@code column}: those it reads ({@link #read}), tests for ({@code value ?
     * 'legacy'}) or deletes ({@code value - 'updated'}, {@code value #- '{state,old}'}).
     */
    static List<List<String>> named(String script, String column) {
        List<List<String>> paths = new ArrayList<>(read(script, column));
        String quoted = "\"" + column.replace("\"", "\"\"") + "\"";
        for (int at = 0; at < script.length(); at++) {
            int end = nameAt(script, at, column, quoted);
            // each of a chain: value - 'created' - 'updated'
            for (int i = end; i >= 0; ) {
                i = skip(script, i);
                boolean path = script.startsWith("#-", i);
                boolean key = !path && i < script.length() && (script.charAt(i) == '?' || script.charAt(i) == '-')
                        && !script.startsWith("->", i) && !script.startsWith("?|", i) && !script.startsWith("?&", i)
                        && !script.startsWith("--", i);
                if (!path && !key) {
                    break;
                }
                i = skipSpaces(script, i + (path ? 2 : 1));
                if (i >= script.length() || script.charAt(i) != '\'') {
                    break;
                }
                int close = quotedEnd(script, i, '\'', false);
                if (close >= script.length() && script.charAt(script.length() - 1) != '\'' || close - 1 <= i) {
                    break; // a literal left open
                }
                String literal = script.substring(i + 1, close - 1).replace("''", "'");
                String array = literal.strip();
                boolean keys = !path && array.startsWith("{") && array.endsWith("}") && textArrayCast(script, close);
                if (path || keys) {
                    // a path ('{state,old}'), or keys to delete ('{a,b}'::text[])
                    List<String> elements = arrayElements(array);
                    if (path && !elements.isEmpty()) {
                        paths.add(elements);
                    } else if (keys) {
                        elements.forEach(k -> paths.add(List.of(k)));
                    }
                } else if (!literal.isEmpty()) {
                    paths.add(List.of(literal));
                }
                i = close;
            }
        }
        return paths;
    }

    /** Whether a cast to an array of text follows {@code at}: {@code ::text[]}, {@code ::TEXT[]}, {@code ::varchar[]}. */
    private static boolean textArrayCast(String script, int at) {
        int i = skipSpaces(script, at);
        if (!script.startsWith("::", i)) {
            return false;
        }
        int start = skipSpaces(script, i + 2);
        int end = start;
        while (end < script.length() && (Character.isLetter(script.charAt(end)) || " ._\"".indexOf(script.charAt(end)) >= 0)) {
            end++;
        }
        String type = script.substring(start, end).replace("\"", "").strip().replaceAll("\\s+", " ")
                .toLowerCase(java.util.Locale.ROOT);
        return script.startsWith("[]", skipSpaces(script, end))
                && List.of("text", "varchar", "character varying", "pg_catalog.text", "pg_catalog.varchar").contains(type);
    }

    /** The elements of an array literal ({@code {a, "b,c"}}), none for {@code {}}: a quoted one may hold a comma. */
    private static List<String> arrayElements(String braced) {
        List<String> out = new ArrayList<>();
        if (braced.length() <= 2) {
            return out;
        }
        String inside = braced.substring(1, braced.length() - 1);
        StringBuilder element = new StringBuilder();
        boolean quoted = false;
        for (int k = 0; k < inside.length(); k++) {
            char c = inside.charAt(k);
            if (c == '\\' && quoted && k + 1 < inside.length()) {
                element.append(inside.charAt(++k));
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(element.toString().strip());
                element.setLength(0);
            } else {
                element.append(c);
            }
        }
        out.add(element.toString().strip());
        return out;
    }

    /** Where the name of {@code column} ends if it starts at {@code at} as a whole identifier, else -1. */
    private static int nameAt(String expression, int at, String column, String quoted) {
        if (at > 0 && (isIdentifierPart(expression.charAt(at - 1)) || expression.charAt(at - 1) == '"')) {
            return -1;
        }
        if (expression.startsWith(quoted, at)) {
            return at + quoted.length();
        }
        if (expression.startsWith(column, at)) {
            int end = at + column.length();
            return end < expression.length() && isIdentifierPart(expression.charAt(end)) ? -1 : end;
        }
        return -1;
    }

    /** Past spaces, closing parentheses and casts ({@code ::text}, {@code ::text[]}, {@code ::jsonb}). */
    private static int skip(String expression, int i) {
        while (true) {
            i = skipSpaces(expression, i);
            if (i < expression.length() && expression.charAt(i) == ')') {
                i++;
            } else if (expression.startsWith("::", i)) {
                i += 2;
                while (i < expression.length() && (Character.isLetterOrDigit(expression.charAt(i)) || "_[]\"".indexOf(
                        expression.charAt(i)) >= 0)) {
                    i++;
                }
            } else {
                return i;
            }
        }
    }

    private static int skipSpaces(String expression, int i) {
        while (i < expression.length() && Character.isWhitespace(expression.charAt(i))) {
            i++;
        }
        return i;
    }

    /** A document of maps and JSON texts as JSON text, keys in order. */
    @SuppressWarnings("unchecked")
    static String write(Map<String, Object> document) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, Object> e : document.entrySet()) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(string(e.getKey())).append(": ");
            out.append(e.getValue() instanceof Map ? write((Map<String, Object>) e.getValue()) : e.getValue());
        }
        return out.append('}').toString();
    }

    /** {@code text} as a JSON string. */
    static String string(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
