package io.github.schemaverify.internal.verify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.internal.catalog.CatalogImage;
import io.github.schemaverify.internal.catalog.CatalogReader;
import io.github.schemaverify.internal.catalog.CatalogTracker;
import io.github.schemaverify.internal.catalog.ImageCodec;
import io.github.schemaverify.internal.catalog.SessionStart;
import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.migration.MigrationSource;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.Table;

/**
 * The base of a walk that starts at a later revision, prepared for walking, when templates are kept between runs: a
 * copy of the {@linkplain WalkBase base} prepared as the walk prepares its database (SchemaVerify's DDL log installed,
 * a row generated in each table) with the reading of its schema kept in it, as a template kept beside the base. A later
 * run (the developer's next try of the revision they are writing) copies it and walks at once, where it would otherwise
 * prepare and read a copy of the base again.
 *
 * <p>Its name covers the base's, the schemas read, whether roles are read, and this build of SchemaVerify (the reading
 * and the rows come from its code). A copy whose log is not where the kept reading left it (a crash recovery emptied
 * the log's unlogged tables, say) is not walked: the walk then starts on a copy of the base as it does without this
 * template, and the run drops it when done with it, for the next run to prepare again. Where a role changed on the
 * server since the reading was kept (owners, privileges and policies name roles), the copy is read in full instead.
 */
final class PreparedBase {
    private static final String PURPOSE = "schemaverify round-trip start 1";
    /**
     * The session settings that decide what a reading returns ({@link SessionStart#OUTPUT}: a {@code timestamptz} in the
     * session's time zone, a default or a partition bound of one, intervals, floats, bytea, money, XML, the rows row
     * security lets through): the JVM's time zone sets the session's, the server's configuration the others.
     */
    private static final String SETTINGS = "concat_ws('|', " + SessionStart.OUTPUT.stream()
            .map(s -> "current_setting('" + s + "')").collect(Collectors.joining(", ")) + ")";

    private final DatabaseManager manager;
    private final CatalogReader reader;
    private final CatalogTracker.Mode mode;
    private final String baseHash;
    private final ScriptMentions mentions;
    private final String applied;
    private final String what;

    /**
     * @param baseHash the base's hash ({@link WalkBase#hash()})
     * @param mentions what the chain's scripts say of columns, which the rows generated in the base follow
     * @param applied  the version of the base's last migration (null for an empty base)
     * @param what     what the base holds, for the template's comment
     */
    PreparedBase(DatabaseManager manager, CatalogReader reader, CatalogTracker.Mode mode, String baseHash,
            ScriptMentions mentions, String applied, String what) {
        this.manager = manager;
        this.reader = reader;
        this.mode = mode;
        this.baseHash = baseHash;
        this.mentions = mentions;
        this.applied = applied;
        this.what = what;
    }

    /**
     * Whether a walk can start on such a template: it is kept between runs beside its base (a bound of 1 would drop
     * one of the two in every run), and read through the DDL log (which only a superuser installs: {@link #template}
     * asks).
     */
    static boolean applies(DatabaseManager manager, CatalogTracker.Mode mode, boolean seedRows) {
        return manager.templatesKept() >= 2 && mode != CatalogTracker.Mode.FULL && seedRows;
    }

    String hash() {
        MessageDigest digest = MigrationSource.sha256();
        digest.update((PURPOSE + "|" + baseHash + "|" + ImageCodec.FORMAT + "|" + ImageCodec.build() + "|" + reader.schemas()
                + "|roles " + reader.readsRoles() + "|documents " + mentions.key()).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The template, built now as a copy of {@code base} unless a complete one exists on the server; empty when the role
     * cannot install the DDL log.
     */
    Optional<DatabaseManager.Cached> template(DatabaseManager.Cached base) {
        if (!manager.superuser()) {
            return Optional.empty();
        }
        return Optional.of(manager.cachedTemplate(hash(), "the base of a round trip prepared for walking, " + what + ", a row"
                + " in each table, its schema read", base.name(), this::build));
    }

    private void build(String database) {
        try (Connection c = manager.server().connect(database, Map.of("flushCacheOnDdl", "false"))) {
            CatalogTracker tracker = CatalogTracker.start(reader, c, database, mode);
            if (!tracker.incremental()) {
                // no log: a copy holds no kept reading, and the walk starts on a copy of the base instead
                throw new SchemaVerifyException("Preparing the base for walking in " + database + " failed: "
                        + tracker.describe());
            }
            execute(c, "CREATE TABLE schemaverify_walk.kept (image bytea NOT NULL, rows bytea NOT NULL, settings text NOT NULL,"
                    + " seeded text[] NOT NULL)");
            CatalogImage image = tracker.full();
            SchemaSnapshot at = image.snapshot();
            List<String> tables = at.tables().stream().filter(t -> t.partitionOf().isEmpty()).map(Table::qualifiedName).toList();
            List<String> seeded = new RowSeeder(at, mentions, applied).seed(c, tables).seeded();
            image = tracker.read(image); // where the log is now (rows alone change nothing in it)
            // the rows the walk reads before its first revision, as it would read them
            Map<TableRows.Projection, TableRows.Rows> rows = TableRows.fetch(c, RoundTripWalk.projections(image.snapshot(),
                    image.snapshot()), reader.sessionStart());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO schemaverify_walk.kept VALUES (?, ?, " + SETTINGS + ", ?)")) {
                ps.setBytes(1, ImageCodec.encode(image));
                ps.setBytes(2, ImageCodec.encodeValue(rows));
                ps.setArray(3, c.createArrayOf("text", seeded.toArray()));
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new SchemaVerifyException("Preparing the base for walking in " + database + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The tracker of a copy of the template, its first reading (the kept one, unless roles changed on the server since)
     * and its tables' rows as kept: empty when the copy's log is not where the kept reading left it, or it holds nothing
     * this build reads.
     */
    Optional<Start> resume(Connection c, String database, String template) {
        byte[] imageBytes;
        byte[] rowBytes;
        boolean logKept;
        boolean sameSettings;
        List<String> seeded;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT image, rows, (SELECT count(*) = 1 FROM"
                + " schemaverify_walk.config), settings = " + SETTINGS + ", seeded FROM schemaverify_walk.kept")) {
            if (!rs.next()) {
                return Optional.empty();
            }
            imageBytes = rs.getBytes(1);
            rowBytes = rs.getBytes(2);
            logKept = rs.getBoolean(3);
            sameSettings = rs.getBoolean(4);
            seeded = List.of((String[]) rs.getArray(5).getArray());
        } catch (SQLException e) {
            return Optional.empty(); // built without a log
        }
        if (!sameSettings) {
            // values read as text in another time zone (or style): the copy is read in full, its rows read again
            return CatalogTracker.resume(reader, c, database, mode, () -> null, logKept, "").map(r -> new Start(r, Map.of(),
                    seeded));
        }
        // decoded while the copy's log is read (in a cold JVM each takes tens of milliseconds)
        CompletableFuture<CatalogImage> image = CompletableFuture.supplyAsync(() -> ImageCodec.decode(imageBytes), r -> {
            Thread t = new Thread(r, "schemaverify-decode");
            t.setDaemon(true);
            t.start();
        });
        CompletableFuture<Map<TableRows.Projection, TableRows.Rows>> rows = image.thenApply(i -> decodeRows(rowBytes));
        return CatalogTracker.resume(reader, c, database, mode, () -> join(image), logKept, "the template " + template)
                .flatMap(r -> {
                    try {
                        return Optional.of(new Start(r, join(rows), seeded));
                    } catch (IllegalArgumentException undecodable) {
                        return Optional.empty();
                    }
                });
    }

    @SuppressWarnings("unchecked")
    private static Map<TableRows.Projection, TableRows.Rows> decodeRows(byte[] bytes) {
        return ImageCodec.decode(bytes, Map.class, "the rows of tables");
    }

    /** The value, or the {@link IllegalArgumentException} of bytes that hold none, as decoding on this thread would. */
    private static <T> T join(CompletableFuture<T> decoding) {
        try {
            return decoding.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** A copy's tracker and first reading, the rows its tables hold, and the tables given rows the walk generated. */
    record Start(CatalogTracker.Resumed resumed, Map<TableRows.Projection, TableRows.Rows> rows, List<String> seeded) {
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
