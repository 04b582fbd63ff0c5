package io.github.schemaverify.schema;

import org.apiguardian.api.API;

/** How a cast converts: with a function, through the types' text forms, or binary-coercible. */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public enum CastMethod {
    FUNCTION, INOUT, BINARY;

    /** The clause of {@code CREATE CAST} without the function name. */
    public String sql() {
        return switch (this) {
            case FUNCTION -> "WITH FUNCTION";
            case INOUT -> "WITH INOUT";
            case BINARY -> "WITHOUT FUNCTION";
        };
    }
}
