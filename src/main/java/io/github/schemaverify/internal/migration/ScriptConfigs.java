package io.github.schemaverify.internal.migration;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.github.schemaverify.MigrationException;

/**
 * Flyway's script config files: {@code V3__x.sql.conf} beside {@code V3__x.sql}, {@code key=value} lines with the keys
 * {@code executeInTransaction}, {@code encoding} and {@code placeholderReplacement}. SchemaVerify reads them as Flyway
 * does, so a script Flyway runs outside a transaction is run outside one by the walk too.
 */
final class ScriptConfigs {

    private ScriptConfigs() {
    }

    static Map<String, String> parse(String origin, String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new MigrationException(origin + ": the line \"" + line + "\" is not key=value. Flyway's script"
                        + " config files hold lines such as executeInTransaction=false.");
            }
            String key = line.substring(0, eq).strip();
            if (!key.equals("executeInTransaction") && !key.equals("encoding") && !key.equals("placeholderReplacement")) {
                throw new MigrationException(origin + ": unknown key " + key + ". Flyway's script config files take"
                        + " executeInTransaction, encoding and placeholderReplacement.");
            }
            values.put(key, line.substring(eq + 1).strip());
        }
        return values;
    }

    static Charset encoding(Map<String, String> conf, String origin) {
        String name = conf.get("encoding");
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new MigrationException(origin + ": encoding=" + name + " is not an encoding Java knows. Use a name such"
                    + " as UTF-8 or ISO-8859-1.", e);
        }
    }

    /**
     * The script's settings: its config file's, else the defaults ({@code replace}: Flyway's own
     * {@code placeholderReplacement} setting, which a config file's overrides, as in Flyway).
     */
    static MigrationFile.ScriptConfig config(Map<String, String> conf, String origin, boolean replaceByDefault) {
        Optional<Boolean> inTransaction = Optional.ofNullable(conf.get("executeInTransaction")).map(v -> bool(v, origin,
                "executeInTransaction"));
        boolean replace = Optional.ofNullable(conf.get("placeholderReplacement")).map(v -> bool(v, origin,
                "placeholderReplacement")).orElse(replaceByDefault);
        return new MigrationFile.ScriptConfig(inTransaction, replace);
    }

    private static boolean bool(String value, String origin, String key) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new MigrationException(origin + ": " + key + "=" + value + " is not true or false.");
        };
    }
}
