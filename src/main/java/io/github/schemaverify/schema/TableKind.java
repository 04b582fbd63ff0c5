package io.github.schemaverify.schema;

import org.apiguardian.api.API;

/** A plain or a partitioned table; {@link #word()} is the kind its diff lines and canonical text name. */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public enum TableKind {
    TABLE("table"), PARTITIONED_TABLE("partitioned table");

    private final String word;

    TableKind(String word) {
        this.word = word;
    }

    /** {@code table} or {@code partitioned table}. */
    public String word() {
        return word;
    }
}
