package io.github.schemaverify.internal.locks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.internal.catalog.CatalogReader;
import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.migration.MigrationFile;
import io.github.schemaverify.internal.migration.MigrationPlan;
import io.github.schemaverify.internal.migration.MigrationSource;
import io.github.schemaverify.internal.migration.ScriptRunner;
import io.github.schemaverify.internal.migration.SqlScript;
import io.github.schemaverify.internal.verify.Failure;
import io.github.schemaverify.internal.verify.Outcome;
import io.github.schemaverify.internal.verify.failure.ShouldApply;
import io.github.schemaverify.internal.verify.failure.ShouldBeSafeToDeploy;
import io.github.schemaverify.internal.verify.failure.ShouldBuildConcurrently;
import io.github.schemaverify.locks.HeldLock;
import io.github.schemaverify.locks.LockProfile;
import io.github.schemaverify.locks.RevisionLocks;
import io.github.schemaverify.locks.StatementLocks;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.Table;

/**
 * The lock profile of {@code @VerifyLocks} on one fresh database: every versioned migration, in order, applied as
 * Flyway applies it but statement by statement and observed ({@link Recorder}), after the tables that exist have been
 * filled (the user's fixture, then generated rows). Revisions are profiled in order, once, whichever invocation asks
 * first; a revision that fails to apply ends the walk, and the later ones are aborted.
 */
public final class LockWalk implements LockProfile, AutoCloseable {

    /**
     * The user's settings.
     *
     * @param rows         rows per table (plain or qualified name) before the first revision that finds it
     * @param defaultRows  rows for every other table (0: none)
     * @param fixtures     a location of {@code before_V<version>.sql} scripts, run before that revision
     * @param known        versions whose policy failures are known: reported, not failed
     * @param probeTimeout the probe's lock_timeout: only the cost of a probe that waits, not its answer
     * @param observe      false applies each revision as Flyway would, unobserved, on the same data: what a profile is
     *                     compared with to measure its cost (LocksBenchmark)
     * @param where        the annotated method ({@code com.acme.LocksTest#locks}), for errors about these settings
     */
    public record Settings(Map<String, Long> rows, long defaultRows, Optional<String> fixtures, Policies policies,
            Set<String> known, Duration probeTimeout, boolean observe, String where) {
    }

    /** The server's manager, asked for when the first revision is profiled: a profile with nothing to do starts none. */
    private final Supplier<DatabaseManager> managerSupplier;
    private DatabaseManager manager;
    private final MigrationPlan plan;
    private final Settings settings;
    private final List<MigrationFile> versions;
    private final List<MigrationFile> fixtures;
    /** The first revision profiled; those before it are applied unobserved. */
    private final int start;
    private final String startLabel;
    private final List<Outcome> outcomes = new ArrayList<>();
    /** Errors that are no verdict, by the revision they stopped the profile at (thrown to its invocation only). */
    private final Map<Integer, Throwable> errors = new HashMap<>();
    private final List<RevisionLocks> profiles = new ArrayList<>();
    private final List<Map<String, Object>> details = new ArrayList<>();
    /** Per revision, the time from its data being in place to its verdict: what profiling it cost. */
    private final Map<Integer, Duration> times = new HashMap<>();
    /** Tables rows were generated for (or tried), by oid: each is filled once, when first found. */
    private final Set<Long> filled = new HashSet<>();
    /** The tables holding generated rows, each with how many and the transaction that inserted them. */
    private final Map<String, VolumeSeeder.Seeded> generated = new HashMap<>();
    /**
     * Tables whose generated rows were deleted after a revision failed on them, by oid, each with that revision's
     * index: rows are generated there again for the revisions after it.
     */
    private final Map<Long, Integer> emptiedAt = new HashMap<>();
    /**
     * The tables whose generated rows were deleted for the revision profiled again now, with how many they held: what
     * the revision does to them is judged as on those rows (a rewrite of a table that holds rows is one, whatever the
     * emptied table took to rewrite).
     */
    private final Map<Long, Long> emptiedFor = new HashMap<>();
    /** Rows per table oid, as last counted; tables a revision locked are counted again before the next. */
    private final Map<Long, Long> counts = new HashMap<>();
    private final Set<String> rowsMatched = new HashSet<>();
    private String database;
    private Connection connection;
    private Point.Reader points;
    private ScriptRunner.Session session;
    private int pid;
    private Probe probe;
    private Watcher watcher;
    private String broken;

    public LockWalk(DatabaseManager manager, MigrationPlan plan, Settings settings, ClassLoader loader) {
        this(() -> manager, plan, settings, loader, 0, "");
    }

    /**
     * A profile that starts at revision {@code start} of the chain ({@code @VerifyLocks(from = ...)}): the revisions
     * before it are applied on the same rows, unobserved.
     *
     * @param startLabel how the start was chosen, for the applied revisions' reports: {@code from = "200"}
     */
    public LockWalk(Supplier<DatabaseManager> manager, MigrationPlan plan, Settings settings, ClassLoader loader, int start,
            String startLabel) {
        this.start = start;
        this.startLabel = startLabel;
        this.managerSupplier = manager;
        this.plan = plan;
        this.settings = settings;
        this.versions = plan.source().versioned().stream()
                .filter(v -> plan.config().targetsLatest() || MigrationFile.compareVersions(v.version(), plan.config().target()) <= 0)
                .toList();
        this.fixtures = settings.fixtures().map(f -> MigrationSource.scan(List.of(f), loader, plan.config().placeholderReplacement()).files()).orElse(List.of());
        for (MigrationFile f : fixtures) {
            MigrationSource.checkPlaceholders(f, plan.config().placeholders(), plan.config().source());
        }
    }

    /** One display name per revision profiled (from the start on): {@code V7 add_status: locks}. */
    public List<String> displayNames() {
        return versions.subList(start, versions.size()).stream().map(v -> v.label() + ": locks")
                .toList();
    }

    /** How many revisions are profiled, from the start on; {@link #outcome(int)} and the others take their index in the chain. */
    public int size() {
        return versions.size() - start;
    }

    /** The first revision profiled, as an index in the chain. */
    public int start() {
        return start;
    }

    /** The revisions before the start: applied unobserved, not profiled. */
    public List<MigrationFile> applied() {
        return versions.subList(0, start);
    }

    /** Why a revision before the start was not profiled, for its report row. */
    public String appliedReason() {
        return start >= versions.size() ? "applied, not profiled: no revision is new or changed (" + startLabel + ")"
                : "applied, not profiled: the lock profile starts at V" + versions.get(start).version() + " (" + startLabel + ")";
    }

    /**
     * The error that stopped the profile at revision {@code index}, when it stopped there on one that is no verdict
     * (its outcome is then aborted); for that revision's invocation to throw, and no other.
     */
    public synchronized Optional<Throwable> error(int index) {
        return Optional.ofNullable(errors.get(index));
    }

    /** The outcome of revision {@code index}, profiling the chain up to it if needed. */
    public synchronized Outcome outcome(int index) {
        while (outcomes.size() <= index) {
            int next = outcomes.size();
            Outcome o;
            if (broken != null) {
                o = Outcome.aborted(broken);
                profiles.add(null);
                details.add(Map.of("version", versions.get(next).version(), "script", versions.get(next).fileName()));
            } else {
                try {
                    o = revision(next);
                } catch (RuntimeException | Error e) {
                    // no verdict: where the revision's script left the database is unknown, and profiling it again
                    // would run it twice and blame it. This invocation throws it (error), the later ones abort
                    MigrationFile v = versions.get(next);
                    broken = e instanceof RowsNotGenerated ? "The lock profile stopped at " + v.label() + ": the rows it asks"
                            + " for could not be generated; see V" + v.version() + "'s error."
                            : Outcome.stoppedReason("The lock profile", v.label(), v.version(), e);
                    errors.put(next, e);
                    while (profiles.size() > next) {
                        profiles.remove(profiles.size() - 1); // profiled before it failed: not a profile to trust
                    }
                    profiles.add(null);
                    while (details.size() > next) {
                        details.remove(details.size() - 1);
                    }
                    details.add(Map.of("version", v.version(), "script", v.fileName()));
                    o = Outcome.aborted(broken);
                }
            }
            if (next == versions.size() - 1) {
                o = o.withNotes(unmatchedRows());
            }
            outcomes.add(o);
        }
        return outcomes.get(index);
    }

    /**
     * What revision {@code index} cost, from its data being in place to its verdict (the generated rows are left out:
     * applying the chain unobserved needs them too), or null when it was not profiled.
     */
    public synchronized Duration time(int index) {
        outcome(index);
        return times.get(index);
    }

    /** What the report adds to the verification of revision {@code index}: version, script, time, rows, statements. */
    public synchronized Map<String, Object> details(int index) {
        outcome(index);
        return details.get(index);
    }

    /** The profile of revision {@code index}, or null when it was not profiled (an earlier revision failed). */
    public synchronized RevisionLocks profile(int index) {
        outcome(index);
        return profiles.get(index);
    }

    /**
     * The profile of revision {@code index} as one report entry (a line per statement), or null when there is none or
     * no statement ran (a script Flyway refuses before its first statement): JUnit takes no blank entry.
     */
    public synchronized String entry(int index) {
        RevisionLocks p = profile(index);
        return p == null || p.statements().isEmpty() ? null : LockReport.entry(p);
    }

    @Override
    public synchronized RevisionLocks of(String version) {
        for (int i = 0; i < versions.size(); i++) {
            if (MigrationFile.compareVersions(versions.get(i).version(), version) == 0) {
                Outcome o = outcome(i);
                RevisionLocks profile = profiles.get(i);
                if (profile == null) {
                    throw new IllegalStateException("V" + version + " was not profiled: " + o.message());
                }
                return profile;
            }
        }
        throw new IllegalArgumentException("no migration has version " + version + "; the versions are "
                + String.join(", ", versions.stream().map(MigrationFile::version).toList()));
    }

    @Override
    public synchronized List<RevisionLocks> profiled() {
        return profiles.stream().filter(java.util.Objects::nonNull).toList();
    }

    private void open() {
        if (connection != null) {
            return;
        }
        manager = managerSupplier.get();
        manager.requireExtensions(plan.requiredExtensions());
        database = manager.empty();
        try {
            // the point queries stay prepared across the scripts' DDL (their result types cannot change)
            connection = manager.server().connect(database, Map.of("flushCacheOnDdl", "false"));
            session = plan.session(connection, manager.dataSource(database));
            plan.prepareEmpty(connection);
            points = new Point.Reader(connection, plan.config().schemas());
            pid = connection.unwrap(org.postgresql.PGConnection.class).getBackendPID();
            probe = new Probe(manager.server().connect(database), settings.probeTimeout());
        } catch (SQLException e) {
            throw new SchemaVerifyException("Could not connect to the lock profile's database " + database + ": "
                    + e.getMessage(), e);
        }
    }

    private Watcher watcher() {
        if (watcher == null) {
            try {
                watcher = new Watcher(manager.server().connect(database), manager.server().connect(database), probe);
            } catch (SQLException e) {
                throw new SchemaVerifyException("Could not open the sessions that watch a statement on " + database + ": "
                        + e.getMessage(), e);
            }
        }
        return watcher;
    }

    private Optional<MigrationFile> fixture(MigrationFile v) {
        return fixtures.stream().filter(f -> f.fileName().equalsIgnoreCase("before_V" + v.version() + ".sql")
                || f.fileName().equalsIgnoreCase("before_V" + v.version().replace('.', '_') + ".sql")).findFirst();
    }

    private Outcome revision(int i) {
        return revision(i, new ArrayList<>(), true);
    }

    /**
     * Applies revision {@code i} (observed from the profile's start on) after its {@code before_V} fixture when {@code
     * withFixture}; {@code notes} holds what an earlier try of it noted.
     */
    private Outcome revision(int i, List<String> notes, boolean withFixture) {
        open();
        if (withFixture) {
            emptiedFor.clear(); // the first try of the revision: no table emptied for it yet, no retry noted
            retries.clear();
        }
        MigrationFile v = versions.get(i);
        String name = "V" + v.version();
        String location = "[" + v.fileName() + ", locks]";
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("version", v.version());
        detail.put("script", v.fileName());
        try {
            Optional<MigrationFile> fixture = withFixture ? fixture(v) : Optional.empty();
            if (fixture.isPresent()) {
                try {
                    plan.run(connection, session, fixture.get());
                } catch (ScriptRunner.Failure f) {
                    broken = "The fixture " + fixture.get().fileName() + " failed (" + f.serverMessage()
                            + "), so " + name + " and the revisions after it cannot be profiled.";
                    profiles.add(null);
                    details.add(detail);
                    return Outcome.failed(ShouldApply.create("[" + fixture.get().fileName() + ", fixture before " + name + "]",
                            "the fixture " + fixture.get().fileName(), f, "the revisions from " + name + " on cannot be"
                                    + " profiled until it applies"), null);
                }
            }
            Point start = fill(i, notes); // what the tables hold now, as every other session sees it
            long t0 = System.nanoTime();
            // a Java migration runs where Flyway runs it, so that the SQL after it applies, but its statements are code's
            if (!settings.observe() || i < this.start || v.isJava()) {
                try {
                    plan.run(connection, session, v);
                } catch (ScriptRunner.Failure f) {
                    if (withoutGeneratedRows(i, f, v, notes, List.of())) {
                        return revision(i, notes, false);
                    }
                    failedAgain(notes, withFixture);
                    broken = v.label() + " failed to apply (" + f.serverMessage() + "), so the revisions after it cannot be"
                            + " profiled.";
                    profiles.add(null);
                    details.add(detail);
                    return Outcome.failed(ShouldApply.create(location, name, f, laterUnprofiled(i, name)), null)
                            .withNotes(notes);
                }
                times.put(i, Duration.ofNanos(System.nanoTime() - t0));
                profiles.add(null);
                details.add(detail);
                // a Java migration's step is applied, not passed: no policy judged it
                return (i < this.start ? Outcome.applied(appliedReason()) : v.isJava() && settings.observe()
                        ? Outcome.applied("a Java migration: applied where Flyway runs it, not observed (its statements are"
                        + " not known ahead)") : Outcome.passed("applied, not observed", null)).withNotes(notes);
            }
            count(start);
            Map<Long, Long> rows = new HashMap<>();
            Map<String, Long> rowsByName = new TreeMap<>();
            for (Point.Relation t : start.tables()) {
                long n = counts.getOrDefault(t.oid(), 0L);
                rows.put(t.oid(), n);
                rowsByName.put(t.name(), n);
            }
            // the policies judge a table emptied for a try of this revision as holding the rows it started with; the
            // profile says what it held
            Map<Long, Long> judged = new HashMap<>(rows);
            emptiedFor.forEach((oid, n) -> judged.merge(oid, n, Math::max));
            Recorder recorder = new Recorder(connection, points, pid, plan.config().schemas(), probe, this::watcher, start,
                    rows, manager.serverVersionNum() >= 150000);
            ScriptRunner.Failure failed = null;
            List<String> notices = List.of();
            try {
                notices = plan.run(connection, session, v, recorder).notices();
            } catch (ScriptRunner.Failure f) {
                failed = f;
            }
            List<Observed> observed = recorder.observed();
            // the indexes the failing statement (the last observed) left invalid
            List<String> invalid = failed == null || observed.isEmpty() ? List.of()
                    : observed.get(observed.size() - 1).statement().invalidIndexes();
            if (failed != null && withoutGeneratedRows(i, failed, v, notes, invalid)) {
                return revision(i, notes, false);
            }
            RevisionLocks profile = new RevisionLocks(v.version(), v.description(), v.fileName(),
                    observed.stream().map(Observed::statement).toList(), rowsByName, recorder.commit());
            profiles.add(profile);
            recorder.rowsChanged().forEach(counts::remove);
            detail.putAll(LockReport.details(profile, notices));
            details.add(detail);
            if (failed != null) {
                failedAgain(notes, withFixture);
                broken = v.label() + " failed to apply (" + failed.serverMessage()
                        + "), so the revisions after it cannot be profiled.";
                Failure failure = invalid.isEmpty()
                        ? ShouldApply.create(location, name, failed, laterUnprofiled(i, name))
                        : ShouldBuildConcurrently.leftInvalid(location, name, failed, invalid);
                return Outcome.failed(failure, null).withNotes(notes);
            }
            List<Failure> failures = settings.policies().check(name, observed, recorder.commit(), start, judged);
            String summary = summary(profile);
            times.put(i, Duration.ofNanos(System.nanoTime() - t0));
            if (failures.isEmpty()) {
                return Outcome.passed(summary, null).withNotes(notes);
            }
            Failure all = ShouldBeSafeToDeploy.create(location, failures);
            if (settings.known().stream().anyMatch(k -> MigrationFile.compareVersions(k, v.version()) == 0)) {
                notes.add("known hazards, not failing: " + String.join(", ", failures.stream().map(f -> f.cause().wireName())
                        .distinct().toList()));
                return Outcome.passed(summary + "\nKnown hazards, reported and not failing (known = \"" + v.version() + "\"):\n"
                        + all.message(), null).withNotes(notes);
            }
            return Outcome.failed(all, null).withNotes(notes);
        } catch (SQLException e) {
            throw new SchemaVerifyException("Profiling " + v.fileName() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * When revision {@code i} failed on the rows the profile generated (a NOT NULL, check, unique or foreign key
     * violation the server names their table in, or a data error such as {@code invalid input syntax for type json} in a
     * statement that names their table, or that names none of the tables holding them: what production's rows may not
     * do), and its script left nothing behind (or only
     * the invalid index of the {@code CREATE INDEX CONCURRENTLY} it failed in, as its first statement, which is dropped),
     * deletes those rows and notes it: true to apply the revision again, on the tables without them; rows are generated
     * there again for the revisions after it. Generated values are no production data, so their failure is no verdict on
     * the revision (the round trip walks such a revision again without them too); if it fails again without them, that
     * failure is its own. Not when the column the error names is one the revision adds (a NOT NULL column without a
     * default fails on every table that holds rows, production's too), nor when the generated rows can no longer be told
     * from others (a revision since rewrote or updated them, and the table holds other rows too: where it holds no more
     * than were generated, all are deleted) or cannot be deleted (a foreign key or trigger refuses): the failure is
     * reported as it is, noted. Where neither the error nor the statement names a table, those whose rows cannot be told
     * apart are left as they are and named in the note; a failure again is then not said to be the revision's own.
     * {@code madeInvalid} are the indexes the failing statement left invalid, as the profile saw them (none when the
     * revision was applied unobserved: then an index the server named cannot be told from others, and is not dropped).
     */
    private boolean withoutGeneratedRows(int i, ScriptRunner.Failure f, MigrationFile v, List<String> notes,
            List<String> madeInvalid) throws SQLException {
        List<String> tables = f.byRows() ? f.tablesConcerned(generated.keySet()) : List.of();
        // named by neither the error nor the statement: those whose generated rows cannot be told apart are left alone
        boolean any = f.byRows() && f.table().isEmpty() && f.tablesOf(generated.keySet()).isEmpty();
        if (tables.isEmpty() || addsColumn(f)) {
            return false;
        }
        Optional<String> leftIndex = f.leftNothing() ? Optional.empty() : invalidIndexLeft(v, f, madeInvalid);
        if (!f.leftNothing() && leftIndex.isEmpty()) {
            return false;
        }
        String fixture = " To profile it on rows like production's, give them in a fixture before_V" + v.version() + ".sql.";
        Map<String, Long> oids = new LinkedHashMap<>();
        Set<String> whole = new HashSet<>(); // every row of the table is one generated, updated or rewritten since
        List<String> kept = new ArrayList<>();
        List<String> untold = new ArrayList<>();
        for (String t : tables) {
            VolumeSeeder.Seeded seeded = generated.get(t);
            try (java.sql.PreparedStatement st = connection.prepareStatement("SELECT to_regclass(?)::oid,"
                    + " (SELECT count(*) FROM " + VolumeSeeder.quote(t) + " WHERE xmin::text::bigint = ?),"
                    + " (SELECT count(*) FROM " + VolumeSeeder.quote(t) + ")")) {
                st.setString(1, VolumeSeeder.quote(t));
                st.setLong(2, seeded.transaction());
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    oids.put(t, rs.getLong(1));
                    if (rs.getLong(2) != seeded.rows() && rs.getLong(3) == seeded.rows()) {
                        // a revision since updated or rewrote them (a data migration, a type change): the table was
                        // empty when they were generated and holds as many rows as that, so all of them are those (a
                        // revision that inserted as many rows as it deleted of them is not told apart)
                        whole.add(t);
                        kept.add(t);
                    } else if (rs.getLong(2) != seeded.rows()) {
                        untold.add(t);
                    } else {
                        kept.add(t);
                    }
                }
            }
        }
        if (!untold.isEmpty() && (!any || kept.isEmpty())) {
            notes.add(failed(v, f, tables) + ", but a revision since rewrote or updated those of " + String.join(", ", untold)
                    + ", so they cannot be told from the table's other rows and " + v.label() + " is reported as it failed."
                    + fixture);
            return false;
        }
        // with no table named, those that cannot be told apart are left as they are
        tables = kept;
        String named = String.join(", ", tables);
        String failed = failed(v, f, tables);
        Optional<String> refused = deleteGenerated(tables, whole, leftIndex);
        if (refused.isPresent()) {
            notes.add(failed + ", but they could not be deleted (" + refused.get() + "), so " + v.label()
                    + " is reported as it failed." + fixture);
            return false;
        }
        for (String t : tables) {
            // as many as the revision started with: counted then (kept for every later try of the revision)
            emptiedFor.put(oids.get(t), counts.getOrDefault(oids.get(t), generated.get(t).rows()));
        }
        tables.forEach(generated::remove);
        counts.clear(); // counted again as the revision starts
        tables.forEach(t -> emptiedAt.put(oids.get(t), i));
        String deleted = "they were deleted" + (whole.isEmpty() ? "" : " (every row of " + String.join(", ", whole.stream()
                .sorted().toList()) + ", which a revision since updated or rewrote)") + leftIndex.map(x -> " (and the invalid"
                + " index " + x + " its failed build left)").orElse("");
        // left as they are (no table named): their rows may hold the value it failed on, so no failure after is its own
        String left = untold.isEmpty() ? "" : " (those of " + String.join(", ", untold) + " are left: a revision since"
                + " rewrote or updated them, so they cannot be told from the table's other rows)";
        String retryNote = failed + " and no verdict on it: " + deleted + left + " and V" + v.version() + " profiled again"
                + " on " + named + " without them: a rewrite there counts as one of the rows it started with, but how long its"
                + " locks are held there is not measured at volume (rows are generated there again for the revisions after"
                + " it)." + fixture;
        retries.put(retryNote, failed.replaceFirst(", which are no production data$", "") + "; " + deleted + left + " and "
                + v.label() + " applied again without them, and it failed again" + (untold.isEmpty()
                ? ": the failure is its own." : ", maybe on those left: see the note on them." + fixture));
        notes.add(retryNote);
        return true;
    }

    private static String failed(MigrationFile v, ScriptRunner.Failure f, List<String> tables) {
        return v.label() + " failed on the rows SchemaVerify generated for " + String.join(", ", tables) + " ("
                + f.serverMessage().replaceFirst("^ERROR: ", "") + "), which are no production data";
    }

    /**
     * Deletes the generated rows of {@code tables} (every row of those in {@code whole}) and drops the index left behind,
     * all or nothing, in an order their foreign keys allow; empty when done, else why not.
     */
    private Optional<String> deleteGenerated(List<String> tables, Set<String> whole, Optional<String> leftIndex)
            throws SQLException {
        connection.setAutoCommit(false);
        try {
            List<String> pending = new ArrayList<>(tables);
            SQLException refused = null;
            boolean progress = true;
            while (!pending.isEmpty() && progress) {
                progress = false;
                for (java.util.Iterator<String> it = pending.iterator(); it.hasNext();) {
                    String t = it.next();
                    java.sql.Savepoint before = connection.setSavepoint();
                    try (java.sql.PreparedStatement st = connection.prepareStatement("DELETE FROM " + VolumeSeeder.quote(t)
                            + (whole.contains(t) ? "" : " WHERE xmin::text::bigint = ?"))) {
                        if (!whole.contains(t)) {
                            st.setLong(1, generated.get(t).transaction());
                        }
                        st.executeUpdate();
                        connection.releaseSavepoint(before);
                        it.remove();
                        progress = true;
                    } catch (SQLException e) {
                        connection.rollback(before);
                        if (VolumeSeeder.notTheSchemas(e)) {
                            throw e;
                        }
                        refused = e;
                    }
                }
            }
            if (!pending.isEmpty()) {
                connection.rollback();
                return Optional.of(VolumeSeeder.reason(refused));
            }
            if (leftIndex.isPresent()) {
                try (Statement st = connection.createStatement()) {
                    st.execute("DROP INDEX " + leftIndex.get());
                }
            }
            try {
                connection.commit(); // a deferrable foreign key checks here
            } catch (SQLException e) {
                if (VolumeSeeder.notTheSchemas(e)) {
                    throw e;
                }
                return Optional.of(VolumeSeeder.reason(e));
            }
            return Optional.empty();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Statements that change the session only: a script's SET lock_timeout before its build leaves nothing behind. */
    private static final java.util.regex.Pattern SESSION_ONLY = java.util.regex.Pattern.compile("(?is)\\s*(?:SET|RESET)\\b");

    /** {@code CREATE INDEX CONCURRENTLY}: the index's name (absent when the server names it) and the table's. */
    private static final java.util.regex.Pattern CONCURRENT_INDEX = java.util.regex.Pattern.compile("(?is)\\s*CREATE\\s+"
            + "(?:UNIQUE\\s+)?INDEX\\s+CONCURRENTLY\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:(" + SqlScript.IDENTIFIER + ")\\s+)?ON\\s+"
            + "(?:ONLY\\s+)?(" + SqlScript.IDENTIFIER + "(?:\\s*\\.\\s*" + SqlScript.IDENTIFIER + ")?)");

    /**
     * The invalid index a {@code CREATE INDEX CONCURRENTLY} left when it failed as the script's first statement but
     * {@code SET}s (so nothing else of the script ran), by its qualified name: the one it names, or, when the server chose
     * the name, the one index of the table that the statement left invalid ({@code madeInvalid}, as the profile names
     * them); empty for any other failure of a script that ran outside a transaction.
     */
    private Optional<String> invalidIndexLeft(MigrationFile v, ScriptRunner.Failure f, List<String> madeInvalid)
            throws SQLException {
        java.util.regex.Matcher m = f.statement() == null ? null : CONCURRENT_INDEX.matcher(f.statement().sql());
        if (m == null || !f.file().fileName().equals(v.fileName()) || !m.lookingAt()) {
            return Optional.empty();
        }
        for (SqlScript.Statement s : SqlScript.parse(v.content())) {
            if (s.line() >= f.statement().line()) {
                break;
            }
            if (!SESSION_ONLY.matcher(s.sql()).lookingAt()) {
                return Optional.empty(); // it may have left more than the index
            }
        }
        String index = m.group(1) == null ? null : SqlScript.identifierName(m.group(1));
        List<String> left = new ArrayList<>();
        try (java.sql.PreparedStatement st = connection.prepareStatement("SELECT c.oid::regclass::text, c.relname FROM"
                + " pg_catalog.pg_class c JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid WHERE i.indrelid = to_regclass(?)"
                + " AND NOT i.indisvalid AND (c.relname = ? OR ?::text IS NULL)")) {
            st.setString(1, m.group(2));
            st.setString(2, index);
            st.setString(3, index);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String relname = rs.getString(2);
                    // the server's name: only an index this very statement left invalid, never one that was before it
                    if (index != null || madeInvalid.stream().anyMatch(n -> n.equals(relname) || n.endsWith("." + relname))) {
                        left.add(rs.getString(1));
                    }
                }
            }
        }
        return left.size() == 1 ? Optional.of(left.get(0)) : Optional.empty();
    }

    /**
     * The notes of the revision's retries (no verdict), each with the one that replaces it if the revision fails again
     * without the generated rows it failed on: one per try, as each may have failed on another table's rows.
     */
    private final Map<String, String> retries = new LinkedHashMap<>();

    /**
     * When a revision fails again after retries without generated rows ({@code withFixture} false), replaces every
     * retry's note (no verdict) with one that says the failure is the revision's own.
     */
    private void failedAgain(List<String> notes, boolean withFixture) {
        if (!withFixture) {
            retries.forEach((retryNote, retried) -> {
                int at = notes.indexOf(retryNote);
                if (at >= 0) {
                    notes.set(at, retried);
                }
            });
        }
        retries.clear();
    }

    /** Whether the column a NOT NULL violation names is missing from its table: the failing script was adding it. */
    private boolean addsColumn(ScriptRunner.Failure f) throws SQLException {
        if (!f.sqlState().equals("23502") || f.column().isEmpty() || f.addsGeneratedColumn(f.column())) {
            return false; // a generated column's value is made from the row's: the generated values decide it
        }
        try (java.sql.PreparedStatement st = connection.prepareStatement("SELECT NOT EXISTS (SELECT FROM pg_catalog.pg_attribute"
                + " WHERE attrelid = to_regclass(?) AND attname = ? AND attnum > 0 AND NOT attisdropped)")) {
            st.setString(1, VolumeSeeder.quote(f.table()));
            st.setString(2, f.column());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** One line for a revision that passed: its strongest lock, what it rewrote, scanned and blocked. */
    static String summary(RevisionLocks p) {
        HeldLock strongest = null;
        Set<String> rewrites = new java.util.TreeSet<>();
        Set<String> blocked = new java.util.TreeSet<>();
        for (StatementLocks s : p.statements()) {
            for (String table : p.rows().keySet()) {
                for (HeldLock l : s.locksOn(table)) {
                    if (strongest == null || l.mode().compareTo(strongest.mode()) > 0) {
                        strongest = l;
                    }
                }
            }
            s.rewrites().stream().filter(r -> p.rows().containsKey(r)).forEach(rewrites::add);
            blocked.addAll(s.blocksWrites());
        }
        int n = p.statements().size();
        return n + (n == 1 ? " statement" : " statements") + "; on existing tables: "
                + (strongest == null ? "no lock" : "strongest lock " + strongest.mode().sql() + " on " + strongest.relation())
                + ", rewrites " + (rewrites.isEmpty() ? "none" : String.join(", ", rewrites))
                + ", writes blocked on " + (blocked.isEmpty() ? "none" : String.join(", ", blocked));
    }

    /**
     * Fills the tables found for the first time, and those whose generated rows were deleted for a revision before
     * revision {@code index} (the generated rows of {@link Settings#rows()} and the default), adds what could not be
     * generated to the notes, and returns the point after it (inserting rows changes no relation).
     */
    private Point fill(int index, List<String> notes) throws SQLException {
        Point now = points.read();
        List<Point.Relation> fresh = now.relations().values().stream()
                .filter(r -> (r.kind() == 'r' || r.kind() == 'p') && (!filled.contains(r.oid())
                        || emptiedAt.getOrDefault(r.oid(), index) < index)).toList();
        if (fresh.isEmpty()) {
            return now;
        }
        SchemaSnapshot schema = new CatalogReader(plan.config().schemas(), false, plan.config().historyTable())
                .read(connection);
        Map<String, Long> targets = new LinkedHashMap<>();
        // the tables the rows setting names, with its entry, filled for the first time (after a retry deleted their rows,
        // a revision's new check may admit no generated row: a note says so, and the profile goes on)
        Map<String, String> asked = new HashMap<>();
        for (Point.Relation r : fresh) {
            boolean first = filled.add(r.oid());
            emptiedAt.remove(r.oid());
            Table table = schema.table(r.name().contains(".") ? r.name() : "public." + r.name()).orElse(null);
            if (table == null || !table.partitionOf().isEmpty() || !empty(r)) {
                continue; // a partition is filled through its parent; a table that holds rows keeps them
            }
            long target = settings.defaultRows();
            for (Map.Entry<String, Long> e : settings.rows().entrySet()) {
                if (e.getKey().equals(table.qualifiedName()) || e.getKey().equals(table.name())) {
                    target = e.getValue();
                    rowsMatched.add(e.getKey());
                    if (first) {
                        asked.put(table.qualifiedName(), e.getKey() + "=" + e.getValue());
                    }
                }
            }
            if (target > 0) {
                targets.put(table.qualifiedName(), target);
            }
        }
        if (targets.isEmpty()) {
            return now;
        }
        VolumeSeeder.Result result = new VolumeSeeder(schema).seed(connection, targets);
        generated.putAll(result.generated());
        for (Map.Entry<String, String> skipped : result.skipped().entrySet()) {
            String entry = asked.get(skipped.getKey());
            if (entry != null && settings.observe()) {
                // asked for by name: a profile on the empty table would pass what rewrites or blocks it at volume
                MigrationFile v = versions.get(index);
                throw new RowsNotGenerated("@VerifyLocks on " + settings.where() + ": attribute 'rows' expects rows in "
                        + skipped.getKey() + " (\"" + entry + "\"), but none could be generated: " + skipped.getValue()
                        + ". Give the table its rows in a"
                        + " fixture before_V" + v.version() + ".sql (@VerifyLocks(fixtures = ...)), or leave it out of"
                        + " rows; profiled empty, it would pass what rewrites or blocks it at volume.");
            }
            notes.add("no rows could be generated for " + skipped.getKey() + ": " + skipped.getValue());
        }
        result.unanalyzed().forEach((table, why) -> notes.add("the rows generated for " + table + " could not be analyzed ("
                + why + "): it has no statistics, and production's autovacuum would fail to analyze it alike"));
        return now;
    }

    private boolean empty(Point.Relation table) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT NOT EXISTS (SELECT FROM " + table.qualified() + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** What a revision that failed to apply keeps from being profiled: the revisions after it; nothing after the last. */
    private String laterUnprofiled(int i, String name) {
        return i < versions.size() - 1 ? "the revisions after " + name + " cannot be profiled until it applies" : "";
    }

    /** A table the rows setting names got no rows: the settings' or the data's matter, not a defect of SchemaVerify. */
    static final class RowsNotGenerated extends SchemaVerifyException {
        private static final long serialVersionUID = 1L;

        RowsNotGenerated(String message) {
            super(message);
        }
    }

    /** Counts the rows of the tables not counted since a revision locked them. */
    private void count(Point start) throws SQLException {
        for (Point.Relation t : start.tables()) {
            if (t.kind() == 'm' && !populated(t)) {
                continue; // WITH NO DATA: no rows, and reading it fails; asked again until a REFRESH fills it
            }
            if (!counts.containsKey(t.oid())) {
                try (Statement st = connection.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(*) FROM " + t.qualified())) {
                    rs.next();
                    counts.put(t.oid(), rs.getLong(1));
                }
            }
        }
    }

    private boolean populated(Point.Relation view) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT relispopulated FROM pg_class WHERE oid = " + view.oid())) {
            return !rs.next() || rs.getBoolean(1);
        }
    }

    private List<String> unmatchedRows() {
        List<String> notes = new ArrayList<>();
        for (String name : settings.rows().keySet()) {
            if (!rowsMatched.contains(name)) {
                notes.add("rows = \"" + name + "=" + settings.rows().get(name) + "\" matched no table the migrations create"
                        + " (or the table held rows already)");
            }
        }
        return notes;
    }

    @Override
    public synchronized void close() {
        List<AutoCloseable> sessions = new ArrayList<>();
        if (watcher != null) {
            sessions.add(watcher);
        }
        if (probe != null) {
            sessions.add(probe);
        }
        if (points != null) {
            sessions.add(points);
        }
        if (connection != null) {
            sessions.add(connection);
        }
        for (AutoCloseable c : sessions) {
            try {
                c.close();
            } catch (Exception ignored) {
                // the database is dropped WITH (FORCE) next
            }
        }
        watcher = null;
        probe = null;
        points = null;
        connection = null;
        if (database != null) {
            manager.drop(database);
            database = null;
        }
    }
}
