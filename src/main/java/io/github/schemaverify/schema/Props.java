package io.github.schemaverify.schema;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Builds ordered property maps; blank values are left out so absent and empty read the same. */
final class Props {
    private final Map<String, String> map = new LinkedHashMap<>();

    static Props of() {
        return new Props();
    }

    Props put(String key, Object value) {
        if (value instanceof Collection<?> c) {
            if (!c.isEmpty()) {
                map.put(key, String.join(", ", c.stream().map(Objects::toString).toList()));
            }
        } else if (value instanceof Map<?, ?> m) {
            if (!m.isEmpty()) {
                map.put(key, String.join(", ", m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
            }
        } else if (value instanceof Boolean b) {
            map.put(key, b.toString());
        } else if (value != null && !value.toString().isEmpty()) {
            map.put(key, value.toString());
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
