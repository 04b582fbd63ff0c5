package io.github.schemaverify;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apiguardian.api.API;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Proves that migrating again changes nothing, data included. Invocations:
 * <ul>
 * <li>{@code migrate twice applies nothing}: on the migrated database a second migrate applies no migration, and the
 * schema and every table's data (row count and content hash) are unchanged;</li>
 * <li>{@code <script> run N more times changes nothing}: for each repeatable migration ({@code R__*.sql}), each
 * {@link Engine#SQL_SCRIPTS} script and each script listed in {@link MigratedDatabase#scripts()}: run it again
 * {@link #runs()} times, with no error, and no change to schema or data ({@code ON CONFLICT DO NOTHING} and
 * {@code WHERE NOT EXISTS} seed inserts are proven, not assumed).</li>
 * </ul>
 *
 * <pre>{@code
 * @MigratedDatabase(engine = Engine.SQL_SCRIPTS, scripts = {"classpath:db/schema.sql", "classpath:db/seed.sql"})
 * class BootstrapScriptsTest {
 *     @VerifyIdempotent
 *     void scripts_can_run_on_every_start() {
 *     }
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@TestTemplate
@ExtendWith(IdempotentExtension.class)
public @interface VerifyIdempotent {

    /** How many more times each script runs after the migration ran it once. Default 2; at least 1. */
    int runs() default 2;
}
