package io.github.schemaverify;

import org.apiguardian.api.API;

/**
 * Where the PostgreSQL server that SchemaVerify uses comes from.
 *
 * <p>Set with {@link MigratedDatabase#server()}, the configuration parameter or system property
 * {@value MigratedDatabase#SERVER_PROPERTY}, or the environment variable {@code SCHEMAVERIFY_SERVER}.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum ServerMode {
    /**
     * Not set on the annotation: the configuration parameter or system property {@value MigratedDatabase#SERVER_PROPERTY}
     * decides, else the environment variable {@code SCHEMAVERIFY_SERVER}, else {@link #AUTO}.
     *
     * @since 0.2
     */
    DEFAULT,
    /**
     * {@link #EXTERNAL} when a URL is configured, else {@link #CONTAINER} when a Docker engine answers, else
     * {@link #LOCAL} when PostgreSQL binaries are found. Decided once per test run, and said in the run's summary.
     */
    AUTO,
    /** A Testcontainers {@code PostgreSQLContainer} running the pgvector image ({@link MigratedDatabase#image()}). */
    CONTAINER,
    /** An ephemeral cluster started from PostgreSQL binaries on this machine ({@code initdb}, {@code pg_ctl}). */
    LOCAL,
    /** A server you already run, named by {@code schemaverify.url}, {@code schemaverify.user}, {@code schemaverify.password}. */
    EXTERNAL
}
