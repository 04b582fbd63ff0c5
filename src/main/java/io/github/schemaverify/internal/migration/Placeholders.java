package io.github.schemaverify.internal.migration;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flyway's {@code ${name}} placeholder replacement, with Flyway's built-in {@code flyway:*} names. The one engine for
 * every script SchemaVerify runs itself; Flyway replaces them in the migrations it runs.
 */
public final class Placeholders {
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}\\s]+)}");
    /** {@code flyway:timestamp} as Flyway writes it. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Placeholders() {
    }

    /** Replaces the placeholders; a name with no value stays as written (plans reject those before any run). */
    public static String replace(String sql, Map<String, String> values, Map<String, String> builtins) {
        if (sql.indexOf("${") < 0) {
            return sql;
        }
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

    /** Flyway's built-in placeholders for a script run on the session's connection. */
    static Map<String, String> builtins(MigrationFile file, ScriptRunner.Session session) {
        Map<String, String> builtins = new HashMap<>();
        builtins.put("flyway:defaultSchema", session.defaultSchema());
        builtins.put("flyway:user", session.role());
        builtins.put("flyway:database", session.database());
        builtins.put("flyway:timestamp", LocalDateTime.now().format(TIMESTAMP));
        builtins.put("flyway:filename", file.fileName());
        builtins.put("flyway:workingDirectory", Path.of("").toAbsolutePath().toString());
        builtins.put("flyway:table", "flyway_schema_history");
        builtins.put("flyway:environment", "default");
        return builtins;
    }
}
