package io.github.schemaverify.schema;

import org.apiguardian.api.API;

/** How a table is kept: {@code permanent}, {@code unlogged} ({@code CREATE UNLOGGED TABLE}) or {@code temporary}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public enum Persistence {
    PERMANENT, UNLOGGED, TEMPORARY;

    /** {@code permanent}, {@code unlogged} or {@code temporary}, as the canonical text spells it. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
