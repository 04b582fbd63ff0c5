package io.github.schemaverify;

import org.apiguardian.api.API;

/**
 * How long one cloned database lives.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum Isolation {
    /**
     * Not set on the annotation: the configuration parameter or system property
     * {@value MigratedDatabase#ISOLATION_PROPERTY} decides, else {@link #PER_METHOD}.
     *
     * @since 0.2
     */
    DEFAULT,
    /** Every test method gets a fresh clone of the migrated template. */
    PER_METHOD,
    /** All test methods of a class share one clone, created before the first and dropped after the last. */
    PER_CLASS
}
