package io.github.schemaverify.internal.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Removes, on a shared server, the databases that runs which died without cleaning up left behind (kill -9, SIGTERM
 * during a build, a cancelled CI job, a lost host), and nothing else:
 * <ul>
 * <li>a per-test or walk database ({@code sv_<token>_<random>}) when no session on the server holds its run's token,
 * and its name is {@linkplain RunToken#sealed sealed}, whatever its comment (a migration run in it, or in the template
 * it copies, writes its own: {@code COMMENT ON DATABASE ${flyway:database} IS '...'}); or, named by an earlier version,
 * its comment names that same run, or is absent (its CREATE finished after the run died);</li>
 * <li>a template ({@code sv_tpl_<16 hex>}) whose name is sealed, or whose comment is SchemaVerify's, when nobody builds
 * it (its build lock is free) and no run uses it (its key can be taken exclusively): the same test its last user
 * makes;</li>
 * <li>a cached template ({@code sv_cache_<16 hex>}) left half-built (not yet a template), sealed or with SchemaVerify's
 * cache comment, on the same test as a template: its builder died.</li>
 * </ul>
 * Only databases this role may drop are considered. Complete cached templates (migrated templates and the bases of
 * round trips that start at a later revision) are not leftovers: they are kept between runs on purpose, and the run
 * that uses one drops the least recently used beyond the bound ({@code DatabaseManager.cachedTemplate}). Databases of
 * other names ({@code sv_mine}, or an earlier version's {@code sv_<16 hex>}), and databases of these forms that are
 * neither sealed nor commented by SchemaVerify (a person's, but for one in 65536; an earlier version's template, whose
 * locks may live in another database) are never touched.
 */
final class Leftovers {
    private final Connection admin;
    private final RunToken own;
    private final String dropSuffix;
    private final Consumer<String> console;
    private final String where;

    Leftovers(Connection admin, RunToken own, int serverVersion, Consumer<String> console, String where) {
        this.admin = admin;
        this.own = own;
        this.dropSuffix = serverVersion >= 130000 ? " WITH (FORCE)" : "";
        this.console = console;
        this.where = where;
    }

    /** Drops the dead runs' databases; returns their names. Never throws: what fails is named on the console. */
    List<String> reap() {
        List<String> dropped = new ArrayList<>();
        try {
            Set<Long> alive = heldTokens();
            alive.remove((long) own.value()); // a dead run that had our token left them: we hold it now, they are not ours
            for (Candidate c : candidates()) {
                Optional<Integer> token = RunToken.of(c.name());
                boolean ours = RunToken.sealed(c.name()) || (token.isPresent()
                        ? c.comment() == null || c.comment().startsWith(RunToken.COMMENT_PREFIX + String.format("%08x", token.get()))
                        : c.comment() != null && (c.comment().startsWith(RunToken.TEMPLATE_COMMENT_PREFIX)
                        || c.comment().startsWith(DatabaseManager.CACHE_COMMENT_PREFIX))); // a cache: half-built, see candidates()
                boolean dead = ours && (token.isEmpty() || !alive.contains((long) token.get()));
                if (!dead) {
                    continue;
                }
                try {
                    if (token.isPresent() ? dropDatabase(c.name()) : dropUnusedTemplate(c.name())) {
                        dropped.add(c.name());
                    }
                } catch (SQLException e) {
                    console.accept("SchemaVerify: could not remove " + c.name() + ", left on " + where + " by a run that"
                            + " ended without cleaning up (" + e.getMessage() + "); it is tried again on the next run.");
                }
            }
        } catch (SQLException e) {
            console.accept("SchemaVerify: could not look for databases that ended runs left on " + where + " ("
                    + e.getMessage() + "); they are looked for again on the next run.");
        }
        return dropped;
    }

    private record Candidate(String name, String comment) {
    }

    private List<Candidate> candidates() throws SQLException {
        List<Candidate> found = new ArrayList<>();
        try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery("SELECT datname,"
                + " shobj_description(oid, 'pg_database') FROM pg_database"
                + " WHERE (datname ~ '^" + RunToken.DATABASE.pattern() + "$' OR datname ~ '^" + RunToken.TEMPLATE.pattern() + "$'"
                + " OR (datname ~ '^" + DatabaseManager.CACHE_PREFIX + "[0-9a-f]{16}$' AND NOT datistemplate))"
                + " AND pg_has_role(datdba, 'USAGE') ORDER BY datname")) {
            while (rs.next()) {
                found.add(new Candidate(rs.getString(1), rs.getString(2)));
            }
        }
        return found;
    }

    /** The run tokens some session on the server holds, whatever database it is connected to. */
    private Set<Long> heldTokens() throws SQLException {
        Set<Long> held = new HashSet<>();
        try (PreparedStatement ps = admin.prepareStatement("SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory'"
                + " AND classid::bigint = ? AND objsubid = 2 AND granted")) {
            ps.setLong(1, RunToken.RUN_CLASS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    held.add(rs.getLong(1));
                }
            }
        }
        return held;
    }

    private boolean dropDatabase(String name) throws SQLException {
        try (Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + dropSuffix);
        }
        return true;
    }

    private boolean dropUnusedTemplate(String name) throws SQLException {
        // a kept template is a leftover only while half-built: it may have been completed since it was found
        return dropIfUnused(admin, name, dropSuffix, name.startsWith(DatabaseManager.CACHE_PREFIX));
    }

    /**
     * Drops a template ({@code sv_tpl_} or a cached {@code sv_cache_}) when nobody builds it and no other session uses
     * it, with the last-user test of {@link DatabaseManager}: a free build lock, and the key free of every other session
     * (the caller's own session must not hold it). Returns whether it was dropped.
     */
    static boolean dropIfUnused(Connection admin, String name, int serverVersion) throws SQLException {
        return dropIfUnused(admin, name, serverVersion >= 130000 ? " WITH (FORCE)" : "", false);
    }

    private static boolean dropIfUnused(Connection admin, String name, String dropSuffix, boolean halfBuiltOnly)
            throws SQLException {
        long key = DatabaseManager.key(name);
        try (Statement st = admin.createStatement()) {
            if (!tryLock(st, DatabaseManager.BUILD_NAMESPACE ^ key)) {
                return false;
            }
            try {
                if (!tryLock(st, key)) {
                    return false;
                }
                try {
                    boolean isTemplate;
                    try (ResultSet rs = st.executeQuery("SELECT datistemplate FROM pg_database WHERE datname = '" + name + "'")) {
                        if (!rs.next()) {
                            return false; // gone meanwhile
                        }
                        isTemplate = rs.getBoolean(1);
                    }
                    if (isTemplate && name.startsWith(DatabaseManager.CACHE_PREFIX) && halfBuiltOnly) {
                        return false; // completed since it was found half-built: kept between runs, not a leftover
                    }
                    if (isTemplate) {
                        st.execute("ALTER DATABASE " + name + " WITH IS_TEMPLATE false");
                    }
                    st.execute("DROP DATABASE IF EXISTS " + name + dropSuffix);
                    return true;
                } finally {
                    st.execute("SELECT pg_advisory_unlock(" + key + ")");
                }
            } finally {
                st.execute("SELECT pg_advisory_unlock(" + (DatabaseManager.BUILD_NAMESPACE ^ key) + ")");
            }
        }
    }

    private static boolean tryLock(Statement st, long key) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + key + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
