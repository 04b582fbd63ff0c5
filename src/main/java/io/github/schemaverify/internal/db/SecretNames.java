package io.github.schemaverify.internal.db;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.postgresql.util.PSQLException;

/**
 * Column names that say their values are secrets ({@code password_hash}, {@code encrypted_password}, {@code
 * private_key}, {@code api_token}, {@code totp_secret}, {@code passwordHash}, and run together as unquoted names fold
 * them, {@code mfasecret}, {@code clientsecret}, {@code accesstoken}): their values are never printed. Not {@code
 * public_key}, {@code token_count} or {@code password_changed_at}, whose values are no secret. Plurals too ({@code
 * api_keys}, {@code password_hashes}, {@code refresh_tokens}): a column or a document's member that holds several; but
 * not a bare {@code tokens} or {@code prompt_tokens}, which count what a language model read. A document's keys are
 * read with their hyphens, dots and spaces as underscores ({@code x-api-key}); {@code Authorization} is one.
 */
public final class SecretNames {

    private static final String SUFFIX = "(_?(hash|hashed|digest|enc|encrypted|salt|crypt|ciphertext)(e?s)?)?$";
    private static final Pattern SECRET = Pattern.compile("((^|_)pwd|password|passwd|passphrase|secret|token|apikey|api_key"
            + "|secret_?key|private_?key|credentials?|authorization)" + SUFFIX, Pattern.CASE_INSENSITIVE);
    /** Several secrets: tokens only of a kind that grants access, not a count of a language model's tokens. */
    private static final Pattern SECRETS = Pattern.compile("((^|_)pwds|passwords|passwds|passphrases|secrets|apikeys|api_keys"
            + "|secret_?keys|private_?keys|(access|refresh|auth|api|bearer|session|oauth|recovery|reset|verification|id"
            + "|invite|personal_access)_?tokens)" + SUFFIX, Pattern.CASE_INSENSITIVE);
    private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern NAMED = Pattern.compile("\"([^\"]+)\"|([A-Za-z_][A-Za-z0-9_]*)");
    /** PostgreSQL's detail of a key: {@code Key (a, b)=(1, x) already exists.} */
    private static final Pattern KEY = Pattern.compile("(?s)^(Key \\((.+?)\\)=\\()(.*)(\\)[^()]*)$");
    /** PostgreSQL's detail of a row no partition takes: {@code Partition key of the failing row contains (a) = (x).} */
    private static final Pattern PARTITION_KEY = Pattern.compile("(?s)^(Partition key of the failing row contains \\((.+?)\\) = \\()(.*)(\\)\\.?)$");
    /** PostgreSQL's detail of a row a constraint refused: {@code Failing row contains (1, x, null).} */
    private static final Pattern ROW = Pattern.compile("(?s)^(Failing row contains \\()(.*)(\\)\\.?)$");

    private SecretNames() {
    }

    /** Whether the values of the column {@code name} are secrets. */
    public static boolean column(String name) {
        String words = CAMEL.matcher(name).replaceAll("$1_$2").replace('-', '_').replace('.', '_').replace(' ', '_');
        return SECRET.matcher(words).find() || SECRETS.matcher(words).find();
    }

    /**
     * PostgreSQL's detail of a row a constraint refused ({@code Failing row contains (1, x, null).}: the values of the
     * table's columns in order) with the values of secret columns as {@code ********}: each where the values split into
     * as many as the table has columns, else all of them (a value holds a comma). Where the script names a secret
     * column ({@code secretsNamed}) and the columns read hold none (the table is gone with the transaction that created
     * it, or the row had a column that transaction added), every value is masked; a JSON document's members whose keys
     * name secrets are masked in any case ({@link #maskedDocument}).
     *
     * @param columns the refused row's table's columns in order, empty when they could not be read (of a partition whose
     *                columns stand in another order than its root's, both lists: the values may follow either)
     */
    public static String maskedRow(String detail, List<String> columns, boolean secretsNamed) {
        Matcher m = ROW.matcher(detail);
        if (!m.matches()) {
            return detail;
        }
        String documents = maskedDocument(detail);
        if (!documents.equals(detail)) {
            // a document's member named a secret: the values split no longer by the table's columns
            return maskedRow(documents, columns, secretsNamed);
        }
        String whole = m.group(1) + "********" + m.group(3);
        if (columns.stream().noneMatch(SecretNames::column)) {
            // unread, or not those of the row (the failing transaction added a secret column, or made the table)
            return secretsNamed ? whole : detail;
        }
        String[] values = m.group(2).split(", ", -1);
        if (values.length != columns.size()) {
            return whole;
        }
        for (int i = 0; i < values.length; i++) {
            if (column(columns.get(i))) {
                values[i] = "********";
            }
        }
        return m.group(1) + String.join(", ", values) + m.group(3);
    }

    /** Whether the SQL names a column whose values are secrets (any identifier in it, quoted or not). */
    public static boolean named(String sql) {
        Matcher names = NAMED.matcher(sql);
        while (names.find()) {
            if (column(names.group(1) != null ? names.group(1) : names.group(2))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A JSON document's text with the values of its members whose keys name secrets ({@link #column}: {@code
     * hashed_password}, {@code api_token}, {@code credentials}) as {@code "********"}, at any depth: a string, a number,
     * or an object or array whole ({@code {"credentials": {"value": "..."}}}), up to the end of the text where its closing
     * bracket is not in it; a {@code null} stays, it holds no secret. A document written into a string of another
     * ({@code {"payload": "{\"api_key\": \"...\"}"}}) is masked inside it. Other text stays as it is: scanned by hand, not
     * parsed, since the text is often no whole document (PostgreSQL's detail of a refused row, a value cut short).
     */
    public static String maskedDocument(String text) {
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            if (text.charAt(i) != '"') {
                i++;
                continue;
            }
            int end = stringEnd(text, i);
            int colon = end;
            while (colon < n && Character.isWhitespace(text.charAt(colon))) {
                colon++;
            }
            if (colon < n && text.charAt(colon) == ':') {
                int valueStart = colon + 1;
                while (valueStart < n && Character.isWhitespace(text.charAt(valueStart))) {
                    valueStart++;
                }
                if (valueStart < n && column(unescaped(text.substring(i + 1, Math.max(i + 1, end - 1))))) {
                    int valueEnd = valueEnd(text, valueStart);
                    if (valueEnd > valueStart && !(text.startsWith("null", valueStart) && valueEnd == valueStart + 4)) {
                        out = out == null ? new StringBuilder(n) : out;
                        out.append(text, copied, valueStart).append("\"********\"");
                        copied = valueEnd;
                        i = valueEnd;
                        continue;
                    }
                }
                i = valueStart; // the value may hold members of its own
                continue;
            }
            String inner = text.substring(i + 1, Math.max(i + 1, end - 1));
            if (inner.indexOf('\\') >= 0 && inner.indexOf(':') >= 0) {
                String decoded = unescaped(inner);
                String masked = maskedDocument(decoded);
                if (!masked.equals(decoded)) {
                    out = out == null ? new StringBuilder(n) : out;
                    out.append(text, copied, i).append('"').append(escaped(masked)).append('"');
                    copied = end;
                }
            }
            i = end;
        }
        return out == null ? text : out.append(text, copied, n).toString();
    }

    /** A JSON string's content with its escapes read ({@code \"}, {@code \\}, {@code \n}, {@code \u00e9}). */
    private static String unescaped(String content) {
        if (content.indexOf('\\') < 0) {
            return content;
        }
        StringBuilder out = new StringBuilder(content.length());
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (c != '\\' || i + 1 >= content.length()) {
                out.append(c);
                continue;
            }
            char e = content.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 4 < content.length() && content.substring(i + 1, i + 5).chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                        out.append((char) Integer.parseInt(content.substring(i + 1, i + 5), 16));
                        i += 4;
                    } else {
                        out.append('u');
                    }
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }

    /** Text as a JSON string's content: backslashes, quotes and control characters escaped. */
    private static String escaped(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Where the JSON value starting at {@code start} ends: past a string, a balanced object or array, or a scalar. */
    private static int valueEnd(String text, int start) {
        char first = text.charAt(start);
        if (first == '"') {
            return stringEnd(text, start);
        }
        if (first == '{' || first == '[') {
            int depth = 0;
            for (int i = start; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"') {
                    i = stringEnd(text, i) - 1;
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if ((c == '}' || c == ']') && --depth == 0) {
                    return i + 1;
                }
            }
            return text.length(); // cut short: everything after the key may be the secret's
        }
        int i = start;
        while (i < text.length() && ",}] \t\r\n)".indexOf(text.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    /** Past the closing quote of the JSON string opening at {@code start}, or the end of the text. */
    private static int stringEnd(String text, int start) {
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i + 1;
            }
        }
        return text.length();
    }

    /**
     * PostgreSQL's detail of an error with the values of a key on a secret column as {@code ********}: a unique or foreign
     * key's, or a partition key's of a row no partition takes; and a document's members whose keys name secrets, in a key
     * on an expression over a document.
     */
    public static String maskedKey(String key) {
        // a key on an expression over a document (settings -> 'auth') shows the document's members
        String detail = maskedDocument(key);
        Matcher m = KEY.matcher(detail);
        if (!m.matches()) {
            m = PARTITION_KEY.matcher(detail);
            if (!m.matches()) {
                return detail;
            }
        }
        Matcher names = IDENTIFIER.matcher(m.group(2));
        while (names.find()) {
            if (column(names.group())) {
                return m.group(1) + "********" + m.group(4);
            }
        }
        return detail;
    }

    /**
     * A printed stack trace with PostgreSQL's detail of each server error in {@code t}'s causes and suppressed
     * exceptions masked wherever it is quoted (the driver's message, Flyway's): a refused row whole, a key's values on a
     * secret column. The causes' own table cannot be read here; the message of SchemaVerify's exception names the
     * masked row column by column.
     */
    public static String maskedDetails(String printed, Throwable t) {
        String out = printed;
        for (String detail : serverDetails(t)) {
            String masked = maskedKey(maskedRow(detail, List.of(), true));
            if (!masked.equals(detail)) {
                out = out.replace(detail, masked);
            }
        }
        return out;
    }

    private static Set<String> serverDetails(Throwable t) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<String> details = new LinkedHashSet<>();
        Deque<Throwable> todo = new ArrayDeque<>(List.of(t));
        while (!todo.isEmpty()) {
            Throwable next = todo.pop();
            if (!seen.add(next)) {
                continue;
            }
            if (next instanceof PSQLException p && p.getServerErrorMessage() != null
                    && p.getServerErrorMessage().getDetail() != null) {
                details.add(p.getServerErrorMessage().getDetail());
            }
            if (next instanceof SQLException sql && sql.getNextException() != null) {
                todo.push(sql.getNextException());
            }
            if (next.getCause() != null) {
                todo.push(next.getCause());
            }
            for (Throwable suppressed : next.getSuppressed()) {
                todo.push(suppressed);
            }
        }
        return details;
    }
}
