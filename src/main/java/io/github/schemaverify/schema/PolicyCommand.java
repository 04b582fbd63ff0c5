package io.github.schemaverify.schema;

import org.apiguardian.api.API;

/** The command a row-level security policy applies to. */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public enum PolicyCommand {
    ALL, SELECT, INSERT, UPDATE, DELETE;

    /** The keyword. */
    public String sql() {
        return name();
    }
}
