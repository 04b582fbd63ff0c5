package io.github.schemaverify.schema;

import org.apiguardian.api.API;

/** Where a cast applies by itself: only explicitly, in assignments too, or implicitly everywhere. */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public enum CastContext {
    EXPLICIT, ASSIGNMENT, IMPLICIT;

    /** The clause of {@code CREATE CAST}: {@code ""}, {@code AS ASSIGNMENT} or {@code AS IMPLICIT}. */
    public String sql() {
        return this == EXPLICIT ? "" : "AS " + name();
    }
}
