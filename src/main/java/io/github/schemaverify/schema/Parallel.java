package io.github.schemaverify.schema;

import org.apiguardian.api.API;

/** A routine's parallel safety ({@code PARALLEL SAFE}, ...); {@link #UNSAFE} is the default. */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public enum Parallel {
    SAFE, RESTRICTED, UNSAFE;

    /** The keyword: {@code SAFE}, {@code RESTRICTED} or {@code UNSAFE}. */
    public String sql() {
        return name();
    }
}
