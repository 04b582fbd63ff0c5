package io.github.schemaverify.schema;

import org.apiguardian.api.API;

/** The type of a table constraint; {@link #sql()} is how SQL and the canonical text spell it. */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public enum ConstraintType {
    PRIMARY_KEY("PRIMARY KEY"), FOREIGN_KEY("FOREIGN KEY"), UNIQUE("UNIQUE"), CHECK("CHECK"), EXCLUDE("EXCLUDE");

    private final String sql;

    ConstraintType(String sql) {
        this.sql = sql;
    }

    /** {@code PRIMARY KEY}, {@code FOREIGN KEY}, {@code UNIQUE}, {@code CHECK} or {@code EXCLUDE}. */
    public String sql() {
        return sql;
    }

    /**
     * Whether a constraint of this type is enforced by an index of its own, of the constraint's name (a primary key, a
     * unique or an exclusion constraint), which comes and goes with it.
     */
    public boolean hasIndex() {
        return this == PRIMARY_KEY || this == UNIQUE || this == EXCLUDE;
    }
}
