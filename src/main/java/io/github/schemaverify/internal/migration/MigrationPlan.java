package io.github.schemaverify.internal.migration;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

import io.github.schemaverify.Engine;
import io.github.schemaverify.MigrationException;
import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.internal.compat.Compatibility;
import io.github.schemaverify.internal.config.Config;

/**
 * What one configuration migrates: the files found in its locations (or its scripts), checked and hashed, and how
 * to run them on a database.
 */
public final class MigrationPlan {
    private final Config config;
    private final MigrationSource source;
    private final List<MigrationFile> scripts;
    private final ClassLoader loader;
    private final String hash;

    private MigrationPlan(Config config, MigrationSource source, List<MigrationFile> scripts, ClassLoader loader, String hash) {
        this.config = config;
        this.source = source;
        this.scripts = scripts;
        this.loader = loader;
        this.hash = hash;
        this.afterConnect = afterConnectCallbacks(source, config);
    }

    /** Whether the Flyway on the class path has the {@code afterConnect} event (12 and later). */
    private static final boolean AFTER_CONNECT = java.util.Arrays.stream(Event.values())
            .anyMatch(e -> e.getId().equals("afterConnect"));

    private static List<MigrationFile> afterConnectCallbacks(MigrationSource source, Config config) {
        if (!AFTER_CONNECT || config.engine() != Engine.FLYWAY) {
            return List.of();
        }
        return source.files().stream().filter(MigrationPlan::isAfterConnect)
                .sorted(java.util.Comparator.comparing(MigrationPlan::callbackDescription)).toList();
    }

    /** Scans and checks everything that can be checked before a server starts. */
    public static MigrationPlan prepare(Config config, ClassLoader loader) {
        MigrationSource source;
        List<MigrationFile> scripts = new ArrayList<>();
        for (String script : config.scripts()) {
            scripts.add(MigrationSource.readScript(script, loader, config.placeholderReplacement()));
        }
        if (config.engine() == Engine.FLYWAY) {
            Compatibility.requireFlyway(Flyway.class.getClassLoader());
            source = MigrationSource.scan(config.locations(), loader, config.placeholderReplacement());
            if (source.versioned().isEmpty() && source.repeatable().isEmpty()) {
                throw new MigrationException(config.source() + ": no migrations found in " + String.join(", ", config.locations())
                        + ". Flyway reads files named V<version>__<description>.sql (and R__<description>.sql); add them"
                        + " there, or point 'locations' at the folder that holds them.");
            }
            source.checkPlaceholders(config.placeholders(), config.source());
            // the SQL callbacks a migrate runs: Flyway fails on their placeholders as on a migration's
            for (MigrationFile callback : migrateCallbacks(source)) {
                MigrationSource.checkPlaceholders(callback, config.placeholders(), config.source());
            }
            MigrationSource.firstUnset(config.placeholderReplacement() ? config.initSql() : "", config.placeholders())
                    .ifPresent(unset -> {
                throw new MigrationException(config.source() + ": initSql uses the placeholder ${" + unset.name() + "},"
                        + " which has no value, and Flyway fails on it. Add placeholders = \"" + unset.name() + "=<value>\""
                        + " to @MigratedDatabase (or the property schemaverify.placeholders).");
            });
            source.checkVersionsUnique(config.source());
            if (!config.targetsLatest() && source.versioned().stream()
                    .noneMatch(f -> MigrationFile.compareVersions(f.version(), config.target()) == 0)) {
                throw new MigrationException(config.source() + ": target " + config.target() + " is not the version of any"
                        + " migration in " + String.join(", ", config.locations()) + " (versions: " + String.join(", ",
                        source.versioned().stream().map(MigrationFile::version).toList()) + "). Use one of them, or \"latest\".");
            }
        } else {
            source = MigrationSource.scan(List.of(), loader);
            for (MigrationFile script : scripts) {
                MigrationSource.checkPlaceholders(script, config.placeholders(), config.source());
            }
        }
        MessageDigest digest = MigrationSource.sha256();
        source.digest(digest);
        if (config.engine() == Engine.FLYWAY) {
            JavaMigrations.digest(config.locations(), loader, digest);
            digestFlywayVersion(loader, digest);
        }
        for (MigrationFile script : scripts) {
            digest.update(script.origin().getBytes(StandardCharsets.UTF_8));
            digest.update(script.content().getBytes(StandardCharsets.UTF_8));
        }
        digest.update(("engine=" + config.engine() + ";target=" + config.target() + ";schemas=" + config.schemas()
                + ";placeholders=" + config.placeholders() + flywaySettingsKey(config)).getBytes(StandardCharsets.UTF_8));
        return new MigrationPlan(config, source, List.copyOf(scripts), loader, MigrationSource.hex(digest.digest()));
    }

    private static final java.util.regex.Pattern CREATE_EXTENSION = java.util.regex.Pattern.compile(
            "(?i)CREATE\\s+EXTENSION\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?\"?([A-Za-z0-9_-]+)\"?");

    /** The extensions the migrations create, each with the first file that creates it. */
    public java.util.Map<String, String> requiredExtensions() {
        java.util.Map<String, String> required = new java.util.TreeMap<>();
        List<MigrationFile> all = new ArrayList<>(source.versioned());
        all.addAll(source.repeatable());
        all.addAll(migrateCallbacks(source)); // beforeMigrate.sql holding CREATE EXTENSION IF NOT EXISTS vector
        all.addAll(scripts);
        for (MigrationFile f : all) {
            if (!mentionsExtension(f.content())) {
                continue; // no statement in it can create one: spares parsing most files
            }
            for (SqlScript.Statement st : SqlScript.parse(f.content())) {
                java.util.regex.Matcher m = CREATE_EXTENSION.matcher(st.sql());
                if (m.lookingAt()) {
                    required.putIfAbsent(m.group(1).toLowerCase(java.util.Locale.ROOT), f.fileName());
                }
            }
        }
        return required;
    }

    private static boolean mentionsExtension(String content) {
        return content.toLowerCase(Locale.ROOT).contains("extension"); // no regex over whole files: see checkPlaceholders
    }

    public Config config() {
        return config;
    }

    public MigrationSource source() {
        return source;
    }

    public List<MigrationFile> scripts() {
        return scripts;
    }

    /**
     * Hex SHA-256 of the SQL files, the class files under the {@code classpath:} locations (Java-based migrations),
     * placeholders, engine, target and schemas.
     */
    public String hash() {
        return hash;
    }

    /**
     * A hash of exactly {@code files} (names, contents and script configurations, in the order given) with what else
     * decides what applying them builds: the Flyway callbacks among the plan's files, the Java migrations under the
     * {@code classpath:} locations, placeholders, engine and schemas. Unlike {@link #hash()} it ignores the other
     * migrations and where the files live, so a base built from the first revisions stays valid while later ones
     * change (a round trip's base template: {@code purpose} keeps it apart from other uses).
     */
    public String hashOf(String purpose, List<MigrationFile> files) {
        MessageDigest digest = MigrationSource.sha256();
        digest.update((purpose + "\0").getBytes(StandardCharsets.UTF_8));
        for (MigrationFile f : files) {
            digest.update((f.fileName() + "\0" + f.config() + "\0" + f.content() + "\0").getBytes(StandardCharsets.UTF_8));
        }
        for (MigrationFile f : source.files()) {
            if (isCallback(f)) {
                digest.update(("callback\0" + f.fileName() + "\0" + f.content() + "\0").getBytes(StandardCharsets.UTF_8));
            }
        }
        if (config.engine() == Engine.FLYWAY) {
            JavaMigrations.digest(config.locations(), loader, digest);
            digestFlywayVersion(loader, digest);
        }
        digest.update(("engine=" + config.engine() + ";schemas=" + config.schemas() + ";placeholders=" + config.placeholders()
                + flywaySettingsKey(config)).getBytes(StandardCharsets.UTF_8));
        return MigrationSource.hex(digest.digest());
    }

    /** Another Flyway may write its history table otherwise: what it builds is not what this one built. */
    private static void digestFlywayVersion(ClassLoader loader, MessageDigest digest) {
        digest.update(("flyway=" + Compatibility.flywayVersion(loader).orElse("?") + ";")
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Flyway's locations for a run on a database where the versioned migrations {@code applied} are applied already
     * (a round trip's base): a directory of copies, one per location, of every SQL file of the locations (its bytes, and
     * its script configuration) but those migrations and their undo scripts, so that Flyway does not read and checksum
     * hundreds of files it has nothing to apply from (a cold JVM's 50 to 60 ms). The same bytes under the same paths:
     * what Flyway applies, and how, is as from the project's locations; callbacks come along. Empty, for Flyway to read
     * the project's locations, where copies could differ from them: class files under a {@code classpath:} location (Java
     * migrations), a location with more than one root on the class path, one neither {@code filesystem:} nor
     * {@code classpath:}, a file that lies in two of the locations (one repeats or holds another, which Flyway reads
     * once); also when the copies cannot be written.
     */
    public Optional<Mirror> locationsWithout(List<MigrationFile> applied) {
        if (config.engine() != Engine.FLYWAY || applied.isEmpty()) {
            return Optional.empty();
        }
        java.util.Set<String> skipped = new java.util.HashSet<>();
        for (MigrationFile v : applied) {
            skipped.add(v.origin());
            source.undoFor(v.version()).ifPresent(u -> skipped.add(u.origin()));
        }
        Path dir = null;
        try {
            if (JavaMigrations.any(config.locations(), loader)) {
                return Optional.empty();
            }
            List<String> prefixes = new ArrayList<>();
            for (String location : config.locations()) {
                Optional<String> prefix = MigrationSource.originPrefix(location, loader);
                if (prefix.isEmpty()) {
                    return Optional.empty();
                }
                prefixes.add(prefix.get() + "/");
            }
            // each file to the one location it lies in
            Map<Integer, List<MigrationFile>> byLocation = new java.util.HashMap<>();
            for (MigrationFile f : source.files()) {
                List<Integer> in = new ArrayList<>();
                for (int i = 0; i < prefixes.size(); i++) {
                    if (f.origin().startsWith(prefixes.get(i))) {
                        in.add(i);
                    }
                }
                if (in.size() != 1) {
                    return Optional.empty();
                }
                byLocation.computeIfAbsent(in.get(0), i -> new ArrayList<>()).add(f);
            }
            dir = Files.createTempDirectory("schemaverify-flyway-");
            List<String> locations = new ArrayList<>();
            for (int i = 0; i < prefixes.size(); i++) {
                Path into = Files.createDirectory(dir.resolve(Integer.toString(i)));
                for (MigrationFile f : byLocation.getOrDefault(i, List.of())) {
                    if (skipped.contains(f.origin())) {
                        continue;
                    }
                    Path copy = into.resolve(f.origin().substring(prefixes.get(i).length()));
                    Files.createDirectories(copy.getParent());
                    Files.write(copy, MigrationSource.bytesOf(f.origin(), loader).orElseThrow(
                            () -> new java.io.IOException(f.origin() + " is gone")));
                    Optional<byte[]> conf = MigrationSource.bytesOf(f.origin() + ".conf", loader);
                    if (conf.isPresent()) {
                        Files.write(copy.resolveSibling(copy.getFileName() + ".conf"), conf.get());
                    }
                }
                locations.add("filesystem:" + into);
            }
            return Optional.of(new Mirror(dir, locations, skipped.size()));
        } catch (java.io.IOException | RuntimeException e) {
            Mirror.delete(dir);
            return Optional.empty(); // Flyway reads the project's locations
        }
    }

    /** Copies of the locations' files for one Flyway run ({@link #locationsWithout}); closing deletes them. */
    public static final class Mirror implements AutoCloseable {
        private final Path dir;
        private final List<String> locations;
        private final int left;

        Mirror(Path dir, List<String> locations, int left) {
            this.dir = dir;
            this.locations = List.copyOf(locations);
            this.left = left;
        }

        /** Flyway's locations: {@code filesystem:} directories, in the order of the project's. */
        public String[] locations() {
            return locations.toArray(String[]::new);
        }

        /** How many files were left out (the applied migrations and their undo scripts). */
        public int left() {
            return left;
        }

        @Override
        public void close() {
            delete(dir);
        }

        static void delete(Path dir) {
            if (dir == null) {
                return;
            }
            try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                // a temporary directory: the system's cleaning takes what is left
            }
        }
    }

    /**
     * Whether Flyway runs the file as a callback: named after one of its events, as Flyway matches them (case and all),
     * {@code afterMigrate.sql} or {@code afterMigrate__grants.sql}.
     */
    static boolean isCallback(MigrationFile f) {
        return event(f) != null;
    }

    /** The event Flyway runs the file on as a SQL callback, or null when it is none. */
    private static Event event(MigrationFile f) {
        if (f.kind() != MigrationFile.Kind.OTHER || !MigrationFile.isScript(f.fileName())) {
            return null;
        }
        String event = callbackName(f)[0];
        for (Event e : Event.values()) {
            if (e.getId().equals(event)) {
                return e;
            }
        }
        return null;
    }

    /**
     * The SQL callbacks Flyway runs on {@code event}, in its order: by description, the part of the name after {@code
     * __} with {@code _} read as a space ({@code afterMigrate.sql}, then {@code afterMigrate__a_grants.sql}, ...). None
     * when the engine is not Flyway.
     */
    public List<MigrationFile> callbacks(Event event) {
        if (config.engine() != Engine.FLYWAY) {
            return List.of();
        }
        return callbacksByEvent.computeIfAbsent(event, e -> source.files().stream().filter(f -> event(f) == e)
                .sorted(java.util.Comparator.comparing(MigrationPlan::callbackDescription)).toList());
    }

    private final Map<Event, List<MigrationFile>> callbacksByEvent = new java.util.concurrent.ConcurrentHashMap<>();

    private static String callbackDescription(MigrationFile f) {
        return callbackName(f)[1].replace('_', ' ');
    }

    /** A script's name without {@code .sql}, as Flyway reads a callback's: its event, then what follows {@code __}. */
    private static String[] callbackName(MigrationFile f) {
        String name = f.fileName().substring(0, f.fileName().length() - ".sql".length());
        int separator = name.indexOf("__");
        return separator < 0 ? new String[] {name, ""} : new String[] {name.substring(0, separator), name.substring(separator + 2)};
    }

    /**
     * The events on which a Flyway migrate that succeeds (as SchemaVerify's re-apply runs it, without validation) may
     * run SQL callbacks.
     */
    private static final java.util.Set<Event> MIGRATE_EVENTS = java.util.EnumSet.of(Event.BEFORE_CREATE_SCHEMA,
            Event.CREATE_SCHEMA, Event.BEFORE_MIGRATE, Event.BEFORE_EACH_MIGRATE, Event.BEFORE_EACH_MIGRATE_STATEMENT,
            Event.AFTER_EACH_MIGRATE_STATEMENT, Event.AFTER_EACH_MIGRATE, Event.AFTER_VERSIONED, Event.BEFORE_REPEATABLES,
            Event.AFTER_MIGRATE_APPLIED, Event.AFTER_MIGRATE, Event.AFTER_MIGRATE_OPERATION_FINISH);

    /**
     * The SQL callbacks of {@code source} that a Flyway migrate may run: the migrate events', the validation's (a migrate
     * validates first), and {@code afterConnect}.
     */
    private static List<MigrationFile> migrateCallbacks(MigrationSource source) {
        return source.files().stream().filter(f -> {
            Event event = event(f);
            return MIGRATE_EVENTS.contains(event) || event == Event.BEFORE_VALIDATE || event == Event.AFTER_VALIDATE
                    || isAfterConnect(f);
        }).toList();
    }

    /** An {@code afterConnect} SQL callback, where the Flyway on the class path has that event. */
    private static boolean isAfterConnect(MigrationFile f) {
        return AFTER_CONNECT && f.kind() == MigrationFile.Kind.OTHER && MigrationFile.isScript(f.fileName())
                && callbackName(f)[0].equals("afterConnect");
    }

    /**
     * The SQL callbacks of the locations that a Flyway migrate may run and that are not among {@code run} (the events
     * SchemaVerify runs them on itself), by file name.
     */
    public List<String> callbacksNotRun(java.util.Set<Event> run) {
        java.util.Set<Event> notRun = java.util.EnumSet.copyOf(MIGRATE_EVENTS);
        notRun.removeAll(run);
        return callbacksOf(notRun);
    }

    /** The SQL callbacks of the locations whose events are among {@code events}, by file name. */
    public List<String> callbacksOf(java.util.Set<Event> events) {
        return config.engine() != Engine.FLYWAY ? List.of() : source.files().stream().filter(f -> events.contains(event(f)))
                .map(MigrationFile::fileName).distinct().toList();
    }

    /**
     * Applies a migration as Flyway does on its migration session: a versioned or repeatable one with {@code
     * beforeEachMigrate} and {@code afterEachMigrate} callbacks, an undo with {@code beforeEachUndo} and {@code afterEachUndo}, in its
     * transaction (other files, fixtures, alone). Tells which tables the scripts wrote to when {@code observeWrites}.
     */
    public ScriptRunner.Applied apply(Connection connection, ScriptRunner.Session session, MigrationFile file,
            boolean observeWrites) {
        List<MigrationFile> before = callbacksAround(file, true);
        List<MigrationFile> after = callbacksAround(file, false);
        try {
            if (file.isJava()) {
                return runJava(connection, session, file, before, after, observeWrites);
            }
            return ScriptRunner.run(connection, session, file, before, after, config.placeholders(), observeWrites);
        } catch (ScriptRunner.Failure f) {
            throw noted(f);
        }
    }

    /** The SQL callbacks Flyway runs {@code before} (else after) each migration or undo of {@code file}'s kind. */
    private List<MigrationFile> callbacksAround(MigrationFile file, boolean before) {
        return switch (file.kind()) {
            case VERSIONED, REPEATABLE -> callbacks(before ? Event.BEFORE_EACH_MIGRATE : Event.AFTER_EACH_MIGRATE);
            case UNDO -> callbacks(before ? Event.BEFORE_EACH_UNDO : Event.AFTER_EACH_UNDO);
            default -> List.of();
        };
    }

    /**
     * Tries the SQL script {@code file} (an undo) as {@link #apply} runs it, with the callbacks around it, on the database
     * as {@code setup} leaves it, all rolled back ({@link ScriptRunner#tryRolledBack}); not tried for a Java migration.
     */
    public ScriptRunner.Tried tryRolledBack(Connection connection, ScriptRunner.Session session, MigrationFile file,
            String setup) {
        if (file.isJava()) {
            return ScriptRunner.Tried.NOT_TRIED;
        }
        return ScriptRunner.tryRolledBack(connection, session, file, callbacksAround(file, true), callbacksAround(file, false),
                config.placeholders(), setup);
    }

    /**
     * Tries the SQL scripts {@code files} in turn (a revision and its undo) as {@link #apply} runs each, with the
     * callbacks around each, on the database as {@code setup} leaves it, then the query {@code check}, all rolled back
     * ({@link ScriptRunner#tryRolledBack(Connection, ScriptRunner.Session, List, java.util.Map, String, String)}); not
     * tried where one is a Java migration.
     */
    public ScriptRunner.Tried tryRolledBack(Connection connection, ScriptRunner.Session session, List<MigrationFile> files,
            String setup, String check) {
        if (files.stream().anyMatch(MigrationFile::isJava)) {
            return ScriptRunner.Tried.NOT_TRIED;
        }
        return ScriptRunner.tryRolledBack(connection, session, files.stream().map(f -> new ScriptRunner.Trial(f,
                callbacksAround(f, true), callbacksAround(f, false))).toList(), config.placeholders(), setup, check);
    }

    /**
     * Runs the Java migration {@code file} as Flyway makes and runs one, given Flyway's configuration as configured, with
     * the callbacks {@code before} and {@code after} it in its transaction.
     */
    private ScriptRunner.Applied runJava(Connection connection, ScriptRunner.Session session, MigrationFile file,
            List<MigrationFile> before, List<MigrationFile> after, boolean observeWrites) {
        if (session.dataSource() == null) {
            throw new IllegalStateException("SchemaVerify's defect: " + file.fileName() + " runs on a session without the"
                    + " data source Flyway's configuration gives a Java migration");
        }
        FluentConfiguration configuration = configured();
        // Flyway's configuration holds the project's data source, and Java migrations use it (Spring Cloud Data Flow's
        // open connections of their own through it)
        try (Opened opened = new Opened(session.dataSource())) {
            configuration.dataSource(opened);
            ScriptRunner.Applied applied = ScriptRunner.runJava(connection, session, file, source.javaMigration(file),
                    configuration, before, after, config.placeholders(), observeWrites);
            // what it wrote on its own connections is not in the counters of the transaction the walk watched
            return opened.used() ? new ScriptRunner.Applied(applied.notices(), ScriptRunner.Writes.UNKNOWN) : applied;
        }
    }

    /**
     * A data source that tells whether anyone opened a connection through it, and closes, as it closes, those left open
     * (under Flyway they stay open until the application ends; on the walk's database they would keep it from being
     * copied or dropped).
     */
    private static final class Opened implements DataSource, AutoCloseable {
        private final DataSource delegate;
        private final List<Connection> opened = java.util.Collections.synchronizedList(new ArrayList<>());

        Opened(DataSource delegate) {
            this.delegate = delegate;
        }

        boolean used() {
            return !opened.isEmpty();
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection c = delegate.getConnection();
            opened.add(c);
            return c;
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            Connection c = delegate.getConnection(username, password);
            opened.add(c);
            return c;
        }

        @Override
        public void close() {
            synchronized (opened) {
                for (Connection c : opened) {
                    try {
                        c.close(); // nothing where the migration closed it
                    } catch (SQLException ignored) {
                        // a connection the server ended: nothing left to close
                    }
                }
            }
        }

        @Override
        public java.io.PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(java.io.PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public java.util.logging.Logger getParentLogger() throws java.sql.SQLFeatureNotSupportedException {
            return delegate.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return type.isInstance(this) ? type.cast(this) : delegate.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return type.isInstance(this) || delegate.isWrapperFor(type);
        }
    }

    /**
     * The note for Flyway's refusal of a migration that mixes statements which must run in a transaction with statements
     * which cannot: a project's Flyway may allow it ({@code mixed}), which SchemaVerify's Flyway has only when told.
     */
    static Optional<String> mixedNote(Throwable failure, Config config, MigrationSource source) {
        for (Throwable t = failure; t != null && !config.mixed(); t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("(even though mixed is false)")) {
                // Flyway names the statement and its line, not the file
                java.util.regex.Matcher offending = OFFENDING.matcher(t.getMessage());
                Optional<MigrationFile> file = !offending.find() ? Optional.empty() : source.files().stream()
                        .filter(f -> f.kind() != MigrationFile.Kind.OTHER && SqlScript.parse(Placeholders.text(f, config.placeholders(),
                                Map::of)).stream()
                                .anyMatch(s -> s.line() == Integer.parseInt(offending.group(1))
                                        && offending.group(2).startsWith(s.sql())))
                        .findFirst();
                return Optional.of(file.map(f -> "in " + f.fileName() + "; ").orElse("") + MIXED_NOTE);
            }
        }
        return Optional.empty();
    }

    private static final java.util.regex.Pattern OFFENDING = java.util.regex.Pattern.compile(
            "Offending statement found at line (\\d+): (.*)", java.util.regex.Pattern.DOTALL);

    /** What to do when a migration mixes statements Flyway runs in a transaction with those it cannot. */
    public static final String MIXED_NOTE = "if your Flyway runs with mixed = true (flyway.mixed, spring.flyway.mixed),"
            + " give SchemaVerify the same: @MigratedDatabase(mixed = true), or the property "
            + io.github.schemaverify.MigratedDatabase.MIXED_PROPERTY + "=true";

    /**
     * Flyway's schemas, mixed, initSql and table settings as part of a key; nothing where they are Flyway's defaults, so
     * that keys made before them stay as they were.
     */
    private static String flywaySettingsKey(Config config) {
        return (config.flywaySchemas().isEmpty() ? "" : ";flywaySchemas=" + config.flywaySchemas())
                + (config.mixed() ? ";mixed=true" : "") + (config.initSql().isEmpty() ? "" : ";initSql=" + config.initSql())
                + (config.historyTable().equals(Config.DEFAULT_HISTORY_TABLE) ? "" : ";table=" + config.historyTable())
                + (config.placeholderReplacement() ? "" : ";placeholderReplacement=false");
    }

    /**
     * Creates Flyway's schema history table, empty, in Flyway's default schema, as Flyway's PostgreSQL support defines
     * it, as Flyway does on an empty database before it runs {@code beforeMigrate}: for the walk, so that a callback
     * that names the table ({@code GRANT SELECT ON flyway_schema_history TO monitoring}) finds it. Nothing when it
     * exists.
     */
    public void createHistoryTable(Connection c) {
        String schema = session(c, null).defaultSchema(); // no Java migration runs here
        String name = config.historyTable();
        String table = ScriptRunner.quoteIdent(schema) + "." + ScriptRunner.quoteIdent(name);
        try (Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN IF to_regclass(" + ScriptRunner.literal(table) + ") IS NULL THEN"
                    + " CREATE TABLE " + table + " (\"installed_rank\" INT NOT NULL, \"version\" VARCHAR(50),"
                    + " \"description\" VARCHAR(200) NOT NULL, \"type\" VARCHAR(20) NOT NULL, \"script\" VARCHAR(1000) NOT NULL,"
                    + " \"checksum\" INTEGER, \"installed_by\" VARCHAR(100) NOT NULL, \"installed_on\" TIMESTAMP NOT NULL"
                    + " DEFAULT now(), \"execution_time\" INTEGER NOT NULL, \"success\" BOOLEAN NOT NULL);"
                    + " ALTER TABLE " + table + " ADD CONSTRAINT " + ScriptRunner.quoteIdent(name + "_pk")
                    + " PRIMARY KEY (\"installed_rank\");"
                    + " CREATE INDEX " + ScriptRunner.quoteIdent(name + "_s_idx") + " ON " + table + " (\"success\");"
                    + " END IF; END $$");
        } catch (SQLException e) {
            throw new MigrationException("Could not create Flyway's schema history table " + table + ", as Flyway does"
                    + " before its callbacks run: " + e.getMessage(), e);
        }
    }

    /**
     * What Flyway does on a new database before its first migration, for SchemaVerify's own runs of the scripts: it
     * creates the schemas of its {@code schemas} setting that do not exist ({@code CREATE SCHEMA "name"}, owned by the
     * migrating role). Nothing without that setting.
     */
    public void prepareEmpty(Connection c) {
        for (String schema : config.flywaySchemas()) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA IF NOT EXISTS " + ScriptRunner.quoteIdent(schema));
            } catch (SQLException e) {
                throw new MigrationException("Could not create the schema " + schema + " of flywaySchemas, as Flyway would"
                        + " before its first migration: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Starts the session scripts run in on a new connection, as Flyway starts its own: first Flyway's {@code initSql}
     * and the {@code afterConnect} callbacks, whose settings, role and search_path the session then starts from (Flyway
     * adopts them); its default schema is the first of {@code flywaySchemas}, else the connection's current schema. Call
     * it once per connection, before anything else runs on it. {@code dataSource} connects to the same database as the
     * same user: what Flyway's configuration gives a Java migration that opens connections of its own.
     */
    public ScriptRunner.Session session(Connection c, DataSource dataSource) {
        ScriptRunner.Session started = startedSession(c, dataSource);
        if (config.initSql().isEmpty() && afterConnect.isEmpty()) {
            return started;
        }
        runInitSql(c, started);
        runAfterConnect(c, started);
        return startedSession(c, dataSource);
    }

    private ScriptRunner.Session startedSession(Connection c, DataSource dataSource) {
        ScriptRunner.Session session = ScriptRunner.Session.of(c).withMixed(config.mixed())
                .withHistoryTable(config.historyTable()).withDataSource(dataSource);
        return config.flywaySchemas().isEmpty() ? session : session.withDefaultSchema(config.flywaySchemas().get(0));
    }

    /**
     * Runs Flyway's {@code initSql} on a new connection, as Flyway runs it on every connection it opens: statement by
     * statement, placeholders replaced (Flyway's built-in ones as on {@code session}) unless Flyway's
     * {@code placeholderReplacement} is off, outside a transaction.
     */
    private void runInitSql(Connection c, ScriptRunner.Session session) {
        if (config.initSql().isEmpty()) {
            return;
        }
        String sql = !config.placeholderReplacement() ? config.initSql()
                : Placeholders.replace(config.initSql(), config.placeholders(), Placeholders.builtins("", session));
        executeEach(c, sql, (statement, e) -> new MigrationException(config.source() + ": initSql (Flyway's initSql"
                + " setting) failed on a new connection: " + ScriptRunner.serverMessage(e) + "\n  in the statement: "
                + statement.excerpt() + "\nFix initSql (@MigratedDatabase(initSql) or "
                + io.github.schemaverify.MigratedDatabase.INIT_SQL_PROPERTY + "); Flyway runs it on every connection it opens.",
                e));
    }

    /** Runs each statement of the text on the connection, outside a transaction; the first failure is thrown as named. */
    private static void executeEach(Connection c, String sql,
            java.util.function.BiFunction<SqlScript.Statement, java.sql.SQLException, MigrationException> failure) {
        for (SqlScript.Statement statement : SqlScript.parse(sql)) {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute(statement.sql());
            } catch (java.sql.SQLException e) {
                throw failure.apply(statement, e);
            }
        }
    }

    /**
     * Runs the {@code afterConnect} SQL callbacks (Flyway 12 and later, where they take the place of {@code initSql}) on
     * a new connection, as Flyway runs them on its migration connection before migrating: with its default schema first
     * on the search_path where that schema exists, placeholders replaced (built-in ones too); what they set is the
     * session the scripts start from.
     */
    private void runAfterConnect(Connection c, ScriptRunner.Session session) {
        for (MigrationFile callback : afterConnect) {
            String sql = ScriptRunner.text(callback, config.placeholders(), session);
            if (!session.prologue().isEmpty()) {
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute(session.prologue());
                } catch (java.sql.SQLException e) {
                    throw new MigrationException("Could not put the default schema first on the search_path before "
                            + callback.fileName() + ": " + e.getMessage(), e);
                }
            }
            executeEach(c, sql, (statement, e) -> new MigrationException(config.source() + ": " + callback.fileName()
                    + " (a callback Flyway runs on every connection it migrates on) failed at line " + statement.line() + ": "
                    + ScriptRunner.serverMessage(e) + "\nFix the statement in " + callback.origin() + ".", e));
        }
    }

    /** The {@code afterConnect} SQL callbacks, in Flyway's order; none where Flyway has no such event (before 12). */
    private final List<MigrationFile> afterConnect;

    /** Flyway configured as the project configures it, for this data source. */
    public FluentConfiguration flywayConfiguration(DataSource dataSource) {
        return configured().dataSource(dataSource);
    }

    /**
     * Loads Flyway (its classes, plugins and configuration) without a data source, so that the first migrate does
     * not pay for it: run beside the server's start, it takes that time off a run's critical path.
     */
    public void warmUp() {
        if (config.engine() == io.github.schemaverify.Engine.FLYWAY) {
            try {
                configured().load();
            } catch (java.util.ServiceConfigurationError | LinkageError e) {
                throw pluginsFailed(e);
            }
        }
    }

    private FluentConfiguration configured() {
        try {
            return configuredAsProject();
        } catch (java.util.ServiceConfigurationError | LinkageError e) {
            throw pluginsFailed(e);
        }
    }

    /**
     * What to throw where configuring, loading or running Flyway threw {@code e}: a Flyway plugin that cannot be made,
     * named with the jar that lists it and the fix, else {@code e} itself. Flyway loads its plugins, through its own
     * class loader, as it is first configured (its DatabaseTypes' constructors run as it connects), and one built for
     * another Flyway stops it there. (Plain catch blocks at each place, not a lambda: a cold JVM spins one for each.)
     */
    private static SchemaVerifyException pluginsFailed(Error e) {
        Optional<SchemaVerifyException> plugins = Compatibility.pluginsFailed(Flyway.class.getClassLoader(), e);
        if (plugins.isPresent()) {
            return plugins.get();
        }
        throw e;
    }

    private FluentConfiguration configuredAsProject() {
        FluentConfiguration configuration = Flyway.configure(loader)
                .locations(config.locations().toArray(String[]::new))
                .placeholders(config.placeholders())
                .cleanDisabled(true)
                // U scripts live beside V scripts; Flyway Community would fail on them with this on
                .validateMigrationNaming(false)
                .mixed(config.mixed())
                .placeholderReplacement(config.placeholderReplacement())
                .table(config.historyTable())
                .loggers(NoticeCapture.LOG_CREATOR);
        if (!config.flywaySchemas().isEmpty()) {
            configuration.schemas(config.flywaySchemas().toArray(String[]::new));
        }
        disableTransactionalLock(configuration);
        if (!config.initSql().isEmpty()) {
            configuration.initSql(config.initSql());
        }
        if (!config.targetsLatest()) {
            configuration.target(config.target());
        }
        return configuration;
    }

    /** The Flyway property that turns off the PostgreSQL module's transaction-scoped advisory lock. */
    static final String TRANSACTIONAL_LOCK = "flyway.postgresql.transactional.lock";
    /** Whether this Flyway has the typed configuration-extension API (public since 11.x; 10.x lacks it). */
    private static final boolean TYPED_EXTENSION_API = java.util.Arrays.stream(FluentConfiguration.class.getMethods())
            .anyMatch(m -> m.getName().equals("getConfigurationExtension"));

    /**
     * Flyway's default lock keeps a transaction open on another connection, and CREATE INDEX CONCURRENTLY waits for every
     * older transaction: a deadlock (flyway/flyway#3682). Tests run one Flyway per database at a time, so the lock is
     * turned off. Newer Flyway takes it through the typed API (its property map needs Jackson for this extension since
     * 13.x); older Flyway has no typed API and takes the property.
     */
    private static void disableTransactionalLock(FluentConfiguration configuration) {
        if (TYPED_EXTENSION_API) {
            configuration.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        } else {
            configuration.configuration(java.util.Map.of(TRANSACTIONAL_LOCK, "false"));
        }
    }

    public Flyway flyway(DataSource dataSource) {
        try {
            return flywayConfiguration(dataSource).load();
        } catch (java.util.ServiceConfigurationError | LinkageError e) {
            throw pluginsFailed(e);
        }
    }

    /** Migrates the database to the configured target and returns the server notices raised on the way. */
    public List<String> migrate(DataSource dataSource) {
        return migrate(dataSource, MigrationWatch.none());
    }

    /**
     * As {@link #migrate(DataSource)}, with each migration watched: progress lines while one runs long, and a statement
     * timeout (set on the data source's sessions by the caller) reported with the migration, line and statement.
     */
    public List<String> migrate(DataSource dataSource, MigrationWatch watch) {
        watch.startRun();
        try {
            if (config.engine() == Engine.SQL_SCRIPTS) {
                return runScripts(dataSource, watch);
            }
            FluentConfiguration configuration = flywayConfiguration(dataSource).callbacks(new Watching(watch));
            return NoticeCapture.during(() -> migrate(configuration));
        } catch (RuntimeException e) {
            throw watch.explain(e);
        }
    }

    /**
     * Runs Flyway's migrate with this configuration (one of {@link #flywayConfiguration}), each migration watched as in
     * {@link #migrate(DataSource, MigrationWatch)}; returns the server notices raised on the way.
     */
    public List<String> migrate(FluentConfiguration configuration, MigrationWatch watch) {
        watch.startRun();
        try {
            List<Callback> callbacks = new ArrayList<>(List.of(configuration.getCallbacks()));
            callbacks.add(new Watching(watch));
            FluentConfiguration watched = configuration.callbacks(callbacks.toArray(Callback[]::new));
            return NoticeCapture.during(() -> migrate(watched));
        } catch (RuntimeException e) {
            throw watch.explain(e);
        }
    }

    /** Tells the watch which migration Flyway runs now, on which session (Flyway's public callback API). */
    private final class Watching implements Callback {
        private final MigrationWatch watch;

        Watching(MigrationWatch watch) {
            this.watch = watch;
        }

        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE_ERROR;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true; // reads the session's process id, runs nothing on it
        }

        @Override
        public void handle(Event event, Context context) {
            if (event != Event.BEFORE_EACH_MIGRATE) {
                watch.end();
                return;
            }
            String script = context.getMigrationInfo().getScript();
            String fileName = script.substring(script.lastIndexOf('/') + 1);
            int pid = MigrationWatch.backendPid(context.getConnection());
            for (MigrationFile f : source.files()) {
                if (f.fileName().equals(fileName)) {
                    watch.begin(f, config.placeholders(), pid);
                    return;
                }
            }
            watch.begin(script, null, pid);
        }

        @Override
        public String getCallbackName() {
            return "schemaverify-migration-watch";
        }
    }

    /**
     * Runs Flyway's migrate with this configuration, turning Flyway's failures into a message that names the file, the
     * line, the statement and the cause (read through Flyway's public callback API).
     */
    public MigrateResult migrate(FluentConfiguration configuration) {
        DataSource given = configuration.getDataSource();
        if (given == null || !source.hasJava()) {
            return migrateAsConfigured(configuration);
        }
        // a Java migration may leave a connection of its own open on the database (Flyway's stays open until the
        // application ends): closed once Flyway is done, or the database could not be copied (a template) or dropped
        try (Opened opened = new Opened(given)) {
            return migrateAsConfigured(configuration.dataSource(opened));
        }
    }

    private MigrateResult migrateAsConfigured(FluentConfiguration configuration) {
        FlywayErrors watch = new FlywayErrors(source, config.placeholders(),
                e -> FlywaySchemasNote.of(e, config).or(() -> mixedNote(e, config, source)));
        List<Callback> callbacks = new ArrayList<>(List.of(configuration.getCallbacks()));
        callbacks.add(watch);
        Flyway flyway;
        try {
            flyway = configuration.callbacks(callbacks.toArray(Callback[]::new)).load();
        } catch (java.util.ServiceConfigurationError | LinkageError e) {
            throw pluginsFailed(e);
        }
        MigrateResult result;
        try {
            try {
                result = flyway.migrate();
            } catch (java.util.ServiceConfigurationError | LinkageError e) {
                throw pluginsFailed(e);
            }
        } catch (FlywayException e) {
            SchemaVerifyException translated = watch.translate(e);
            if (!watch.migrating() && (!config.initSql().isEmpty() || !afterConnect.isEmpty())) {
                // before any migration: Flyway names neither initSql nor afterConnect. Run alone on a new connection,
                // they either fail the same way, named as the walks name them, or are not the cause
                try (Connection c = configuration.getDataSource().getConnection()) {
                    session(c, configuration.getDataSource());
                } catch (MigrationException cause) {
                    cause.addSuppressed(e);
                    throw cause;
                } catch (SQLException | RuntimeException other) {
                    translated.addSuppressed(other); // no diagnosis: Flyway's failure stands
                }
            }
            throw translated;
        }
        checkSameMigrations(result);
        return result;
    }

    /**
     * Fails when Flyway applied a versioned SQL file that SchemaVerify does not read as one, or (migrating an empty
     * database) did not apply one that SchemaVerify reads as one: the verifications would then run other files than
     * Flyway does, and their verdicts would not be about the project's migrations.
     */
    private void checkSameMigrations(MigrateResult result) {
        if (result == null || !result.success || result.migrations == null) {
            return;
        }
        // SQL files all (Flyway's result names a Java migration by its class, not its file)
        List<MigrationFile> versioned = source.versioned().stream().filter(f -> !f.isJava()).toList();
        java.util.Set<String> ours = new java.util.HashSet<>();
        versioned.forEach(f -> ours.add(f.fileName()));
        java.util.Set<String> applied = new java.util.LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (var m : result.migrations) {
            String path = m.filepath == null ? "" : m.filepath;
            String file = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
            if (m.version == null || m.version.isEmpty() || !MigrationFile.isScript(file)) {
                continue; // a repeatable or a Java migration
            }
            applied.add(file);
            if (!ours.contains(file)) {
                unknown.add(file + " (version " + m.version + ")");
            }
        }
        if (!unknown.isEmpty()) {
            throw new Diverged(appliedUnread(unknown));
        }
        if (result.initialSchemaVersion != null || result.targetSchemaVersion == null) {
            return; // not from an empty database: what was pending is Flyway's to say
        }
        List<String> skipped = versioned.stream()
                .filter(f -> MigrationFile.compareVersions(f.version(), result.targetSchemaVersion) <= 0)
                .filter(f -> !applied.contains(f.fileName())).map(MigrationFile::fileName).toList();
        if (!skipped.isEmpty()) {
            throw new Diverged(readNotApplied(skipped));
        }
    }

    /**
     * The versioned SQL files Flyway applied are not the ones SchemaVerify reads: a defect in SchemaVerify, never a
     * verdict on the migrations, so verifications let it through to fail the test rather than blame a party for it.
     */
    public static final class Diverged extends SchemaVerifyException {
        private static final long serialVersionUID = 1L;

        Diverged(String message) {
            super(message);
        }
    }

    /** Flyway applied versioned SQL files that SchemaVerify does not read as migrations (by name and version). */
    static String appliedUnread(List<String> files) {
        boolean one = files.size() == 1;
        return "Flyway applied " + String.join(", ", files) + ", which SchemaVerify does not read as " + (one
                ? "a versioned migration" : "versioned migrations") + ", so no verification would run " + (one ? "it" : "them")
                + ". This is a defect in SchemaVerify: report it with the file " + (one ? "name" : "names") + ". Until it is"
                + " fixed, name " + (one ? "the file" : "each file") + " V<version>__<description>.sql with a version of digits"
                + " separated by . or _ (V2_1__add_index.sql).";
    }

    /** SchemaVerify reads files as versioned migrations that Flyway did not apply to an empty database. */
    static String readNotApplied(List<String> files) {
        boolean one = files.size() == 1;
        return "Flyway did not apply " + String.join(", ", files) + ", which SchemaVerify reads as " + (one
                ? "a versioned migration" : "versioned migrations") + ", so its verifications would run " + (one ? "it" : "them")
                + " where Flyway never does. This is a defect in SchemaVerify: report it with the file " + (one ? "name"
                : "names") + ". Until it is fixed, move " + (one ? "it" : "them") + " out of the migration locations.";
    }

    /**
     * Runs one script on the connection exactly as Flyway would apply it (see {@link ScriptRunner}), with this
     * plan's placeholders; the one way verifications run SQL files.
     */
    public List<String> run(Connection connection, ScriptRunner.Session session, MigrationFile file) {
        try {
            if (file.isJava()) {
                return runJava(connection, session, file, List.of(), List.of(), false).notices();
            }
            return ScriptRunner.run(connection, session, file, config.placeholders());
        } catch (ScriptRunner.Failure f) {
            throw noted(f);
        }
    }

    /** The failure with the note on Flyway's schemas setting, when a schema it names does not exist. */
    private ScriptRunner.Failure noted(ScriptRunner.Failure f) {
        return FlywaySchemasNote.of(f, config).map(f::withNote).orElse(f);
    }

    /**
     * {@link #run(Connection, ScriptRunner.Session, MigrationFile)} statement by statement, each one through the observer
     * (see {@link ScriptRunner#runObserved(Connection, ScriptRunner.Session, MigrationFile, Map, ScriptRunner.Observer)}).
     */
    public ScriptRunner.Applied run(Connection connection, ScriptRunner.Session session, MigrationFile file,
            ScriptRunner.Observer observer) {
        try {
            if (file.isJava()) {
                // code, not statements: nothing to observe one by one
                return runJava(connection, session, file, List.of(), List.of(), false);
            }
            return ScriptRunner.runObserved(connection, session, file, config.placeholders(), observer);
        } catch (ScriptRunner.Failure f) {
            throw noted(f);
        }
    }

    /** A script's text as it runs on {@code session}: placeholders replaced where its settings say, built-in ones too. */
    public String text(MigrationFile f, ScriptRunner.Session session) {
        return ScriptRunner.text(f, config.placeholders(), session);
    }

    List<String> runScripts(DataSource dataSource, MigrationWatch watch) {
        List<String> notices = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            int pid = MigrationWatch.backendPid(c);
            ScriptRunner.Session session = session(c, dataSource);
            for (MigrationFile script : scripts) {
                watch.begin(script.fileName(), text(script, session), pid);
                try {
                    notices.addAll(run(c, session, script));
                } finally {
                    watch.end();
                }
            }
        } catch (SQLException e) {
            throw new SchemaVerifyException("Could not connect to run the scripts: " + e.getMessage(), e);
        }
        return notices;
    }
}
