package io.github.schemaverify;

import org.apiguardian.api.API;

/**
 * How long one cloned database lives.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum Isolation {
    /** Every test method gets a fresh clone of the migrated template (the default). */
    PER_METHOD,
    /** All test methods of a class share one clone, created before the first and dropped after the last. */
    PER_CLASS
}
