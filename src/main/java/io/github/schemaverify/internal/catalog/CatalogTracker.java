package io.github.schemaverify.internal.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.diff.SchemaDiff;

/**
 * Snapshots of one database that SchemaVerify changes step by step (the round trip's), read incrementally: after
 * the first full reading, each reading asks the {@link DdlLog} which roots changed since the image it starts from
 * and reads only those again. Changes that no DDL command reports are caught here: roles and their memberships
 * (owners, privileges and policies name roles; a round trip on a server SchemaVerify owns reads them) and event
 * triggers (their DDL fires no event trigger) make a reading a full one; a detached partition (logged on its parent
 * only) is read again with it.
 *
 * <p>Each reading also tells what changed since the image it starts from in a schema that no reading reads
 * ({@link #unread()}): a migration that creates a table in a schema the settings do not name changes nothing any
 * snapshot shows, and a comparison of snapshots would pass it whatever its undo does. The log names what each command
 * did there; without the log, each reading lists the objects of those schemas and compares the list with the one of
 * the image it starts from.
 *
 * <p>Falls back to full readings, for good, when the log cannot be installed (no superuser) or stops being intact
 * (its triggers dropped or disabled), and for one reading when the log says "read everything".
 */
public final class CatalogTracker {

    /** How snapshots are read; property {@value #PROPERTY}. */
    public enum Mode {
        /** Read again only what DDL changed (the default). */
        INCREMENTAL,
        /** Read everything every time. */
        FULL,
        /** Read incrementally and check each reading against a full one; for SchemaVerify's own tests. */
        CHECKED;

        /** The mode named by a property value; the error names the values. */
        public static Mode parse(String value, String source) {
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new SchemaVerifyException(source + " is \"" + value + "\", which is not a snapshot mode: use incremental"
                        + " (the default), full or checked.");
            }
        }
    }

    /** The property that sets the {@link Mode}: {@value}. */
    public static final String PROPERTY = io.github.schemaverify.VerifyRoundTrip.SNAPSHOTS_PROPERTY;

    private final CatalogReader reader;
    private final Connection connection;
    private final String database;
    private Mode mode;
    private String fullReason = "";
    private int fullReadings;
    private int partialReadings;
    private String keptWith = "";
    private Map<String, List<String>> unread = Map.of();
    /** Without the log: the objects in schemas no reading reads, listed at each of the last readings. */
    private final Deque<Listing> listings = new ArrayDeque<>();

    /** The list taken with an image; looked up by the image's identity (an image's equality reads all of it). */
    private record Listing(CatalogImage image, Set<String> objects) {
    }

    private CatalogTracker(CatalogReader reader, Connection connection, String database, Mode mode) {
        this.reader = reader;
        this.connection = connection;
        this.database = database;
        this.mode = mode;
    }

    /**
     * A tracker for a database SchemaVerify created for itself and has changed nothing in yet; installs the log
     * unless the mode is {@link Mode#FULL}.
     */
    public static CatalogTracker start(CatalogReader reader, Connection connection, String database, Mode mode) {
        CatalogTracker tracker = new CatalogTracker(reader, connection, database, mode);
        if (mode != Mode.FULL) {
            try {
                Optional<String> why = DdlLog.install(connection, reader.schemas());
                if (why.isPresent()) {
                    tracker.mode = Mode.FULL;
                    tracker.fullReason = why.get();
                }
            } catch (SQLException e) {
                throw failure("Preparing " + database + " for the round trip failed: " + e.getMessage(), e);
            }
        }
        return tracker;
    }

    /** A tracker for a copy, and its first reading. */
    public record Resumed(CatalogTracker tracker, CatalogImage first) {
    }

    /**
     * A tracker for a copy of a database that {@link #start} prepared and then read into {@code image}, kept with it
     * (the round trip's prepared base), when the copy's log is just where the image left it: installed and intact, at
     * the image's position, and {@code logKept} (the log's own rows survived: they are unlogged, and a server's crash
     * recovery empties them). Empty when not: the copy is then not to be walked. The image is the first reading when
     * no role, membership or event trigger changed on the server since it was read; else (or with a null image: one that
     * does not hold for this session) a full reading is.
     *
     * @param kept the image, asked for once the log is read, so that the caller may decode it meanwhile; an
     *             {@link IllegalArgumentException} from it (bytes that hold no image) leaves the copy unwalked
     * @param keptWith what kept the image, for {@link #describe()}: {@code the template sv_cache_...}
     */
    public static Optional<Resumed> resume(CatalogReader reader, Connection connection, String database, Mode mode,
            Supplier<CatalogImage> kept, boolean logKept, String keptWith) {
        if (mode == Mode.FULL || !logKept) {
            return Optional.empty();
        }
        DdlLog.Changes now;
        try {
            now = DdlLog.since(connection, reader.sessionStart(), Long.MAX_VALUE);
        } catch (SQLException e) {
            return Optional.empty(); // no log in it
        }
        CatalogImage image;
        try {
            image = kept.get(); // asked for only now: the caller may decode it meanwhile
        } catch (IllegalArgumentException undecodable) {
            return Optional.empty();
        }
        if (!now.intact() || image != null && (image.position() < 0 || now.position() != image.position())) {
            return Optional.empty();
        }
        CatalogTracker tracker = new CatalogTracker(reader, connection, database, mode);
        if (image == null || !now.facts().equals(image.facts())) {
            return Optional.of(new Resumed(tracker, tracker.full()));
        }
        tracker.keptWith = keptWith;
        if (mode == Mode.CHECKED) {
            try {
                SchemaDiff diff = SchemaDiff.between(reader.read(connection), image.snapshot());
                if (!diff.isEmpty()) {
                    throw new SchemaVerifyException("The reading of " + database + " kept with " + keptWith + " differs from a full"
                            + " reading (- only in the full reading, + only in the kept one):\n" + diff.render("  ")
                            + "This is a defect in SchemaVerify: set " + MigratedDatabase.TEMPLATE_CACHE_PROPERTY + "=0 to work"
                            + " around it, and report it.");
                }
            } catch (SQLException e) {
                throw failure("Reading the schema of " + database + " failed: " + e.getMessage(), e);
            }
        }
        return Optional.of(new Resumed(tracker, image));
    }

    /** Counts the readings of a tracker this one replaces (a walk that starts over on a new database), as its own. */
    public CatalogTracker counting(CatalogTracker previous) {
        if (previous != null) {
            fullReadings += previous.fullReadings;
            partialReadings += previous.partialReadings;
            keptWith = previous.keptWith;
        }
        return this;
    }

    /** The mode in effect, and why it fell back to full readings if it did. */
    public String describe() {
        return mode.name().toLowerCase(Locale.ROOT) + (fullReason.isEmpty() ? "" : " (" + fullReason + ")") + ", "
                + partialReadings + " partial and " + fullReadings + " full readings"
                + (keptWith.isEmpty() ? "" : ", the first reading kept with " + keptWith);
    }

    /** True while readings are incremental (the log is installed and intact). */
    public boolean incremental() {
        return mode != Mode.FULL;
    }

    /**
     * What changed, since the image the last reading started from, in schemas that no reading reads, by schema: one
     * line per object, {@code + table audit.log} (created), {@code ~ ...} (changed, or moved there;
     * with the log only) or {@code - ...} (dropped). Empty after a full reading that started from no image.
     */
    public Map<String, List<String>> unread() {
        return unread;
    }

    /** A full reading, whatever the mode. */
    public CatalogImage full() {
        unread = Map.of();
        return full(null);
    }

    private CatalogImage full(CatalogImage since) {
        try {
            long position = -1;
            CatalogImage.Facts facts = CatalogImage.Facts.NONE;
            if (mode != Mode.FULL) {
                DdlLog.Changes now = DdlLog.since(connection, reader.sessionStart(), Long.MAX_VALUE);
                position = now.position();
                facts = now.facts();
            }
            fullReadings++;
            CatalogImage image = reader.readImage(connection, position, facts);
            if (mode == Mode.FULL) {
                listUnread(since, image);
            }
            return image;
        } catch (SQLException e) {
            throw failure("Reading the schema of " + database + " failed: " + e.getMessage(), e);
        }
    }

    /** The schema now, read from {@code since} on: only the roots changed after it, when the log allows. */
    public CatalogImage read(CatalogImage since) {
        unread = Map.of();
        if (mode == Mode.FULL || since == null || since.position() < 0) {
            return full(since);
        }
        try {
            DdlLog.Changes changes = DdlLog.since(connection, reader.sessionStart(), since.position());
            if (!changes.intact()) {
                mode = Mode.FULL;
                fullReason = "SchemaVerify's event triggers in " + database + " were dropped or disabled";
                return full(since);
            }
            unread = changes.unread();
            // roles (which owners, privileges and policies name), memberships and event triggers change without a
            // DDL command that the log sees: when they did, read everything
            if (changes.everything() || !changes.facts().equals(since.facts())) {
                return full(since);
            }
            // a foreign table is read with the global kinds: a change logged on any relation may have reached it
            if (since.holdsForeignTables() && (changes.existing().stream().anyMatch(r -> r.kind() == CatalogImage.Kind.RELATION)
                    || changes.gone().stream().anyMatch(r -> r.kind() == CatalogImage.Kind.RELATION))) {
                return full(since);
            }
            Set<CatalogImage.Root> roots = new HashSet<>(changes.existing());
            Set<CatalogImage.Root> all = new HashSet<>(changes.gone());
            all.addAll(roots);
            roots.addAll(since.partitionsOf(all)); // a detached partition is logged on its parent only
            roots.removeAll(changes.gone());
            all.addAll(roots);
            partialReadings++;
            CatalogImage image = reader.reread(connection, since, all, roots, changes.position(), changes.facts());
            if (mode == Mode.CHECKED) {
                SchemaSnapshot expected = reader.read(connection);
                SchemaDiff diff = SchemaDiff.between(expected, image.snapshot());
                if (!diff.isEmpty()) {
                    throw new SchemaVerifyException("SchemaVerify's incremental reading of " + database + " differs from a full"
                            + " reading (- only in the full reading, + only in the incremental one):\n" + diff.render("  ")
                            + "This is a defect in SchemaVerify: set " + PROPERTY + "=full to work around it, and report it"
                            + " with the migration that ran last.");
                }
            }
            return image;
        } catch (SQLException e) {
            throw failure("Reading the schema of " + database + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Without the log: lists the objects in schemas no reading reads, and sets {@link #unread} to what differs from
     * the list taken with {@code since} ({@code +} created, {@code -} dropped; nothing when there is no such list).
     */
    private void listUnread(CatalogImage since, CatalogImage image) throws SQLException {
        Set<String> objects = UnreadSchemas.list(connection, reader.schemas());
        Set<String> before = null;
        for (Listing l : listings) {
            if (since != null && l.image() == since) {
                before = l.objects();
            }
        }
        if (before != null) {
            unread = UnreadSchemas.changes(before, objects);
        }
        listings.addFirst(new Listing(image, objects));
        while (listings.size() > 8) {
            listings.removeLast();
        }
    }

    private static SchemaVerifyException failure(String message, SQLException e) {
        return new SchemaVerifyException(message, e);
    }
}
