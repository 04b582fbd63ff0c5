package io.github.schemaverify.internal.db;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.ServerException;
import io.github.schemaverify.internal.catalog.CatalogReader;
import io.github.schemaverify.internal.catalog.SessionStart;
import io.github.schemaverify.internal.migration.MigrationSource;
import io.github.schemaverify.internal.server.PgServer;

/**
 * Creates and drops the {@code sv_*} databases of one server: templates built once per configuration hash (under an
 * advisory lock that also holds across JVMs), clones per test, empty databases for round trips.
 *
 * <p>Cross-JVM protocol: every JVM that uses template T holds a shared advisory lock on T's key for as long as it runs;
 * builders take the exclusive "build" lock first; at the end, a JVM takes the build lock and, still holding its shared
 * lock, tries to take T's key exclusively: that succeeds only when no other session holds it, so exactly one JVM (the
 * last user) drops T. So a template is never dropped under another JVM's feet, and never left behind on an external
 * server.
 *
 * <p>Advisory locks belong to one database, so every lock is taken on connections to one fixed database, the
 * {@linkplain #lockDatabase() lock database}: {@code postgres}, whatever database the URL names. Only when the server
 * has no {@code postgres} database (or the role may not connect to it) the URL's database is used, with a warning:
 * runs whose URLs name different databases then do not see each other's locks. {@code template1} is never used: a
 * session there makes every {@code CREATE DATABASE} without a TEMPLATE clause on the server fail.
 *
 * <p>On a server that outlives the run (EXTERNAL), the run holds a {@linkplain RunToken liveness token} on the
 * server, names every database it creates with it (in a {@linkplain RunToken#sealed sealed} name) and marks it with a
 * comment, removes at start what dead runs left ({@link Leftovers}), and on JVM shutdown before {@link #close()}
 * (SIGTERM, Ctrl-C) drops its own databases and the templates it was building. A database's comment is also its
 * migrations' ({@code COMMENT ON DATABASE ${flyway:database} IS '...'}): a copy gets the comment the migrations gave the
 * database it copies instead of the mark, and a template keeps it after its mark for its copies ({@link #ownComment}).
 */
public final class DatabaseManager implements AutoCloseable {
    static final long BUILD_NAMESPACE = 0x5356_4255_494c_4400L; // "SVBUILD\0"
    /** How long a run that ends waits for a template's build lock before it leaves the template to a later run. */
    private static final Duration CLOSE_LOCK_TIMEOUT = Duration.ofSeconds(30);

    static final String LOCK_DATABASE = "postgres";
    /**
     * Templates kept between runs ({@link #cachedTemplate}): the migrated templates of {@code @MigratedDatabase} and
     * the bases of round trips that start at a later revision.
     */
    static final String CACHE_PREFIX = "sv_cache_";
    /** What the unreleased 0.1.0 snapshots named the kept bases: evicted like the others. */
    private static final String LEGACY_CACHE_PREFIX = "sv_base_";
    static final String CACHE_COMMENT_PREFIX = "SchemaVerify cache ";
    private static final java.util.regex.Pattern LAST_USED = java.util.regex.Pattern.compile("last used (\\S+) by run");
    /**
     * What follows the mark in the comment of a template whose migrations commented the database: their comment, which
     * its copies get ({@link #ownComment(String)}).
     */
    static final String OWN_COMMENT = "\nThe comment its migrations gave the database, which each copy of it gets: ";
    /** SchemaVerify's marks, which a snapshot does not read as the database's comment. */
    private static final java.util.regex.Pattern MARK = java.util.regex.Pattern.compile(CatalogReader.SCHEMAVERIFY_MARK);
    /** How many cached templates of this role the server keeps between runs. */
    private volatile int templateCache;
    private volatile String fingerprint;
    /** Templates kept between runs that this run built while the server changed outside them: dropped at its end. */
    private final Set<String> notKept = ConcurrentHashMap.newKeySet();
    /** What this run's template builds changed on the server outside the sv_ databases, by template ({@link #changedByBuilds}). */
    private final java.util.Map<String, List<String>> changedByBuilds = new ConcurrentHashMap<>();
    private Boolean superuser;

    private final PgServer server;
    private final Consumer<String> console;
    private final String lockDatabase;
    /** The session in the lock database that holds this run's shared template locks. */
    private final Connection admin;
    private final boolean fileCopy;
    private final int serverVersion;
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong createdCount = new java.util.concurrent.atomic.AtomicLong();
    private final Set<String> templatesInUse = ConcurrentHashMap.newKeySet();
    /** Templates this JVM is building now: nobody else may use them, so a JVM that stops may drop them. */
    private final Set<String> building = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Object> buildLocks = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Memo<java.util.Optional<String>>> templateChecks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Memo<List<DatabaseSettings.Setting>>> templateSettings = new ConcurrentHashMap<>();
    /** The comments of their own of the templates this run copies ({@link #ownCommentOf}), read once each. */
    private final ConcurrentHashMap<String, Memo<Optional<String>>> templateComments = new ConcurrentHashMap<>();
    private final java.util.Set<String> settingsLeftOut = ConcurrentHashMap.newKeySet();
    /** The privileges of their own of the databases this run copies ({@link #privilegesOf}), read once each. */
    private final ConcurrentHashMap<String, Memo<List<DatabasePrivileges.Grant>>> templatePrivileges = new ConcurrentHashMap<>();
    private final java.util.Set<String> privilegesLeftOut = ConcurrentHashMap.newKeySet();
    private final RunToken token;
    private final Thread shutdownHook;
    private volatile boolean closed;
    /** Clones made ahead per template, when tests run in parallel; none else. */
    private final ConcurrentHashMap<String, ClonePool> pools = new ConcurrentHashMap<>();
    private volatile int clonesAhead;
    /** Clones tests gave back, waiting for a pool worker with nothing to make. */
    private final java.util.Queue<String> released = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Past this many, a released clone is dropped by the test that gives it back. */
    private static final int MAX_RELEASED = 64;

    public DatabaseManager(PgServer server) {
        this(server, System.err::println);
    }

    /** A manager that prints its warnings and notes (one line each) to {@code console}. */
    public DatabaseManager(PgServer server, Consumer<String> console) {
        this.server = server;
        this.console = console;
        Connection opened = null;
        try {
            opened = connectLockDatabase(server, console);
            opened.setAutoCommit(true);
            this.lockDatabase = opened.getCatalog();
            this.serverVersion = opened.getMetaData().getDatabaseMajorVersion() * 10000 + opened.getMetaData().getDatabaseMinorVersion();
            this.fileCopy = serverVersion >= 150000;
            // a server older than CI proves is refused before anything is created on it
            io.github.schemaverify.internal.compat.Compatibility.requirePostgres(opened, server.describe());
            this.token = RunToken.acquire(opened, random);
            this.admin = opened;
        } catch (SQLException | RuntimeException e) {
            if (opened != null) {
                try {
                    opened.close();
                } catch (SQLException ignored) {
                    // the failure above is the one to report
                }
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new ServerException("Could not open an administration connection to " + server.describe() + ": "
                    + e.getMessage(), e);
        }
        if (server.ephemeral()) {
            this.shutdownHook = null;
        } else {
            List<String> removed = new Leftovers(admin, token, serverVersion, console, server.describe()).reap();
            if (!removed.isEmpty()) {
                console.accept("SchemaVerify: removed " + removed.size() + " database" + (removed.size() == 1 ? "" : "s")
                        + " that runs which ended without cleaning up (killed, or stopped during a build) left on "
                        + server.describe() + ": " + String.join(", ", removed));
            }
            this.shutdownHook = new Thread(this::abandon, "schemaverify-drop-on-exit");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /**
     * Connects to {@value #LOCK_DATABASE}, or, when that database does not exist or the role may not connect to it,
     * to the URL's database with a warning.
     */
    private static Connection connectLockDatabase(PgServer server, Consumer<String> console) throws SQLException {
        if (server.maintenanceDatabase().equals(LOCK_DATABASE)) {
            return server.connect(LOCK_DATABASE);
        }
        try {
            return server.connect(LOCK_DATABASE);
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (!state.equals("3D000") && !state.equals("42501")) { // no such database; no CONNECT privilege
                throw e;
            }
            console.accept("SchemaVerify: WARNING: " + server.describe() + " has no database \"" + LOCK_DATABASE + "\" this role"
                    + " may connect to (" + e.getMessage().replaceAll("\\s*\\n\\s*", " ") + "), so the locks that coordinate runs live in "
                    + server.maintenanceDatabase() + "; runs whose URLs name other databases will not see them. Create it"
                    + " (CREATE DATABASE " + LOCK_DATABASE + ") or grant CONNECT on it.");
            return server.connect(server.maintenanceDatabase());
        }
    }

    public PgServer server() {
        return server;
    }

    /**
     * Connections to {@code database} as the project's migrations get them (see {@link SimpleDataSource#forMigrations}),
     * without a statement timeout: Flyway's data source there, and the one its configuration gives a Java migration.
     */
    public SimpleDataSource dataSource(String database) {
        return dataSource(database, java.util.Optional.empty());
    }

    /** As {@link #dataSource(String)}, its sessions cancelling a statement that runs longer than {@code statementTimeout}. */
    public SimpleDataSource dataSource(String database, java.util.Optional<java.time.Duration> statementTimeout) {
        return SimpleDataSource.forMigrations(server, database, statementTimeout);
    }

    /** The database whose sessions hold the advisory locks that coordinate runs on this server. */
    public String lockDatabase() {
        return lockDatabase;
    }

    /** This run's liveness token, as it appears in database names and comments (8 hex digits). */
    public String runToken() {
        return token.hex();
    }

    public int serverVersionNum() {
        return serverVersion;
    }

    /**
     * The template's name for a migration hash: {@code sv_tpl_} and 16 hex digits, 12 of a digest over the hash and the
     * role and 4 of a {@linkplain RunToken#seal check} over those, which tells it from a database a person named so. Each
     * role gets its own template: a clone's objects belong to the template's owner, so a role that cloned another role's
     * template could not change its own test tables, nor drop the template as its last user.
     */
    public String templateName(String hash) {
        MessageDigest digest = MigrationSource.sha256();
        digest.update((hash + "|" + server.user()).getBytes(StandardCharsets.UTF_8));
        return "sv_tpl_" + RunToken.seal(HexFormat.of().formatHex(digest.digest(), 0, 6));
    }

    /**
     * Returns the name of the template for {@code hash}, building it with {@code build} when no complete one exists.
     * A build that throws leaves no database behind. The template is dropped by the last run that uses it.
     */
    public String template(String hash, Consumer<String> build) {
        String name = templateName(hash);
        acquire(name, "template0", () -> token.templateComment(server.user()), build);
        return name;
    }

    /**
     * A template kept between runs as a cache ({@code sv_cache_<16 hex>}, per role): see {@link #cachedTemplate}.
     *
     * @param built     whether this call built it (else an earlier run, or another run just now, did)
     * @param buildTime how long building it took, zero when it was not built here
     */
    public record Cached(String name, boolean built, Duration buildTime) {
    }

    /**
     * The name of a cached template for a hash: {@value #CACHE_PREFIX} and 16 hex digits, 12 of a digest over it, the
     * role and what of the server decides what migrating builds ({@link #serverFingerprint()}), and 4 of a {@linkplain
     * RunToken#seal check} over those.
     */
    public String cacheName(String hash) {
        return cacheName(hash, server.user(), serverFingerprint());
    }

    static String cacheName(String hash, String role, String serverFingerprint) {
        MessageDigest digest = MigrationSource.sha256();
        digest.update(("cache|" + hash + "|" + role + "|" + serverFingerprint).getBytes(StandardCharsets.UTF_8));
        return CACHE_PREFIX + RunToken.seal(HexFormat.of().formatHex(digest.digest(), 0, 6));
    }

    /**
     * Besides the time zone, the settings a session on the server starts with that change what the same migrations
     * build: how literals are read (dates in the {@code DateStyle}'s order, intervals, strings with backslashes, XML,
     * money), where unqualified objects go and how tables are stored, whether function bodies are checked, whether
     * triggers and foreign keys fire ({@code session_replication_role}), which text search configuration a data
     * migration's {@code to_tsvector(text)} uses, and how values are written as text where a migration stores one as
     * text ({@link SessionStart#OUTPUT}, {@link SessionStart#CANONICAL}). Read on the administration connection: a
     * setting made for one database only ({@code ALTER DATABASE ... SET}) may name other templates without need.
     */
    static final List<String> BUILD_SETTINGS = Stream.of(SessionStart.OUTPUT.stream().filter(s -> !s.equals("TimeZone")),
            SessionStart.CANONICAL.keySet().stream(), Stream.of("search_path", "default_table_access_method",
            "default_tablespace", "check_function_bodies", "session_replication_role", "default_text_search_config"))
            .flatMap(s -> s).toList();

    /**
     * The server's exact version and the default version of every extension it offers: a template kept between runs
     * holds what {@code CREATE EXTENSION} installed then, so a server upgraded since (PostgreSQL, or an extension's
     * package) must not reuse it. And the sessions' time zone (the JVM's, which the driver passes on): a migration's
     * {@code timestamptz} literal without an offset is stored as the instant it names there; and the other settings a
     * session on the server starts with that change what the same migrations build ({@link #BUILD_SETTINGS}). Read once
     * per run.
     */
    String serverFingerprint() {
        String read = fingerprint;
        if (read == null) {
            synchronized (this) {
                try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')"
                        + " || ';' || coalesce((SELECT string_agg(name || '=' || coalesce(default_version, ''), ',' ORDER BY name)"
                        + " FROM pg_available_extensions), '') || ';' || concat_ws(';', " + BUILD_SETTINGS.stream()
                        .map(name -> "'" + name + "=' || current_setting('" + name + "')").collect(Collectors.joining(", "))
                        + ") || ';TimeZone=' || current_setting('TimeZone')")) {
                    rs.next();
                    read = rs.getString(1);
                } catch (SQLException e) {
                    throw new ServerException("Reading the versions of " + server.describe() + " and its extensions failed: "
                            + e.getMessage(), e);
                }
                fingerprint = read;
            }
        }
        return read;
    }

    /**
     * Returns the template for {@code hash} kept as a cache, building it with {@code build} when no complete one exists,
     * under the same locks as {@link #template}. Unlike a run's template it outlives the run on a server that outlives
     * the run: its comment says what it is and when it was last used, and of this role's cached templates on the server
     * the {@linkplain #templateCache(int) bound} most recently used are kept, the others dropped here when no run uses
     * them (never one another run holds). With a bound of 0 it is dropped by its last user, as a run's template is.
     *
     * @param what what it holds, for its comment: {@code the base of a round trip: V1 to V199 of classpath:db/migration}
     */
    public Cached cachedTemplate(String hash, String what, Consumer<String> build) {
        return cachedTemplate(hash, what, "template0", build);
    }

    /**
     * {@link #cachedTemplate(String, String, Consumer)} for a template that starts as a copy of {@code from} (a template
     * this run holds) when it is built.
     */
    public Cached cachedTemplate(String hash, String what, String from, Consumer<String> build) {
        String name = cacheName(hash);
        long t0 = System.nanoTime();
        boolean built = acquire(name, from, () -> cacheComment(what), build);
        Duration buildTime = built ? Duration.ofNanos(System.nanoTime() - t0) : Duration.ZERO;
        if (!server.ephemeral()) {
            comment(name, cacheComment(what) + withOwnComment(ownCommentOf(name))); // last used now
            evictCache(name); // with a bound of 0, the ones earlier runs kept go too
        }
        return new Cached(name, built, buildTime);
    }

    /** How many cached templates ({@link #cachedTemplate}) of this role a server keeps between runs; 0 keeps none. */
    public void templateCache(int bound) {
        this.templateCache = Math.max(0, bound);
    }

    /** Whether a {@linkplain #cachedTemplate cached template} outlives the run: a bound above 0 on such a server. */
    public boolean keepsTemplates() {
        return templatesKept() > 0;
    }

    /** How many of this role's cached templates outlive the run: the bound, or 0 on a server that goes with the run. */
    public int templatesKept() {
        return server.ephemeral() ? 0 : templateCache;
    }

    /** Whether the role is a superuser (read once): only a superuser installs the round trip's DDL log. */
    public synchronized boolean superuser() {
        if (superuser == null) {
            try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
                superuser = rs.next() && rs.getBoolean(1);
            } catch (SQLException e) {
                throw new ServerException("Reading the role of " + server.describe() + " failed: " + e.getMessage(), e);
            }
        }
        return superuser;
    }

    /** Marks a cached template not to be kept: its last user in this run drops it (it is found unusable). */
    public void discard(Cached template) {
        notKept.add(template.name());
    }

    /**
     * Whether this cached template outlives the run: templates are kept, and its build changed nothing on the server
     * outside it (a copy of it would hold what it holds, and is not to be kept either).
     */
    public boolean keeps(Cached template) {
        return keepsTemplates() && !notKept.contains(template.name());
    }

    private String cacheComment(String what) {
        return CACHE_COMMENT_PREFIX + "of role " + server.user() + ", last used " + java.time.Instant.now()
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " by run " + token.hex() + " (" + token.description()
                + "): " + what + ". Kept between runs, at most " + templateCache + " per role, the least recently used dropped"
                + " first (" + MigratedDatabase.TEMPLATE_CACHE_PROPERTY + ")";
    }

    /** Drops this role's cached templates beyond the bound (all of them with a bound of 0) that no run uses. */
    public void dropCachedTemplates() {
        evictCache(null);
    }

    /**
     * Drops this role's cached templates beyond the bound, least recently used first, and half-built ones a dead run
     * left; never {@code current}, one without SchemaVerify's comment, or one another run builds or uses.
     */
    private void evictCache(String current) {
        record Entry(String name, String lastUsed, boolean complete) {
        }
        List<Entry> entries = new java.util.ArrayList<>();
        synchronized (this) {
            try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery("SELECT datname, shobj_description(oid,"
                    + " 'pg_database'), datistemplate FROM pg_database WHERE datname ~ '^(" + CACHE_PREFIX + "|"
                    + LEGACY_CACHE_PREFIX + ")[0-9a-f]{16}$'"
                    // this role's own: a superuser may drop every role's, which another project's runs keep
                    + " AND datdba = (SELECT oid FROM pg_roles WHERE rolname = current_user)")) {
                while (rs.next()) {
                    String comment = rs.getString(2);
                    if (comment == null || !comment.startsWith(CACHE_COMMENT_PREFIX) || rs.getString(1).equals(current)) {
                        continue;
                    }
                    java.util.regex.Matcher m = LAST_USED.matcher(comment);
                    entries.add(new Entry(rs.getString(1), m.find() ? m.group(1) : "", rs.getBoolean(3)));
                }
            } catch (SQLException e) {
                console.accept("SchemaVerify: could not look for cached templates to drop on " + server.describe() + " ("
                        + e.getMessage() + "); a later run tries again.");
                return;
            }
        }
        // ISO instants of one format sort as text; the most recent first
        entries.sort(java.util.Comparator.comparing(Entry::lastUsed).reversed());
        int kept = current == null ? 0 : 1; // current
        for (Entry e : entries) {
            if (templatesInUse.contains(e.name())) {
                kept++; // this run's own (another round trip's base): its session's hold would not stop the drop below
                continue;
            }
            if (e.complete() && kept < templateCache) {
                kept++;
                continue;
            }
            synchronized (this) {
                try {
                    if (!Leftovers.dropIfUnused(admin, e.name(), serverVersion)) {
                        kept += e.complete() ? 1 : 0; // in use: it counts, and stays
                    }
                } catch (SQLException ex) {
                    console.accept("SchemaVerify: could not drop the cached template " + e.name() + " on " + server.describe()
                            + " (" + ex.getMessage() + "); a later run tries again.");
                }
            }
        }
    }

    /**
     * Takes a shared hold on the template {@code name} for this run, building it first when no complete one exists.
     * Returns whether this call built it. A build that throws leaves no database behind.
     */
    private boolean acquire(String name, String from, java.util.function.Supplier<String> comment, Consumer<String> build) {
        long key = key(name);
        synchronized (buildLocks.computeIfAbsent(name, n -> new Object())) {
            synchronized (this) {
                if (templatesInUse.contains(name)) {
                    return false;
                }
                // held from here: a complete template cannot be dropped while this run's hold lasts (a last user's
                // drop takes the key exclusively, and waits for no one)
                execute("SELECT pg_advisory_lock_shared(" + key + ")");
                templatesInUse.add(name);
            }
            boolean built = false;
            try {
                if (Boolean.TRUE.equals(isTemplate(name))) {
                    return false; // complete (kept by an earlier run, or built by another one now): no build lock needed
                }
                built = buildUnderLock(name, from, key, comment, build);
                return built;
            } catch (RuntimeException | Error e) {
                if (!built) {
                    synchronized (this) { // no hold on a template this run does not have
                        templatesInUse.remove(name);
                        execute("SELECT pg_advisory_unlock_shared(" + key + ")");
                    }
                }
                throw e;
            }
        }
    }

    /** {@link #acquire}'s build, under the build lock: a complete template found there is taken as it is. */
    @SuppressWarnings("try") // the build lock is held by the open session, never read
    private boolean buildUnderLock(String name, String from, long key, java.util.function.Supplier<String> comment,
            Consumer<String> build) {
        try (Connection buildLock = lock(BUILD_NAMESPACE ^ key)) {
            Boolean complete = isTemplate(name);
            if (Boolean.TRUE.equals(complete)) {
                return false;
            }
            if (complete != null) {
                dropDatabase(name); // left half-built by a JVM that died
            }
            building.add(name);
            try {
                execute("CREATE DATABASE " + name + copyOf(from));
                createdCount.incrementAndGet();
                // as any copy of from: from's own comment, if its migrations gave it one (the name says it is ours)
                Optional<String> inherited = ownCommentOf(from);
                if (inherited.isPresent()) {
                    setComment(name, inherited.get());
                } else {
                    comment(name, comment.get());
                }
                giveAgain(name, from);
                // read on every server: a round trip of this run finds what the build changed (changedByBuilds)
                ServerFootprint before = footprint();
                build.accept(name);
                List<String> changes = footprint().changesSince(before);
                if (!changes.isEmpty()) {
                    changedByBuilds.put(name, List.copyOf(changes));
                }
                if (!server.ephemeral()) {
                    warnAboutServerChanges(name, changes);
                    if (!changes.isEmpty()) {
                        // it depends on what its build changed outside it (roles it granted to, say): kept, it would
                        // stop a later run's undo from dropping them; it goes with this run instead
                        notKept.add(name);
                    }
                }
                // the migrations may have written over the mark (COMMENT ON DATABASE ${flyway:database}): marked again,
                // with their comment after the mark for the copies, before it is complete, so a complete template always
                // says what it is (a kept one is found for eviction by it)
                comment(name, comment.get() + withOwnComment(ownComment(readComment(name))));
                execute("ALTER DATABASE " + name + " WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
            } catch (RuntimeException | Error e) {
                dropDatabase(name);
                throw e;
            } finally {
                building.remove(name);
            }
            return true;
        } catch (SQLException e) {
            throw new SchemaVerifyException("Releasing the build lock on " + server.describe() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code database} is SchemaVerify's: this run created it, or its name carries SchemaVerify's check
     * ({@link RunToken#sealed}: a database another run made, or a template kept between runs).
     */
    public boolean isSchemaVerifys(String database) {
        return created.contains(database) || RunToken.sealed(database);
    }

    /**
     * Whether {@code database} is a template kept on the server between runs: a cached one ({@code sv_cache_}) that this
     * run, keeping templates, does not drop as it ends.
     */
    public boolean keptBetweenRuns(String database) {
        return database.startsWith(CACHE_PREFIX) && keepsTemplates() && !notKept.contains(database);
    }

    /**
     * What this run's template builds changed on the server outside the sv_ databases, one line each ({@code + role
     * app_reader (LOGIN)}, {@code + membership of a in b}), by template: roles and memberships a round trip of the same
     * migrations then finds already there, since they belong to the whole server.
     */
    public java.util.Map<String, List<String>> changedByBuilds() {
        return java.util.Map.copyOf(changedByBuilds);
    }

    private synchronized ServerFootprint footprint() {
        try {
            return ServerFootprint.read(admin);
        } catch (SQLException e) {
            throw new SchemaVerifyException("Reading roles, tablespaces and settings on " + server.describe() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * One warning line when a template build changed the shared server outside the sv_ databases: such changes stay
     * after the run, for every user of the server. (Another client's change made during the build shows too.) On a
     * LOCAL cluster kept between runs, which no one else uses, one line that says what the next run does about them.
     */
    private void warnAboutServerChanges(String template, List<String> changes) {
        if (changes.isEmpty()) {
            return;
        }
        if (server.exclusive()) {
            console.accept("SchemaVerify: while run " + token.hex() + " migrated " + template + ", its migrations changed the"
                    + " kept LOCAL cluster outside the sv_ databases: " + String.join("; ", changes) + ". These belong to"
                    + " the whole cluster: the next run makes it again before it starts (initdb), so that every run starts"
                    + " without them; the migrations need no change for that.");
        } else {
            console.accept("SchemaVerify: WARNING: while run " + token.hex() + " (" + token.description() + ") migrated "
                    + template + ", the server " + server.describe() + " changed outside the sv_ databases: "
                    + String.join("; ", changes) + ". These changes stay on the shared server after the run. If a migration"
                    + " made them on purpose, make it skip them where they exist, or move them out of the migrations into"
                    + " the server's setup.");
        }
    }

    /**
     * Fails with a message naming the extension, the migration that creates it and how to get it, when the server
     * does not offer an extension the migrations create, or when this role may not create it. SchemaVerify never
     * creates extensions itself.
     */
    public void requireExtensions(java.util.Map<String, String> required) {
        if (required.isEmpty()) {
            return;
        }
        Set<String> available = new java.util.HashSet<>();
        synchronized (this) {
            try (PreparedStatement ps = admin.prepareStatement("SELECT name FROM pg_available_extensions WHERE name = ANY(?)")) {
                ps.setArray(1, admin.createArrayOf("text", required.keySet().toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        available.add(rs.getString(1));
                    }
                }
            } catch (SQLException e) {
                throw new ServerException("Reading pg_available_extensions on " + server.describe() + " failed: " + e.getMessage(), e);
            }
        }
        for (var e : required.entrySet()) {
            if (!available.contains(e.getKey())) {
                String how = e.getKey().equals("vector")
                        ? "Install pgvector for this server (Debian/Ubuntu: apt-get install postgresql-<major>-pgvector; from source:"
                        + " make && make install against its pg_config), or use the pgvector/pgvector image."
                        : "Install the extension's package for this server, or choose a server or image that has it.";
                throw new ServerException("Extension \"" + e.getKey() + "\" is not available on " + server.describe()
                        + ", and " + e.getValue() + " creates it. " + how);
            }
        }
        requireCreatable(required);
    }

    /** A role that is not a superuser may create only extensions whose control file marks them trusted (PostgreSQL 13+). */
    private synchronized void requireCreatable(java.util.Map<String, String> required) {
        String sql = "SELECT e.name, e.default_version, v.superuser, " + (serverVersion >= 130000 ? "v.trusted" : "false")
                + ", (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) FROM pg_available_extensions e"
                + " JOIN pg_available_extension_versions v ON v.name = e.name AND v.version = e.default_version"
                + " WHERE e.name = ANY(?) ORDER BY e.name";
        try (PreparedStatement ps = admin.prepareStatement(sql)) {
            ps.setArray(1, admin.createArrayOf("text", required.keySet().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(3) && !rs.getBoolean(4) && !rs.getBoolean(5)) {
                        String name = rs.getString(1);
                        throw new ServerException("Extension \"" + name + "\" can be created only by a superuser (its"
                                + " control file, version " + rs.getString(2) + ", does not mark it trusted), and "
                                + required.get(name) + " creates it, but the role '" + server.user() + "' on " + server.describe()
                                + " is not a superuser. SchemaVerify creates each database from template0 and never creates"
                                + " extensions itself, so run it as a superuser on this server (" + MigratedDatabase.USER_PROPERTY
                                + " / SCHEMAVERIFY_USER; a CI service container's POSTGRES_USER is one), or have an administrator"
                                + " mark the extension trusted (trusted = true in " + name + ".control). Nothing was created.");
                    }
                }
            }
        } catch (SQLException e) {
            throw new ServerException("Reading pg_available_extension_versions on " + server.describe() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * A check whose answer is the same for every clone of a template (its catalog is a copy): run once, on the first
     * clone that asks, and remembered. Empty means passed; otherwise the failure.
     */
    public java.util.Optional<String> templateCheck(String template, String check, java.util.function.Supplier<java.util.Optional<String>> run) {
        return templateChecks.computeIfAbsent(template + "|" + check, k -> new Memo<>(run)).get();
    }

    /**
     * The statements that give a copy of {@code template} the settings the template has for itself ({@code ALTER
     * DATABASE ... SET}, {@code ALTER ROLE ... IN DATABASE ... SET}, which a migration may run with Flyway's {@code
     * ${flyway:database}}), each with {@code %1$s} for the copy: {@code CREATE DATABASE} does not copy them. Read once per
     * template (a template's settings never change once it is built).
     */
    private List<DatabaseSettings.Setting> settingsOf(String template) {
        if ("template0".equals(template)) {
            return List.of();
        }
        return templateSettings.computeIfAbsent(template, t -> new Memo<>(() -> readSettings(t))).get();
    }

    /**
     * Gives {@code database}, a copy of {@code source}, what {@code CREATE DATABASE} does not copy: the source's own
     * settings ({@link #settingsOf}) and its privileges on itself ({@link #privilegesOf}).
     */
    private void giveAgain(String database, String source) {
        // both read before the lock: a memo another thread fills takes this manager's lock to read (readSettings)
        boolean settings = !settingsOf(source).isEmpty();
        boolean privileges = !privilegesOf(source).isEmpty();
        if (settings || privileges) {
            synchronized (this) {
                try (Statement st = admin.createStatement()) {
                    giveAgain(st, database, source);
                } catch (SQLException e) {
                    throw new SchemaVerifyException("Could not give " + database + " the settings and privileges of " + source
                            + " on " + server.describe() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** {@link #giveAgain(String, String)} on {@code st}. */
    private void giveAgain(Statement st, String database, String source) throws SQLException {
        setAgain(st, database, source);
        grantAgain(st, database, source);
    }

    /**
     * As {@link #giveAgain(String, String)} for the settings, on {@code st}; a failure names the setting, never its value
     * (it may be a secret). An extension's setting this role may not set outside a database that loaded the extension
     * (permission denied) is left out of the copies, with a line on the console once per template.
     */
    private void setAgain(Statement st, String database, String template) throws SQLException {
        for (DatabaseSettings.Setting setting : settingsOf(template)) {
            try {
                st.execute(setting.sql().formatted(database));
            } catch (SQLException e) {
                if ("42501".equals(e.getSQLState()) && setting.name().contains(".")) {
                    if (settingsLeftOut.add(template + "|" + setting.name())) {
                        console.accept("SchemaVerify: copies of " + template + " lack its setting " + setting.name()
                                + ": this role may not set it again on them (" + e.getSQLState() + ", permission denied;"
                                + " CREATE DATABASE does not copy a database's settings). Tests on them run without it;"
                                + " a superuser role, or the setting made for the role (ALTER ROLE ... SET), gives it to them.");
                    }
                    continue;
                }
                throw new SQLException("setting " + setting.name() + " again on " + database + ", as " + template + " has it"
                        + " (CREATE DATABASE does not copy a database's settings) failed with SQLSTATE " + e.getSQLState(),
                        e.getSQLState());
            }
        }
    }

    private synchronized List<DatabaseSettings.Setting> readSettings(String template) {
        List<DatabaseSettings.Setting> statements = new java.util.ArrayList<>();
        try (PreparedStatement ps = admin.prepareStatement("SELECT coalesce(r.rolname, ''), c.setting FROM pg_db_role_setting s"
                + " JOIN pg_database d ON d.oid = s.setdatabase LEFT JOIN pg_roles r ON r.oid = s.setrole"
                + " CROSS JOIN unnest(s.setconfig) WITH ORDINALITY c(setting, n) WHERE d.datname = ? ORDER BY 1, c.n")) {
            ps.setString(1, template);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    statements.add(DatabaseSettings.alter(rs.getString(1), rs.getString(2)));
                }
            }
        } catch (SQLException e) {
            throw new SchemaVerifyException("Reading the settings of " + template + " (ALTER DATABASE ... SET) on "
                    + server.describe() + " failed: " + e.getMessage(), e);
        }
        return List.copyOf(statements);
    }

    /**
     * The statements that give a copy of {@code source} the privileges the source has on itself ({@code GRANT CONNECT ON
     * DATABASE ${flyway:database} TO reader} in a migration, a {@code REVOKE ... FROM PUBLIC}), each with {@code %1$s}
     * for the copy: {@code CREATE DATABASE} does not copy a database's ACL. Read once per source, as its settings are (a
     * template never changes once built, nor a walk's checkpoint once copied).
     */
    private List<DatabasePrivileges.Grant> privilegesOf(String source) {
        if ("template0".equals(source)) {
            return List.of();
        }
        return templatePrivileges.computeIfAbsent(source, t -> new Memo<>(() -> readPrivileges(t))).get();
    }

    private synchronized List<DatabasePrivileges.Grant> readPrivileges(String source) {
        try (PreparedStatement ps = admin.prepareStatement("SELECT d.datacl::text[], acldefault('d', d.datdba)::text[],"
                + " pg_get_userbyid(d.datdba) FROM pg_database d WHERE d.datname = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getArray(1) == null) {
                    return List.of();
                }
                return DatabasePrivileges.again(List.of((String[]) rs.getArray(1).getArray()),
                        List.of((String[]) rs.getArray(2).getArray()), rs.getString(3));
            }
        } catch (SQLException e) {
            throw new SchemaVerifyException("Reading the privileges of " + source + " (GRANT ... ON DATABASE) on "
                    + server.describe() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * As {@link #giveAgain(String, String)} for the privileges, on {@code st}: each grant as the role that granted it on
     * the source, so that the copy records the same grantor (a grant by the owner runs as this role, the owner of both or
     * a superuser). A privilege this role may not grant again (it may not act as that grantor, or the grantor lacks the
     * grant option) is left out of the copies, with a line on the console once per source and grant.
     */
    private void grantAgain(Statement st, String database, String source) throws SQLException {
        for (DatabasePrivileges.Grant grant : privilegesOf(source)) {
            // this role created the copy and owns it, as it owns the template it copies
            boolean asOwner = grant.grantor().equals(server.user());
            try {
                if (!asOwner) {
                    st.execute("SET ROLE " + DatabaseSettings.identifier(grant.grantor()));
                }
                try {
                    st.execute(grant.sql().formatted(database));
                } finally {
                    if (!asOwner) {
                        st.execute("RESET ROLE");
                    }
                }
            } catch (SQLException e) {
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                // insufficient_privilege, invalid_grant_operation, undefined_object (a grantor dropped since)
                if (state.equals("42501") || state.startsWith("0L") || state.equals("42704")) {
                    if (privilegesLeftOut.add(source + "|" + grant.name())) {
                        console.accept("SchemaVerify: copies of " + source + " lack its privilege " + grant.name() + ": this"
                                + " role may not grant it again on them (" + state + ", " + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "; CREATE"
                                + " DATABASE does not copy a database's privileges). Tests on them run without it; a superuser"
                                + " role, or one that is a member of the grantor, gives it to them.");
                    }
                    continue;
                }
                throw new SQLException("granting " + grant.name() + " again on " + database + ", as " + source + " has it"
                        + " (CREATE DATABASE does not copy a database's privileges) failed: " + e.getMessage(), state, e);
            }
        }
    }

    /** {@code CREATE DATABASE sv_<random> TEMPLATE <template>} ({@code STRATEGY FILE_COPY} on PostgreSQL 15+). */
    public String cloneOf(String template) {
        return create(template, copyOf(template));
    }

    /**
     * Makes up to {@code depth} clones of each template ahead of demand, and drops released ones in the background
     * (for tests that run in parallel); 0, the default, makes each clone when a test asks for it.
     */
    public void clonesAhead(int depth) {
        this.clonesAhead = Math.max(0, depth);
    }

    /** A clone of the template for a test: one made ahead when tests run in parallel, else one made now. */
    public String testClone(String template) {
        return clonesAhead <= 0 || closed ? cloneOf(template) : pool(template).take();
    }

    /** Starts making clones of a template ahead of its tests, when clones are made ahead at all, and waits for the first. */
    public void prepareClones(String template) {
        if (clonesAhead > 0 && !closed) {
            // as many as run at once (the pool keeps twice that): the first tests, which start together, take them
            pool(template).awaitReady(Math.max(1, clonesAhead / 2), FIRST_CLONES_WAIT_MILLIS);
        }
    }

    /** How long {@link #prepareClones} waits for the first clones at most; a slower server's tests wait in turn. */
    private static final long FIRST_CLONES_WAIT_MILLIS = 5_000;

    private ClonePool pool(String template) {
        int depth = clonesAhead;
        return pools.computeIfAbsent(template, t -> {
            // two workers at least: the server copies two templates at once about twice as fast as one
            int workers = Math.min(depth, Math.max(2, Runtime.getRuntime().availableProcessors() / 2));
            List<Connection> connections = new java.util.ArrayList<>();
            try {
                for (int w = 0; w < workers; w++) {
                    connections.add(server.connect(lockDatabase));
                }
                return new ClonePool(t, depth, connections, on -> create(on, t, copyOf(t)),
                        () -> !released.isEmpty(), this::dropReleased);
            } catch (SQLException e) {
                for (Connection c : connections) {
                    try {
                        c.close();
                    } catch (SQLException ignored) {
                        // the failure to connect is the one to report
                    }
                }
                throw new ServerException("Could not open a connection to make clones of " + t + " on " + server.describe()
                        + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * Gives back a test's clone: when clones are made ahead, the pools' workers drop it when they have nothing to make
     * (the next test need not wait for the drop, nor for clones to queue behind drops), else it is dropped now.
     */
    public void release(String name) {
        if (clonesAhead <= 0 || closed || pools.isEmpty() || released.size() >= MAX_RELEASED) {
            drop(name);
            return;
        }
        if (!created.contains(name)) {
            throw new IllegalArgumentException("SchemaVerify only drops databases it created; " + name + " is not one");
        }
        released.add(name);
        pools.values().forEach(ClonePool::wake);
    }

    /** Drops one released clone, if any, on a pool worker's connection; one that fails stays for close() to drop. */
    private void dropReleased(Connection c) {
        String name = released.poll();
        if (name == null) {
            return;
        }
        try (Statement st = c.createStatement()) {
            awaitEndingSessions(st, name);
            st.execute("DROP DATABASE IF EXISTS " + name + (serverVersion >= 130000 ? " WITH (FORCE)" : ""));
            created.remove(name);
        } catch (SQLException e) {
            // still in created: close() drops it, or names it
        }
    }

    /** An empty database (from {@code template0}), for walks that start before the first migration. */
    public String empty() {
        return create("template0", copyOf("template0"));
    }

    /**
     * The clause that copies {@code template}: {@code STRATEGY FILE_COPY} on PostgreSQL 15+, whose default ({@code
     * WAL_LOG}) writes every block of the copy to the WAL. Copying the files takes two checkpoints, and is still the
     * quicker of the two for every template here, {@code template0} included (for it, 14 to 25 against 84 to 136 ms in
     * {@code /dev/shm}, 57 to 86 against 105 to 151 ms on a disk: docs/benchmarks.md, issue 16's twenty-fifth session).
     */
    private String copyOf(String template) {
        return " TEMPLATE " + template + (fileCopy ? " STRATEGY FILE_COPY" : "");
    }

    /**
     * The server with its versions, for the run's summary: {@code LOCAL PostgreSQL 15.20 with pgvector 0.8.0 at
     * 127.0.0.1:41234, binaries in /usr/lib/postgresql/15/bin}.
     */
    public String describeVersions() {
        String vector;
        synchronized (this) {
            try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery("SELECT current_setting('server_version'),"
                    + " (SELECT default_version FROM pg_available_extensions WHERE name = 'vector')")) {
                rs.next();
                String version = rs.getString(1).replaceAll(" .*", "");
                vector = rs.getString(2);
                return server.mode() + " PostgreSQL " + version + (vector == null ? " without pgvector" : " with pgvector " + vector)
                        + " at " + server.location();
            } catch (SQLException e) {
                return server.describe();
            }
        }
    }

    /** How many databases this manager created: clones, empty ones and templates. */
    public long databasesCreated() {
        return createdCount.get();
    }

    /** Creates an sv_ database on {@code c} (a pool's own connection) and remembers it as ours. */
    private String create(Connection c, String template, String templateClause) {
        Optional<String> comment = copyComment(template);
        String name = token.newDatabaseName(random);
        created.add(name);
        try (Statement st = c.createStatement()) {
            awaitEndingSessions(st, template);
            st.execute("CREATE DATABASE " + name + templateClause);
            createdCount.incrementAndGet();
            if (comment.isPresent()) {
                st.execute("COMMENT ON DATABASE " + name + " IS " + SessionStart.literal(comment.get()));
            }
            giveAgain(st, name, template);
        } catch (SQLException e) {
            created.remove(name);
            try (Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + name);
            } catch (SQLException ignored) {
                // the failure to create is the one to report
            }
            throw new SchemaVerifyException("CREATE DATABASE on " + server.describe() + " failed: " + e.getMessage()
                    + " [CREATE DATABASE " + name + templateClause + "]", e);
        }
        return name;
    }

    /** Creates an sv_ database and remembers it as ours, so only it can be dropped. */
    private String create(String template, String templateClause) {
        Optional<String> comment = copyComment(template);
        String name = token.newDatabaseName(random);
        created.add(name);
        try {
            awaitEndingSessions(template);
            execute("CREATE DATABASE " + name + templateClause);
            createdCount.incrementAndGet();
        } catch (RuntimeException e) {
            created.remove(name);
            throw e;
        }
        try {
            comment.ifPresent(text -> setComment(name, text));
            giveAgain(name, template);
        } catch (RuntimeException e) {
            drop(name);
            throw e;
        }
        return name;
    }

    /** Drops a database this manager created (with FORCE, so leftover connections do not stop it). */
    public void drop(String name) {
        if (!created.remove(name)) {
            throw new IllegalArgumentException("SchemaVerify only drops databases it created; " + name + " is not one");
        }
        dropDatabase(name);
    }

    private void dropDatabase(String name) {
        if (!name.startsWith("sv_")) {
            throw new IllegalArgumentException("refusing to drop " + name + ": not an sv_ database");
        }
        awaitEndingSessions(name);
        execute("DROP DATABASE IF EXISTS " + name + (serverVersion >= 130000 ? " WITH (FORCE)" : ""));
    }

    /** {@link #awaitEndingSessions(Statement, String)} on the manager's own connection. */
    private synchronized void awaitEndingSessions(String database) {
        try (Statement st = admin.createStatement()) {
            awaitEndingSessions(st, database);
        } catch (SQLException e) {
            // only a wait: the statement that follows meets the server's own
        }
    }

    /**
     * Waits a little for the sessions on {@code database} to be gone, before a statement that drops or copies it. A
     * session closed a moment ago (the walk's, Flyway's, a test's) takes its server process a millisecond or two to end;
     * {@code DROP DATABASE} and {@code CREATE DATABASE ... TEMPLATE} that still find it sleep 100 ms before they look
     * again (PostgreSQL's {@code CountOtherDBBackends}), which one database in two paid (docs/benchmarks.md, the
     * forty-second session). At most {@link #ENDING_SESSIONS_POLLS} looks a millisecond apart: a session still there
     * after them is not ending, and the statement deals with it as before ({@code WITH (FORCE)} ends it; a copy fails).
     */
    private static void awaitEndingSessions(Statement st, String database) {
        if (database == null || !database.startsWith("sv_")) {
            return; // template0 and template1 have no sessions of SchemaVerify's
        }
        try {
            for (int look = 0; look < ENDING_SESSIONS_POLLS; look++) {
                try (ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT FROM pg_catalog.pg_stat_activity WHERE datname = "
                        + SessionStart.literal(database) + ")")) {
                    if (!rs.next() || !rs.getBoolean(1)) {
                        return;
                    }
                }
                Thread.sleep(1);
            }
        } catch (SQLException e) {
            // only a wait: the statement that follows meets the server's own
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many times {@link #awaitEndingSessions} looks for sessions that are ending (each look a round trip). */
    private static final int ENDING_SESSIONS_POLLS = 20;

    /** Marks a database as this run's (on servers that outlive the run; an ephemeral server goes with the run). */
    private void comment(String database, String text) {
        if (!server.ephemeral()) {
            setComment(database, text);
        }
    }

    private void setComment(String database, String text) {
        execute("COMMENT ON DATABASE " + database + " IS " + SessionStart.literal(text));
    }

    /**
     * The comment of a database's own in its comment {@code text}: all of it, unless it is SchemaVerify's mark (one a
     * snapshot does not read, {@link CatalogReader#SCHEMAVERIFY_MARK}); then what follows {@link #OWN_COMMENT} in it.
     */
    static Optional<String> ownComment(String text) {
        if (text == null || !MARK.matcher(text).find()) {
            return Optional.ofNullable(text);
        }
        int at = text.indexOf(OWN_COMMENT);
        return at < 0 ? Optional.empty() : Optional.of(text.substring(at + OWN_COMMENT.length()));
    }

    private static String withOwnComment(Optional<String> own) {
        return own.map(text -> OWN_COMMENT + text).orElse("");
    }

    /**
     * The comment of its own of a database this run copies, which the copy gets: {@code CREATE DATABASE} copies a
     * database's contents but not its comment, and a snapshot of the copy is to read what one of a database migrated
     * alike reads. Read once per template (a template never changes once built), each time of other databases (a walk's,
     * which goes on migrating).
     */
    private Optional<String> ownCommentOf(String source) {
        if ("template0".equals(source)) {
            return Optional.empty();
        }
        if (source.startsWith("sv_tpl_") || source.startsWith(CACHE_PREFIX)) {
            return templateComments.computeIfAbsent(source, t -> new Memo<>(() -> ownComment(readComment(t)))).get();
        }
        return ownComment(readComment(source));
    }

    /** The comment a copy of {@code source} gets: the source's own, else the run's mark where databases are marked. */
    private Optional<String> copyComment(String source) {
        Optional<String> own = ownCommentOf(source);
        return own.isPresent() || server.ephemeral() ? own : Optional.of(token.comment());
    }

    private synchronized String readComment(String database) {
        try (PreparedStatement ps = admin.prepareStatement("SELECT shobj_description(oid, 'pg_database') FROM pg_database"
                + " WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new SchemaVerifyException("Reading the comment of " + database + " on " + server.describe() + " failed: "
                    + e.getMessage(), e);
        }
    }

    private synchronized Boolean isTemplate(String name) {
        try (PreparedStatement ps = admin.prepareStatement("SELECT datistemplate FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBoolean(1) : null;
            }
        } catch (SQLException e) {
            throw new SchemaVerifyException("Reading pg_database on " + server.describe() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Takes an exclusive advisory lock on its own connection (closing it releases the lock): session locks on the
     * shared admin connection would be re-entrant across threads, and waiting on it would stall every clone.
     */
    private Connection lock(long key) {
        return lock(key, null);
    }

    /** As {@link #lock(long)}, giving up with SQL state 55P03 after {@code lockTimeout}. */
    private Connection lock(long key, Duration lockTimeout) {
        try {
            Connection c = server.connect(lockDatabase);
            try (Statement st = c.createStatement()) {
                if (lockTimeout != null) {
                    st.execute("SET lock_timeout = '" + lockTimeout.toMillis() + "ms'");
                }
                st.execute("SELECT pg_advisory_lock(" + key + ")");
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return c;
        } catch (SQLException e) {
            throw new SchemaVerifyException("Taking the template lock on " + server.describe() + " failed: " + e.getMessage(), e);
        }
    }

    private synchronized boolean tryLock(long key) throws SQLException {
        try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + key + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private synchronized void execute(String sql) {
        try (Statement st = admin.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new SchemaVerifyException(sql.split(" ")[0] + " on " + server.describe() + " failed: " + e.getMessage()
                    + " [" + sql + "]", e);
        }
    }

    /**
     * Drops what is left of this JVM's databases, and the templates no other JVM still uses. Never fails the run: what
     * cannot be dropped is named on the console and left for a later run to remove.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs or has run
            }
        }
        // the clones made ahead that no test took, and the drops still queued, before anything else
        for (ClonePool pool : pools.values()) {
            for (String unused : pool.close(10_000)) {
                if (!server.ephemeral()) {
                    dropQuietly(unused, () -> drop(unused));
                }
            }
        }
        // the released clones no worker dropped yet are among created: dropped below (an ephemeral server goes anyway)
        released.clear();
        try {
            if (!server.ephemeral()) {
                for (String name : Set.copyOf(created)) {
                    dropQuietly(name, () -> drop(name));
                }
                for (String template : List.copyOf(templatesInUse)) {
                    if (template.startsWith(CACHE_PREFIX) && templateCache > 0 && !notKept.contains(template)) {
                        dropQuietly(template, () -> leaveCache(template));
                    } else {
                        dropQuietly(template, () -> leaveTemplate(template));
                    }
                }
            }
        } finally {
            try {
                admin.close();
            } catch (SQLException ignored) {
                // closing
            }
        }
    }

    /**
     * The JVM stops before the run ended (SIGTERM, Ctrl-C, System.exit): drops this run's databases and the templates
     * it is building, on a fresh session, in a few seconds at most. Completed templates are left: other runs may use
     * them, and the next run removes them if none does.
     */
    private void abandon() {
        if (closed) {
            return;
        }
        Set<String> names = new java.util.TreeSet<>(created);
        names.addAll(building);
        if (names.isEmpty()) {
            return;
        }
        try (Connection c = server.connect(lockDatabase); Statement st = c.createStatement()) {
            st.execute("SET statement_timeout = '5s'");
            for (String name : names) {
                st.execute("DROP DATABASE IF EXISTS " + name + (serverVersion >= 130000 ? " WITH (FORCE)" : ""));
            }
            console.accept("SchemaVerify: the JVM stopped before run " + token.hex() + " ended; dropped its databases "
                    + String.join(", ", names) + " on " + server.describe());
        } catch (SQLException | RuntimeException e) {
            console.accept("SchemaVerify: the JVM stopped before run " + token.hex() + " ended and could not drop its"
                    + " databases (" + e.getMessage() + "); the next run on " + server.describe() + " removes them.");
        }
    }

    /**
     * Gives up this run's use of the template and drops it when no other run uses it. Under the build lock, and still
     * holding its shared lock, the run tries the template's key exclusively: that succeeds only when no other session
     * holds it, so of several runs that end together exactly one finds itself last.
     */
    @SuppressWarnings("try") // the build lock is held by the open session, never read
    private void leaveTemplate(String template) throws SQLException {
        long key = key(template);
        try (Connection buildLock = lock(BUILD_NAMESPACE ^ key, CLOSE_LOCK_TIMEOUT)) {
            if (tryLock(key)) {
                try {
                    Optional<String> foreignOwner = foreignOwner(template);
                    if (foreignOwner.isPresent()) {
                        // only its owner (or a superuser) may drop it; a later run as that role does
                        console.accept("SchemaVerify: " + template + " on " + server.describe() + " belongs to the role "
                                + foreignOwner.get() + ", which alone may drop it; it stays until a run as that role (or a"
                                + " superuser) removes it.");
                    } else {
                        if (Boolean.TRUE.equals(isTemplate(template))) {
                            execute("ALTER DATABASE " + template + " WITH IS_TEMPLATE false");
                        }
                        dropDatabase(template);
                    }
                } finally {
                    execute("SELECT pg_advisory_unlock(" + key + ")");
                }
            }
            execute("SELECT pg_advisory_unlock_shared(" + key + ")");
            templatesInUse.remove(template);
        }
    }

    /** Gives up this run's use of a cached template, which stays for later runs. */
    private synchronized void leaveCache(String template) {
        execute("SELECT pg_advisory_unlock_shared(" + key(template) + ")");
        templatesInUse.remove(template);
    }

    /** The owner of the database when this role may not drop it (not its owner, a member of it, or a superuser). */
    private synchronized Optional<String> foreignOwner(String database) throws SQLException {
        try (PreparedStatement ps = admin.prepareStatement("SELECT pg_get_userbyid(datdba) FROM pg_database"
                + " WHERE datname = ? AND NOT pg_has_role(datdba, 'USAGE')")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private void dropQuietly(String name, SqlAction action) {
        try {
            action.run();
        } catch (SQLException | RuntimeException e) {
            console.accept("SchemaVerify: could not drop " + name + " on " + server.describe() + " (" + e.getMessage()
                    + "); a later run on this server removes it.");
        }
    }

    /** The advisory lock key of a template ({@code sv_tpl_} or {@code sv_cache_}): its 16 hex digits. */
    static long key(String template) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(template.substring(template.lastIndexOf('_') + 1))).getLong();
    }
}
