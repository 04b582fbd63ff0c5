package io.github.schemaverify;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Compares the migrated schema of {@link MigratedDatabase} with a committed text file,
 * {@code src/test/resources/schemaverify/<name>.schema}: canonical, one object per block, diff-friendly. A difference
 * fails with the objects added, removed and changed. Run once with {@code -Dschemaverify.snapshot.update=true} to
 * write or rewrite the file, review it, and commit it.
 *
 * <pre>{@code
 * @MigratedDatabase
 * @MatchesSchemaSnapshot("memory-store")
 * class SchemaGoldenFileTest {
 *     @Test
 *     void schema_is_as_committed() {
 *     }
 * }
 * }</pre>
 *
 * <p>On a class, the check runs once before its tests and its verdict is given on the class after them: a drift or a
 * missing file fails the class's check, not its tests. On a method, the check runs before that method and fails it.
 * The verdict is in the run's summary and report. The file's header records the PostgreSQL and extension versions it
 * was written on; a drift on other versions says so. A missing or drifted file's new text is written to
 * {@code <report dir>/snapshots/<name>.schema} for review; an update prints what it wrote.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(MatchesSchemaSnapshotExtension.class)
public @interface MatchesSchemaSnapshot {

    /** Property that, set to {@code true}, rewrites the files instead of comparing: {@value}. */
    String UPDATE_PROPERTY = "schemaverify.snapshot.update";
    /** Property with the directory of the files: {@value}. Default {@code src/test/resources/schemaverify}. */
    String DIRECTORY_PROPERTY = "schemaverify.snapshot.dir";

    /** The file's name without {@code .schema}. Default: the test class's simple name. */
    String value() default "";
}
