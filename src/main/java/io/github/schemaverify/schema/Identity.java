package io.github.schemaverify.schema;

import org.apiguardian.api.API;

/** Whether a column is an identity column, and which kind; {@link #NONE} for a plain column. */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public enum Identity {
    NONE(""), ALWAYS("ALWAYS"), BY_DEFAULT("BY DEFAULT");

    private final String sql;

    Identity(String sql) {
        this.sql = sql;
    }

    /** {@code ALWAYS}, {@code BY DEFAULT}, or {@code ""} for {@link #NONE}. */
    public String sql() {
        return sql;
    }
}
