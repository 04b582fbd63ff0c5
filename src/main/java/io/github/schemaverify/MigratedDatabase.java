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
 * Gives a test class (or one test method) a real PostgreSQL database with pgvector, migrated with the project's own
 * migrations and cloned from a cached template for each test in milliseconds.
 *
 * <pre>{@code
 * @MigratedDatabase(locations = "classpath:db/migration", placeholders = "EMBEDDING_DIM=1536")
 * class MemoryShardsTest {
 *     @Test
 *     void stores_a_vector(DataSource dataSource) throws SQLException { ... }
 * }
 * }</pre>
 *
 * <p>Test methods may declare parameters of type {@link javax.sql.DataSource}, {@link java.sql.Connection} (closed
 * after the test), {@link TestDatabase}, {@code org.flywaydb.core.Flyway} (configured for that database),
 * {@code SchemaSnapshot} and {@code ReadinessTimeline}.
 *
 * <p>Every attribute left at its default can be set with a JUnit configuration parameter or a system property named
 * by the constants of this type, and the server choice also with the environment variables
 * {@code SCHEMAVERIFY_SERVER} and {@code SCHEMAVERIFY_URL}. Precedence: annotation value, then property, then
 * environment, then default. An attribute that still has its default value counts as "not set".
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(MigratedDatabaseExtension.class)
public @interface MigratedDatabase {

    /** Property naming the Flyway locations, comma-separated: {@value}. */
    String LOCATIONS_PROPERTY = "schemaverify.locations";
    /** Property choosing the engine ({@code FLYWAY}, {@code SQL_SCRIPTS}): {@value}. */
    String ENGINE_PROPERTY = "schemaverify.engine";
    /** Property listing the scripts of {@link Engine#SQL_SCRIPTS}, comma-separated: {@value}. */
    String SCRIPTS_PROPERTY = "schemaverify.scripts";
    /** Property naming the target version: {@value}. */
    String TARGET_PROPERTY = "schemaverify.target";
    /** Property with placeholders, {@code KEY=VALUE} pairs separated by commas: {@value}. */
    String PLACEHOLDERS_PROPERTY = "schemaverify.placeholders";
    /** Property listing the migration-owned schemas, comma-separated: {@value}. */
    String SCHEMAS_PROPERTY = "schemaverify.schemas";
    /** Property listing Flyway's own {@code schemas} setting, comma-separated: {@value}. See {@link #flywaySchemas()}. */
    String FLYWAY_SCHEMAS_PROPERTY = "schemaverify.flyway.schemas";
    /** Property for {@link #mixed()}: {@value}. */
    String MIXED_PROPERTY = "schemaverify.flyway.mixed";
    /** Property for {@link #placeholderReplacement()}: {@value}. */
    String PLACEHOLDER_REPLACEMENT_PROPERTY = "schemaverify.flyway.placeholderReplacement";
    /** Property for {@link #initSql()}: {@value}. */
    String INIT_SQL_PROPERTY = "schemaverify.flyway.initSql";
    /** Property for {@link #flywayTable()}: {@value}. */
    String FLYWAY_TABLE_PROPERTY = "schemaverify.flyway.table";
    /** Property (and, upper-cased with underscores, environment variable) choosing the server: {@value}. */
    String SERVER_PROPERTY = "schemaverify.server";
    /** Property naming the container image: {@value}. */
    String IMAGE_PROPERTY = "schemaverify.image";
    /** Property choosing the isolation: {@value}. */
    String ISOLATION_PROPERTY = "schemaverify.isolation";
    /** Property (and environment variable {@code SCHEMAVERIFY_URL}) with the JDBC URL of an external server: {@value}. */
    String URL_PROPERTY = "schemaverify.url";
    /** Property (and environment variable {@code SCHEMAVERIFY_USER}) with the external server's user: {@value}. */
    String USER_PROPERTY = "schemaverify.user";
    /** Property (and environment variable {@code SCHEMAVERIFY_PASSWORD}) with the external server's password: {@value}. */
    String PASSWORD_PROPERTY = "schemaverify.password";
    /** Property with the directory of PostgreSQL binaries for {@link ServerMode#LOCAL}: {@value}. */
    String PG_BIN_PROPERTY = "schemaverify.pg.bin";
    /**
     * Property with the directory under which {@link ServerMode#LOCAL} clusters live: {@value}. Default
     * {@code /dev/shm/schemaverify-<OS user>} where {@code /dev/shm} is a writable RAM file system (an ephemeral cluster
     * needs no disk, and cloning a database is a memory copy there), else {@code <java.io.tmpdir>/schemaverify-<OS user>}.
     */
    String PG_WORK_DIR_PROPERTY = "schemaverify.pg.workDir";
    /**
     * Property that, set to {@code false}, leaves the order of a table's columns out of every schema comparison (round
     * trip, baseline, golden file): {@value}. On by default, since {@code SELECT *}, {@code INSERT} without a column
     * list and {@code COPY} depend on it; switch it off only for a project that never relies on column order.
     */
    String COLUMN_ORDER_PROPERTY = "schemaverify.snapshot.columnOrder";
    /** Property naming the directory for the run's reports and readiness heartbeat files: {@value}. Default {@code target/schemaverify}. */
    String REPORT_DIR_PROPERTY = "schemaverify.report.dir";
    /** Property that, set to {@code false}, writes no report files and prints no summary: {@value}. Default {@code true}. */
    String REPORT_PROPERTY = "schemaverify.report";
    /**
     * Property: how often a long migration prints what it runs, a duration such as {@code 10s} ({@code off} for never):
     * {@value}. Default 10 s.
     */
    String PROGRESS_PROPERTY = "schemaverify.progress";
    /**
     * Property: the longest one migration statement may run, a duration such as {@code 60s}: {@value}. Default: no
     * limit. A statement that runs longer is cancelled and the failure names the revision and the statement.
     */
    String STATEMENT_TIMEOUT_PROPERTY = "schemaverify.statementTimeout";
    /**
     * Property: how many clones of each template to keep ready for the tests, a number ({@code 0} for none): {@value}.
     * Default: when JUnit runs tests in parallel ({@code junit.jupiter.execution.parallel.enabled=true} with a
     * concurrent mode), twice its parallelism (at most 16); else 0, each clone made when its test starts.
     */
    String CLONES_AHEAD_PROPERTY = "schemaverify.clones.ahead";
    /**
     * Property that, set to {@code false}, leaves owners out of schema comparisons: {@value}. On by default in round
     * trips (one role runs every script there, so an owner changed and not set back is a finding); off by default for
     * golden files ({@code @MatchesSchemaSnapshot}), whose owner is whichever role migrates on each machine.
     */
    String OWNERS_PROPERTY = "schemaverify.snapshot.owners";
    /**
     * Property that, set to {@code false}, leaves privileges ({@code GRANT}, {@code REVOKE}, default privileges) out of
     * schema comparisons: {@value}. On by default: an undo that forgets a {@code REVOKE} is a security hole.
     */
    String PRIVILEGES_PROPERTY = "schemaverify.snapshot.privileges";
    /**
     * Property that, set to {@code false}, leaves the tablespaces of tables and indexes out of schema comparisons:
     * {@value}. On by default: a revision that moves a table and an undo that leaves it moved is a finding.
     */
    String TABLESPACES_PROPERTY = "schemaverify.snapshot.tablespaces";
    /**
     * Property: what Boot's own Flyway does at the start of a Spring test's application context, whose database
     * SchemaVerify migrated already: {@code validate} (the default for {@link Engine#FLYWAY}: the clone is validated
     * against the application's {@code spring.flyway.*} configuration, which proves both name the same migrations) or
     * {@code skip} (the default for {@link Engine#SQL_SCRIPTS}): {@value}. It never migrates. See docs/spring-boot.md.
     */
    String SPRING_FLYWAY_PROPERTY = "schemaverify.spring.flyway";
    /** Property naming the unprivileged OS user that runs a {@link ServerMode#LOCAL} cluster under root: {@value}. */
    String PG_OS_USER_PROPERTY = "schemaverify.pg.osUser";
    /**
     * Property that keeps a {@link ServerMode#LOCAL} cluster running between runs, for the laptop loop: {@value}.
     * {@code false} (the default): every run starts its own cluster and stops it at its end. {@code true}: the run
     * uses the kept cluster of these binaries and this OS user (starting it the first time, or when it is not running),
     * and leaves it running, with its templates cached on it ({@value #TEMPLATE_CACHE_PROPERTY}); a run that
     * finds it in use by another run starts a cluster of its own as usual. {@code stop}: the run uses the kept cluster,
     * then stops and deletes it. Also the environment variable {@code SCHEMAVERIFY_PG_KEEP}.
     */
    String PG_KEEP_PROPERTY = "schemaverify.pg.keep";
    /**
     * Property: how many templates a server that outlives the run keeps between runs, per role, a number: {@value}.
     * Default 4: a run whose migrations (files, Java migrations, placeholders, engine, target, schemas), Flyway version,
     * PostgreSQL version and available extension versions are those of a kept template clones it instead of migrating
     * again; the templates are the migrated ones of {@code @MigratedDatabase} and the bases of
     * {@code @VerifyRoundTrip(from = ...)}. The least recently used is dropped first; {@code 0} keeps none (each is
     * dropped when its last run ends). Only servers that outlive the run keep any: {@link ServerMode#EXTERNAL}, or a
     * {@link ServerMode#LOCAL} cluster kept with {@value #PG_KEEP_PROPERTY}. A template whose build changed the server
     * outside it (roles, say) is never kept. Also {@code SCHEMAVERIFY_TEMPLATECACHE}. Example:
     * {@code -Dschemaverify.templateCache=0} builds the template in every run.
     */
    String TEMPLATE_CACHE_PROPERTY = "schemaverify.templateCache";
    /**
     * Property: whether HotSpot's optimizing compiler, C2, is kept off the methods that run often while SchemaVerify
     * works (a round trip's or lock profile's walk with its invocations, an idempotency or baseline check; not the
     * template {@code @MigratedDatabase} builds, which is Flyway's work and runs faster with C2), in the whole JVM, a
     * boolean, {@value}. Default {@code true}: during that work a compiler directive (as {@code jcmd
     * Compiler.directives_add} adds) leaves them to C1, whose compilations cost less than C2's for work that lasts seconds (a 200-revision {@code @VerifyRoundTrip} class took 10 to 11% less time as a whole process on two
     * cores, docs/benchmarks.md). The directive is removed when the last such work ends, but not its effect: the methods
     * that got hot enough for C2 meanwhile (the JDK's {@code HashMap}'s among them) keep C1's code, and C2 no longer
     * inlines them into what it compiles later, so CPU-bound tests that run after SchemaVerify's in the same JVM can take
     * longer (docs/ci.md). A JVM that is not HotSpot, that runs C1 only, C2 only or Graal, or that has compiler
     * directives of its own is left alone anyway. Also {@code SCHEMAVERIFY_JIT_PAUSEC2}. Example:
     * {@code -Dschemaverify.jit.pauseC2=false} leaves the JIT alone.
     */
    String PAUSE_C2_PROPERTY = "schemaverify.jit.pauseC2";

    /**
     * Flyway locations of the migrations, as Flyway reads them ({@code classpath:} or {@code filesystem:}).
     * Default {@code classpath:db/migration}. Example: {@code locations = "classpath:db/migration/core"}.
     */
    String[] locations() default {};

    /**
     * The engine that builds the schema. Default {@link Engine#DEFAULT}: the property {@value #ENGINE_PROPERTY}, else
     * {@link Engine#FLYWAY}.
     */
    Engine engine() default Engine.DEFAULT;

    /**
     * For {@link Engine#SQL_SCRIPTS}: the scripts, in the order they run, as {@code classpath:} or
     * {@code filesystem:} paths (a bare path means classpath). Example: {@code scripts = "classpath:schema.sql"}. Given
     * here with {@link Engine#FLYWAY}, which never runs them, the class is refused before any server starts; the property
     * ({@value #SCRIPTS_PROPERTY}) is not read for a {@code FLYWAY} class.
     */
    String[] scripts() default {};

    /** The version to migrate to: {@code latest} (the default) or a version such as {@code "7"}. */
    String target() default "";

    /** Flyway placeholders as {@code KEY=VALUE}, for example {@code "EMBEDDING_DIM=1536"}. Default none. */
    String[] placeholders() default {};

    /**
     * The schemas owned by the migrations, which snapshots read. Default {@link #flywaySchemas()} when those are set,
     * else {@code public}.
     */
    String[] schemas() default {};

    /**
     * Flyway's own {@code schemas} setting, for a project whose Flyway has one ({@code flyway.schemas},
     * {@code spring.flyway.schemas}): before the first migration Flyway creates those that do not exist, it keeps its
     * history table in the first, and it puts the first at the head of every migration's search_path, so that a script's
     * {@code CREATE TABLE notes} lands there. SchemaVerify's Flyway is given the same setting, and its own runs of the
     * scripts (the round trip's) start from a database with those schemas created, each script with that search_path,
     * as Flyway's would. Default none: Flyway's default schema is the connection's ({@code public}). Also the property
     * {@value #FLYWAY_SCHEMAS_PROPERTY}. Example: {@code flywaySchemas = "bookstore"}.
     */
    String[] flywaySchemas() default {};

    /**
     * Flyway's own {@code mixed} setting, for a project whose Flyway has it on ({@code flyway.mixed=true},
     * {@code spring.flyway.mixed=true}): a migration may then mix statements that must run in a transaction with
     * statements that cannot ({@code CREATE INDEX CONCURRENTLY} after an {@code UPDATE}), and Flyway runs such a
     * migration outside a transaction, statement by statement. SchemaVerify's Flyway is given the same setting, and its
     * own runs of the scripts (the round trip's, the lock profile's) run such a script as Flyway does. Default
     * {@code false}, Flyway's default, under which such a migration fails. Also the property {@value #MIXED_PROPERTY}
     * ({@code true} or {@code false}), which this attribute, when {@code true}, overrides.
     */
    boolean mixed() default false;

    /**
     * Flyway's own {@code placeholderReplacement} setting, for a project whose Flyway has it off
     * ({@code flyway.placeholderReplacement=false}, {@code spring.flyway.placeholder-replacement=false}): its scripts may
     * then hold {@code ${...}} as text (a template in a function body, a JSON default), which Flyway runs as written.
     * SchemaVerify's Flyway is given the same setting, and its own runs of the scripts (the round trip's undo scripts and
     * fixtures, the lock profile's, {@code initSql}) replace nothing either; a script config file
     * ({@code V3__x.sql.conf} holding {@code placeholderReplacement=true}) turns it on for its script, as in Flyway.
     * Default {@code true}, Flyway's default. Also the property {@value #PLACEHOLDER_REPLACEMENT_PROPERTY} ({@code true}
     * or {@code false}); either one {@code false} turns replacement off.
     *
     * @since 0.2
     */
    boolean placeholderReplacement() default true;

    /**
     * Flyway's own {@code initSql} setting, for a project whose Flyway has one ({@code flyway.initSql},
     * {@code spring.flyway.init-sqls}): SQL that Flyway runs on every connection it opens, before anything else, such as
     * {@code SET lock_timeout = '5s'} or a setting the migrations read ({@code SET app.source_timezone = 'UTC'}).
     * SchemaVerify's Flyway is given the same setting, and its own runs of the scripts (the round trip's, the lock
     * profile's, the idempotency check's) run it first on every connection they open, as Flyway does; placeholders are
     * replaced in it. SchemaVerify's own readings of the schema and of rows run on those connections too, under what it
     * set (a {@code SET ROLE} there makes them that role's). Default none. Also the property
     * {@value #INIT_SQL_PROPERTY}.
     */
    String initSql() default "";

    /**
     * Flyway's own {@code table} setting, for a project whose Flyway keeps its schema history in a table of another
     * name ({@code flyway.table}, {@code spring.flyway.table}), as services sharing one database do: SchemaVerify's Flyway
     * keeps it under that name, the {@code ${flyway:table}} placeholder and a callback that names the table find it
     * there, and snapshots leave it out as they leave Flyway's default one out. Default none: Flyway's
     * {@code flyway_schema_history}. Also the property {@value #FLYWAY_TABLE_PROPERTY}. Example:
     * {@code flywayTable = "flyway_schema_history_orders"}.
     */
    String flywayTable() default "";

    /**
     * Where the server comes from. Default {@link ServerMode#DEFAULT}: the property {@value #SERVER_PROPERTY}, else the
     * environment variable {@code SCHEMAVERIFY_SERVER}, else {@link ServerMode#AUTO}.
     */
    ServerMode server() default ServerMode.DEFAULT;

    /** The container image for {@link ServerMode#CONTAINER}. Default {@code pgvector/pgvector:pg18}. */
    String image() default "";

    /**
     * How long one cloned database lives. Default {@link Isolation#DEFAULT}: the property {@value #ISOLATION_PROPERTY},
     * else {@link Isolation#PER_METHOD}.
     */
    Isolation isolation() default Isolation.DEFAULT;
}
