package io.github.schemaverify.schema;

import org.apiguardian.api.API;

/**
 * A column's storage ({@code ALTER TABLE ... ALTER COLUMN ... SET STORAGE}); {@link #DEFAULT} when it is its type's
 * default.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public enum ColumnStorage {
    DEFAULT, PLAIN, EXTERNAL, EXTENDED, MAIN;

    /** The keyword, or {@code ""} for {@link #DEFAULT}. */
    public String sql() {
        return this == DEFAULT ? "" : name();
    }
}
