package io.github.schemaverify;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apiguardian.api.API;

/**
 * A project's own bootstrap stage: a static method of the test class that runs on each test database after the
 * built-in gates ({@code server}, {@code database}, {@code extensions}, {@code migrations}, {@code db_index_load}).
 * It may take a {@code javax.sql.DataSource}, a {@code java.sql.Connection} or a {@link TestDatabase}. A stage named
 * {@code vector_seeding} is the built-in optional gate of that name (otherwise skipped).
 *
 * <pre>{@code
 * @ReadinessStage(name = "vector_seeding", async = true)
 * static void seed(DataSource dataSource) throws SQLException { ... }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ReadinessStage {

    /** The gate's name. Default: the method's name. */
    String name() default "";

    /** Whether a failure makes the bootstrap FAILED (and the tests fail with it). Default {@code false}: optional. */
    boolean critical() default false;

    /** Gates that must be finished first. Default: {@code db_index_load}. */
    String[] after() default {};

    /**
     * Whether the stage runs in the background: the test starts at once (its timeline at {@code ONLINE_PARTIAL} while an
     * optional stage runs) and can {@code awaitLevel(FULL_READY, timeout)}. Default {@code false}.
     */
    boolean async() default false;
}
