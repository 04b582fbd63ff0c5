package io.github.schemaverify.schema;

import org.apiguardian.api.API;

/** A routine's volatility. */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public enum Volatility {
    IMMUTABLE, STABLE, VOLATILE;

    /** The keyword: {@code IMMUTABLE}, {@code STABLE} or {@code VOLATILE}. */
    public String sql() {
        return name();
    }
}
