package io.github.schemaverify.internal.verify.failure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.internal.config.Misuse;

/**
 * How failures show objects in schemas that no snapshot reads ({@code unread}: by schema, one line per object, as
 * {@code UnreadSchemas} and the DDL log write them), and the setting that reads those schemas.
 */
public final class Unread {

    private Unread() {
    }

    /** {@code the schema audit}, {@code the schemas audit and billing}. */
    static String named(List<String> schemas) {
        return (schemas.size() == 1 ? "the schema " : "the schemas ") + and(schemas);
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}. */
    public static String and(List<String> names) {
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** Each object's line, indented, on a line of its own. */
    static StringBuilder lines(StringBuilder out, Map<String, List<String>> unread) {
        unread.values().forEach(lines -> lines.forEach(l -> out.append("\n  ").append(l)));
        return out;
    }

    /** The setting that reads {@code schemas} besides those {@code read}. */
    static String setting(List<String> read, List<String> schemas) {
        List<String> all = new ArrayList<>(read);
        schemas.stream().filter(s -> !all.contains(s)).forEach(all::add);
        return Misuse.listSetting("schemas", MigratedDatabase.SCHEMAS_PROPERTY, all);
    }
}
