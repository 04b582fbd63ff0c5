package io.github.schemaverify.internal.db;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.github.schemaverify.Engine;
import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.ServerMode;
import io.github.schemaverify.internal.config.ServerSettings;
import io.github.schemaverify.internal.migration.MigrationPlan;
import io.github.schemaverify.internal.migration.MigrationWatch;
import io.github.schemaverify.internal.server.PgServer;
import io.github.schemaverify.internal.server.Servers;

/**
 * The run-wide resources: one server per server configuration and one template per (server, migration hash), each
 * created once by the first test that needs it. Lives in JUnit's root store, which closes it after the run.
 */
public final class Provisioner implements AutoCloseable {
    private final ConcurrentHashMap<String, Memo<DatabaseManager>> servers = new ConcurrentHashMap<>();
    /** AUTO is decided once per run, per server settings: probing Docker and searching binaries cost time. */
    private final ConcurrentHashMap<ServerSettings, Memo<Servers.Choice>> choices = new ConcurrentHashMap<>();
    private final List<String> used = java.util.Collections.synchronizedList(new ArrayList<>());
    private final ConcurrentHashMap<String, Memo<String>> templates = new ConcurrentHashMap<>();
    private final Consumer<String> console;
    private final int clonesAhead;
    private final int templateCache;

    /** Progress lines go to standard output; warnings of the database managers to standard error. */
    public Provisioner() {
        this(System.out::println, 0);
    }

    /**
     * A provisioner whose progress lines go to {@code console}, keeping {@code clonesAhead} clones of each template
     * ready (0: none).
     */
    public Provisioner(Consumer<String> console, int clonesAhead) {
        this(console, clonesAhead, 0);
    }

    /**
     * As {@link #Provisioner(Consumer, int)}, keeping up to {@code templateCache} cached templates per role on servers that
     * outlive the run (see {@link DatabaseManager#cachedTemplate}). A template's build is Flyway's work, not SchemaVerify's:
     * it runs outside the run's compiler window, since Flyway's parser is what C2 pays for there (a 200-revision template
     * migrated about 0.2 s faster with C2 at work, docs/benchmarks.md, the forty-sixth session).
     */
    public Provisioner(Consumer<String> console, int clonesAhead, int templateCache) {
        this.console = console;
        this.clonesAhead = clonesAhead;
        this.templateCache = templateCache;
    }

    /** Where progress lines go. */
    public Consumer<String> console() {
        return console;
    }

    /** The database manager of the server these settings choose, starting the server on first use. */
    public DatabaseManager manager(ServerSettings settings) {
        Servers.Choice choice = choices.computeIfAbsent(settings, s -> new Memo<>(() -> Servers.choose(s, System.getenv())))
                .get();
        ServerMode mode = choice.mode();
        String key = switch (mode) {
            case EXTERNAL -> "external|" + settings.url().orElse("") + "|" + settings.user().orElse("") + "|"
                    + Integer.toHexString(settings.password().orElse("").hashCode());
            case CONTAINER -> "container|" + settings.image();
            case LOCAL -> "local|" + settings.pgBin().orElse("") + "|" + settings.osUser() + "|" + settings.workDir().orElse("")
                    + "|" + settings.keep();
            case AUTO, DEFAULT -> throw new IllegalStateException();
        };
        ServerSettings chosen = new ServerSettings(mode, settings.image(), settings.url(), settings.user(), settings.password(),
                settings.pgBin(), settings.osUser(), settings.progress(), settings.statementTimeout(), settings.workDir(),
                settings.keep());
        return servers.computeIfAbsent(key, k -> new Memo<>(() -> {
            if (settings.keep() != ServerSettings.Keep.NO && mode != ServerMode.LOCAL) {
                console.accept("SchemaVerify: " + MigratedDatabase.PG_KEEP_PROPERTY + " keeps LOCAL clusters only; this run"
                        + " uses " + mode + " (" + choice.reason() + "), so nothing is kept by it. Set "
                        + MigratedDatabase.SERVER_PROPERTY + "=LOCAL to keep one.");
            }
            PgServer server = Servers.start(mode, chosen, console);
            try {
                DatabaseManager manager = new DatabaseManager(server);
                manager.clonesAhead(clonesAhead);
                manager.templateCache(templateCache);
                used.add(manager.describeVersions() + " (" + choice.reason() + ")");
                return manager;
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        })).get();
    }

    /**
     * The servers this run used, one line each: mode, PostgreSQL and pgvector versions, where, and why (what AUTO
     * found, or who chose the mode).
     */
    public List<String> servers() {
        synchronized (used) {
            return List.copyOf(used);
        }
    }

    /**
     * The template for the plan on this manager's server, migrated on first use: watched (progress lines every
     * {@code schemaverify.progress}), and with {@code schemaverify.statementTimeout} set on the migrating sessions.
     */
    public String template(DatabaseManager manager, MigrationPlan plan) {
        String key = System.identityHashCode(manager) + "|" + plan.hash();
        ServerSettings settings = plan.config().server();
        return templates.computeIfAbsent(key, k -> new Memo<>(() -> {
            manager.requireExtensions(plan.requiredExtensions());
            Consumer<String> build = name -> {
                try (MigrationWatch watch = new MigrationWatch(() -> manager.server().connect(manager.lockDatabase()),
                        settings.progress(), settings.statementTimeout(), console)) {
                    plan.migrate(SimpleDataSource.forMigrations(manager.server(), name, settings.statementTimeout()), watch);
                }
            };
            if (manager.server().ephemeral() || templateCache == 0) {
                if (templateCache == 0 && !manager.server().ephemeral()) {
                    manager.dropCachedTemplates(); // 0 keeps none: the ones earlier runs kept go
                }
                return manager.template(plan.hash(), build); // this run's own, gone when its last user ends
            }
            // what tells two kept templates of one project apart: locations, target, placeholders (their names only: a
            // value may be a password) and schemas
            String what = "migrated: " + String.join(", ", plan.config().engine() == Engine.FLYWAY
                    ? plan.config().locations() : plan.config().scripts())
                    + (plan.config().targetsLatest() ? "" : " up to " + plan.config().target())
                    + (plan.config().placeholders().isEmpty() ? "" : ", placeholders "
                    + String.join(", ", plan.config().placeholders().keySet()))
                    + (plan.config().schemas().equals(List.of("public")) ? "" : ", schemas " + String.join(", ",
                    plan.config().schemas()));
            DatabaseManager.Cached cached = manager.cachedTemplate(plan.hash(), what, build);
            if (!cached.built()) {
                console.accept("SchemaVerify: cloning the template " + cached.name() + " that another run built and kept (" + what
                        + "; the same files, settings and server versions); " + MigratedDatabase.TEMPLATE_CACHE_PROPERTY
                        + "=0 builds one in every run.");
            }
            return cached.name();
        })).get();
    }

    /** How many {@code sv_*} databases the run has created on every server (templates, clones, walks). */
    public long databasesCreated() {
        long sum = 0;
        for (Memo<DatabaseManager> memo : servers.values()) {
            if (memo.succeeded()) {
                sum += memo.get().databasesCreated();
            }
        }
        return sum;
    }

    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (Memo<DatabaseManager> memo : servers.values()) {
            if (!memo.succeeded()) {
                continue;
            }
            DatabaseManager manager = memo.get();
            try {
                manager.close();
            } catch (RuntimeException e) {
                failures.add(e);
            } finally {
                manager.server().close();
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }
}
