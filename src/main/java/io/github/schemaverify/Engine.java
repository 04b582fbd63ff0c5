package io.github.schemaverify;

import org.apiguardian.api.API;

/**
 * How the schema of a {@link MigratedDatabase} is built.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum Engine {
    /**
     * Not set on the annotation: the configuration parameter or system property {@value MigratedDatabase#ENGINE_PROPERTY}
     * decides, else {@link #FLYWAY}. (As JUnit's {@code CleanupMode.DEFAULT}.)
     *
     * @since 0.2
     */
    DEFAULT,
    /** Flyway versioned and repeatable migrations from {@link MigratedDatabase#locations()}. */
    FLYWAY,
    /**
     * An ordered list of idempotent SQL scripts ({@link MigratedDatabase#scripts()}) that the application runs on
     * every start, without a history table.
     */
    SQL_SCRIPTS
}
