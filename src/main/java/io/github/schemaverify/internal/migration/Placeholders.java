package io.github.schemaverify.internal.migration;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Flyway's {@code ${name}} placeholder replacement, with Flyway's built-in {@code flyway:*} names. The one engine for
 * every script SchemaVerify runs itself; Flyway replaces them in the migrations it runs.
 */
public final class Placeholders {
    /** {@code flyway:timestamp} as Flyway writes it. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Placeholders() {
    }

    /** A placeholder where Flyway's reader finds one: from its {@code $} to after its {@code }}, and its name. */
    record Found(int start, int end, String name) {
        // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
        @Override
        public boolean equals(Object other) {
            return other == this || other instanceof Found o
                    && start == o.start
                    && end == o.end
                    && java.util.Objects.equals(name, o.name);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(start, end, name);
        }
    }

    /**
     * The placeholders of {@code sql} as Flyway's {@code PlaceholderReplacingReader} reads them, character by character:
     * a {@code $} followed by {@code {} starts one, but a {@code $} followed by anything else is passed on together with
     * that character, so {@code $${x}} is no placeholder (it stays as written) and {@code $$${x}} is one after
     * {@code $$}; a placeholder's name is whatever lies before the next {@code }} (spaces, quotes, line breaks), and one
     * with no {@code }} runs to the end of the script and loses its last character, as in Flyway.
     */
    static List<Found> find(String sql) {
        List<Found> found = new ArrayList<>();
        int n = sql.length();
        int i = sql.indexOf('$');
        while (i >= 0 && i < n) {
            if (i + 1 >= n) {
                break;
            }
            if (sql.charAt(i + 1) == '{') {
                int close = sql.indexOf('}', i + 2);
                if (close < 0) {
                    found.add(new Found(i, n, sql.substring(i + 2, Math.max(i + 2, n - 1))));
                    break;
                }
                found.add(new Found(i, close + 1, sql.substring(i + 2, close)));
                i = sql.indexOf('$', close + 1);
            } else {
                i = sql.indexOf('$', i + 2);
            }
        }
        return found;
    }

    /**
     * Whether Flyway replaces placeholder {@code name} in {@code file} ({@code flyway:database}): a SQL script with
     * placeholder replacement on that names it where Flyway's reader finds a placeholder ({@link #find}), in any case.
     */
    public static boolean names(MigrationFile file, String name) {
        return !file.isJava() && file.config().placeholderReplacement()
                && find(file.content()).stream().anyMatch(p -> p.name().equalsIgnoreCase(name));
    }

    /** {@code flyway:timestamp}'s value at {@code time}, as Flyway writes it. */
    public static String timestamp(LocalDateTime time) {
        return time.format(TIMESTAMP);
    }

    /**
     * The value of placeholder {@code name}: Flyway looks names up ignoring case ({@code ${embedding_dim}} is
     * {@code EMBEDDING_DIM}), the configured ones before the built-in ones; {@code null} when neither has it.
     */
    static String valueOf(String name, Map<String, String> values, Map<String, String> builtins) {
        String value = lookUp(name, values);
        return value != null ? value : lookUp(name, builtins);
    }

    private static String lookUp(String name, Map<String, String> map) {
        String value = map.get(name);
        if (value != null || map.isEmpty()) {
            return value;
        }
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Replaces the placeholders; a name with no value stays as written (plans reject those before any run). */
    public static String replace(String sql, Map<String, String> values, Map<String, String> builtins) {
        if (sql.indexOf("${") < 0) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length());
        int at = 0;
        for (Found f : find(sql)) {
            String value = valueOf(f.name(), values, builtins);
            out.append(sql, at, f.start()).append(value == null ? sql.substring(f.start(), f.end()) : value);
            at = f.end();
        }
        return out.append(sql, at, sql.length()).toString();
    }

    /**
     * A script's text as Flyway runs it: its placeholders replaced where its settings say (Flyway's
     * {@code placeholderReplacement}, a script's own {@code .conf}), with {@code values} and then the built-in ones,
     * asked for only where the script names a placeholder (they read a clock and the working directory); else the
     * file's text.
     */
    static String text(MigrationFile file, Map<String, String> values, java.util.function.Supplier<Map<String, String>> builtins) {
        return file.config().placeholderReplacement() && file.content().contains("${")
                ? replace(file.content(), values, builtins.get()) : file.content();
    }

    /** Flyway's built-in placeholders for a script run on the session's connection. */
    static Map<String, String> builtins(MigrationFile file, ScriptRunner.Session session) {
        return builtins(file.fileName(), session);
    }

    /** Flyway's built-in placeholders for SQL named {@code fileName} ({@code ""} for none) run on the session's connection. */
    static Map<String, String> builtins(String fileName, ScriptRunner.Session session) {
        Map<String, String> builtins = new HashMap<>();
        builtins.put("flyway:defaultSchema", session.defaultSchema());
        builtins.put("flyway:user", session.role());
        builtins.put("flyway:database", session.database());
        builtins.put("flyway:timestamp", timestamp(LocalDateTime.now()));
        builtins.put("flyway:filename", fileName);
        builtins.put("flyway:workingDirectory", Path.of("").toAbsolutePath().toString());
        builtins.put("flyway:table", session.historyTable());
        builtins.put("flyway:environment", "default");
        return builtins;
    }
}
