package io.github.schemaverify;

import org.apiguardian.api.API;

/**
 * How the schema of a {@link MigratedDatabase} is built.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum Engine {
    /** Flyway versioned and repeatable migrations from {@link MigratedDatabase#locations()} (the default). */
    FLYWAY,
    /**
     * An ordered list of idempotent SQL scripts ({@link MigratedDatabase#scripts()}) that the application runs on
     * every start, without a history table.
     */
    SQL_SCRIPTS
}
