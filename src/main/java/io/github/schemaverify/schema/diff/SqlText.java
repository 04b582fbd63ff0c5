package io.github.schemaverify.schema.diff;

import org.apiguardian.api.API;

/**
 * How PostgreSQL's SQL text is read where quotes and comments matter: string literals ({@code '...'}, {@code E'...'},
 * dollar-quoted), quoted names and nested block comments, for the migration splitter and for comparing routine bodies.
 */
@API(status = API.Status.INTERNAL, since = "0.4")
public final class SqlText {

    private SqlText() {
    }

    /**
     * The code with each run of whitespace between tokens written as one space (none at either end), and string
     * literals ({@code '...'}, {@code E'...'}, dollar-quoted), quoted names and comments kept as written; a line comment
     * keeps its line's end, so what follows it stays code.
     */
    public static String spaced(String code) {
        StringBuilder out = new StringBuilder(code.length());
        int n = code.length();
        boolean space = false;
        int i = 0;
        while (i < n) {
            char c = code.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
                i++;
                continue;
            }
            if (space && out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                out.append(' ');
            }
            space = false;
            int end = tokenEnd(code, i);
            if (code.startsWith("--", i)) {
                out.append(code, i, end).append('\n');
                i = end;
                continue;
            }
            end = end < 0 ? i + 1 : end;
            out.append(code, i, end);
            i = end;
        }
        int last = out.length();
        while (last > 0 && out.charAt(last - 1) == '\n') {
            last--;
        }
        return out.substring(0, last);
    }

    /**
     * The code with every comment and string literal ({@code '...'}, {@code E'...'}, dollar-quoted) written as spaces,
     * line ends kept: the same length, so that a match in it is at the same place in the code. Quoted names stay, and so
     * does a dollar-quoted body of code, after {@code DO} ({@code DO [LANGUAGE l] $$ ... ALTER TABLE ... $$}) or
     * {@code AS} (a routine's body): its own comments and literals are blanked.
     */
    public static String masked(String code) {
        return mask(code, true);
    }

    /** As {@link #masked}, with the string literals left as they are: the comments alone are spaces. */
    public static String withoutComments(String code) {
        return mask(code, false);
    }

    private static String mask(String code, boolean literals) {
        StringBuilder out = new StringBuilder(code);
        int i = 0;
        while (i < code.length()) {
            int end = tokenEnd(code, i);
            char c = code.charAt(i);
            if (end < 0 || c == '"') {
                i = end < 0 ? i + 1 : end;
                continue;
            }
            if (c == '$' && bodyOfCode(out, i)) {
                int from = code.indexOf('$', i + 1) + 1; // past the opening tag
                String tag = code.substring(i, from);
                boolean closed = end - tag.length() >= from && code.startsWith(tag, end - tag.length());
                int to = closed ? end - tag.length() : end; // before the closing tag (none: the text's end)
                out.replace(from, to, mask(code.substring(from, to), literals));
                i = end;
                continue;
            }
            if (!literals && (c == '\'' || c == '$')) {
                i = end; // a literal kept as written
                continue;
            }
            for (int k = i; k < end; k++) {
                if (code.charAt(k) != '\n') {
                    out.setCharAt(k, ' ');
                }
            }
            i = end;
        }
        return out.toString();
    }

    /**
     * Whether the dollar quote at {@code at} holds code: it follows {@code DO}, {@code DO LANGUAGE l} or {@code AS}
     * ({@code masked} so far: comments before it are spaces).
     */
    private static boolean bodyOfCode(CharSequence masked, int at) {
        int last = at;
        while (last > 0 && Character.isWhitespace(masked.charAt(last - 1))) {
            last--;
        }
        // the words just before it (DO LANGUAGE plpgsql is the longest form), not all the text before it again
        return BODY_BEFORE.matcher(masked.subSequence(Math.max(0, last - 200), last)).find();
    }

    private static final java.util.regex.Pattern BODY_BEFORE = java.util.regex.Pattern.compile(
            "(?i)(?<![\\w$])(?:DO|DO\\s+LANGUAGE\\s+\\S+|AS)$");

    /**
     * Where the string literal ({@code '...'}, {@code E'...'}, dollar-quoted), quoted name or comment that starts at
     * {@code i} ends (a line comment before its line's end); -1 when none starts there.
     */
    private static int tokenEnd(String code, int i) {
        char c = code.charAt(i);
        int n = code.length();
        if (c == '\'') {
            boolean escapes = i > 0 && (code.charAt(i - 1) == 'E' || code.charAt(i - 1) == 'e')
                    && (i < 2 || !isIdentifierPart(code.charAt(i - 2)));
            return quotedEnd(code, i, '\'', escapes);
        }
        if (c == '"') {
            return quotedEnd(code, i, '"', false);
        }
        if (c == '$' && (i == 0 || !isIdentifierPart(code.charAt(i - 1)))) {
            int close = code.indexOf('$', i + 1);
            String tag = close < 0 ? null : code.substring(i, close + 1);
            if (tag != null && isDollarTag(tag)) {
                int stop = code.indexOf(tag, close + 1);
                return stop < 0 ? n : stop + tag.length();
            }
            return -1;
        }
        if (code.startsWith("--", i)) {
            int eol = code.indexOf('\n', i);
            return eol < 0 ? n : eol;
        }
        if (code.startsWith("/*", i)) {
            return blockCommentEnd(code, i);
        }
        return -1;
    }

    /** The end of the block comment starting at {@code from}; PostgreSQL's nest. */
    public static int blockCommentEnd(String s, int from) {
        int depth = 0;
        int j = from;
        while (j < s.length()) {
            if (s.startsWith("/*", j)) {
                depth++;
                j += 2;
            } else if (s.startsWith("*/", j)) {
                depth--;
                j += 2;
                if (depth == 0) {
                    return j;
                }
            } else {
                j++;
            }
        }
        return s.length();
    }

    /** The end of the literal or quoted name starting at {@code start}: doubled quotes, and backslashes where they escape. */
    public static int quotedEnd(String s, int start, char quote, boolean backslashEscapes) {
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

    /** Whether the character goes on a name or keyword. */
    public static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** Whether {@code $...$} is a dollar quote's tag ({@code $$}, {@code $body$}), not a parameter ({@code $1}). */
    public static boolean isDollarTag(String tag) {
        if (tag.length() == 2) {
            return true;
        }
        char first = tag.charAt(1);
        if (!(Character.isLetter(first) || first == '_')) {
            return false;
        }
        for (int k = 2; k < tag.length() - 1; k++) {
            char c = tag.charAt(k);
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
