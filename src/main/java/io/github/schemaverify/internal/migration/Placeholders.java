package io.github.schemaverify.internal.migration;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Flyway's {@code ${name}} placeholder replacement, with Flyway's built-in {@code flyway:*} names. */
public final class Placeholders {
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}\\s]+)}");

    private Placeholders() {
    }

    public static String replace(String sql, Map<String, String> values, Map<String, String> builtins) {
        Matcher m = PLACEHOLDER.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String value = values.containsKey(key) ? values.get(key) : builtins.get(key);
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
