package io.github.schemaverify.readiness;

import java.time.Instant;

import org.apiguardian.api.API;

/**
 * The level a timeline reached (derived from its gates) or an application reported, and when.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record LevelChange(ReadinessLevel level, Instant at) {
}
