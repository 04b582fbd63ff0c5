package io.github.schemaverify.internal.db;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.github.schemaverify.internal.SchemaVerifyException;
import io.github.schemaverify.internal.server.PgServer;

/**
 * Creates and drops the {@code sv_*} databases of one server: templates built once per configuration hash (under an
 * advisory lock that also holds across JVMs), clones per test, empty databases for round trips.
 *
 * <p>Cross-JVM protocol: every JVM that uses template T holds a shared advisory lock on T's key for as long as it runs;
 * builders take the exclusive "build" lock first; whoever can take T's key exclusively at the end is the last user
 * and drops T. So a template is never dropped under another JVM's feet, and never left behind on an external server.
 */
public final class DatabaseManager implements AutoCloseable {
    private static final long BUILD_NAMESPACE = 0x5356_4255_494c_4400L; // "SVBUILD\0"

    private final PgServer server;
    private final Connection admin;
    private final boolean fileCopy;
    private final int serverVersion;
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong createdCount = new java.util.concurrent.atomic.AtomicLong();
    private final Set<String> templatesInUse = new LinkedHashSet<>();
    private final ConcurrentHashMap<String, Object> buildLocks = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Memo<java.util.Optional<String>>> templateChecks = new ConcurrentHashMap<>();

    public DatabaseManager(PgServer server) {
        this.server = server;
        try {
            this.admin = server.connect(server.maintenanceDatabase());
            this.admin.setAutoCommit(true);
            this.serverVersion = admin.getMetaData().getDatabaseMajorVersion() * 10000 + admin.getMetaData().getDatabaseMinorVersion();
            this.fileCopy = serverVersion >= 150000;
        } catch (SQLException e) {
            throw new SchemaVerifyException("Could not open an administration connection to " + server.describe() + ": "
                    + e.getMessage(), e);
        }
    }

    public PgServer server() {
        return server;
    }

    public int serverVersionNum() {
        return serverVersion;
    }

    /**
     * Returns the name of the template for {@code hash}, building it with {@code build} when no complete one exists.
     * A build that throws leaves no database behind.
     */
    public String template(String hash, Consumer<String> build) {
        String name = "sv_tpl_" + hash.substring(0, 16);
        long key = ByteBuffer.wrap(HexFormat.of().parseHex(hash.substring(0, 16))).getLong();
        synchronized (buildLocks.computeIfAbsent(name, n -> new Object())) {
            synchronized (this) {
                if (templatesInUse.contains(name)) {
                    return name;
                }
            }
            try (Connection buildLock = lock(BUILD_NAMESPACE ^ key)) {
                synchronized (this) {
                    execute("SELECT pg_advisory_lock_shared(" + key + ")");
                    templatesInUse.add(name);
                }
                Boolean complete = isTemplate(name);
                if (Boolean.TRUE.equals(complete)) {
                    return name;
                }
                if (complete != null) {
                    dropDatabase(name); // left half-built by a JVM that died
                }
                execute("CREATE DATABASE " + name + " TEMPLATE template0");
                createdCount.incrementAndGet();
                try {
                    build.accept(name);
                    execute("ALTER DATABASE " + name + " WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
                } catch (RuntimeException | Error e) {
                    dropDatabase(name);
                    synchronized (this) {
                        templatesInUse.remove(name);
                        execute("SELECT pg_advisory_unlock_shared(" + key + ")");
                    }
                    throw e;
                }
                return name;
            } catch (SQLException e) {
                throw new SchemaVerifyException("Releasing the build lock on " + server.describe() + " failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Fails with a message naming the extension, the migration that creates it and how to get it, when the server
     * does not offer an extension the migrations create. SchemaVerify never creates extensions itself.
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
                throw new SchemaVerifyException("Reading pg_available_extensions on " + server.describe() + " failed: " + e.getMessage(), e);
            }
        }
        for (var e : required.entrySet()) {
            if (!available.contains(e.getKey())) {
                String how = e.getKey().equals("vector")
                        ? "Install pgvector for this server (Debian/Ubuntu: apt-get install postgresql-<major>-pgvector; from source:"
                        + " make && make install against its pg_config), or use the pgvector/pgvector image."
                        : "Install the extension's package for this server, or choose a server or image that has it.";
                throw new SchemaVerifyException("Extension \"" + e.getKey() + "\" is not available on " + server.describe()
                        + ", and " + e.getValue() + " creates it. " + how);
            }
        }
    }

    /**
     * A check whose answer is the same for every clone of a template (its catalog is a copy): run once, on the first
     * clone that asks, and remembered. Empty means passed; otherwise the failure.
     */
    public java.util.Optional<String> templateCheck(String template, String check, java.util.function.Supplier<java.util.Optional<String>> run) {
        return templateChecks.computeIfAbsent(template + "|" + check, k -> new Memo<>(run)).get();
    }

    /** {@code CREATE DATABASE sv_<random> TEMPLATE <template>} ({@code STRATEGY FILE_COPY} on PostgreSQL 15+). */
    public String cloneOf(String template) {
        return create(" TEMPLATE " + template + (fileCopy ? " STRATEGY FILE_COPY" : ""));
    }

    /** An empty database (from {@code template0}), for walks that start before the first migration. */
    public String empty() {
        return create(" TEMPLATE template0");
    }

    /** How many databases this manager created: clones, empty ones and templates. */
    public long databasesCreated() {
        return createdCount.get();
    }

    /** Creates an sv_ database and remembers it as ours, so only it can be dropped. */
    private String create(String templateClause) {
        String name = newName();
        created.add(name);
        try {
            execute("CREATE DATABASE " + name + templateClause);
            createdCount.incrementAndGet();
        } catch (RuntimeException e) {
            created.remove(name);
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
        execute("DROP DATABASE IF EXISTS " + name + (serverVersion >= 130000 ? " WITH (FORCE)" : ""));
    }

    private String newName() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return "sv_" + HexFormat.of().formatHex(b);
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
        try {
            Connection c = server.connect(server.maintenanceDatabase());
            try (Statement st = c.createStatement()) {
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

    private synchronized void execute(String sql) {
        try (Statement st = admin.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new SchemaVerifyException(sql.split(" ")[0] + " on " + server.describe() + " failed: " + e.getMessage()
                    + " [" + sql + "]", e);
        }
    }

    /** Drops what is left of this JVM's databases, and the templates no other JVM still uses. */
    @Override
    public void close() {
        try {
            if (!server.ephemeral()) {
                for (String name : Set.copyOf(created)) {
                    drop(name);
                }
                for (String template : templatesInUse) {
                    long key = ByteBuffer.wrap(HexFormat.of().parseHex(template.substring("sv_tpl_".length()))).getLong();
                    execute("SELECT pg_advisory_unlock_shared(" + key + ")");
                    try (Connection buildLock = lock(BUILD_NAMESPACE ^ key)) {
                        boolean last;
                        try (Statement st = admin.createStatement();
                             ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + key + ")")) {
                            rs.next();
                            last = rs.getBoolean(1);
                        }
                        if (last) {
                            execute("ALTER DATABASE " + template + " WITH IS_TEMPLATE false");
                            dropDatabase(template);
                            execute("SELECT pg_advisory_unlock(" + key + ")");
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new SchemaVerifyException("Cleaning up on " + server.describe() + " failed: " + e.getMessage(), e);
        } finally {
            try {
                admin.close();
            } catch (SQLException ignored) {
                // closing
            }
        }
    }
}
