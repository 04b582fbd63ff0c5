package io.github.schemaverify.schema;

import org.apiguardian.api.API;

/** What a table writes to the WAL to identify updated and deleted rows ({@code REPLICA IDENTITY ...}). */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public enum ReplicaIdentity {
    DEFAULT, NOTHING, FULL, INDEX;

    /** The keyword; {@code INDEX} stands for {@code USING INDEX}. */
    public String sql() {
        return this == INDEX ? "USING INDEX" : name();
    }
}
