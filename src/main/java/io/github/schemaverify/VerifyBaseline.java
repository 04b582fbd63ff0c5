package io.github.schemaverify;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apiguardian.api.API;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Proves that an existing database whose tables were created by hand or by the application, with no history table,
 * can be baselined and migrated: the {@link #legacySchema()} script builds it on a fresh database, Flyway baselines it
 * at {@link #baselineVersion()} and migrates to head; that must not fail ("already exists"), and the result must
 * equal a fresh migrate to head (drift is shown as a diff).
 *
 * <pre>{@code
 * @VerifyBaseline(legacySchema = "classpath:legacy/production-2024.sql", baselineVersion = "4")
 * void production_can_be_baselined() {
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Test
@ExtendWith(BaselineExtension.class)
public @interface VerifyBaseline {

    /** The script that builds the legacy schema ({@code classpath:} or {@code filesystem:}), e.g. a {@code pg_dump --schema-only}. */
    String legacySchema();

    /** The version the legacy schema corresponds to: migrations up to it are skipped. Default {@code "1"}. */
    String baselineVersion() default "1";
}
