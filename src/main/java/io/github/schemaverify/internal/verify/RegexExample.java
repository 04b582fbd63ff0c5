package io.github.schemaverify.internal.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A short text that a PostgreSQL regular expression (an advanced one, as {@code ~} reads it) matches: the value a
 * generated row gives a column that a {@code CHECK (path ~ '^[ug](/[\w-]+){2,}$')} constrains, where the walk's usual
 * {@code 's'} breaks the check and no row could be generated for the table (Windmill's scripts, flows, schedules and
 * resources name their paths so). Each part takes its shortest form: a quantifier its least count, an alternation its
 * first branch, a bracket expression a plain letter or digit where it allows one. Empty where the
 * expression uses what this does not read (back references, lookahead, collating elements) or is not well formed: the
 * server then decides, and the row is generated as before.
 */
final class RegexExample {
    /** The characters a bracket expression or an escape gives, in order of preference: plain ones a reader expects. */
    private static final String PREFERRED = "sa1-_./ ";
    /** Longer examples are not taken: a row needs a short value. */
    private static final int MAX_LENGTH = 1_000;

    /** Groups nested deeper are not read: each is a call of its own, and a row needs no such pattern. */
    private static final int MAX_DEPTH = 64;

    private final String re;
    private int at;
    private int depth;

    private RegexExample(String re) {
        this.re = re;
    }

    /** A text {@code re} matches, or empty. */
    static Optional<String> of(String re) {
        RegexExample parser = new RegexExample(re);
        try {
            parser.options();
            String example = parser.alternation();
            return parser.at == re.length() && example.length() <= MAX_LENGTH ? Optional.of(example) : Optional.empty();
        } catch (IllegalArgumentException unread) {
            return Optional.empty();
        }
    }

    /** Embedded options at the start ({@code (?i)}, {@code ***:}): no part of the text. */
    private void options() {
        if (re.startsWith("***:")) {
            at = 4;
        }
        if (re.startsWith("(?", at) && at + 2 < re.length() && Character.isLetter(re.charAt(at + 2))) {
            int end = re.indexOf(')', at);
            // those that leave the syntax as read here: case, newlines, anchors; not x (spaces ignored), q (a literal),
            // b or e (other syntaxes)
            if (end < 0 || !re.substring(at + 2, end).chars().allMatch(c -> "icnpstwm".indexOf(c) >= 0)) {
                throw new IllegalArgumentException(re);
            }
            at = end + 1;
        }
    }

    /** Branches separated by {@code |}: the first one's example (the others read, to their end). */
    private String alternation() {
        String first = null;
        while (true) {
            String branch = branch();
            first = first == null ? branch : first;
            if (at < re.length() && re.charAt(at) == '|') {
                at++;
                continue;
            }
            return first;
        }
    }

    private String branch() {
        StringBuilder out = new StringBuilder();
        while (at < re.length() && re.charAt(at) != '|' && re.charAt(at) != ')') {
            String atom = atom();
            int times = quantifier();
            if (out.length() + (long) atom.length() * times > MAX_LENGTH) {
                throw new IllegalArgumentException(re);
            }
            out.append(atom.repeat(times));
        }
        return out.toString();
    }

    /** The least count a quantifier after an atom allows ({@code *} 0, {@code +} 1, {@code {2,}} 2), 1 without one. */
    private int quantifier() {
        if (at >= re.length()) {
            return 1;
        }
        char c = re.charAt(at);
        int times;
        if (c == '*' || c == '?') {
            at++;
            times = 0;
        } else if (c == '+') {
            at++;
            times = 1;
        } else if (c == '{' && at + 1 < re.length() && Character.isDigit(re.charAt(at + 1))) {
            int end = re.indexOf('}', at);
            if (end < 0) {
                throw new IllegalArgumentException(re);
            }
            String bounds = re.substring(at + 1, end);
            int comma = bounds.indexOf(',');
            times = Integer.parseInt(comma < 0 ? bounds : bounds.substring(0, comma));
            at = end + 1;
        } else {
            return 1;
        }
        if (at < re.length() && re.charAt(at) == '?') {
            at++; // non-greedy: the same least count
        }
        return times;
    }

    private String atom() {
        char c = re.charAt(at++);
        switch (c) {
            case '^', '$' -> {
                return "";
            }
            case '.' -> {
                return "s";
            }
            case '[' -> {
                return String.valueOf(bracket());
            }
            case '(' -> {
                if (re.startsWith("?:", at)) {
                    at += 2;
                } else if (re.startsWith("?", at)) {
                    throw new IllegalArgumentException(re); // lookahead, lookbehind
                }
                if (++depth > MAX_DEPTH) {
                    throw new IllegalArgumentException(re);
                }
                String inner = alternation();
                if (at >= re.length() || re.charAt(at) != ')') {
                    throw new IllegalArgumentException(re);
                }
                at++;
                depth--;
                return inner;
            }
            case '\\' -> {
                return escape(false);
            }
            case '*', '+', '?', ')' -> throw new IllegalArgumentException(re);
            default -> {
                return String.valueOf(c);
            }
        }
    }

    /** The character (or none, for an anchor) an escape stands for, after its backslash. */
    private String escape(boolean inBracket) {
        if (at >= re.length()) {
            throw new IllegalArgumentException(re);
        }
        char c = re.charAt(at++);
        return switch (c) {
            case 'w', 'D', 'S' -> "s";
            case 'd' -> "1";
            case 's' -> " ";
            case 'W' -> "-";
            case 'n' -> "\n";
            case 't' -> "\t";
            case 'r' -> "\r";
            case 'x' -> String.valueOf(Character.toChars(hex(8))); // every hexadecimal digit that follows
            case 'u' -> String.valueOf((char) hex(4));
            case 'm', 'M', 'y', 'Y', 'A', 'Z' -> {
                if (inBracket) {
                    throw new IllegalArgumentException(re);
                }
                yield ""; // word boundaries and anchors: no part of the text
            }
            default -> {
                if (Character.isLetterOrDigit(c)) {
                    throw new IllegalArgumentException(re); // a back reference, or an escape not read here
                }
                yield String.valueOf(c);
            }
        };
    }

    private int hex(int most) {
        int start = at;
        while (at < re.length() && at - start < most && Character.digit(re.charAt(at), 16) >= 0) {
            at++;
        }
        if (at == start || at < re.length() && Character.digit(re.charAt(at), 16) >= 0) {
            throw new IllegalArgumentException(re);
        }
        int code = Integer.parseInt(re.substring(start, at), 16);
        if (code == 0 || !Character.isValidCodePoint(code)) {
            throw new IllegalArgumentException(re);
        }
        return code;
    }

    /** A bracket expression, after its {@code [}: a preferred character it allows, else the first it names. */
    private char bracket() {
        boolean negated = at < re.length() && re.charAt(at) == '^';
        if (negated) {
            at++;
        }
        List<char[]> ranges = new ArrayList<>();
        boolean first = true;
        while (true) {
            if (at >= re.length()) {
                throw new IllegalArgumentException(re);
            }
            char c = re.charAt(at);
            if (c == ']' && !first) {
                at++;
                break;
            }
            first = false;
            char low;
            if (re.startsWith("[:", at)) {
                int end = re.indexOf(":]", at + 2);
                if (end < 0) {
                    throw new IllegalArgumentException(re);
                }
                // negated, the class as a whole (of the characters tried, all ASCII); else a part of it stands for it
                ranges.addAll(negated ? whole(re.substring(at + 2, end)) : List.of(named(re.substring(at + 2, end))));
                at = end + 2;
                continue;
            } else if (re.startsWith("[.", at) || re.startsWith("[=", at)) {
                throw new IllegalArgumentException(re); // collating elements, equivalence classes
            } else if (c == '\\') {
                at++;
                if (negated && at < re.length() && "wdsWDS".indexOf(re.charAt(at)) >= 0) {
                    // the class as a whole, where the bracket takes its complement; a complement's complement is not read
                    ranges.addAll(whole(switch (re.charAt(at++)) {
                        case 'w' -> "word";
                        case 'd' -> "digit";
                        case 's' -> "space";
                        default -> throw new IllegalArgumentException(re);
                    }));
                    continue;
                }
                String escaped = escape(true);
                if (escaped.isEmpty()) {
                    throw new IllegalArgumentException(re);
                }
                if ("s".equals(escaped) && "wDS".indexOf(re.charAt(at - 1)) >= 0) {
                    ranges.add(new char[] {'a', 'z'});
                    ranges.add(new char[] {'0', '9'});
                    ranges.add(new char[] {'_', '_'});
                    continue;
                }
                if ("1".equals(escaped) && re.charAt(at - 1) == 'd') {
                    ranges.add(new char[] {'0', '9'});
                    continue;
                }
                low = escaped.charAt(0);
            } else {
                low = c;
                at++;
            }
            char high = low;
            if (at + 1 < re.length() && re.charAt(at) == '-' && re.charAt(at + 1) != ']') {
                at++;
                char h = re.charAt(at++);
                if (h == '\\') {
                    String escaped = escape(true);
                    if (escaped.length() != 1) {
                        throw new IllegalArgumentException(re);
                    }
                    h = escaped.charAt(0);
                }
                high = h;
            }
            ranges.add(new char[] {low, high});
        }
        for (char p : PREFERRED.toCharArray()) {
            if (allows(ranges, p) != negated) {
                return p;
            }
        }
        if (!negated && !ranges.isEmpty()) {
            return ranges.get(0)[0];
        }
        for (char p = 'A'; p <= 'z'; p++) {
            if (allows(ranges, p) != negated) {
                return p;
            }
        }
        throw new IllegalArgumentException(re);
    }

    private static boolean allows(List<char[]> ranges, char c) {
        return ranges.stream().anyMatch(r -> r[0] <= c && c <= r[1]);
    }

    /**
     * A class of a bracket expression ({@code [:alpha:]}, {@code \\s}) as the ranges of the characters a row's text may
     * be given that it holds, all of them: what a negated bracket must leave out.
     */
    private List<char[]> whole(String name) {
        char[] lower = {'a', 'z'};
        char[] upper = {'A', 'Z'};
        char[] digit = {'0', '9'};
        return switch (name) {
            case "alpha" -> List.of(lower, upper);
            case "alnum" -> List.of(lower, upper, digit);
            case "word" -> List.of(lower, upper, digit, new char[] {'_', '_'});
            case "lower" -> List.of(lower);
            case "upper" -> List.of(upper);
            case "digit" -> List.of(digit);
            case "xdigit" -> List.of(digit, new char[] {'a', 'f'}, new char[] {'A', 'F'});
            case "space" -> List.of(new char[] {' ', ' '}, new char[] {'\t', '\r'});
            case "blank" -> List.of(new char[] {' ', ' '}, new char[] {'\t', '\t'});
            default -> throw new IllegalArgumentException(re);
        };
    }

    /** A POSIX class of a bracket expression ({@code [:alpha:]}) as a range it holds. */
    private char[] named(String name) {
        return switch (name) {
            case "alpha", "alnum", "lower", "word", "graph", "print" -> new char[] {'a', 'z'};
            case "upper" -> new char[] {'A', 'Z'};
            case "digit", "xdigit" -> new char[] {'0', '9'};
            case "space", "blank" -> new char[] {' ', ' '};
            case "punct" -> new char[] {'-', '-'};
            default -> throw new IllegalArgumentException(re);
        };
    }
}
