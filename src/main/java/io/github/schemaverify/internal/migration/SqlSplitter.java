package io.github.schemaverify.internal.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a PostgreSQL script into statements, the way psql and Flyway do: semicolons end statements except inside
 * quotes, quoted identifiers, comments, dollar-quoted bodies and {@code BEGIN ATOMIC ... END} bodies.
 */
public final class SqlSplitter {

    /** One statement with the line (1-based) it starts on. */
    public record Statement(String sql, int line) {
        /** Statements that PostgreSQL refuses to run inside a transaction block. */
        public boolean nonTransactional() {
            String s = sql.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
            return s.contains(" CONCURRENTLY") || s.startsWith("VACUUM") || s.startsWith("CREATE DATABASE")
                    || s.startsWith("DROP DATABASE") || s.startsWith("ALTER SYSTEM") || s.startsWith("CREATE TABLESPACE")
                    || s.startsWith("DROP TABLESPACE") || s.startsWith("REINDEX DATABASE") || s.startsWith("REINDEX SYSTEM");
        }
    }

    private SqlSplitter() {
    }

    public static List<Statement> split(String script) {
        List<Statement> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int line = 1;
        int startLine = -1;
        int atomicDepth = 0;
        int n = script.length();
        int i = 0;
        while (i < n) {
            char c = script.charAt(i);
            char next = i + 1 < n ? script.charAt(i + 1) : '\0';
            if (c == '-' && next == '-') {
                int end = script.indexOf('\n', i);
                end = end < 0 ? n : end;
                if (startLine >= 0) {
                    current.append(script, i, end);
                }
                i = end;
                continue;
            }
            if (c == '/' && next == '*') {
                int depth = 0;
                int j = i;
                while (j < n) {
                    if (script.startsWith("/*", j)) {
                        depth++;
                        j += 2;
                    } else if (script.startsWith("*/", j)) {
                        depth--;
                        j += 2;
                        if (depth == 0) {
                            break;
                        }
                    } else {
                        j++;
                    }
                }
                line += count(script, i, j);
                if (startLine >= 0) {
                    current.append(script, i, j);
                }
                i = j;
                continue;
            }
            if (Character.isWhitespace(c) && startLine < 0) {
                if (c == '\n') {
                    line++;
                }
                i++;
                continue;
            }
            if (startLine < 0) {
                startLine = line;
            }
            int end;
            if (c == '\'') {
                boolean escapes = i > 0 && (script.charAt(i - 1) == 'E' || script.charAt(i - 1) == 'e')
                        && (i < 2 || !Character.isLetterOrDigit(script.charAt(i - 2)));
                end = quoted(script, i, '\'', escapes);
            } else if (c == '"') {
                end = quoted(script, i, '"', false);
            } else if (c == '$' && (i == 0 || !Character.isLetterOrDigit(script.charAt(i - 1)))) {
                int close = script.indexOf('$', i + 1);
                String tag = close < 0 ? null : script.substring(i, close + 1);
                if (tag != null && tag.matches("\\$([A-Za-z_][A-Za-z0-9_]*)?\\$")) {
                    int stop = script.indexOf(tag, close + 1);
                    end = stop < 0 ? n : stop + tag.length();
                } else {
                    end = i + 1;
                }
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(script.charAt(j)) || script.charAt(j) == '_')) {
                    j++;
                }
                String word = script.substring(i, j).toUpperCase(Locale.ROOT);
                if (word.equals("ATOMIC") && current.toString().toUpperCase(Locale.ROOT).matches("(?s).*\\bBEGIN\\s*$")) {
                    atomicDepth++;
                } else if (atomicDepth > 0 && word.equals("CASE")) {
                    atomicDepth++;
                } else if (atomicDepth > 0 && word.equals("END")) {
                    atomicDepth--;
                }
                end = j;
            } else if (c == ';' && atomicDepth == 0) {
                String sql = current.toString().strip();
                if (!sql.isEmpty()) {
                    out.add(new Statement(sql, startLine));
                }
                current.setLength(0);
                startLine = -1;
                i++;
                continue;
            } else {
                end = i + 1;
            }
            line += count(script, i, end);
            current.append(script, i, end);
            i = end;
        }
        String rest = current.toString().strip();
        if (!rest.isEmpty() && !onlyComments(rest)) {
            out.add(new Statement(rest, startLine));
        }
        return out;
    }

    private static boolean onlyComments(String s) {
        return s.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("--"));
    }

    private static int quoted(String s, int start, char quote, boolean backslashEscapes) {
        int j = start + 1;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (backslashEscapes && c == '\\') {
                j += 2;
                continue;
            }
            if (c == quote) {
                if (j + 1 < s.length() && s.charAt(j + 1) == quote) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
        return s.length();
    }

    private static int count(String s, int from, int to) {
        int lines = 0;
        for (int k = from; k < to && k < s.length(); k++) {
            if (s.charAt(k) == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
