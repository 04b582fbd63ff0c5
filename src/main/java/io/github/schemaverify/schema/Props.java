package io.github.schemaverify.schema;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds ordered property maps; blank values are left out so absent and empty read the same. */
final class Props {
    private final Map<String, String> map = new LinkedHashMap<>();

    static Props of() {
        return new Props();
    }

    Props put(String key, Object value) {
        // plain loops: called for every property of every object a snapshot reads, it is among the first code a cold
        // JVM compiles, and streams made that compile ten times as large
        if (value instanceof Collection<?> c) {
            if (!c.isEmpty()) {
                StringBuilder text = new StringBuilder();
                String separator = "";
                for (Object item : c) {
                    text.append(separator).append(item);
                    separator = ", ";
                }
                map.put(key, text.toString());
            }
        } else if (value instanceof Map<?, ?> m) {
            if (!m.isEmpty()) {
                StringBuilder text = new StringBuilder();
                String separator = "";
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    text.append(separator).append(e.getKey()).append('=').append(e.getValue());
                    separator = ", ";
                }
                map.put(key, text.toString());
            }
        } else if (value != null) {
            String text = value.toString();
            if (!text.isEmpty()) {
                map.put(key, text);
            }
        }
        return this;
    }

    /** A flag shown only when set: absent reads as its default ({@code false}). */
    Props flag(String key, boolean value) {
        if (value) {
            map.put(key, "true");
        }
        return this;
    }

    /** Privileges, as {@code role: SELECT, UPDATE; other: ALL}; none differing from the default: absent. */
    Props grants(List<Grant> grants) {
        if (!grants.isEmpty()) {
            map.put(PRIVILEGES, Grant.text(grants));
        }
        return this;
    }

    /** The property that holds an object's privileges: {@value}. */
    static final String PRIVILEGES = "privileges";

    /** The property that holds an object's owner: {@value}. */
    static final String OWNER = "owner";

    Map<String, String> build() {
        return java.util.Collections.unmodifiableMap(map);
    }
}
