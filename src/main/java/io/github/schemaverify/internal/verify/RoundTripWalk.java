package io.github.schemaverify.internal.verify;

import static io.github.schemaverify.internal.verify.TableMentions.deletesFrom;
import static io.github.schemaverify.internal.verify.TableMentions.emptiesTable;
import static io.github.schemaverify.internal.verify.TableMentions.insertsRows;
import static io.github.schemaverify.internal.verify.TableMentions.takesRows;
import static io.github.schemaverify.internal.verify.TableMentions.truncatesCascading;
import static io.github.schemaverify.internal.verify.TableMentions.writesRows;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import io.github.schemaverify.Engine;
import io.github.schemaverify.RevisionStep;
import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.internal.catalog.CatalogImage;
import io.github.schemaverify.internal.catalog.CatalogReader;
import io.github.schemaverify.internal.catalog.CatalogTracker;
import io.github.schemaverify.internal.catalog.SessionStart;
import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.db.SimpleDataSource;
import io.github.schemaverify.internal.migration.MigrationFile;
import io.github.schemaverify.internal.migration.MigrationPlan;
import io.github.schemaverify.internal.migration.MigrationSource;
import io.github.schemaverify.internal.migration.MigrationWatch;
import io.github.schemaverify.internal.migration.ScriptRunner;
import io.github.schemaverify.internal.migration.SessionEnded;
import io.github.schemaverify.internal.migration.SqlScript;
import io.github.schemaverify.internal.verify.failure.AtHead;
import io.github.schemaverify.internal.verify.failure.RowText;
import io.github.schemaverify.internal.verify.failure.ShouldApply;
import io.github.schemaverify.internal.verify.failure.ShouldHaveUndo;
import io.github.schemaverify.internal.verify.failure.ShouldKeepRows;
import io.github.schemaverify.internal.verify.failure.ShouldKeepSequencesAhead;
import io.github.schemaverify.internal.verify.failure.ShouldReachBase;
import io.github.schemaverify.internal.verify.failure.ShouldReachHead;
import io.github.schemaverify.internal.verify.failure.ShouldReadIncrementally;
import io.github.schemaverify.internal.verify.failure.ShouldRepeat;
import io.github.schemaverify.internal.verify.failure.ShouldRestore;
import io.github.schemaverify.internal.verify.failure.ShouldStayInSchemasRead;
import io.github.schemaverify.internal.verify.failure.ShouldUndo;
import io.github.schemaverify.internal.verify.failure.ShouldWorkOnRows;
import io.github.schemaverify.internal.verify.failure.Unread;
import io.github.schemaverify.schema.Column;
import io.github.schemaverify.schema.CompositeType;
import io.github.schemaverify.schema.Constraint;
import io.github.schemaverify.schema.ConstraintType;
import io.github.schemaverify.schema.Domain;
import io.github.schemaverify.schema.EnumType;
import io.github.schemaverify.schema.Identity;
import io.github.schemaverify.schema.Index;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.Sequence;
import io.github.schemaverify.schema.Table;
import io.github.schemaverify.schema.diff.Change;
import io.github.schemaverify.schema.diff.SchemaDiff;
import io.github.schemaverify.schema.diff.SqlText;

/**
 * The round trip of {@code @VerifyRoundTrip} on one fresh database: for each versioned migration V, up, down (its U
 * script), up again, with snapshots and rows compared at each turn; then every undo from head down to base; then Flyway
 * over the whole chain on another fresh database. Steps are computed in order, once, whichever invocation asks first,
 * so parallel execution cannot reorder the walk.
 *
 * <p>Every revision gets its own verdict: after a revision fails its undo checks, the walk starts over on a database
 * rebuilt at that revision (a resync, from the last checkpoint) and goes on; only a revision whose up script fails
 * ends the walk, since the revisions after it depend on it.
 *
 * <p>Before each undo, every table the revision did not create holds at least one row (generated, or the user's
 * fixtures'); the undo must keep the rows as they were before the revision plus the rows added since.
 */
public final class RoundTripWalk implements AutoCloseable {

    /**
     * The user's settings.
     *
     * @param seedRows whether empty tables get a generated row as each revision starts and before each undo
     * @param ignored  aspects left out of schema comparisons (column order, when switched off)
     * @param lanes    how many databases walk parts of the chain side by side (1: one walks it all); a chain too short
     *                 to gain, or whose scripts create roles (they belong to the whole server), walks in one
     * @param from     the index (in the chain up to the target) of the first revision walked: the ones before it are
     *                 applied once into a cached base template the walk starts from (0: the whole chain, from empty)
     * @param fromLabel how the start was chosen, for notes: {@code from = "200"}, {@code from = "git:origin/main"}
     */
    public record Settings(boolean requireUndo, Set<String> irreversible, Optional<String> fixtures,
            CatalogTracker.Mode snapshots, boolean seedRows, Set<SchemaDiff.Ignore> ignored, int lanes, int from,
            String fromLabel) {

        /** The settings with one lane. */
        public Settings(boolean requireUndo, Set<String> irreversible, Optional<String> fixtures, CatalogTracker.Mode snapshots,
                boolean seedRows, Set<SchemaDiff.Ignore> ignored) {
            this(requireUndo, irreversible, fixtures, snapshots, seedRows, ignored, 1);
        }

        /** The settings for the whole chain. */
        public Settings(boolean requireUndo, Set<String> irreversible, Optional<String> fixtures, CatalogTracker.Mode snapshots,
                boolean seedRows, Set<SchemaDiff.Ignore> ignored, int lanes) {
            this(requireUndo, irreversible, fixtures, snapshots, seedRows, ignored, lanes, 0, "");
        }
    }

    /** The walk's database and what belongs to it. */
    private record Walked(String name, Connection connection, ScriptRunner.Session session, CatalogTracker tracker) {
    }

    /**
     * A database at the state after a revision, kept to start over from after a failure.
     *
     * @param owned   false for the base template, which the walk clones but never drops
     * @param session what the scripts up to it set for their session ({@link #applyPlain}), set again on the
     *                connections that go on from it
     */
    private record Checkpoint(String name, int index, boolean owned, Map<String, String> session) {
        Checkpoint(String name, int index, Map<String, String> session) {
            this(name, index, true, session);
        }

        // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
        @Override
        public boolean equals(Object other) {
            return other == this || other instanceof Checkpoint o
                    && java.util.Objects.equals(name, o.name)
                    && index == o.index
                    && owned == o.owned
                    && java.util.Objects.equals(session, o.session);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(name, index, owned, session);
        }
    }

    private final DatabaseManager manager;
    private final MigrationPlan plan;
    /**
     * Watches the scripts the walk runs: progress lines while one runs long ({@code schemaverify.progress}), and a
     * failure cancelled by {@code schemaverify.statementTimeout} named so.
     */
    private final MigrationWatch watch;
    /** Whether the walk reads the server's roles and a script may change them ({@link #touchesRoles}). */
    private final boolean rolesTouched;
    private final Settings settings;
    private final List<MigrationFile> versions;
    private final List<MigrationFile> fixtures;
    private final int downStop;
    /** The first revision walked; those before it are the base. */
    private final int from;
    private final WalkBase walkBase;
    /** Guards the base template, which lanes and Flyway's run ask for from their own threads. */
    private final Object baseLock = new Object();
    private DatabaseManager.Cached baseTemplate;
    private final PreparedBase preparedBase;
    /** The paths in documents the chain's scripts and fixtures name: the documents of generated rows hold them. */
    private final ScriptMentions mentions;
    private DatabaseManager.Cached prepared;
    private boolean preparedTried;
    private final Object preparedLock = new Object();
    private volatile String preparedNote = "";
    private RuntimeException baseFailure;
    private final List<Outcome> outcomes = new ArrayList<>();
    /** Errors that are no verdict, by the invocation they stopped the walk at (thrown to that invocation only). */
    private final Map<Integer, Throwable> errors = new HashMap<>();
    private final Map<Integer, SchemaSnapshot> heads = new ConcurrentHashMap<>();
    private final CatalogReader reader;
    /**
     * The revisions whose undo undo all would not get past, in chain order, each with why (lanes add theirs side by
     * side).
     */
    private final java.util.NavigableMap<Integer, Unwalked> undoFailures = new java.util.concurrent.ConcurrentSkipListMap<>();

    /** Why a revision's undo stops undo all before it starts. */
    enum UndoBlock {
        /** Its undo was walked and failed. */
        FAILED(" failed its own undo check", " failed their own undo check"),
        /** It failed to apply on tables that hold rows, so its undo was not walked. */
        FAILS_ON_ROWS(" fails on tables that hold rows (its undo was not walked)",
                " fail on tables that hold rows (their undos were not walked)"),
        /** It failed to apply on tables that hold rows, and the undo script it needs is missing. */
        FAILS_ON_ROWS_WITHOUT_UNDO(" fails on tables that hold rows and has no undo script",
                " fail on tables that hold rows and have no undo script"),
        /** It has no undo script. */
        NO_UNDO(" has no undo script", " have no undo script"),
        /**
         * It lost rows going up (vaultwarden's V27 drops and creates again its nonces), so its undo was not walked (one that
         * only left a sequence behind the rows of a column it feeds has its undo walked all the same).
         */
        FAILED_BEFORE_UNDO(" failed before its undo was walked", " failed before their undos were walked"),
        /** It changes schemas the walk does not read, so its undo was not walked. */
        UNREAD(" changes schemas the walk does not read (its undo was not walked)",
                " change schemas the walk does not read (their undos were not walked)");

        private final String one;
        private final String several;

        UndoBlock(String one, String several) {
            this.one = one;
            this.several = several;
        }
    }

    /** A revision undo all would stop at: its name and why. */
    record Unwalked(String name, UndoBlock why) {
    }

    /** Why undo all is not run: the revisions it would stop at, grouped by why, each group in chain order. */
    static String undoAllBlocked(java.util.Collection<Unwalked> blocked) {
        List<String> parts = new ArrayList<>();
        for (UndoBlock why : UndoBlock.values()) {
            List<String> names = blocked.stream().filter(u -> u.why() == why).map(Unwalked::name).toList();
            if (!names.isEmpty()) {
                parts.add(String.join(", ", names) + (names.size() == 1 ? why.one : why.several));
            }
        }
        return String.join("; ", parts) + ", so undoing every revision from head would only repeat " + (blocked.size() == 1
                ? "that finding" : "those findings") + "; fix " + (blocked.size() == 1 ? "it" : "them") + " first.";
    }
    /** The objects a revision built otherwise when applied again (a time frozen into a view). */
    private final Set<String> notRepeatable = ConcurrentHashMap.newKeySet();
    /** The tables each script of the chain makes from a query, as written (a script is split once to find them). */
    private final Map<MigrationFile, List<SqlScript.Made>> tablesMadeFromQueries = java.util.Collections.synchronizedMap(
            new java.util.IdentityHashMap<>());
    /**
     * A change that makes rows read otherwise and changes no table's catalog row, in a script's text (a {@code DO}
     * block's too): an enum label renamed ({@code ALTER TYPE ... RENAME VALUE}), which changes pg_enum alone, and a
     * table made to inherit from another ({@code ALTER TABLE ... [NO] INHERIT}), whose parent then reads the child's rows
     * with its own and whose pg_class row does not change once it has had a child ({@code relhassubclass} stays set),
     * and an attribute of a composite type added, dropped or altered ({@code ALTER TYPE ... DROP ATTRIBUTE}), which
     * changes how a column of that type reads (its values in the dropped attribute are gone) and no row of the table's.
     */
    private static final java.util.regex.Pattern READ_OTHERWISE = java.util.regex.Pattern.compile(
            "(?i)\\b(?:RENAME\\s+VALUE|INHERIT|(?:ADD|DROP|ALTER)\\s+ATTRIBUTE)\\b");
    /** A word that makes a temporary table ({@code CREATE TEMP TABLE}, {@code pg_temp.t}), in any script's text. */
    private static final java.util.regex.Pattern TEMPORARY = java.util.regex.Pattern.compile("(?i)\\b(temp|temporary|pg_temp)\\b");
    private final FrozenTimes frozenTimes;
    /** Whether a script of the chain or a fixture may leave a temporary table in the walk's session. */
    private final boolean temporaryTables;
    /** The parts of the chain, in order: each walks its revisions on a database of its own. */
    private final List<Lane> lanes = new ArrayList<>();
    private boolean opened;
    private long startedAt;
    private long lastOutcomeAt;
    private ExecutorService background;
    private CompletableFuture<Reapplied> reapplied;
    /** Undo all, begun as soon as the last revision is walked: its invocation comes next (see {@link #outcome}). */
    private CompletableFuture<Outcome> undoing;
    /** Set when the walk is closed: undo all, if no invocation took it, stops before its next step. */
    private volatile boolean closing;
    /** What undo all says when the walk was closed before an invocation took it (no report shows it). */
    static final String CLOSED = "the walk was closed before undo all ran";
    /** The head read in full, when it disagreed with the incremental snapshots. */
    private SchemaSnapshot verifiedHead;
    private volatile SchemaSnapshot base;
    private String broken;
    /** The template Flyway migrated over the whole chain for {@code @MigratedDatabase}, when the walk may compare with it. */
    private Supplier<String> flywayHead;

    /** The version of the migration before the {@code i}th of the walk's, null for the first. */
    private String appliedBefore(int i) {
        return i == 0 ? null : versions.get(i - 1).version();
    }

    public RoundTripWalk(DatabaseManager manager, MigrationPlan plan, Settings settings, ClassLoader loader) {
        this(manager, plan, settings, loader, System.out::println);
    }

    /** A walk whose base build, if any, prints its progress lines to {@code console}. */
    public RoundTripWalk(DatabaseManager manager, MigrationPlan plan, Settings settings, ClassLoader loader,
            java.util.function.Consumer<String> console) {
        this.manager = manager;
        this.plan = plan;
        this.settings = settings;
        this.watch = new MigrationWatch(new LockSession(manager), plan.config().server().progress(),
                plan.config().server().statementTimeout(), console);
        this.versions = plan.source().versioned().stream()
                .filter(v -> plan.config().targetsLatest() || MigrationFile.compareVersions(v.version(), plan.config().target()) <= 0)
                .toList();
        this.fixtures = settings.fixtures().map(f -> MigrationSource.scan(List.of(f), loader, plan.config().placeholderReplacement()).files()).orElse(List.of());
        for (MigrationFile f : fixtures) {
            MigrationSource.checkPlaceholders(f, plan.config().placeholders(), plan.config().source());
        }
        if (settings.from() < 0 || settings.from() >= versions.size()) {
            throw new IllegalArgumentException("from " + settings.from() + " is not a revision of the chain (0 to "
                    + (versions.size() - 1) + ")");
        }
        this.from = settings.from();
        List<MigrationFile> scripts = new ArrayList<>(plan.source().files());
        this.frozenTimes = new FrozenTimes(scripts);
        scripts.addAll(fixtures);
        this.temporaryTables = scripts.stream().anyMatch(f -> TEMPORARY.matcher(f.content()).find());
        this.mentions = settings.seedRows() ? ScriptMentions.of(scripts) : ScriptMentions.NONE;
        this.walkBase = from == 0 ? null : new WalkBase(manager, plan, versions.subList(0, from), this::fixture, console);
        // roles belong to the server: read them only where SchemaVerify alone uses it, and no one else creates any
        this.reader = new CatalogReader(plan.config().schemas(), manager.server().exclusive(), plan.config().historyTable());
        this.preparedBase = walkBase != null && PreparedBase.applies(manager, settings.snapshots(), settings.seedRows())
                ? new PreparedBase(manager, reader, settings.snapshots(), walkBase.hash(), mentions, appliedBefore(from),
                        walkBase.range() + " of "
                        + String.join(", ", plan.config().locations()) + " applied") : null;
        int stop = -1;
        for (int i = from; i < versions.size(); i++) {
            if (!reversible(versions.get(i))) {
                stop = i;
            }
        }
        this.downStop = stop;
        this.rolesTouched = touchesRoles();
        int count = rolesTouched ? 1 : Math.max(1, Math.min(settings.lanes(), (versions.size() - from) / MIN_LANE));
        int start = from;
        for (int k = 0; k < count; k++) {
            int to = k == count - 1 ? versions.size() : start + laneLength(versions.size() - start, count - k, start - from);
            lanes.add(new Lane(start, to));
            start = to;
        }
    }

    /**
     * Compares the walk's head with a clone of this template (the one {@code @MigratedDatabase} clones: Flyway over the
     * whole chain, built once per run, or kept between runs) instead of a Flyway run of its own, when that template is
     * what such a run would build: a walk from the first revision, by Flyway (repeatable migrations included: the walk
     * applies them at head too).
     */
    public RoundTripWalk flywayHeadFrom(Supplier<String> template) {
        if (from == 0 && plan.config().engine() == Engine.FLYWAY) {
            this.flywayHead = template;
        }
        return this;
    }

    /** How many revisions the walk verifies (the chain from {@code from} on). */
    private int walked() {
        return versions.size() - from;
    }

    /** The revisions before the first one walked, applied once into the base and not verified; empty for a whole walk. */
    public List<MigrationFile> applied() {
        return versions.subList(0, from);
    }

    /** {@code V1 to V199}: the base's revisions, for names and notes. */
    private String baseRange() {
        return walkBase.range();
    }

    /**
     * The base template, built (or found on the server) once, whichever lane or thread asks first; a failure to build
     * it stops the walk at its first revision.
     */
    private DatabaseManager.Cached baseTemplate() {
        synchronized (baseLock) {
            if (baseFailure != null) {
                throw baseFailure;
            }
            if (baseTemplate == null) {
                try {
                    baseTemplate = walkBase.template();
                } catch (WalkBase.Failed e) {
                    MigrationFile first = versions.get(from);
                    baseFailure = new WalkStopped(Outcome.failed(ShouldApply.base(baseRange(), "V" + first.version(),
                            e.getMessage()), null), "The base (" + baseRange() + ") did not apply, so no revision can be"
                            + " walked: " + firstLine(e.getMessage()));
                    throw baseFailure;
                } catch (RuntimeException e) {
                    baseFailure = e;
                    throw e;
                }
            }
            return baseTemplate;
        }
    }

    /**
     * The prepared base ({@link PreparedBase}), built (or found on the server) once, whichever lane asks first; null
     * when the walk does not start on one.
     */
    private DatabaseManager.Cached preparedTemplate() {
        if (preparedBase == null) {
            return null;
        }
        DatabaseManager.Cached base = baseTemplate();
        if (!manager.keeps(base)) {
            return null; // a base that goes with this run: a prepared copy would hold what made it go
        }
        synchronized (preparedLock) { // not the base's: Flyway's run and other lanes take the base meanwhile
            if (prepared == null && !preparedTried) {
                preparedTried = true;
                try {
                    prepared = preparedBase.template(base).orElse(null);
                } catch (RuntimeException e) {
                    // only a shortcut: the walk starts on a copy of the base, and says why
                    preparedNote = "; not started on a base prepared for walking: " + firstLine(e.getMessage());
                }
            }
            return prepared;
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    /** What the walk's first revision tells about the base it started on. */
    private String baseNote() {
        DatabaseManager.Cached t = baseTemplate;
        return "walked from V" + versions.get(from).version() + (settings.fromLabel().isEmpty() ? "" : " (" + settings.fromLabel()
                + ")") + ", on a copy of the base " + t.name() + ": " + baseRange() + " applied once by Flyway, not verified; "
                + (t.built() ? "built in " + millis(t.buildTime()) + " by this run" : "reused, built by an earlier run")
                + preparedNote;
    }

    /** Fewer revisions than this per lane gain nothing from walking side by side. */
    private static final int MIN_LANE = 40;
    /** Walking a revision (up, down, up, three readings) costs about this many times applying it once. */
    private static final int WALK_COST = 8;

    /**
     * How many of the {@code remaining} revisions the next of {@code lanes} lanes walks, starting at {@code from}: a
     * lane that starts later first applies the revisions before it once, so it gets fewer to walk.
     */
    static int laneLength(int remaining, int lanes, int from) {
        if (lanes == 1) {
            return remaining;
        }
        // lane j (0 = this one) starts at from + j * L and walks L: its cost is (from + j * L) + WALK_COST * L; the
        // lengths that make the costs equal grow by a factor each lane, so solve for this lane's share
        double ratio = WALK_COST / (WALK_COST + 1.0); // each next lane walks this much of the previous one's length
        double sum = 0;
        double share = 1;
        for (int j = 0; j < lanes; j++) {
            sum += share;
            share *= ratio;
        }
        return (int) Math.max(1, Math.min(remaining - (lanes - 1), Math.round(remaining / sum)));
    }

    private boolean irreversible(MigrationFile v) {
        return settings.irreversible().stream().anyMatch(i -> MigrationFile.compareVersions(i, v.version()) == 0)
                || v.markedIrreversible();
    }

    private boolean reversible(MigrationFile v) {
        return !irreversible(v) && (settings.requireUndo() || plan.source().undoFor(v.version()).isPresent());
    }

    /** The display names of all invocations, in order. */
    public List<String> displayNames() {
        List<String> names = new ArrayList<>();
        for (MigrationFile v : versions.subList(from, versions.size())) {
            String what = irreversible(v) ? "up (irreversible)"
                    : reversible(v) ? "up, down, up" : "up (no undo script)";
            names.add(v.label() + ": " + what);
        }
        // where the down walk stops: at an irreversible revision, or at one without an undo script
        String stop = downStop < 0 ? "" : "undo all down to V" + versions.get(downStop).version() + " ("
                + (irreversible(versions.get(downStop)) ? "irreversible" : "no undo script") + ") leaves no trace";
        if (from == 0) {
            names.add(downStop < 0 ? "undo all to base leaves no trace" : stop);
            names.add("re-applying all from base reproduces head");
        } else {
            String walkedRange = "V" + versions.get(from).version() + (walked() == 1 ? "" : " to V"
                    + versions.get(versions.size() - 1).version());
            names.add(downStop < 0 ? "undo all down to the base (" + baseRange() + ") leaves no trace" : stop);
            names.add("re-applying " + walkedRange + " on the base reproduces head");
        }
        return names;
    }

    /** How the walk read its snapshots (incremental or full, and how many of each), for reports and benchmarks. */
    public synchronized String snapshotReading() {
        List<String> read = lanes.stream().filter(l -> l.walk != null).map(l -> l.walk.tracker().describe()).toList();
        return read.isEmpty() ? "no snapshots read" : read.size() == 1 ? read.get(0)
                : read.size() + " lanes: " + String.join("; ", read);
    }

    /**
     * How long each resync after a failure took. Without the walk's lock: undo all calls it on another thread, and the
     * lanes (fixed when the walk is made) keep their resyncs in synchronized lists.
     */
    public List<Duration> resyncs() {
        List<Duration> all = new ArrayList<>();
        for (Lane lane : lanes) {
            synchronized (lane.resyncs) {
                all.addAll(lane.resyncs);
            }
        }
        return List.copyOf(all);
    }

    /** Whether the base was asked for and did not apply: the revisions before the start were then not all applied. */
    public boolean baseFailed() {
        synchronized (baseLock) {
            return baseFailure != null;
        }
    }

    /** How many databases walk the chain side by side. */
    public int laneCount() {
        return lanes.size();
    }

    /** The wall time from the walk's start to the last outcome computed so far. */
    public synchronized Duration elapsed() {
        return startedAt == 0 ? Duration.ZERO : Duration.ofNanos(lastOutcomeAt - startedAt);
    }

    public int size() {
        return walked() + 2;
    }

    /** What invocation {@code index} verifies, as reports name it: {@code revision}, {@code undo_all}, {@code reapply_all}. */
    public String kind(int index) {
        return index < walked() ? "revision" : index == walked() ? "undo_all" : "reapply_all";
    }

    /**
     * The error that stopped the walk at invocation {@code index}, when it stopped there on one that is no verdict (its
     * outcome is then aborted with {@link Outcome#stoppedReason}); for that invocation to throw, and no other.
     */
    public synchronized Optional<Throwable> error(int index) {
        return Optional.ofNullable(errors.get(index));
    }

    /**
     * The outcome of invocation {@code index}, computing the walk up to it if needed (aborted when the walk stopped there
     * on an error that is no verdict: see {@link #error}).
     */
    public synchronized Outcome outcome(int index) {
        while (outcomes.size() <= index) {
            int next = outcomes.size();
            Outcome o;
            if (broken != null) {
                o = Outcome.aborted(broken);
            } else if (next < walked()) {
                open();
                Lane lane = laneOf(from + next);
                o = lane.result(from + next);
                if (lane.stoppedAt == from + next) {
                    if (lane.thrown != null) {
                        errors.put(next, lane.thrown); // this invocation throws it; the later ones abort with the reason
                    }
                    broken = lane.stopped;
                    lanes.forEach(Lane::cancel); // the revisions after it are not walked: their lanes may stop
                }
            } else {
                try {
                    o = next == walked() ? undoAllOutcome() : reapplyAll();
                } catch (WalkStopped e) {
                    broken = e.reason;
                    o = e.outcome;
                } catch (RuntimeException | Error e) {
                    // this invocation's alone: re-apply all needs nothing undo all does
                    errors.put(next, e);
                    o = Outcome.aborted(Outcome.firstLine(e));
                }
            }
            outcomes.add(o.failed() ? withRolesOfBuilds(o) : o);
            lastOutcomeAt = System.nanoTime();
            if (next == walked() - 1 && broken == null) {
                // undoing every revision needs nothing this invocation's report does: it runs while that is reported
                undoing = CompletableFuture.supplyAsync(this::undoAll, background);
            }
        }
        return outcomes.get(index);
    }

    /** The walk cannot go on: the outcome of the step that found it, and the reason the later ones abort. */
    private static final class WalkStopped extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Outcome outcome;
        private final String reason;

        WalkStopped(Outcome outcome, String reason) {
            super(reason, null, false, false);
            this.outcome = outcome;
            this.reason = reason;
        }
    }


    /**
     * Applies revisions {@code first} to {@code last} with their fixtures, one by one, to {@code database} (a resync's
     * rebuild, a lane's start), on a session set as the scripts before them left theirs ({@code before}); a script that
     * fails stops the walk after revision {@code at}. Returns what the scripts
     * set for the session ({@code SET TIME ZONE}, {@code SET search_path}, ...), which Flyway's one session would keep
     * for the revisions after them: the walk's next connection sets it again ({@link #restoreSession}).
     */
    private Map<String, String> applyPlain(String database, Map<String, String> before, int first, int last, int at) {
        try (Connection c = timed(manager.server().connect(database))) {
            asOnFirst(c);
            // as on Flyway's one connection: its initSql first (plan.session runs it), then what the scripts set since
            ScriptRunner.Session session = plan.session(c, dataSource(database));
            restoreSession(c, before);
            for (int j = first; j <= last; j++) {
                MigrationFile v = versions.get(j);
                for (MigrationFile f : new MigrationFile[] {fixture("before", v).orElse(null), v, fixture("at", v).orElse(null)}) {
                    if (f == null) {
                        continue;
                    }
                    try {
                        plan.apply(c, session, f, false);
                    } catch (ScriptRunner.Failure e) {
                        String why = e.file().fileName() + " did not apply again (" + e.serverMessage() + ")" + roleHint(e);
                        throw new WalkStopped(Outcome.aborted("Starting over after a failure, " + why + ", so " + after(at,
                                "V" + versions.get(at).version()) + " cannot run."), "Starting over after V"
                                + versions.get(at).version() + " failed, " + why + ", so " + after(at, "it") + " cannot run.");
                    }
                }
            }
            Map<String, String> settings = new LinkedHashMap<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT name, current_setting(name) FROM pg_settings WHERE source = 'session'"
                            + " ORDER BY name")) {
                while (rs.next()) {
                    settings.put(rs.getString(1), rs.getString(2));
                }
            }
            return settings;
        } catch (SQLException e) {
            throw new SchemaVerifyException("Could not connect to " + database + ": " + e.getMessage(), e);
        }
    }

    /**
     * What a failure at revision {@code at} keeps from running: the revisions after it ({@code it} or its name), or,
     * after the last, undo all and Flyway's re-apply.
     */
    private String after(int at, String it) {
        return at < versions.size() - 1 ? "the revisions after " + it : "undo all and the re-apply by Flyway";
    }

    /**
     * Why a script that applied once fails again on a new database of the same server: a role it creates is the
     * server's, and still there.
     */
    private static String roleHint(ScriptRunner.Failure e) {
        return e.serverMessage().matches("(?s).*\\brole \".*\" already exists.*") ? ": roles belong to the whole server, and"
                + " this one is left from the walk's first run of the script; create roles only when missing (DO $$ BEGIN IF"
                + " NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '...') THEN CREATE ROLE ...; END IF; END $$), as a chain"
                + " applied twice to one server needs" : "";
    }

    /** Sets on a new connection what {@link #applyPlain} found the scripts had set for their session. */
    /** The settings of the walk's first connection, before any script ran on it. */
    private Map<String, String> firstSettings;
    /** Guards {@link #firstSettings}: not the walk's monitor, which outcome() holds while undo all connects. */
    private final Object firstSettingsLock = new Object();

    /**
     * Gives a new connection of the walk the settings its first one had where the database now gives new connections
     * others: a migration's {@code ALTER DATABASE ... SET search_path} reaches no connection open before it, and
     * Flyway's one connection was, so the scripts after it run (in Flyway and in the walk) as before it. The first
     * connection's settings are read when it opens (a walk from a base has the base's settings then).
     */
    private void asOnFirst(Connection c) throws SQLException {
        Map<String, String> first;
        synchronized (firstSettingsLock) {
            if (firstSettings == null) {
                first = new HashMap<>();
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT name, current_setting(name) FROM pg_catalog.pg_settings")) {
                    while (rs.next()) {
                        first.put(rs.getString(1), rs.getString(2));
                    }
                }
                firstSettings = first;
                return;
            }
            first = firstSettings;
        }
        Map<String, String> others = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT name, current_setting(name) FROM"
                + " pg_catalog.pg_settings WHERE source IN ('database', 'database user') ORDER BY name")) {
            while (rs.next()) {
                String was = first.get(rs.getString(1));
                if (was != null && !was.equals(rs.getString(2))) {
                    others.put(rs.getString(1), was);
                }
            }
        }
        restoreSession(c, others);
    }

    private static void restoreSession(Connection c, Map<String, String> settings) {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config(?, ?, false)")) {
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                ps.setString(1, setting.getKey());
                ps.setString(2, setting.getValue());
                ps.execute();
            }
        } catch (SQLException e) {
            throw new SchemaVerifyException("Setting the migrations' session settings " + settings + " on the walk's new"
                    + " connection failed: " + e.getMessage(), e);
        }
    }

    /**
     * For a revision that builds an index {@code CONCURRENTLY}: the statement waits for every transaction older than
     * itself, and Flyway's default PostgreSQL lock keeps one open on another connection while it migrates, so there
     * the migrate waits for itself (flyway/flyway#3682). SchemaVerify runs Flyway without that lock, so the walk cannot
     * show it: it says so.
     */
    static List<String> flywayLockNote(MigrationFile v) {
        String content = v.content();
        if (content.toLowerCase(java.util.Locale.ROOT).indexOf("concurrently") < 0) {
            return List.of();
        }
        for (SqlScript.Statement statement : SqlScript.parse(content)) {
            String k = statement.keywords();
            if ((k.startsWith("CREATE INDEX CONCURRENTLY") || k.startsWith("CREATE UNIQUE INDEX CONCURRENTLY")
                    || k.startsWith("REINDEX") && k.contains(" CONCURRENTLY"))) {
                return List.of(v.fileName() + " line " + statement.line() + " waits for every transaction older than itself"
                        + " (CONCURRENTLY), and Flyway's default PostgreSQL lock keeps one open while it migrates: with"
                        + " postgresql.transactional.lock on (Flyway's default) the migrate waits for itself and never ends"
                        + " (flyway/flyway#3682). SchemaVerify runs Flyway with it off; turn it off where Flyway runs too"
                        + " (flyway.postgresql.transactional.lock=false, or spring.flyway.postgresql.transactional-lock=false).");
            }
        }
        return List.of();
    }

    private Lane laneOf(int index) {
        return lanes.stream().filter(l -> index >= l.from && index < l.to).findFirst().orElseThrow();
    }

    private Lane last() {
        return lanes.get(lanes.size() - 1);
    }

    /**
     * Starts the walk: Flyway over the whole chain on a database of its own, in the background (unless scripts create
     * roles, which it would see as the walk's), and every lane in a thread of its own when there are several.
     */
    private void open() {
        if (opened) {
            return;
        }
        opened = true;
        startedAt = System.nanoTime();
        background = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "schemaverify-walk");
            t.setDaemon(true);
            return t;
        });
        if (!rolesTouched) {
            reapplied = CompletableFuture.supplyAsync(() -> reapplyWithFlyway(flywayHead), background);
        }
        if (lanes.size() > 1) {
            for (Lane lane : lanes) {
                background.submit(() -> lane.result(lane.to - 1));
            }
        }
    }

    /**
     * An empty database as Flyway finds one before its first migration: with the schemas of Flyway's {@code schemas}
     * setting created, when the project has one ({@code flywaySchemas}).
     */
    private String emptyBase() {
        String database = manager.empty();
        if (!plan.config().flywaySchemas().isEmpty()) {
            try (Connection c = connect(database)) {
                // Flyway creates them on a connection its initSql and afterConnect callbacks started
                plan.session(c, dataSource(database));
                plan.prepareEmpty(c);
            } catch (SQLException | RuntimeException e) {
                manager.drop(database);
                throw new SchemaVerifyException("Could not prepare the walk's database " + database + ": " + e.getMessage(), e);
            }
        }
        try {
            if (runsCallbacks()) {
                createHistoryTable(database);
            }
            runCallbacks(database, Event.BEFORE_MIGRATE);
        } catch (ScriptRunner.Failure f) {
            manager.drop(database);
            Outcome o = Outcome.failed(ShouldApply.create("[" + f.file().fileName() + ", before the first migration]", "the"
                    + " callback " + f.file().fileName() + ", which Flyway runs before the first migration,", f,
                    "no revision can be walked until it applies"), null);
            throw new WalkStopped(o, "The callback " + f.file().fileName() + " failed on an empty database ("
                    + f.serverMessage() + "), so the revisions cannot run.");
        } catch (RuntimeException e) {
            manager.drop(database);
            throw e;
        }
        return database;
    }

    /** Whether the locations hold a SQL callback the walk runs. */
    private boolean runsCallbacks() {
        return callbacksRun().stream().anyMatch(e -> !plan.callbacks(e).isEmpty())
                || !plan.callbacks(Event.BEFORE_UNDO).isEmpty() || !plan.callbacks(Event.AFTER_UNDO).isEmpty();
    }

    /** Flyway's schema history table, empty, on the walk's new database ({@link MigrationPlan#createHistoryTable}). */
    private void createHistoryTable(String database) {
        try (Connection c = manager.server().connect(database)) {
            plan.createHistoryTable(c);
        } catch (SQLException e) {
            throw new SchemaVerifyException("Could not connect to " + database + ": " + e.getMessage(), e);
        }
    }

    /** The events whose SQL callbacks the walk runs itself, where Flyway's migrate runs them. */
    private java.util.Set<Event> callbacksRun() {
        java.util.Set<Event> run = java.util.EnumSet.of(Event.BEFORE_EACH_MIGRATE, Event.AFTER_EACH_MIGRATE,
                Event.AFTER_VERSIONED, Event.AFTER_MIGRATE_APPLIED, Event.AFTER_MIGRATE);
        if (!plan.source().repeatable().isEmpty()) {
            run.add(Event.BEFORE_REPEATABLES); // Flyway runs it before the first repeatable migration, if there is one
        }
        if (from == 0) {
            run.add(Event.BEFORE_MIGRATE); // on a base, Flyway ran it when it built the base
        }
        return run;
    }

    /** The tables the callbacks around each migration and undo were seen writing rows to, on any lane. */
    private final Set<String> callbackTables = new java.util.TreeSet<>();
    /** Whether a note said once that rows those callbacks wrote stay after undos. */
    private final java.util.concurrent.atomic.AtomicBoolean callbackNote = new java.util.concurrent.atomic.AtomicBoolean();

    /** The names of the callbacks Flyway runs around each migration and each undo. */
    private List<String> eachCallbacks() {
        List<String> names = new ArrayList<>();
        for (Event e : List.of(Event.BEFORE_EACH_MIGRATE, Event.AFTER_EACH_MIGRATE, Event.BEFORE_EACH_UNDO, Event.AFTER_EACH_UNDO)) {
            plan.callbacks(e).forEach(f -> names.add(f.fileName()));
        }
        return names;
    }

    /** The events Flyway's migrate runs callbacks on after its last migration, in its order. */
    private static final List<Event> AT_HEAD = List.of(Event.AFTER_VERSIONED, Event.AFTER_MIGRATE_APPLIED, Event.AFTER_MIGRATE);

    /**
     * Runs the SQL callbacks of {@code event} on {@code database} as Flyway runs those of an event outside its
     * migrations: on a connection of their own, each in a transaction of its own (unless it cannot run in one), on the
     * session as it started. Returns the callbacks run.
     *
     * @throws ScriptRunner.Failure naming the callback, when one fails
     */
    private List<MigrationFile> runCallbacks(String database, Event event) {
        List<MigrationFile> callbacks = plan.callbacks(event);
        if (callbacks.isEmpty()) {
            return callbacks;
        }
        try (Connection c = timed(manager.server().connect(database))) {
            ScriptRunner.Session session = plan.session(c, dataSource(database));
            for (MigrationFile callback : callbacks) {
                apply(c, session, callback, false);
            }
        } catch (SQLException e) {
            throw new SchemaVerifyException("Could not connect to " + database + " to run the callbacks of " + event.getId()
                    + ": " + e.getMessage(), e);
        }
        return callbacks;
    }

    /**
     * Runs, once, what Flyway's migrate runs after its last versioned migration on the last lane's database at head: the
     * callbacks of {@code afterVersioned}, then (when the chain has any) those of {@code beforeRepeatables} and the
     * repeatable migrations, then those of {@code afterMigrateApplied} and {@code afterMigrate}; and reads the head again:
     * what Flyway's run over the chain is compared with, and where undo all starts, as on the database production has.
     * Null when they ran, else their failure.
     */
    private Outcome callbacksAtHead() {
        // not on the walk's monitor: outcome() holds it while it waits for undo all, which calls this
        synchronized (headLock) {
            return runCallbacksAtHead();
        }
    }

    private final Object headLock = new Object();

    private Outcome runCallbacksAtHead() {
        if (headCallbacksRan) {
            return headCallbacksFailure;
        }
        headCallbacksRan = true;
        if (lanes.isEmpty() || last().walk == null || !heads.containsKey(versions.size() - 1)) {
            return null; // nothing walked up to head
        }
        Lane lane = last();
        List<MigrationFile> ran = new ArrayList<>();
        List<MigrationFile> repeatables = plan.source().repeatable();
        try {
            for (Event event : AT_HEAD) {
                ran.addAll(runCallbacks(lane.walk.name(), event));
                if (event == Event.AFTER_VERSIONED && !repeatables.isEmpty()) {
                    ran.addAll(runCallbacks(lane.walk.name(), Event.BEFORE_REPEATABLES));
                    applyRepeatables(lane.walk.name(), repeatables);
                }
            }
        } catch (ScriptRunner.Failure f) {
            String what = f.file().kind() == MigrationFile.Kind.REPEATABLE ? "the repeatable migration " + f.file().fileName()
                    + ", which Flyway applies after the last versioned migration," : applying != null ? "the callback "
                    + f.file().fileName() + ", which Flyway runs around each migration (here the repeatable migration "
                    + applying + ")," : "the callback " + f.file().fileName() + ", which Flyway runs after the last migration,";
            applying = null;
            String generated = headRebuilt.isEmpty() && f.byRows() ? lane.generatedIn(f) : "";
            if (!generated.isEmpty()) {
                // the values the walk generated are no production data: all of it again where they are not
                headRebuilt.add(f.file().fileName() + " failed at head on the values of rows the walk generated ("
                        + f.serverMessage() + "; " + generated + "), which no production row need hold: what Flyway runs after"
                        + " the last versioned migration ran again on a database rebuilt at head without them");
                lane.resync(versions.size() - 1);
                headCallbacksRan = false;
                return runCallbacksAtHead();
            }
            headCallbacksFailure = Outcome.failed(ShouldApply.create("[" + f.file().fileName() + ", at head]", what, f,
                    "undo all cannot start from head until it applies (it ran " + (headRebuilt.isEmpty() ? "on the walk's"
                    + " head, whose tables hold the rows the walk generated)" : "again on a database rebuilt at head without"
                    + " the rows the walk generated)")), null).withNotes(headRebuilt);
            return headCallbacksFailure;
        } catch (RuntimeException e) {
            // no verdict: re-apply all must not compare a head some callbacks may have changed
            headCallbacksFailure = Outcome.aborted("What Flyway runs after the last versioned migration could not run at"
                    + " head: " + Outcome.firstLine(e));
            throw e;
        }
        if (!ran.isEmpty() || !repeatables.isEmpty()) {
            SchemaSnapshot before = lane.current.snapshot();
            lane.current = lane.walk.tracker().read(lane.current);
            heads.put(versions.size() - 1, lane.current.snapshot());
            atHead = new AtHead(repeatables.stream().map(MigrationFile::fileName).toList(),
                    ran.stream().map(MigrationFile::fileName).toList());
            headCallbackDiff = SchemaDiff.between(before, lane.current.snapshot(), settings.ignored());
        }
        return null;
    }

    /**
     * The repeatable migrations, in Flyway's order (by description), as Flyway's migrate applies them: each in its
     * transaction, with the callbacks around each migration, on a connection whose session starts as Flyway's does.
     *
     * @throws ScriptRunner.Failure naming the repeatable migration (or callback) that failed
     */
    private void applyRepeatables(String database, List<MigrationFile> repeatables) {
        try (Connection c = timed(manager.server().connect(database))) {
            ScriptRunner.Session session = plan.session(c, dataSource(database));
            for (MigrationFile repeatable : repeatables) {
                applying = repeatable.fileName();
                apply(c, session, repeatable, false);
            }
            applying = null;
        } catch (SQLException e) {
            throw new SchemaVerifyException("Could not connect to " + database + " to apply the repeatable migrations: "
                    + e.getMessage(), e);
        }
    }

    /** What a failure on generated rows at head made the walk do: run it all again on head rebuilt without them. */
    private final List<String> headRebuilt = new ArrayList<>();

    /** The repeatable migration being applied at head, for a callback around it that fails; else null. */
    private String applying;

    /** What the repeatable migrations and callbacks run at head changed there. */
    private SchemaDiff headCallbackDiff = new SchemaDiff(List.of());

    private boolean headCallbacksRan;
    private Outcome headCallbacksFailure;
    /** The repeatable migrations and callbacks run at head, by file name. */
    private AtHead atHead = AtHead.NONE;

    /** Connects to a database SchemaVerify created for the walk and starts reading its snapshots. */
    private Walked attach(String database, CatalogTracker previous) {
        Connection connection = connect(database);
        ScriptRunner.Session session = plan.session(connection, dataSource(database));
        CatalogTracker tracker = CatalogTracker.start(reader, connection, database, settings.snapshots()).counting(previous);
        return new Walked(database, connection, session, tracker);
    }

    /**
     * Runs {@code file} (a migration, an undo, a repeatable migration or a callback) as Flyway would, with the
     * callbacks Flyway runs around it, watched: progress lines while it runs long, a statement timeout named.
     */
    private ScriptRunner.Applied apply(Connection c, ScriptRunner.Session session, MigrationFile file, boolean observeWrites) {
        watch.begin(file, plan.config().placeholders(), MigrationWatch.backendPid(c), " in the round trip");
        try {
            return plan.apply(c, session, file, observeWrites);
        } catch (ScriptRunner.Failure f) {
            throw watch.noted(heldByCopies(f, session.database()));
        } finally {
            watch.end();
        }
    }

    /**
     * The roles a line of {@link DatabaseManager#changedByBuilds} is about: {@code + role app (LOGIN)}, {@code - membership
     * of a in b} (not a setting's, whose role is where it applies).
     */
    private static final java.util.regex.Pattern BUILT_ROLE = java.util.regex.Pattern.compile(
            "^[+-] (?:role (\\S+) \\(|membership of (\\S+) in (\\S+)$)");

    /**
     * {@code o}, a failure, with a note when it names a role that a template build of this run (for other tests) made
     * or changed before the walk: roles belong to the whole server, so the walk found it as that
     * build left it, which production would not.
     */
    private Outcome withRolesOfBuilds(Outcome o) {
        Map<String, List<String>> byTemplate = new java.util.TreeMap<>(manager.changedByBuilds());
        DatabaseManager.Cached base = from == 0 ? null : baseTemplate;
        if (base != null) {
            byTemplate.remove(base.name()); // the revisions before the walk's start: as a database migrated once has them
        }
        List<String> changes = byTemplate.values().stream().flatMap(List::stream).toList();
        if (changes.isEmpty()) {
            return o;
        }
        java.util.Set<String> roles = new java.util.TreeSet<>();
        for (String change : changes) {
            java.util.regex.Matcher m = BUILT_ROLE.matcher(change);
            while (m.find()) {
                for (int g = 1; g <= 3; g++) {
                    // as a failure names a role: PostgreSQL's role "x", a snapshot's role x, member of x
                    String name = m.group(g) == null ? null : java.util.regex.Pattern.quote(m.group(g));
                    if (name != null && java.util.regex.Pattern.compile("\\b(?:role|member of(?: was| is)?) \"?" + name
                            + "(?![\\w$])").matcher(o.message()).find()) {
                        roles.add(m.group(g));
                    }
                }
            }
        }
        // in the failure's text, not a note of the report only: the verdict may be that build's doing
        return roles.isEmpty() ? o : new Outcome(o.status(), o.cause(), o.message() + "\nBefore this walk, a template that this run"
                + " built for other tests changed " + String.join(", ", roles) + " on the server ("
                + String.join("; ", changes) + "): roles belong to the whole server, so the walk found them as that build left"
                + " them, where a database migrated once would not; run the round trip in a test run of its own (mvn test"
                + " -Dtest=<its class>).", o.step(), o.notes());
    }

    /**
     * A line of PostgreSQL's detail of a role that other databases still name: {@code 6 objects in database sv_x},
     * {@code privileges for database sv_x}, {@code owner of database sv_x}.
     */
    private static final java.util.regex.Pattern IN_DATABASE = java.util.regex.Pattern.compile(
            "(?:\\d+ objects? in|privileges for|owner of) database (\\S+)");

    /**
     * {@code f}, put down to SchemaVerify's own databases where they alone stopped a {@code DROP ROLE} (or {@code DROP
     * OWNED}, SQLSTATE 2BP01): roles belong to the whole server, and PostgreSQL drops no role that privileges or objects
     * in any database name, so a copy of the migrated schema on the same server (the base of a walk that starts later,
     * a template of this run's {@code @MigratedDatabase} tests or one kept between runs) holds what the migrations gave
     * the role. The script would run under Flyway, which migrates one database. {@code migrated}: the database the script
     * ran in, whose own objects are the script's to deal with.
     */
    private ScriptRunner.Failure heldByCopies(ScriptRunner.Failure f, String migrated) {
        String detail = f.detail();
        if (!"2BP01".equals(f.sqlState()) || detail.isEmpty()) {
            return f; // no dependent_objects_still_exist, or no server's line that says where they are
        }
        java.util.Set<String> elsewhere = new java.util.TreeSet<>();
        for (String line : detail.split("\n")) {
            java.util.regex.Matcher m = IN_DATABASE.matcher(line.strip());
            if (!m.matches() || m.group(1).equals(migrated) || !manager.isSchemaVerifys(m.group(1))) {
                return f; // the migrated database's own objects, or a database that is no copy SchemaVerify made
            }
            elsewhere.add(m.group(1));
        }
        if (elsewhere.isEmpty()) {
            return f;
        }
        DatabaseManager.Cached base = from == 0 ? null : baseTemplate;
        boolean onlyBase = base != null && elsewhere.stream().allMatch(base.name()::equals);
        boolean templates = elsewhere.stream().allMatch(d -> d.startsWith("sv_tpl_") || d.startsWith("sv_cache_"));
        boolean kept = templates && elsewhere.stream().anyMatch(manager::keptBetweenRuns);
        String file = f.file().fileName();
        String which = onlyBase ? "the base this walk starts from (" + walkBase.range() + ", applied once and kept)"
                : templates ? "a template SchemaVerify migrated for other tests" + (kept ? " (@MigratedDatabase) and keeps"
                + " between runs (" + io.github.schemaverify.MigratedDatabase.TEMPLATE_CACHE_PROPERTY + ")"
                : " of this run (@MigratedDatabase)")
                : "SchemaVerify's copies of migrated schemas, of this run or of another run on the same server";
        String fix = "Nothing in " + file + " needs fixing for this: " + (onlyBase ? "start the walk at or before the"
                + " revision that grants to the role (from), or leave from unset, so that no copy of the revisions before it"
                + " holds the role's privileges."
                : kept ? "run the round trip in a test run of its own (mvn test -Dtest=<its class>), once with "
                + io.github.schemaverify.MigratedDatabase.TEMPLATE_CACHE_PROPERTY + "=0, which removes the templates kept"
                + " between runs."
                : templates ? "run the round trip in a test run of its own (mvn test -Dtest=<its class>), where no template of"
                + " these migrations exists yet."
                : "run the round trip on a server of its own (schemaverify.server=LOCAL), or give the role a name of its own"
                + " in each run (a placeholder).");
        return f.notTheScripts("the objects are in " + String.join(", ", elsewhere) + ", " + which + ", not in the database"
                + " migrated: roles belong to the whole server, and PostgreSQL drops no role that a database still names;"
                + " under Flyway, which migrates one database, the statement would run", fix);
    }

    /** {@code c}, a connection that runs scripts, with the statement timeout set, if one is. */
    private Connection timed(Connection c) throws SQLException {
        return SimpleDataSource.timed(c, plan.config().server().statementTimeout());
    }

    /**
     * New connections to {@code database} as the project's migrations get them: the data source Flyway's configuration
     * gives a Java migration, and Flyway's own where it runs; with the statement timeout, if one is set.
     */
    private SimpleDataSource dataSource(String database) {
        return manager.dataSource(database, plan.config().server().statementTimeout());
    }

    /** The session the watch reads {@code pg_stat_activity} on: a class of its own, which a cold JVM need not spin. */
    private record LockSession(DatabaseManager manager) implements MigrationWatch.Monitor {
        @Override
        public Connection open() throws SQLException {
            return manager.server().connect(manager.lockDatabase());
        }
    }

    private Connection connect(String database) {
        try {
            // the catalog queries stay prepared across the scripts' DDL: their result types cannot change
            Connection c = timed(manager.server().connect(database, Map.of("flushCacheOnDdl", "false")));
            asOnFirst(c);
            return c;
        } catch (SQLException e) {
            throw new SchemaVerifyException("Could not connect to the walk's database " + database + ": " + e.getMessage(), e);
        }
    }

    private Optional<MigrationFile> fixture(String prefix, MigrationFile v) {
        return fixtures.stream().filter(f -> f.fileName().equalsIgnoreCase(prefix + "_V" + v.version() + ".sql")
                || f.fileName().equalsIgnoreCase(prefix + "_V" + v.version().replace('.', '_') + ".sql")).findFirst();
    }



    private static ShouldKeepRows.TableChange change(TableRows.Projection p, TableRows.Rows was, long count, List<String> rows) {
        return new ShouldKeepRows.TableChange(p.table(), p.columns(), was.count(), count, TableRows.minus(was.rows(), rows),
                TableRows.minus(rows, was.rows()));
    }

    private RevisionStep step(MigrationFile v, SchemaSnapshot before, SchemaSnapshot after, List<String> notices, Duration up,
            Duration down, Duration again, boolean irreversible) {
        return new RevisionStep(RevisionStep.Kind.REVISION, v.version(), v.description(), v.fileName(), before, after,
                List.copyOf(notices), up, down, again, irreversible);
    }


    /**
     * The tables of {@code schema} that also exist in {@code at} (leaving partitions to their root), each read
     * through the columns it has in {@code schema} that {@code at} still has, by name; the columns {@code numeric} in both
     * are read as numbers.
     */
    static List<TableRows.Projection> projections(SchemaSnapshot schema, SchemaSnapshot at) {
        Map<String, Table> tables = tablesByName(at);
        List<TableRows.Projection> out = new ArrayList<>();
        for (Table t : schema.tables()) {
            if (!t.partitionOf().isEmpty()) {
                continue;
            }
            String name = t.qualifiedName();
            Table now = tables.get(name);
            if (now == null) {
                continue;
            }
            Set<String> present = new HashSet<>();
            Set<String> numeric = new HashSet<>();
            for (Column c : now.columns()) {
                present.add(c.name());
                if (numeric(c)) {
                    numeric.add(c.name());
                }
            }
            List<String> columns = new ArrayList<>();
            for (Column c : t.columns()) { // sorted by name, as a table keeps them
                if (present.contains(c.name())) {
                    columns.add(c.name());
                }
                if (!numeric(c)) {
                    numeric.remove(c.name()); // numbers on both sides only: text that was numeric keeps its 1.00
                }
            }
            numeric.retainAll(columns);
            out.add(new TableRows.Projection(name, List.copyOf(columns), Set.copyOf(numeric)));
        }
        return out;
    }

    /**
     * The widest value of a type of a size, as the server casts it: its SQL literal and how a message names it
     * ({@code repeat('s', 128)}, {@code a text of 128 characters}; {@code 999.99} for {@code numeric(5,2)}); empty
     * for other types, and for a text longer than 100,000 characters.
     */
    static Optional<String[]> widest(String type) {
        if (type.endsWith("[]")) {
            return widest(type.substring(0, type.length() - 2)).map(e -> new String[] {"ARRAY[" + e[0] + "]",
                    "an array holding " + e[1]});
        }
        java.util.regex.Matcher length = Lane.SIZED_TEXT.matcher(type);
        if (length.matches()) {
            // a length past 100,000 is a bound no row is meant to reach (varchar(10485760)): not tried
            return Optional.of(length.group(1)).filter(n -> n.length() <= 6 && Integer.parseInt(n) <= 100_000)
                    .map(n -> new String[] {"repeat('s', " + n + ")", "a text of " + n + " characters"});
        }
        java.util.regex.Matcher precision = NUMERIC_OF.matcher(type);
        if (!precision.matches()) {
            return Optional.empty();
        }
        int digits = Integer.parseInt(precision.group(1));
        int scale = Integer.parseInt(precision.group(2));
        if (scale > digits || scale < 0) {
            return Optional.empty(); // PostgreSQL 15's numeric(2,5) or numeric(2,-3): not tried
        }
        String n = (digits == scale ? "0" : "9".repeat(digits - scale)) + (scale == 0 ? "" : "." + "9".repeat(scale));
        return Optional.of(new String[] {n, n});
    }

    /** {@code numeric(p,s)} as the catalog writes it; precision and scale are groups 1 and 2. */
    private static final java.util.regex.Pattern NUMERIC_OF = java.util.regex.Pattern.compile(
            "^numeric\\((\\d+),(-?\\d+)\\)$");

    /**
     * The tables of {@code schema} by qualified name: a walk's checks look each table of one snapshot up in another, and
     * {@link SchemaSnapshot#table} goes down the list building each name, which made every step quadratic in the tables.
     */
    static Map<String, Table> tablesByName(SchemaSnapshot schema) {
        Map<String, Table> tables = new HashMap<>();
        for (Table t : schema.tables()) {
            tables.putIfAbsent(t.qualifiedName(), t);
        }
        return tables;
    }

    /** Whether the column's type is {@code numeric}, with or without its precision and scale (not an array of it). */
    private static boolean numeric(Column c) {
        return c.type().equals("numeric") || c.type().startsWith("numeric(") && !c.type().endsWith("]");
    }

    /**
     * Which projections the revision left as they were: none of their columns changed (a type, say), and none is of an
     * enum whose labels the revision renamed ({@code RENAME VALUE}) or a composite type whose attributes it changed
     * ({@code DROP ATTRIBUTE}), or of an array, a domain or a composite type that holds one: their rows read otherwise by
     * design. Nor does the table gain or lose partitions or children. What the
     * revision changed is found once, each projection then tested against it.
     */
    private static java.util.function.Predicate<TableRows.Projection> unchangedColumns(SchemaDiff applied, SchemaSnapshot after) {
        Set<String> regrouped = regrouped(applied, after);
        Set<String> changedColumns = new HashSet<>(); // schema.table.column
        Set<String> relabeled = new HashSet<>();
        for (Change c : applied.changes()) {
            if (c.object() instanceof Column col) {
                changedColumns.add(col.schema() + "." + col.table() + "." + col.name());
            }
            // a label renamed: one the enum had is gone (ADD VALUE, a grant or an owner changes no row)
            if (c instanceof Change.Changed changed && changed.before() instanceof EnumType was
                    && changed.after() instanceof EnumType is && !is.labels().containsAll(was.labels())) {
                relabeled.add(is.name());
                relabeled.add(is.schema() + "." + is.name());
            }
            // an attribute of a composite type added, dropped or altered: a column of it reads otherwise (ALTER TYPE ...
            // DROP ATTRIBUTE takes the attribute's values, as DROP COLUMN takes a column's)
            if (c instanceof Change.Changed changed && changed.before() instanceof CompositeType was
                    && changed.after() instanceof CompositeType is && !was.attributes().equals(is.attributes())) {
                relabeled.add(is.name());
                relabeled.add(is.schema() + "." + is.name());
            }
        }
        // the types that hold them: domains over them, composite types with an attribute of them, and so on
        for (boolean grew = !relabeled.isEmpty(); grew;) {
            grew = false;
            for (Domain d : after.domains()) {
                if (relabeled.contains(elementType(d.baseType()))) {
                    grew |= relabeled.add(d.name()) | relabeled.add(d.schema() + "." + d.name());
                }
            }
            for (CompositeType t : after.compositeTypes()) {
                if (t.attributes().stream().anyMatch(a -> relabeled.contains(elementType(ShouldRestore.attributeType(a))))) {
                    grew |= relabeled.add(t.name()) | relabeled.add(t.schema() + "." + t.name());
                }
            }
        }
        return p -> !regrouped.contains(p.table()) && p.columns().stream().noneMatch(c -> changedColumns.contains(p.table()
                + "." + c)) && (relabeled.isEmpty() || after.table(p.table()).map(t -> t.columns().stream().noneMatch(col
                        -> p.columns().contains(col.name()) && relabeled.contains(elementType(col.type())))).orElse(true));
    }

    /**
     * The tables whose partitions or inheritance children the revision changed (attached, detached, created, dropped;
     * {@code INHERIT}, {@code NO INHERIT}), and the tables above them: their rows are read with the children's, and move
     * with them by design (a partition detached keeps its rows, apart).
     */
    private static Set<String> regrouped(SchemaDiff applied, SchemaSnapshot after) {
        Set<String> parents = new HashSet<>();
        for (Change c : applied.changes()) {
            if (c instanceof Change.Changed changed && changed.before() instanceof Table was
                    && changed.after() instanceof Table is) {
                if (!was.partitionOf().equals(is.partitionOf()) || !was.inherits().equals(is.inherits())) {
                    parents.addAll(parentsOf(was));
                    parents.addAll(parentsOf(is));
                }
            } else if (!(c instanceof Change.Changed) && c.object() instanceof Table t) {
                parents.addAll(parentsOf(t));
            }
        }
        if (parents.isEmpty()) {
            return parents;
        }
        // and the tables above those, in the schema after the revision or before it: a sub-partition's rows are read
        // with its root's
        Map<String, Set<String>> above = new HashMap<>();
        List<Table> tables = new ArrayList<>(after.tables());
        for (Change c : applied.changes()) {
            if ((c instanceof Change.Changed changed ? changed.before() : c.object()) instanceof Table t) {
                tables.add(t);
            }
        }
        tables.forEach(t -> above.computeIfAbsent(t.qualifiedName(), k -> new HashSet<>()).addAll(parentsOf(t)));
        for (java.util.Deque<String> todo = new java.util.ArrayDeque<>(parents); !todo.isEmpty();) {
            for (String up : above.getOrDefault(todo.pop(), Set.of())) {
                if (parents.add(up)) {
                    todo.push(up);
                }
            }
        }
        return parents;
    }

    /** The tables a table is a partition or an inheritance child of (the catalog reading names them qualified). */
    private static List<String> parentsOf(Table t) {
        List<String> parents = new ArrayList<>();
        if (!t.partitionOf().isEmpty()) {
            parents.add(t.partitionOf().replaceFirst(" (FOR VALUES .*|DEFAULT)$", ""));
        }
        parents.addAll(t.inherits());
        return parents;
    }

    /**
     * A column's type without its array brackets and quotes, as an enum's schema and name read ({@code format_type}
     * quotes {@code "Role"}, which the enum calls {@code Role}).
     */
    private static String elementType(String type) {
        return type.replaceAll("(\\[\\])+$", "").replace("\"", "");
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }

    /**
     * Undo all's outcome, begun when the last revision was walked (its invocation comes after that revision's, which
     * set {@link #undoing} unless the walk broke, and then this one is not asked).
     */
    private Outcome undoAllOutcome() {
        try {
            return undoing.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause; // as if thrown here: a reading's failure, with its message
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private Outcome undoAll() {
        open();
        Lane lane = last();
        if (closing) {
            return Outcome.aborted(CLOSED);
        }
        Outcome failedAtHead = callbacksAtHead();
        if (failedAtHead != null) {
            return failedAtHead;
        }
        // only the revisions the down walk undoes: none at or below where it stops (an irreversible one, the base)
        java.util.Map<Integer, Unwalked> blocking = undoFailures.tailMap(Math.max(downStop, from - 1), false);
        if (!blocking.isEmpty()) {
            return Outcome.aborted(undoAllBlocked(blocking.values()));
        }
        if (closing) {
            return Outcome.aborted(CLOSED);
        }
        SchemaSnapshot head = lane.current().snapshot();
        String proof = "";
        if (lane.walk.tracker().incremental() && flywayAgrees(lane, head)) {
            // Flyway's head, read in full on a database it built from the same base, is the same to the last property: a
            // reading the log missed would show there (a migration that writes to pg_catalog wrote there too; a script
            // that runs on the walk's database alone and writes there is read in full below)
            proof = ", the head proven by the full reading of Flyway's";
        } else if (lane.walk.tracker().incremental()) {
            // the walk's snapshots were read incrementally: at head, prove them against a full reading
            SchemaSnapshot fullHead = lane.walk.tracker().full().snapshot();
            SchemaDiff disagreement = SchemaDiff.between(fullHead, head);
            if (!disagreement.isEmpty()) {
                verifiedHead = fullHead; // what Flyway's run is compared with
                return Outcome.failed(ShouldReadIncrementally.create(disagreement, CatalogTracker.PROPERTY), null);
            }
        }
        if (downStop == versions.size() - 1) {
            // head itself is where the down walk ends: comparing it with itself would pass with nothing undone
            MigrationFile last = versions.get(downStop);
            return Outcome.aborted("nothing to undo: V" + last.version() + ", the last revision, " + (irreversible(last)
                    ? "is irreversible" : "has no undo script") + ", so the down walk ends where it starts (each reversible"
                    + " revision's undo is verified in its own invocation).");
        }
        SchemaSnapshot target = downStop < 0 ? base : heads.get(downStop);
        List<String> rebuilt = new ArrayList<>(headRebuilt);
        Down undone = undoDown(lane, rebuilt);
        if (undone.stopped() != null) {
            return undone.stopped().withNotes(rebuilt);
        }
        Lane.Clock down = undone.clock();
        try {
            runCallbacks(lane.walk.name(), Event.AFTER_UNDO);
        } catch (ScriptRunner.Failure f) {
            return Outcome.failed(ShouldUndo.create("[" + f.file().fileName() + ", undo all]", "the callback "
                    + f.file().fileName() + ", which Flyway's undo runs after the last undo,", f), null);
        }
        SchemaSnapshot after = lane.walk.tracker().full().snapshot();
        RevisionStep step = new RevisionStep(RevisionStep.Kind.UNDO_ALL, "", "", "", head, after, down.notices, Duration.ZERO,
                down.elapsed, Duration.ZERO, false);
        SchemaDiff trace = SchemaDiff.between(target, after, settings.ignored());
        String what = downStop >= 0 ? "the schema after V" + versions.get(downStop).version() + " ("
                + (irreversible(versions.get(downStop)) ? "irreversible" : "no undo script") + ")"
                : from == 0 ? "the base schema (before the first migration)"
                : "the base schema (" + baseRange() + " applied, before V" + versions.get(from).version() + ")";
        // what the callbacks at head changed stays, as after Flyway's undo: it is theirs, not an undo's
        SchemaDiff left = headCallbackDiff.isEmpty() ? trace : without(trace, headCallbackDiff);
        if (!left.isEmpty() && !atHead.callbacks().isEmpty() && downStop < 0) {
            // a property both a revision and the callbacks changed (REVOKE ... ON SCHEMA public, and a callback's GRANT
            // USAGE on it): compared with the base as the callbacks leave it, what is left is the undos'
            left = alsoFrom(left, baseWithCallbacks(), after, settings.ignored());
        }
        // an object re-created by an undo with a time a 'now' literal froze into it anew: the SQL that froze it, not a trace
        List<Change> frozen = frozenTimes.only(left);
        List<String> notes = new ArrayList<>(rebuilt);
        frozen.forEach(c -> notes.add(c.key() + " differs after undoing every revision only in the time a 'now' literal"
                + " froze into it as the SQL creating it ran: not counted as a trace"));
        if (left.changes().size() > frozen.size()) {
            SchemaDiff traces = new SchemaDiff(left.changes().stream().filter(c -> !frozen.contains(c)).toList());
            return Outcome.failed(ShouldReachBase.create(what, traces, atHead), step).withNotes(notes);
        }
        if (!atHead.isEmpty()) {
            notes.add(atHead.ran(" before undoing") + (trace.isEmpty() ? ""
                    : "; what " + (atHead.one() ? "it" : "they") + " changed there stays after undoing every"
                    + " revision, as after Flyway's undo, and is not counted as a trace: " + trace.render(" ").strip()
                            .replace("\n", ";")));
        }
        List<Duration> resyncs = resyncs();
        return Outcome.passed("down " + millis(down.elapsed) + "; snapshots: " + lane.walk.tracker().describe() + proof
                + (resyncs.isEmpty()
                ? "" : "; " + resyncs.size() + (resyncs.size() == 1 ? " resync" : " resyncs") + " after failures, "
                + millis(resyncs.stream().reduce(Duration.ZERO, Duration::plus)) + " in all") + (lanes.size() == 1 ? ""
                : "; " + lanes.size() + " lanes side by side"), step).withNotes(notes);
    }

    /**
     * Whether Flyway's run over the chain left a head its full reading finds equal in every property to the walk's
     * ({@code head}, read incrementally): then that reading proves the walk's, and none of its own is needed.
     */
    private boolean flywayAgrees(Lane lane, SchemaSnapshot head) {
        CompletableFuture<Reapplied> r = reapplied;
        // not waited for: on a long chain it is done well before the walk, and where it is not (a walk from a later
        // revision, Flyway building the tests' template in the same process) the undos would wait for it; either way the
        // verdict is the same, read from one full reading or the other
        if (r == null || !r.isDone() || writesCatalogBesideFlyway(lane)) {
            return false;
        }
        Reapplied done;
        try {
            done = r.join();
        } catch (RuntimeException e) {
            return false; // re-apply all tells it
        }
        return done.after() != null && done.failure() == null && done.error() == null
                && SchemaDiff.between(done.after(), head).isEmpty();
    }

    /** {@code UPDATE pg_index ...}, {@code INSERT INTO pg_catalog.pg_depend ...}: a write no event trigger sees. */
    private static final Pattern CATALOG_WRITE = Pattern.compile("(?i)\\b(?:UPDATE|INSERT\\s+INTO|DELETE\\s+FROM)\\s+(?:ONLY\\s+)?"
            + "(?:\"?pg_catalog\"?\\s*\\.\\s*)?\"?pg_\\w+");

    /**
     * Whether a script that runs on the walk's database and not on Flyway's (an undo, a fixture, a callback: Flyway's run
     * has the same migrations, and a migration's write to the catalog shows in both) writes to a catalog table, which
     * the walk's incremental readings do not see: then only a full reading of the walk's own head proves them.
     */
    private boolean writesCatalogBesideFlyway(Lane lane) {
        Boolean w = catalogWrites;
        if (w == null) {
            w = java.util.stream.Stream.concat(plan.source().files().stream().filter(f -> f.kind() == MigrationFile.Kind.UNDO
                    || f.kind() == MigrationFile.Kind.OTHER), fixtures.stream())
                    .anyMatch(f -> !f.isJava() && CATALOG_WRITE.matcher(lane.text(f)).find());
            catalogWrites = w;
        }
        return w;
    }

    private volatile Boolean catalogWrites;

    /** The note on an undo that failed on the way down from head, after what the walk ran there. */
    private String ranAtHeadNote() {
        return "the walk " + atHead.ran(" before undoing") + ": what " + (atHead.one() ? "it creates" : "they create")
                + " there may depend on what the undo drops" + (atHead.repeatables().isEmpty() ? "" : "; a database Flyway"
                + " migrated has " + (atHead.one() ? "it" : "them") + " too, so the undo has to drop what depends on what it drops"
                + " (a view over a dropped column) with DROP ... IF EXISTS (the undo's own round trip runs before the repeatable"
                + " migrations; Flyway applies a repeatable migration again only when its file changes)") + (atHead.callbacks().isEmpty() ? ""
                : "; Flyway's undo runs beforeUndo.sql before the first undo, and so does the walk");
    }

    /** Undo scripts with {@code v}'s description whose version no versioned migration has: {@code U52__x.sql} for V25. */
    private List<String> misnamedUndos(MigrationFile v) {
        return plan.source().files().stream().filter(f -> f.kind() == MigrationFile.Kind.UNDO
                && f.description().equals(v.description()) && plan.source().versioned().stream()
                        .noneMatch(w -> MigrationFile.compareVersions(w.version(), f.version()) == 0))
                .map(MigrationFile::fileName).sorted().toList();
    }

    /** Undo all's down walk: the time and notices of its undos, or the outcome it stopped with. */
    private record Down(Lane.Clock clock, Outcome stopped) {
    }

    /**
     * As Flyway's undo down to the base: beforeUndo, each undo from head down, with its callbacks (afterUndo is the
     * caller's). An undo that fails on the values of rows the walk generated, the first time, makes it walk down again on
     * a database rebuilt at head without them ({@code rebuilt} says so).
     */
    private Down undoDown(Lane lane, List<String> rebuilt) {
        Lane.Clock down = lane.new Clock();
        try {
            lane.laterDeployment(); // Flyway's undo runs its scripts in one session, another than the migrate's
            runCallbacks(lane.walk.name(), Event.BEFORE_UNDO);
        } catch (ScriptRunner.Failure f) {
            return new Down(down, Outcome.failed(ShouldUndo.create("[" + f.file().fileName() + ", undo all]", "the callback "
                    + f.file().fileName() + ", which Flyway's undo runs before the first undo,", f), null));
        }
        for (int j = versions.size() - 1; j > Math.max(downStop, from - 1); j--) {
            if (closing) {
                return new Down(down, Outcome.aborted(CLOSED));
            }
            MigrationFile v = versions.get(j);
            MigrationFile undo = plan.source().undoFor(v.version()).orElseThrow();
            try {
                down.run(undo);
            } catch (ScriptRunner.Failure f) {
                String generated = rebuilt.isEmpty() && atHead.isEmpty() && f.byRows() ? lane.generatedInAny(f) : "";
                if (!generated.isEmpty()) {
                    // the values the walk generated are no production data: undo all again where they are not
                    rebuilt.add("undoing V" + v.version() + " on the way down from head failed on the values of rows the"
                            + " walk generated (" + f.serverMessage() + "; " + generated + "), which no production row need"
                            + " hold: undo all ran again on a database rebuilt at head without them");
                    lane.resync(versions.size() - 1);
                    return undoDown(lane, rebuilt);
                }
                Outcome failed = Outcome.failed(ShouldUndo.create("[" + undo.fileName() + ", undo all]", "undoing V"
                        + v.version() + " on the way down from head", f), null);
                return new Down(down, atHead.isEmpty() ? failed : failed.withNotes(List.of(ranAtHeadNote())));
            }
        }
        return new Down(down, null);
    }

    /**
     * The base as the callbacks at head leave it, as Flyway's migrate to the base would: a new copy of the base (for a
     * whole walk an empty database with {@code beforeMigrate} run), the callbacks run on it, read in full. Empty when a
     * callback fails there (a view over tables the base does not have): then only what they changed at head is left
     * out of undo all's trace.
     */
    private Optional<SchemaSnapshot> baseWithCallbacks() {
        String database = null;
        try {
            database = from == 0 ? emptyBase() : manager.cloneOf(baseTemplate().name());
            for (Event event : AT_HEAD) {
                runCallbacks(database, event);
            }
            try (Connection c = manager.server().connect(database)) {
                return Optional.of(reader.read(c));
            }
        } catch (ScriptRunner.Failure | WalkStopped | SQLException e) {
            return Optional.empty();
        } finally {
            if (database != null) {
                dropLater(database);
            }
        }
    }

    /**
     * The changes of {@code trace} that {@code after} also shows against {@code reference}, by object and property:
     * what neither the base nor the base as the callbacks leave it explains.
     */
    static SchemaDiff alsoFrom(SchemaDiff trace, Optional<SchemaSnapshot> reference, SchemaSnapshot after,
            Set<SchemaDiff.Ignore> ignored) {
        if (reference.isEmpty()) {
            return trace;
        }
        Map<String, Change> other = new HashMap<>();
        SchemaDiff.between(reference.get(), after, ignored).changes().forEach(c -> other.put(c.key(), c));
        List<Change> left = new ArrayList<>();
        for (Change c : trace.changes()) {
            Change o = other.get(c.key());
            if (o == null) {
                continue;
            }
            if (c instanceof Change.Changed changed && o instanceof Change.Changed otherChanged) {
                Set<String> differing = new HashSet<>();
                otherChanged.properties().forEach(p -> differing.add(p.property()));
                keep(changed, p -> differing.contains(p.property())).ifPresent(left::add);
            } else {
                left.add(c);
            }
        }
        return new SchemaDiff(left);
    }

    /** The change with only the properties {@code kept} accepts; empty when none is left. */
    private static Optional<Change> keep(Change.Changed change, java.util.function.Predicate<Change.PropertyChange> kept) {
        List<Change.PropertyChange> rest = change.properties().stream().filter(kept).toList();
        return rest.isEmpty() ? Optional.empty() : Optional.of(rest.size() == change.properties().size() ? change
                : new Change.Changed(change.before(), change.after(), rest));
    }

    /**
     * {@code trace} without the changes that are exactly those of {@code callbacks}: an object they added, or removed,
     * as they did; a property changed from and to the values they changed it from and to.
     */
    static SchemaDiff without(SchemaDiff trace, SchemaDiff callbacks) {
        Set<String> whole = new HashSet<>();
        Map<String, Set<Change.PropertyChange>> byKey = new HashMap<>();
        for (Change c : callbacks.changes()) {
            if (c instanceof Change.Changed changed) {
                byKey.computeIfAbsent(c.key(), k -> new HashSet<>()).addAll(changed.properties());
            } else {
                whole.add(c.render());
            }
        }
        List<Change> left = new ArrayList<>();
        for (Change c : trace.changes()) {
            if (c instanceof Change.Changed changed) {
                Set<Change.PropertyChange> theirs = byKey.getOrDefault(c.key(), Set.of());
                keep(changed, p -> !theirs.contains(p)).ifPresent(left::add);
            } else if (!whole.contains(c.render())) {
                left.add(c);
            }
        }
        return new SchemaDiff(left);
    }

    /**
     * What Flyway reached on a fresh database: the head to compare, or why it failed; {@code template} names the
     * migrated template it was cloned from, if it was.
     *
     * @param error no verdict on the chain (SchemaVerify's defect, the server's doing): the invocation fails with it
     */
    private record Reapplied(SchemaSnapshot after, List<String> notices, Duration up, String failure, String template,
            RuntimeException error, int leftOut) {
        Reapplied(SchemaSnapshot after, List<String> notices, Duration up, String failure) {
            this(after, notices, up, failure, null, null, 0);
        }

        Reapplied(SchemaSnapshot after, List<String> notices, Duration up, String failure, String template) {
            this(after, notices, up, failure, template, null, 0);
        }
    }

    /**
     * Flyway over the whole chain on a fresh database. It depends on nothing the walk does, so it runs on its own
     * thread and connection while the walk goes on; its invocation compares the result with the walk's head.
     */
    private Reapplied reapplyWithFlyway(Supplier<String> migratedTemplate) {
        String fresh = null;
        try {
            if (migratedTemplate != null) {
                long t0 = System.nanoTime();
                String template = migratedTemplate.get();
                fresh = manager.cloneOf(template);
                Duration up = Duration.ofNanos(System.nanoTime() - t0);
                try (Connection c = manager.server().connect(fresh)) {
                    return new Reapplied(reader.read(c), List.of(), up, null, template);
                } catch (SQLException e) {
                    throw new SchemaVerifyException("Reading the schema of " + fresh + " failed: " + e.getMessage(), e);
                }
            }
            // from the base the walk started on: Flyway's history there says what is applied, and it applies the rest
            fresh = from == 0 ? manager.empty() : manager.cloneOf(baseTemplate().name());
            long t0 = System.nanoTime();
            List<String> notices;
            int leftOut = 0;
            // on the base, the files of the migrations applied there are Flyway's to skip: it need not read them
            try (MigrationPlan.Mirror without = plan.locationsWithout(applied()).orElse(null)) {
                FluentConfiguration flyway = reapplying(fresh);
                if (without != null) {
                    flyway.locations(without.locations());
                    leftOut = without.left();
                }
                try {
                    notices = plan.migrate(flyway, watch);
                } catch (RuntimeException e) {
                    if (without == null || e instanceof SessionEnded) {
                        throw e;
                    }
                    // a failure is confirmed, and named, by Flyway on the project's own locations: on a new copy
                    dropLater(fresh);
                    fresh = null; // dropped: if the new copy fails, nothing is left to drop
                    fresh = manager.cloneOf(baseTemplate().name());
                    FluentConfiguration own = reapplying(fresh);
                    leftOut = 0;
                    notices = plan.migrate(own, watch);
                }
            }
            Duration up = Duration.ofNanos(System.nanoTime() - t0);
            try (Connection c = manager.server().connect(fresh)) {
                return new Reapplied(reader.read(c), notices, up, null, null, null, leftOut);
            } catch (SQLException e) {
                throw new SchemaVerifyException("Reading the schema of " + fresh + " failed: " + e.getMessage(), e);
            }
        } catch (WalkStopped e) {
            return new Reapplied(null, List.of(), Duration.ZERO, e.reason);
        } catch (MigrationPlan.Diverged | SessionEnded e) {
            // SchemaVerify's defect, or the server ended Flyway's session: not a verdict on the chain
            return new Reapplied(null, List.of(), Duration.ZERO, e.getMessage(), null, e, 0);
        } catch (RuntimeException e) {
            return new Reapplied(null, List.of(), Duration.ZERO, e.getMessage());
        } catch (LinkageError e) {
            // a Java migration whose classes are not all there (NoClassDefFoundError): Flyway passes it on unwrapped, and
            // left to the future it failed the run again as the walk closed
            return new Reapplied(null, List.of(), Duration.ZERO, "Flyway's run over the chain failed: a Java migration threw "
                    + e + ". Put the classes it needs on the test class path.");
        } finally {
            if (fresh != null) {
                dropLater(fresh);
            }
        }
    }

    /** Flyway as the re-apply runs it, on {@code database}: every migration, repeatable ones too, as the walk's head has. */
    private FluentConfiguration reapplying(String database) {
        return plan.flywayConfiguration(dataSource(database))
                // what validation checks holds by construction: the base's history was written from these very files
                // (its name is their hash), and no migration of an empty database is applied yet
                .validateOnMigrate(false);
    }

    /**
     * Drops a database the walk no longer needs beside the rest of the walk (the drop of a long chain's database takes
     * about as long as a few revisions); {@link #close()} waits for it. Inline when the walk is closing.
     */
    private void dropLater(String database) {
        ExecutorService pool = background;
        if (pool != null) {
            try {
                pool.submit(() -> manager.drop(database));
                return;
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // close() has begun: drop it here
            }
        }
        manager.drop(database);
    }

    /** Statements that create, change or drop roles. */
    private static final java.util.regex.Pattern ROLE_STATEMENT = java.util.regex.Pattern.compile(
            "(?is)\\b(?:(?:CREATE|ALTER|DROP)\\s+(?:ROLE|USER|GROUP)|REASSIGN\\s+OWNED)\\b");
    /**
     * A {@code GRANT} up to its first {@code TO} over names alone (a character class, not a group repeated: a long text
     * would recurse once a character); a role membership where no {@code ON} is among them ({@code GRANT r TO u}).
     */
    private static final java.util.regex.Pattern GRANT_TO = java.util.regex.Pattern.compile("(?is)\\bGRANT\\s+([\\w\",\\s]*?)\\bTO\\b");
    private static final java.util.regex.Pattern ON = java.util.regex.Pattern.compile("(?i)\\bON\\b");

    /**
     * True when the walk reads the server's roles and a script may change them: then Flyway's run over the chain waits
     * for the walk, since its roles, created or dropped on the same server meanwhile, would read as the walk's.
     */
    private boolean touchesRoles() {
        if (!reader.readsRoles()) {
            return false;
        }
        return versions.subList(from, versions.size()).stream().anyMatch(v -> mayTouchRoles(v.content())
                || plan.source().undoFor(v.version()).map(u -> mayTouchRoles(u.content())).orElse(false))
                || callbacksRun().stream().flatMap(e -> plan.callbacks(e).stream()).anyMatch(c -> mayTouchRoles(c.content()));
    }

    /**
     * {@link #ROLE_STATEMENT} or a role membership ({@link #GRANT_TO}), searched only in a script with one of their words
     * (a regex over every file costs a cold JVM).
     */
    static boolean mayTouchRoles(String script) {
        String lower = script.toLowerCase(java.util.Locale.ROOT);
        if ((lower.contains("role") || lower.contains("user") || lower.contains("group") || lower.contains("reassign"))
                && ROLE_STATEMENT.matcher(script).find()) {
            return true;
        }
        return lower.contains("grant") && GRANT_TO.matcher(script).results().anyMatch(g -> !ON.matcher(g.group(1)).find());
    }

    private Outcome reapplyAll() {
        open();
        Outcome failedAtHead = callbacksAtHead(); // ran before undo all, which reports their failure; the head is then unknown
        if (failedAtHead != null) {
            return Outcome.aborted("what Flyway runs after the last versioned migration did not run at head (see undo all),"
                    + " so the walk's head is not the one to compare with Flyway's");
        }
        SchemaSnapshot head = verifiedHead != null ? verifiedHead : heads.isEmpty() ? base
                : heads.get(versions.size() - 1);
        Reapplied r = reapplied != null ? reapplied.join() : reapplyWithFlyway(flywayHead);
        SchemaDiff all = r.failure() != null ? null : SchemaDiff.between(head, r.after(), settings.ignored());
        if (r.template() != null && (all == null || !drift(all).isEmpty())) {
            // the template may come from an earlier run: a failure, or a difference, is confirmed by Flyway run now
            r = reapplyWithFlyway(null);
            all = r.failure() != null ? null : SchemaDiff.between(head, r.after(), settings.ignored());
        }
        if (r.error() != null) {
            throw r.error();
        }
        if (r.failure() != null) {
            return Outcome.failed(ShouldApply.byFlyway("[re-apply all]", r.failure()), null);
        }
        RevisionStep step = new RevisionStep(RevisionStep.Kind.REAPPLY_ALL, "", "", "", base, r.after(), r.notices(), r.up(),
                Duration.ZERO, Duration.ZERO, false);
        SchemaDiff drift = drift(all);
        if (!drift.isEmpty()) {
            return Outcome.failed(ShouldReachHead.create(drift, plan.callbacksNotRun(callbacksRun()),
                    plan.callbacksOf(callbacksRun())), step);
        }
        return Outcome.passed((r.template() != null ? "Flyway's migrated template " + r.template() + ", ready in " + millis(r.up())
                : "Flyway " + millis(r.up()) + (from == 0 ? "" : " on a copy of the base") + (r.leftOut() == 0 ? ""
                : " (from copies of its locations without the " + r.leftOut() + " files of the migrations applied there)"))
                + (all.isEmpty() ? ""
                : "; it differs only in what revisions reported as not repeatable"), step);
    }

    /** How Flyway's head differs from the walk's ({@code all}), leaving out what revisions reported as not repeatable. */
    private SchemaDiff drift(SchemaDiff all) {
        // what a revision builds differently on every run was reported there; here it would only repeat it
        return new SchemaDiff(all.changes().stream().filter(c -> !notRepeatable.contains(c.key())).toList());
    }

    @Override
    public synchronized void close() {
        closing = true;
        if (undoing != null) {
            // it uses the last lane's database, closed next; when no invocation took it, it stops at its next step
            undoing.exceptionally(e -> null).join();
        }
        lanes.forEach(Lane::cancel);
        if (background != null) {
            background.shutdown();
        }
        if (lanes.size() == 1) {
            // walked on this thread, so done: its database is dropped while the background's last work ends
            lanes.get(0).close();
        }
        if (background != null) {
            try {
                background.awaitTermination(10, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (reapplied != null) {
            reapplied.join(); // its database is dropped before the manager closes
            reapplied = null;
        }
        try {
            lanes.forEach(Lane::close);
        } finally {
            watch.close();
        }
    }

    /**
     * A part of the chain, revisions {@code from} to {@code to} (exclusive), walked on a database of its own: the first
     * starts empty; a later one starts on a database with the revisions before it applied once, as a resync does.
     */
    private final class Lane {
        final int from;
        final int to;
        private final Outcome[] results;
        private volatile int computed;
        private boolean walking;
        volatile Walked walk;
        private TableRows tableRows = new TableRows(reader.sessionStart());
        /** The revision (index) the walk last started over at, on a database rebuilt there; -1 before it does. */
        private int rebuiltAt = -1;
        /** Where the sequences stood after the last revision walked, when nothing ran since. */
        private Sequences.State lastSequences;
        /** The finding of a revision as it first ran, held while its undo was walked on, when that walk threw. */
        private Failure toldBeforeStop;
        /** The tables holding the rows the walk generated on this database, with where: {@code before the undo of V2}. */
        private final Map<String, String> generatedAt = new HashMap<>();
        /**
         * The tables a fixture run in this lane wrote to, with which ({@code written by the fixture before_V3.sql}): their
         * rows stand for production's, and a revision that fails on them fails on rows.
         */
        private final Map<String, String> fixtureRows = new HashMap<>();
        /**
         * The tables a revision wrote rows to after the walk generated rows in others, with which ({@code written by V1.4
         * after the walk generated rows in other tables}): their rows may be made from the generated ones (an {@code
         * INSERT ... SELECT} copying a table's rows into a new one), whose values are no production data.
         */
        private final Map<String, String> derivedAt = new HashMap<>();
        /** Of those, the tables whose rows were generated before an undo, with the version of that revision. */
        private final Map<String, String> generatedBefore = new HashMap<>();
        /**
         * Of those, the columns each table had when its rows were generated: a column added since holds what a migration
         * put there.
         */
        private final Map<String, Set<String>> generatedColumns = new HashMap<>();
        /** The revisions walked again without rows generated for their undo, which their scripts failed on. */
        private final Set<Integer> unseeded = new HashSet<>();
        // the revisions whose undo ran on rows generated after them, and those applied again that failed on such rows:
        // how a revision walked again without the generated rows fared (walkedAgain)
        private final Set<Integer> undoneOnRows = new HashSet<>();
        private final Set<Integer> appliedAgainOnRows = new HashSet<>();
        /** The tables no row could be generated for before an undo, with why, as last noted: noted again when that changes. */
        private final Map<String, String> unseedable = new HashMap<>();
        /** The revisions walked again on a database rebuilt without generated rows: none are generated as they start. */
        private final Set<Integer> rebuiltBare = new HashSet<>();
        /**
         * The revisions walked again on a database rebuilt without the rows generated in some tables only (those whose
         * generated values a revision refused, a CHECK (name = 'default')), with those tables: the other tables get rows
         * as the revision starts, so that what it does to theirs is still seen. A second failure rebuilds it bare.
         */
        private final Map<Integer, Set<String>> rebuiltWithout = new HashMap<>();
        private Checkpoint checkpoint;
        private volatile CatalogImage current;
        final List<Duration> resyncs = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile String stopped;
        volatile int stoppedAt = -1;
        /** What stopped the lane at {@link #stoppedAt} when it was no verdict: thrown by that revision's invocation. */
        volatile Throwable thrown;
        private volatile boolean cancelled;

        Lane(int from, int to) {
            this.from = from;
            this.to = to;
            this.results = new Outcome[to - from];
        }

        CatalogImage current() {
            return current;
        }

        /** Stops walking after the revision being walked (the walk broke earlier in the chain, or is closed). */
        void cancel() {
            cancelled = true;
        }

        /**
         * The outcome of revision {@code index}, walking up to it if needed: one thread walks the lane at a time, and a
         * caller waiting for an earlier revision gets it as soon as it is walked.
         */
        Outcome result(int index) {
            synchronized (this) {
                while (computed <= index - from && walking) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for V" + versions.get(index).version(), e);
                    }
                }
                if (computed > index - from) {
                    return results[index - from];
                }
                walking = true;
            }
            try {
                while (computed <= index - from) {
                    int i = from + computed;
                    Outcome o;
                    if (stopped != null) {
                        o = Outcome.aborted(stopped);
                    } else if (cancelled) {
                        o = Outcome.aborted("the walk ended before V" + versions.get(i).version() + " was walked");
                    } else {
                        try {
                            open();
                            o = revision(i).withNotes(flywayLockNote(versions.get(i)));
                            if (i == from && from > RoundTripWalk.this.from) {
                                o = o.withNotes(List.of("walked in lane " + (lanes.indexOf(this) + 1) + " of " + lanes.size()
                                        + ", which started on a database with V" + versions.get(0).version() + " to V"
                                        + versions.get(from - 1).version() + " applied once"));
                            } else if (i == from && from > 0) {
                                o = o.withNotes(List.of(baseNote()));
                            }
                        } catch (WalkStopped e) {
                            stopped = e.reason;
                            stoppedAt = i;
                            o = e.outcome;
                        } catch (SessionEnded e) {
                            if (e.byItself()) {
                                // a statement that ends its own session does so on every run: its script's verdict
                                o = endedItself(i, e);
                            } else {
                                o = stoppedBy(i, e);
                            }
                        } catch (RuntimeException | Error e) {
                            o = stoppedBy(i, e);
                        }
                        if (toldBeforeStop != null) {
                            o = besideUp(toldBeforeStop, o);
                            toldBeforeStop = null;
                        }
                    }
                    synchronized (this) {
                        results[computed++] = o;
                        notifyAll();
                    }
                }
                return results[index - from];
            } finally {
                synchronized (this) {
                    walking = false;
                    notifyAll();
                }
            }
        }

        /**
         * No verdict: a reading, the rows or the server failed, and where the revision's scripts left the lane's database is
         * unknown. Walking it again would run them twice and blame it.
         */
        private Outcome stoppedBy(int i, Throwable e) {
            MigrationFile v = versions.get(i);
            stopped = Outcome.stoppedReason("The walk", v.label(), v.version(), e);
            stoppedAt = i;
            thrown = e;
            return Outcome.aborted(stopped);
        }

        /**
         * Revision {@code i}'s verdict where a statement of its scripts ended its own session: its undo fails (the walk
         * starts over past it), or it does not apply (nothing after it runs), as with Flyway on every run.
         */
        private Outcome endedItself(int i, SessionEnded e) {
            MigrationFile v = versions.get(i);
            String name = "V" + v.version();
            if (plan.source().undoFor(v.version()).filter(u -> u.fileName().equals(e.script())).isPresent()) {
                undoFailures.put(i, new Unwalked(name, UndoBlock.FAILED));
                Outcome o = Outcome.failed(ShouldUndo.endedItsSession("[" + e.script() + ", down]", "the undo of " + name,
                        e.getMessage()), null);
                try {
                    return startOver(i, o);
                } catch (WalkStopped stop) {
                    stopped = stop.reason;
                    stoppedAt = i;
                    return stop.outcome;
                }
            }
            boolean own = e.script().equals(v.fileName());
            stopped = (own ? v.label() : e.script() + ", run with " + v.label() + ",") + " ended its own session ("
                    + e.reason() + "), so " + after(i, own ? "it" : name) + " cannot run.";
            stoppedAt = i;
            return Outcome.failed(ShouldApply.endedItsSession("[" + e.script() + ", up]", own ? name : "the script "
                    + e.script() + " run with " + name, e.getMessage()), null);
        }

        /** The lane's database: empty for the first lane, else with the revisions before {@code from} applied. */
        private void open() {
            if (walk != null) {
                return;
            }
            if (from == 0) {
                walk = attach(emptyBase(), null);
                current = walk.tracker().full();
                base = current.snapshot();
                return;
            }
            int walkFrom = RoundTripWalk.this.from;
            if (from == walkFrom) {
                // the first lane of a walk that starts later: on a copy of the base, which it never drops
                checkpoint = baseCheckpoint();
                if (startPrepared()) {
                    return; // its rows generated and its schema read when the template was built
                }
                walk = attach(manager.cloneOf(checkpoint.name()), null);
                current = walk.tracker().full();
                base = current.snapshot();
            } else {
                String start = walkFrom == 0 ? emptyBase() : manager.cloneOf(baseTemplate().name());
                Map<String, String> session = applyPlain(start, Map.of(), walkFrom, from - 1, from - 1);
                checkpoint = new Checkpoint(start, from - 1, session);
                walk = attach(manager.cloneOf(start), null);
                restoreSession(walk.connection(), session);
                current = walk.tracker().full();
            }
            if (settings.seedRows()) {
                // as in one walk, where the undos before this revision left a row in every table they did not create
                SchemaSnapshot at = current.snapshot();
                List<String> tables = at.tables().stream().filter(t -> t.partitionOf().isEmpty()).map(Table::qualifiedName)
                        .toList();
                RowSeeder.Result seeded = new RowSeeder(at, mentions, appliedBefore(from)).seed(walk.connection(), tables);
                tableRows.changed(seeded.writes());
                markStart(seeded.seeded(), at, from);
            }
        }

        /**
         * Records that {@code tables} hold rows the walk generated where this lane starts, at revision {@code from}
         * ({@code schema}: the schema there): the walk's start where it starts later than the chain's, or a lane's.
         */
        private void markStart(List<String> tables, SchemaSnapshot schema, int from) {
            String v = "V" + versions.get(from).version();
            String start = from == RoundTripWalk.this.from ? "generated by the walk where it started, at " + v + ", the"
                    + " revisions before it applied once and not walked" : "generated by the walk where its lane started, at "
                    + v + ", a long chain being walked in lanes side by side";
            tables.forEach(t -> generatedAt.put(t, start));
            columnsOf(tables, schema);
        }

        /** Starts on a copy of the prepared base, when there is one and the copy's kept reading holds. */
        private boolean startPrepared() {
            DatabaseManager.Cached template = preparedTemplate();
            if (template == null) {
                return false;
            }
            String database = manager.cloneOf(template.name());
            Connection connection = connect(database);
            Optional<PreparedBase.Start> resumed = preparedBase.resume(connection, database, template.name());
            if (resumed.isEmpty()) {
                manager.discard(template); // its last user drops it: the next run prepares it again
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // dropped with FORCE next
                }
                manager.drop(database);
                return false;
            }
            preparedNote = "; started on a copy of " + template.name() + ", the base prepared for walking (its rows generated"
                    + " and its schema read) " + (template.built() ? "by this run" : "by an earlier run");
            walk = new Walked(database, connection, plan.session(connection, dataSource(database)), resumed.get().resumed().tracker());
            current = resumed.get().resumed().first();
            tableRows.remember(resumed.get().rows());
            base = current.snapshot();
            markStart(resumed.get().seeded(), base, from);
            return true;
        }

        void close() {
            if (walk != null) {
                try {
                    walk.connection().close();
                } catch (SQLException ignored) {
                    // dropped with FORCE next
                }
                manager.drop(walk.name());
                walk = null;
            }
            if (checkpoint != null) {
                if (checkpoint.owned()) {
                    manager.drop(checkpoint.name());
                }
                checkpoint = null;
            }
        }

        /**
         * Whether the rows {@code missing} after the undo (more than those {@code unexpected} there) were gone right after
         * the revision ({@code at}: the rows then, before its fixture), and no more than it took away from {@code was}
         * (the rows before it): the revision deleted them.
         */
        private static boolean goneWithRevision(TableRows.Rows was, TableRows.Rows at, List<String> missing,
                List<String> unexpected) {
            return missing != null && unexpected != null && missing.size() > unexpected.size() && at != null
                    && at.rows() != null && was.count() - at.count() >= missing.size()
                    && missing.stream().noneMatch(at.rows()::contains);
        }

        /**
         * The rows lost from tables the revision or its undo deletes from by name ({@code DELETE FROM}, {@code TRUNCATE}),
         * read after an undo whose schema is told incomplete, where the walk reads no rows otherwise: rows revision {@code
         * v} deletes that its undo does not give back (coder's V119 deletes every workspace proxy, and its undo leaves two
         * comments behind), gone right after the revision ({@code atRevision}: the rows then, before its fixture) and no
         * more than it took away; and rows the undo deletes itself (hyperswitch's U45 truncates api_keys and leaves a
         * column out of place), fewer rows after it than before the revision and since ({@code beforeDown}: as the undo
         * started), among them some there as it started, none the revision inserted, and none that break a check the
         * revision drops and the undo adds again ({@code breaking}: those it must delete); as the rows' own check tells
         * them where the schema is restored (a fix of the schema alone would meet them on the next run). Empty where the
         * scripts' text deletes from none, or none is missing; not read where the undo left a column of those rows out
         * (the schema's failure tells it), nor in a table either script makes anew, one the undo inserts into (rows it
         * gives back, or a cache it rebuilds from a query: the rows' own check tells those apart once the schema is
         * restored), or one the callbacks around each migration write to.
         */
        private Optional<Failure> deletedBeside(MigrationFile v, MigrationFile undo, String name,
                List<TableRows.Projection> preExisting, SchemaSnapshot afterUndo,
                Map<TableRows.Projection, TableRows.Rows> rowsBefore, Map<TableRows.Projection, TableRows.Rows> atRevision,
                Map<TableRows.Projection, TableRows.Rows> beforeDown, Map<TableRows.Projection, List<String>> breaking) {
            String revision = v.isJava() ? "" : text(v);
            String undoing = undo.isJava() ? "" : text(undo);
            if (!DELETES_OR_TRUNCATES.matcher(SqlText.masked(revision + "\n" + undoing)).find()) {
                return Optional.empty();
            }
            Set<String> byCallbacks;
            synchronized (callbackTables) {
                byCallbacks = new HashSet<>(callbackTables);
            }
            List<TableRows.Projection> readable = preExisting.stream().filter(p -> (takesRows(revision, p.table())
                    || takesRows(undoing, p.table())) && !byCallbacks.contains(p.table())
                    && (undo.isJava() || !insertsRows(undoing, p.table()))
                    && afterUndo.table(p.table()).map(t -> p.columns().stream().allMatch(c -> t.column(c).isPresent()))
                    .orElse(false)).toList();
            if (readable.isEmpty()) {
                return Optional.empty();
            }
            Map<TableRows.Projection, TableRows.Rows> afterDown;
            try {
                afterDown = rows(readable);
            } catch (RuntimeException e) {
                return Optional.empty(); // the schema's failure stands alone
            }
            List<ShouldKeepRows.TableChange> lost = new ArrayList<>();
            List<String> tables = new ArrayList<>(); // those the revision deleted the missing rows of
            boolean revisionWrites = false;
            for (TableRows.Projection p : readable) {
                TableRows.Rows was = rowsBefore.get(p);
                TableRows.Rows is = afterDown.get(p);
                // read with other columns right after the revision and as the undo started where the revision changed the
                // table's columns: then compared by their numbers alone
                TableRows.Projection atP = sameTable(atRevision, p);
                TableRows.Projection thenP = sameTable(beforeDown, p);
                TableRows.Rows at = atP == null ? null : atRevision.get(atP);
                TableRows.Rows then = thenP == null ? null : beforeDown.get(thenP);
                if (was == null || is == null || at == null || then == null || at.oid() != was.oid() || is.oid() != was.oid()) {
                    continue;
                }
                boolean listed = atP.equals(p) && thenP.equals(p) && was.rows() != null && is.rows() != null
                        && at.rows() != null && then.rows() != null;
                List<String> breaks = breaking.getOrDefault(thenP, List.of());
                List<String> missing = null;
                List<String> unexpected = null;
                long expected;
                boolean byRevision;
                boolean byUndo;
                if (listed) {
                    List<String> added = TableRows.minus(then.rows(), at.rows());
                    List<String> rows = TableRows.minus(TableRows.plus(was.rows(), added), breaks);
                    expected = rows.size();
                    missing = TableRows.minus(rows, is.rows());
                    unexpected = TableRows.minus(is.rows(), rows);
                    byRevision = takesRows(revision, p.table()) && goneWithRevision(was, at, missing, unexpected);
                    byUndo = !byRevision && takesRows(undoing, p.table()) && missing.size() > unexpected.size()
                            && missing.stream().anyMatch(then.rows()::contains);
                } else {
                    expected = was.count() + Math.max(0, then.count() - at.count()) - breaks.size();
                    byRevision = takesRows(revision, p.table()) && is.count() < expected
                            && was.count() - at.count() >= expected - is.count();
                    byUndo = !byRevision && takesRows(undoing, p.table()) && is.count() < expected && is.count() < then.count();
                    if (was.rows() != null && is.rows() != null) {
                        // the rows there before the revision, read with the same columns both times, are listed
                        missing = TableRows.minus(was.rows(), is.rows());
                        unexpected = List.of();
                    }
                }
                if (byRevision || byUndo) {
                    lost.add(new ShouldKeepRows.TableChange(p.table(), p.columns(), expected, is.count(), missing,
                            unexpected));
                    if (byRevision) {
                        tables.add(p.table());
                    }
                    // whether the revision changed those rows: it takes or writes rows there, or it took some away, or
                    // read with the same columns they differ (read with others, their numbers alone tell)
                    revisionWrites |= byRevision || v.isJava() || takesRows(revision, p.table())
                            || writesRows(revision, p.table())
                            || (listed ? !was.sameAs(at) : was.count() != at.count());
                }
            }
            return lost.isEmpty() ? Optional.empty() : Optional.of(ShouldKeepRows.create("[" + undo.fileName() + ", down]",
                    ShouldKeepRows.When.DOWN, name, undo.fileName(), lost, List.of(), List.of(), List.of(), List.of(),
                    revisionWrites, ShouldKeepRows.Bare.NO, generatedAt, List.of(), List.of(), Map.of(), List.of(), Set.of(),
                    tables));
        }

        /** The projection of {@code rows} that reads {@code p}'s table: {@code p} itself, or one of other columns; else null. */
        private static TableRows.Projection sameTable(Map<TableRows.Projection, TableRows.Rows> rows, TableRows.Projection p) {
            return rows.containsKey(p) ? p : rows.keySet().stream().filter(q -> q.table().equals(p.table())).findFirst()
                    .orElse(null);
        }

        /**
         * The tables that held rows before revision {@code v} ({@code rowsBefore}), that it drops ({@code DROP TABLE} of
         * them, gone after it) and that hold none after its undo: made again empty, or not at all. Their rows went with
         * them, which the failure on what the undo did not restore tells beside the schema (a fix of that alone would
         * fail next on the rows). A table the undo fills again (from a copy the revision kept) is not among them.
         */
        private List<String> droppedWithRows(MigrationFile v, Map<TableRows.Projection, TableRows.Rows> rowsBefore,
                SchemaSnapshot after, SchemaSnapshot afterUndo) {
            List<String> dropped = new ArrayList<>();
            for (Map.Entry<TableRows.Projection, TableRows.Rows> e : rowsBefore.entrySet()) {
                String table = e.getKey().table();
                // a table renamed or moved aside keeps its rows: its oid is still there
                if (e.getValue().count() > 0 && !dropped.contains(table) && after.table(table).isEmpty()
                        && dropsTable(text(v), table) && !relationExists(e.getValue().oid()) && !holdsRows(afterUndo, table)) {
                    dropped.add(table);
                }
            }
            java.util.Collections.sort(dropped);
            return dropped;
        }

        /**
         * The attributes of composite types that the revision ({@code script}) drops ({@code ALTER TYPE feature DROP
         * ATTRIBUTE optional}: there before it, gone after it, named in a {@code DROP ATTRIBUTE}; one renamed is not
         * dropped), each with the columns ({@code public.t.c}) of that type or an array of it in the tables of {@code
         * changed} that hold as many rows as before: their values in the attribute went with it, as a dropped column's
         * do.
         */
        private static List<ShouldKeepRows.DroppedAttributes> droppedAttributes(String script, SchemaSnapshot before,
                SchemaSnapshot after, List<ShouldKeepRows.TableChange> changed) {
            List<ShouldKeepRows.DroppedAttributes> out = new ArrayList<>();
            for (CompositeType was : before.compositeTypes()) {
                Optional<CompositeType> is = after.compositeType(was.qualifiedName());
                if (is.isEmpty()) {
                    continue;
                }
                List<String> gone = ShouldRestore.droppedAttributes(was, is.get(), script);
                List<String> columns = new ArrayList<>();
                for (ShouldKeepRows.TableChange t : changed) {
                    for (String c : t.before() == t.after() ? t.columns() : List.<String>of()) {
                        if (before.table(t.table()).flatMap(table -> table.column(c)).map(col -> RowSeeder.writes(col.type()
                                .replaceAll("(\\[\\])+$", ""), was.schema(), was.name())).orElse(false)) {
                            columns.add(t.table() + "." + c);
                        }
                    }
                }
                if (!gone.isEmpty() && !columns.isEmpty()) {
                    out.add(new ShouldKeepRows.DroppedAttributes(was.qualifiedName(), gone, columns));
                }
            }
            return out;
        }

        /** Whether {@code table} is there ({@code schema}) and holds a row; true where that cannot be read. */
        private boolean holdsRows(SchemaSnapshot schema, String table) {
            if (schema.table(table).isEmpty()) {
                return false;
            }
            try (Statement st = walk.connection().createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT EXISTS (SELECT FROM " + TableRows.quote(table) + ")")) {
                return !rs.next() || rs.getBoolean(1);
            } catch (SQLException e) {
                return true; // not told: the undo's schema is the failure, its rows the next run's
            }
        }

        /**
         * Where revision {@code i} is walked again on a database rebuilt without (some of) the rows the walk generated: the
         * note naming the tables it drops, or drops and creates again, that held no rows as it did, so that whether it loses
         * production's rows there was not tried as it ran (authelia's V6, walked again without consents, met none in
         * the six tables it re-creates: the token tables cannot hold a row without a consent, and it passed in silence).
         * Not a table the revision wrote rows to, nor one renamed aside (its relation is still there).
         */
        private Optional<String> untriedDrops(int i, String name, List<TableRows.Projection> preExisting,
                Map<TableRows.Projection, TableRows.Rows> rowsBefore, List<TableRows.Projection> acrossUp,
                Map<TableRows.Projection, TableRows.Rows> rowsAfterUp, SchemaSnapshot after, Set<String> written) {
            Map<String, Boolean> untried = new java.util.TreeMap<>(); // and whether it creates it again
            for (TableRows.Projection p : preExisting) {
                TableRows.Rows was = rowsBefore.get(p);
                if (was == null || was.count() > 0 || written.contains(p.table())) {
                    continue;
                }
                Optional<TableRows.Rows> now = acrossUp.stream().filter(q -> q.table().equals(p.table())).findFirst()
                        .map(rowsAfterUp::get);
                boolean dropped = now.isEmpty() ? after.table(p.table()).isEmpty() : now.get().oid() != was.oid();
                if (dropped && !relationExists(was.oid())) {
                    untried.put(p.table(), now.isPresent());
                }
            }
            if (untried.isEmpty()) {
                return Optional.empty();
            }
            Set<String> without = rebuiltWithout.get(i);
            boolean allAgain = !untried.containsValue(false);
            List<String> named = untried.entrySet().stream().map(e -> e.getKey() + (e.getValue() && !allAgain ? " (created"
                    + " again)" : "")).toList();
            String tables = Unread.and(named) + (allAgain ? untried.size() == 1 ? " (created again)" : " (each created again)"
                    : "");
            return Optional.of(name + " was walked again on a database rebuilt without " + (without == null
                    ? "the rows the walk generated" : "the rows generated in " + String.join(", ", without)) + ", where "
                    + tables + (untried.size() == 1 ? " held no rows as " + name + " dropped it" : " held none as " + name
                    + " dropped them") + ": whether " + name + " loses production's rows there was not tried as it ran; a"
                    + " fixture with rows there (before_V"
                    + versions.get(i).version() + ".sql) tries it");
        }

        /** Whether the lane's database still has a relation with this oid. */
        private boolean relationExists(long oid) {
            try (java.sql.PreparedStatement st = walk.connection().prepareStatement(
                    "SELECT EXISTS (SELECT FROM pg_catalog.pg_class WHERE oid = ?)")) {
                st.setLong(1, oid);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            } catch (SQLException e) {
                throw new SchemaVerifyException("Reading the relations of " + walk.name() + " failed: " + e.getMessage(), e);
            }
        }

        private ScriptRunner.Applied run(MigrationFile file) {
            return apply(walk.connection(), walk.session(), file, true);
        }

        /**
         * Whether {@code script}'s text as it runs names {@code name} (a table, or a column); a Java migration, whose text
         * is code, is taken to name every one: nothing it may have written is put down to triggers.
         */
        private boolean names(MigrationFile script, String name) {
            return script.isJava() || names(text(script), name);
        }

        /**
         * A script's text as it runs in this lane, placeholders replaced (Flyway's built-in ones too): what the walk reads
         * a script for (the tables it names, drops or writes to, the columns it drops or renames) is read there, so that a
         * table named through a placeholder ({@code ${prefix}users}) is found.
         */
        private String text(MigrationFile file) {
            return plan.text(file, walk.session());
        }

        /**
         * Starts what follows as a later deployment would, in a session of its own: an undo, or a revision applied again
         * after its undo, does not see the temporary tables the scripts before it left in the walk's session (Flyway runs
         * one migrate's scripts in one session, so the revisions of one walk up still do).
         */
        void laterDeployment() {
            if (!temporaryTables) {
                return; // no script of the chain makes one: a round trip saved before each undo and re-apply
            }
            try (Statement st = walk.connection().createStatement()) {
                st.execute("DISCARD TEMP");
            } catch (SQLException e) {
                throw new SchemaVerifyException("Dropping the temporary tables of " + walk.name() + " failed: " + e.getMessage(), e);
            }
        }
        /** Runs the scripts of one step: their time in all, their notices, the tables they wrote rows to. */
        private final class Clock {
            final List<String> notices = new ArrayList<>();
            final Set<String> written = new HashSet<>();
            /** Of those written, the tables the callbacks around the scripts wrote to ({@code afterEachMigrate.sql}'s audit). */
            final Set<String> byCallbacks = new java.util.TreeSet<>();
            boolean writesKnown = true;
            Duration elapsed = Duration.ZERO;

            /** Runs the script and returns the time it took. */
            Duration run(MigrationFile file) {
                long t0 = System.nanoTime();
                try {
                    ScriptRunner.Applied applied;
                    try {
                        applied = Lane.this.run(file);
                    } catch (RuntimeException e) {
                        tableRows.changed(ScriptRunner.Writes.UNKNOWN); // a script that failed may have written anything
                        throw e;
                    }
                    tableRows.changed(applied.writes());
                    if (READ_OTHERWISE.matcher(file.content()).find()) {
                        tableRows.forgetAll();
                    }
                    notices.addAll(applied.notices());
                    if (applied.writes().known()) {
                        written.addAll(applied.writes().written());
                        // a table made from a query holds the query's rows, none as well (PostgreSQL counts no write then)
                        written.addAll(madeFromQueries(file, applied.notices()));
                        byCallbacks.addAll(applied.writes().byCallbacks());
                    } else {
                        writesKnown = false;
                    }
                    return Duration.ofNanos(System.nanoTime() - t0);
                } finally {
                    elapsed = elapsed.plusNanos(System.nanoTime() - t0);
                }
            }
        }
        /**
         * Whether the revision {@code v} and its undo both make {@code p}'s table from a query ({@code CREATE TABLE ... AS}),
         * and after the undo it holds the rows it held after the revision ({@link #rebuiltAsByRevision}).
         */
        private boolean madeAnewAlike(MigrationFile v, MigrationFile undo, TableRows.Projection p, List<String> rows,
                Map<TableRows.Projection, TableRows.Rows> rowsAfterUp, Map<String, TableRows.Projection> afterUpByTable) {
            return rebuiltAsByRevision(p, rows, rowsAfterUp, afterUpByTable) && madeFromQueries(v, List.of()).contains(p.table())
                    && madeFromQueries(undo, List.of()).contains(p.table());
        }

        /**
         * Whether the rows of {@code p} now ({@code rows}) are those the table held after the revision, on the columns
         * {@code p} reads ({@code rowsAfterUp}: read through the revision's projection, which may read more).
         */
        private boolean rebuiltAsByRevision(TableRows.Projection p, List<String> rows,
                Map<TableRows.Projection, TableRows.Rows> rowsAfterUp, Map<String, TableRows.Projection> afterUpByTable) {
            TableRows.Projection q = afterUpByTable.get(p.table());
            TableRows.Rows afterUp = q == null ? null : rowsAfterUp.get(q);
            if (afterUp == null || afterUp.rows() == null || rows == null
                    || !q.columns().stream().filter(p.columns()::contains).toList().equals(p.columns())) {
                return false;
            }
            List<String> more = q.columns().stream().filter(c -> !p.columns().contains(c)).toList();
            return TableRows.without(afterUp.rows(), q, more).equals(rows);
        }

        /**
         * The tables {@code file} makes from a query ({@code CREATE TABLE ... AS SELECT}) that exist after it ran, by
         * qualified name, read from its text as it ran (placeholders replaced); a name with a {@code $} is left out, and
         * so is one {@code IF NOT EXISTS} skipped (a notice of the run, {@code notices}, says it already existed).
         */
        private List<String> madeFromQueries(MigrationFile file, List<String> notices) {
            List<SqlScript.Made> names = tablesMadeFromQueries.computeIfAbsent(file, f -> SqlScript.tablesMadeFromQueries(
                    text(f)).stream().filter(n -> n.name().indexOf('$') < 0).toList());
            if (names.isEmpty()) {
                return List.of();
            }
            List<String> made = new ArrayList<>();
            try (PreparedStatement ps = walk.connection().prepareStatement("SELECT n.nspname || '.' || c.relname FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(?)")) {
                for (SqlScript.Made m : names) {
                    String skipped = "\"" + m.bareName() + "\" already exists";
                    if (m.ifNotExists() && notices.stream().anyMatch(n -> n.contains(skipped))) {
                        continue;
                    }
                    String name = m.name();
                    ps.setString(1, name);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            made.add(rs.getString(1));
                        }
                    }
                }
            } catch (SQLException e) {
                throw new SchemaVerifyException("Reading the tables " + file.fileName() + " makes from queries failed: "
                        + e.getMessage(), e);
            }
            return made;
        }

        private Outcome revision(int i) {
            List<String> startNotes = new ArrayList<>();
            List<Failure> toldAtUp = new ArrayList<>();
            Outcome walked;
            try {
                walked = revision(i, startNotes, toldAtUp);
            } catch (WalkStopped e) {
                throw toldAtUp.isEmpty() ? e : new WalkStopped(besideUp(toldAtUp.get(0), e.outcome), e.reason);
            } catch (RuntimeException | Error e) {
                // a statement that ended its session, a reading or the server that failed: what the lane makes of it
                // comes after the finding, which stands (the outermost walk of the revision's, where it is walked again)
                if (!toldAtUp.isEmpty()) {
                    toldBeforeStop = toldAtUp.get(0);
                }
                throw e;
            }
            Outcome o = toldAtUp.isEmpty() ? walked : besideUp(toldAtUp.get(0), walked);
            // the notes of the rows generated as it started, where it ended before they were taken into its own
            List<String> missing = startNotes.stream().filter(n -> !o.notes().contains(n)).toList();
            return o.withNotes(missing);
        }

        /**
         * The outcome of a revision whose keys were found behind its rows as it first ran ({@code up}), its undo walked
         * on all the same: that first, then what the walk found after it (the undo's own sequence left behind, say) with
         * its own location, so that one run tells both.
         */
        private static Outcome besideUp(Failure up, Outcome after) {
            if (after.status() == Outcome.Status.FAILED) {
                return after.message().contains(up.message()) ? after
                        : Outcome.failed(Failure.then(up, new Failure(after.cause(), after.message())), after.step())
                                .withNotes(after.notes());
            }
            Outcome o = Outcome.failed(up, after.step()).withNotes(after.notes());
            return after.status() == Outcome.Status.ABORTED ? o.withNotes(List.of(after.message())) : o;
        }

        /**
         * Revision {@code i} up, down and up; a finding as it first ran that leaves its undo worth walking is added to
         * {@code toldAtUp} rather than returned, and {@link #revision(int)} tells it first.
         */
        private Outcome revision(int i, List<String> startNotes, List<Failure> toldAtUp) {
            open();
            MigrationFile v = versions.get(i);
            String name = "V" + v.version();
            String location = "[" + v.fileName() + ", up, down, up]";
            CatalogImage beforeImage = current;
            SchemaSnapshot before = beforeImage.snapshot();
            Clock up = new Clock();
            Optional<MigrationFile> beforeFixture = fixture("before", v);
            Optional<MigrationFile> atFixture = fixture("at", v);
            if (beforeFixture.isPresent()) {
                try {
                    up.run(beforeFixture.get());
                } catch (ScriptRunner.Failure f) {
                    Outcome o = Outcome.failed(ShouldApply.create("[" + beforeFixture.get().fileName() + ", fixture before " + name
                            + "]", "the fixture " + beforeFixture.get().fileName(), f, ""), null);
                    return startOver(i, o);
                }
                up.written.forEach(t -> fixtureRows.put(t, "written by the fixture " + beforeFixture.get().fileName()));
            }
            List<TableRows.Projection> preExisting = projections(before, before);
            Map<TableRows.Projection, TableRows.Rows> rowsBefore = rows(preExisting);
            // the tables given their rows as the revision starts: those rows are the walk's, as the rows generated since are
            List<String> seededNow = seedEmpty(i, before, rowsBefore, atFixture, startNotes);
            if (!seededNow.isEmpty()) {
                rowsBefore = rows(preExisting);
            }
            // over the rows just generated too: they hold the defaults of the columns the revision drops
            if (!fillDropped(i, before, rowsBefore, startNotes).isEmpty()) {
                rowsBefore = rows(preExisting);
            }
            // where the sequences stand: those a revision moves back or makes anew are looked at after it, and a reversible
            // one's again after it is applied again, when the tables hold the rows generated for its undo
            Sequences.State sequencesBefore = beforeFixture.isEmpty() && lastSequences != null ? lastSequences
                    : sequences(before);
            lastSequences = null;

            Duration upTime;
            try {
                upTime = up.run(v);
            } catch (ScriptRunner.Failure f) {
                // on the rows generated for an earlier undo: the revision works on empty tables only, and the walk goes on
                // from a database rebuilt without them
                String upLocation = "[" + v.fileName() + ", up]";
                RevisionStep upStep = step(v, before, before, up.notices, up.elapsed, Duration.ZERO, Duration.ZERO, false);
                List<ShouldWorkOnRows.Held> held = f.byRows() ? held(rowsBefore, generatedAt, f) : List.of();
                // only the tables the failure names (not every one, as for an error that names none: a constant's)
                List<ShouldWorkOnRows.Held> fixtures = f.byRows() ? held(rowsBefore, fixtureRows, f, false) : List.of();
                // else the rows an earlier revision wrote to a table the failure names, after the walk generated rows
                // (V1.4 copies the generated rows of dcvalue into metadatavalue, and V5.0's SET NOT NULL fails on their
                // NULL): the revision is walked again without the generated rows, where a failure on the migrations'
                // own rows fails again and is told as the statement's
                List<ShouldWorkOnRows.Held> derived = held.isEmpty() && fixtures.isEmpty() && f.byRows()
                        && !rebuiltBare.contains(i) ? held(rowsBefore, derivedAt, f, false) : List.of();
                if (!derived.isEmpty()) {
                    return again(i, "", f, derived, before);
                }
                boolean whatever = newColumnRejected(f, before, text(v));
                if (!fixtures.isEmpty() && (held.isEmpty() || whatever)) {
                    // a fixture's rows stand for production's: the revision fails there, and Flyway would on the rebuilt
                    // database too, which holds them again; a table holding both kinds of rows is named as the fixture's
                    List<ShouldWorkOnRows.Held> all = new ArrayList<>(fixtures);
                    held.stream().filter(h -> all.stream().noneMatch(g -> g.table().equals(h.table()))).forEach(all::add);
                    all.sort(java.util.Comparator.comparing(ShouldWorkOnRows.Held::table));
                    Outcome o = Outcome.failed(ShouldWorkOnRows.create(upLocation, ShouldWorkOnRows.When.UP, name,
                            v.fileName(), f, all), upStep);
                    throw new WalkStopped(o, v.label() + " failed on the rows of a fixture (" + f.serverMessage() + "), so "
                            + after(i, "it") + " cannot run.");
                }
                if (!held.isEmpty() && !whatever) {
                    // the values generated are no production data: walk the revision where they are not
                    return again(i, "", f, held, before);
                }
                if (!held.isEmpty()) {
                    String parent = emptyParent(f, before, text(v)).orElse("");
                    if (reversible(v) && plan.source().undoFor(v.version()).isPresent() && !rebuiltBare.contains(i)) {
                        // walked again where the tables hold no rows, as on Flyway's fresh database, so that its undo is walked
                        // too: whoever makes it work on rows would meet the undo's defects next (OpenMeter's U8, U10, U15)
                        // (its undo tried on rows generated after it, as any undo; applied again, it fails on them as here)
                        rebuiltBare.add(i);
                        Outcome bare;
                        try {
                            bare = walkedWithoutRows(i);
                        } catch (WalkStopped e) {
                            // the rebuild or the walk again stopped: the revision's own verdict stands, with the reason
                            Outcome o = Outcome.failed(ShouldWorkOnRows.create(upLocation, ShouldWorkOnRows.When.UP, name,
                                    v.fileName(), f, held, List.of(), parent), upStep);
                            throw new WalkStopped(o.withNotes(List.of(e.outcome.message())), e.reason);
                        }
                        return Outcome.failed(ShouldWorkOnRows.walkedAgain(upLocation, name, v.fileName(), f, held, parent,
                                howWalkedAgain(i, bare), new Failure(bare.cause(), bare.message())), bare.step())
                                .withNotes(bare.notes());
                    }
                    if (reversible(v)) {
                        // undo all would come down to it; an irreversible one is where undo all stops, and it compares there
                        undoFailures.put(i, new Unwalked(name, plan.source().undoFor(v.version()).isPresent()
                                ? UndoBlock.FAILS_ON_ROWS : UndoBlock.FAILS_ON_ROWS_WITHOUT_UNDO));
                    }
                    return startOver(i, Outcome.failed(ShouldWorkOnRows.create(upLocation, ShouldWorkOnRows.When.UP, name,
                            v.fileName(), f, held, List.of(), parent), upStep));
                }
                Outcome o = Outcome.failed(ShouldApply.create(upLocation, name, f, after(i, name) + " cannot "
                        + (i == versions.size() - 1 ? "run" : "be walked") + " until it applies"), upStep);
                throw new WalkStopped(o, v.label() + " failed to apply (" + f.serverMessage()
                        + "), so " + after(i, "it") + " cannot run.");
            }
            Set<String> written = new HashSet<>(up.written);
            boolean writesKnown = up.writesKnown;
            if (writesKnown && !generatedAt.isEmpty()) {
                written.stream().filter(t -> !generatedAt.containsKey(t) && !fixtureRows.containsKey(t))
                        .forEach(t -> derivedAt.putIfAbsent(t, "written by " + name + " after the walk generated rows in"
                                + " other tables"));
            }
            Set<String> fixtureWrote = Set.of();
            boolean fixtureWritesKnown = true;
            // the rows as the revision leaves them, before its fixture: the fixture's rows are among those added since,
            // which the undo must keep
            Map<TableRows.Projection, TableRows.Rows> rowsAtRevision = null;
            if (atFixture.isPresent()) {
                rowsAtRevision = rows(projections(before, walk.tracker().read(beforeImage).snapshot()));
                Clock fixture = new Clock();
                try {
                    fixture.run(atFixture.get());
                } catch (ScriptRunner.Failure f) {
                    Outcome o = Outcome.failed(ShouldApply.create("[" + atFixture.get().fileName() + ", fixture at " + name + "]",
                            "the fixture " + atFixture.get().fileName(), f, ""), null);
                    return startOver(i, o);
                }
                up.notices.addAll(fixture.notices);
                fixture.written.forEach(t -> fixtureRows.put(t, "written by the fixture " + atFixture.get().fileName()));
                written.addAll(fixture.written);
                writesKnown &= fixture.writesKnown;
                fixtureWrote = fixture.written;
                fixtureWritesKnown = fixture.writesKnown;
            }
            CatalogImage afterImage = walk.tracker().read(beforeImage);
            SchemaSnapshot after = afterImage.snapshot();
            SchemaDiff applied = SchemaDiff.between(before, after);
            Map<String, List<String>> unreadByUp = walk.tracker().unread();

            Sequences.State sequencesAfterUp = sequences(after);
            // the revision's keys, where a fixture's are not mixed in: a table re-created with its rows copied over is where
            // this happens. Told here, on the rows its tables hold the first time, not only after an undo that passes:
            // authelia's V3 was told only once its undo had been fixed three times, and its undo was blamed on the way
            List<ShouldKeepSequencesAhead.Behind> behindUp = !fixtureWritesKnown ? List.of()
                    : Sequences.behind(walk.connection(), reader.sessionStart(), sequencesBefore, sequencesBefore,
                            sequencesAfterUp, fixtureWrote, up.writesKnown ? up.written : null);
            // told with what else the revision does to the rows as it goes up (told beside it); its undo is walked all the
            // same unless the revision lost rows too (below)
            Failure upFailure = behindUp.isEmpty() ? null : ShouldKeepSequencesAhead.create("[" + v.fileName() + ", up]",
                    ShouldKeepSequencesAhead.When.UP, name, v.fileName(), behindUp);
            boolean walkedDown = reversible(v);
            boolean rowsLostUp = false;
            RevisionStep upOnly = step(v, before, after, up.notices, upTime, Duration.ZERO, Duration.ZERO, !walkedDown);
            if (!walkedDown) {
                lastSequences = sequencesAfterUp;
            }
            // walked up only, a revision's own checks (rows it fails on or loses, keys it leaves behind) read the schemas
            // read alone: a chain that works in another schema would pass them all without one being made (GoTrue's, in
            // auth); one marked irreversible has no undo to hide
            if (!unreadByUp.isEmpty() && (walkedDown || !irreversible(v))) {
                if (walkedDown) {
                    // its undo is not walked: undo all must not count it as verified
                    undoFailures.put(i, new Unwalked(name, UndoBlock.UNREAD));
                }
                current = afterImage;
                heads.put(i, after);
                Failure unread = walkedDown ? ShouldStayInSchemasRead.up(v.fileName(), name, reader.schemas(), unreadByUp,
                        plan.config().flywaySchemas()) : ShouldStayInSchemasRead.upOnly(v.fileName(), name, reader.schemas(),
                        unreadByUp, plan.config().flywaySchemas());
                return Outcome.failed(upFailure == null ? unread : Failure.besides(upFailure, unread), upOnly);
            }

            // rows of tables the revision did not write to stay as they were (a table dropped and created again loses them)
            Set<TableRows.Projection> preExistingSet = new HashSet<>(preExisting);
            List<TableRows.Projection> acrossUp = projections(before, after);
            java.util.function.Predicate<TableRows.Projection> unchanged = unchangedColumns(applied, after);
            List<TableRows.Projection> kept = acrossUp.stream().filter(p -> preExistingSet.contains(p) && unchanged.test(p))
                    .toList();
            Map<TableRows.Projection, TableRows.Rows> rowsAfterUp = rows(acrossUp);
            if (writesKnown) {
                List<ShouldKeepRows.TableChange> lost = new ArrayList<>();
                for (TableRows.Projection p : kept) {
                    TableRows.Rows was = rowsBefore.get(p);
                    TableRows.Rows is = rowsAfterUp.get(p);
                    if (was != null && is != null && is.mustEqual(was, p.table(), written) && !was.sameAs(is)) {
                        lost.add(change(p, was, is.count(), is.rows()));
                    }
                }
                if ((rebuiltBare.contains(i) || rebuiltWithout.containsKey(i)) && !unseeded.contains(i)) {
                    // walked again without (some of) the generated rows: what it drops met none there (not where its own
                    // undo failed on them: it ran on them the first time)
                    untriedDrops(i, name, preExisting, rowsBefore, acrossUp, rowsAfterUp, after, written)
                            .ifPresent(startNotes::add);
                }
                // a table dropped and created again with other columns: no projection spans the two, and the rows went
                // with the table dropped (its undo would be blamed for them, and for the new table's rows besides)
                Set<TableRows.Projection> keptSet = new HashSet<>(kept);
                for (TableRows.Projection p : preExisting) {
                    TableRows.Rows was = rowsBefore.get(p);
                    // (one the script empties first, TRUNCATE or DELETE FROM without a WHERE, loses them as meant: the
                    // counters of a table dropped after are gone with it)
                    if (keptSet.contains(p) || was == null || was.count() == 0 || written.contains(p.table())
                            || emptiesTable(text(v), p.table())) {
                        continue;
                    }
                    // (a table renamed aside, ALTER TABLE q RENAME TO q_old, keeps them: its oid is still there)
                    acrossUp.stream().filter(q -> q.table().equals(p.table())).findFirst().map(rowsAfterUp::get)
                            .filter(is -> is.oid() != was.oid() && !relationExists(was.oid()))
                            .ifPresent(is -> lost.add(change(p, was, is.count(), List.of())));
                }
                if (!lost.isEmpty()) {
                    Failure rowsLost = ShouldKeepRows.create("[" + v.fileName() + ", up]", ShouldKeepRows.When.UP, name,
                            v.fileName(), lost);
                    upFailure = upFailure == null ? rowsLost : Failure.besides(rowsLost, upFailure);
                    rowsLostUp = true;
                }
            }
            if (upFailure != null && walkedDown && !rowsLostUp) {
                // keys behind the rows alone: the undo is walked all the same (an undo that makes the table again, as
                // authelia's U2 and U3 do, leaves its own sequence behind, told in the same run), and a sequence told
                // here is not told again as the revision is applied again after its undo
                toldAtUp.add(upFailure);
                upFailure = null;
            }
            if (upFailure != null) {
                if (walkedDown) {
                    // undo all would walk an undo that was not verified
                    undoFailures.put(i, new Unwalked(name, UndoBlock.FAILED_BEFORE_UNDO));
                }
                current = afterImage;
                heads.put(i, after);
                return Outcome.failed(upFailure, upOnly);
            }
            if (!walkedDown) {
                current = afterImage;
                heads.put(i, after);
                return Outcome.upOnly(irreversible(v) ? "up only: irreversible, the down walk ends here"
                        : Outcome.NO_UNDO_SCRIPT, upOnly).withNotes(droppedWithValues(name, v, before, after, rowsBefore));
            }

            Optional<MigrationFile> undo = plan.source().undoFor(v.version());
            if (undo.isEmpty()) {
                undoFailures.put(i, new Unwalked(name, UndoBlock.NO_UNDO));
                current = afterImage;
                heads.put(i, after);
                return Outcome.failed(ShouldHaveUndo.create(v.fileName(), v.version(), plan.config().locations(),
                        misnamedUndos(v)), upOnly);
            }

            // every table the revision did not create holds a row before the undo
            List<String> notes = new ArrayList<>(startNotes);
            Map<TableRows.Projection, TableRows.Rows> rowsBeforeDown = rowsAfterUp;
            Set<String> seededBeforeUndo = new HashSet<>();
            Set<String> firstSeededBeforeUndo = new HashSet<>(); // of those, the tables that held no generated rows before
            boolean seededAny = false;
            if (settings.seedRows() && !unseeded.contains(i)) {
                List<String> empty = new ArrayList<>();
                for (TableRows.Projection p : acrossUp) {
                    TableRows.Rows r = rowsAfterUp.get(p);
                    if (r != null && r.count() == 0) {
                        empty.add(p.table());
                    }
                }
                RowSeeder.Result seeded = new RowSeeder(after, mentions, v.version()).seed(walk.connection(), empty);
                tableRows.changed(seeded.writes());
                // once for as long as the reason holds: the same table's note at every revision buried the others
                seeded.skipped().forEach((table, why) -> {
                    if (why.equals(unseedable.put(table, why))) {
                        return; // noted already, for as long as the reason holds
                    }
                    if (seeded.writes().known() && seeded.writes().written().contains(table)) {
                        // not empty: a trigger of a table given rows wrote there (a count kept per row of its parent)
                        notes.add("no row could be generated for " + table + " (" + why + "), but the rows generated for"
                                + " other tables gave it rows (their triggers wrote them), which stand for its own in "
                                + name + "'s round trip, and in the later ones while that holds (not named again)");
                    } else {
                        notes.add("no row could be generated for " + table + " (" + why + "); it stays empty in " + name
                                + "'s round trip, and in the later ones while that holds (not named again)");
                    }
                });
                seeded.leftNull().forEach((table, columns) -> notes.add(leftNullNote(table, columns, "an undo",
                        name + "'s round trip", v.version())));
                for (String t : seeded.seeded()) {
                    // a table the revision emptied held rows generated before: the rows missing may be those
                    String earlier = generatedAt.get(t);
                    if (earlier == null) {
                        firstSeededBeforeUndo.add(t);
                    }
                    markGenerated(List.of(t), earlier == null ? "generated by the walk before the undo of " + name
                            : earlier.replaceFirst(", and again before the undo of .*$", "") + ", and again before the undo of "
                            + name, v.version());
                }
                seededBeforeUndo.addAll(seeded.seeded());
                columnsOf(seeded.seeded(), after);
                if (!seeded.seeded().isEmpty()) {
                    rowsBeforeDown = rows(acrossUp);
                    seededAny = true;
                    undoneOnRows.add(i);
                }
            }
            // where the sequences stand as the undo starts, where rows were written since the revision (generated, a
            // fixture's): an undo that restarts a sequence there to where it stood before the revision is behind them
            Sequences.State sequencesBeforeDown = seededAny || atFixture.isPresent() ? sequences(after)
                    : Sequences.withCreated(sequencesBefore, sequencesAfterUp);

            laterDeployment();
            // the undo tried on a value rows written after the revision may hold (NULL where it allows NULL, a value only a
            // type it widens holds): where it refuses one, that is its verdict, and the undo still runs below on the rows
            // as they are, so that what it leaves of the schema is told beside (fixing one would meet the other next); so
            // is each kind of value it refuses, one after the other (tracetest's U35 refuses a text in a column its
            // revision made text, and two rows sharing a key its revision lets them share)
            boolean seedNew = settings.seedRows() && !unseeded.contains(i);
            // rows added since the revision that break a check it drops or loosens: the undo that adds it again may
            // delete them, as it must in production (where none does, a trial below sets one so)
            Map<TableRows.Projection, List<String>> breaking = breakingRelaxed(before, after, rowsBeforeDown.keySet());
            Optional<Failure> refused = java.util.stream.Stream.<java.util.function.Supplier<Optional<Failure>>>of(
                    () -> undoOnNulls(undo.get(), before, after, name),
                    () -> undoOnWiderValues(undo.get(), before, after, name, notes),
                    () -> undoOnWidestValues(undo.get(), v, before, after, name, seedNew, notes),
                    () -> undoOnDuplicates(undo.get(), before, after, name),
                    () -> undoOnDefaultValues(undo.get(), before, after, name),
                    () -> undoOnLabels(undo.get(), before, after, name),
                    () -> undoOnRelaxedChecks(undo.get(), before, after, name, breaking))
                    .map(java.util.function.Supplier::get).flatMap(Optional::stream).reduce(Failure::besides);
            // rows written after the revision with a value of a column it adds that the undo deletes: told, not failed, as
            // an undo may mean to (a revoked key, a soft-deleted row, a key of a scope the schema before cannot restrict)
            if (refused.isEmpty()) {
                deletedByNewValue(undo.get(), before, after, name).ifPresent(notes::add);
                deletedByNull(undo.get(), before, after, name).ifPresent(notes::add);
            }
            if (refused.isPresent()) {
                undoFailures.put(i, new Unwalked(name, UndoBlock.FAILED));
            }
            Clock down = new Clock();
            Duration downTime;
            try {
                downTime = down.run(undo.get()); // in the later deployment's session started for the trial on NULL above
            } catch (ScriptRunner.Failure f) {
                if (refused.isPresent()) {
                    // it ran without the value as the trial ended (rolled back), and not now: both told
                    return startOver(i, Outcome.failed(ShouldWorkOnRows.besides(refused.get(), ShouldUndo.create("["
                            + undo.get().fileName() + ", down]", "the undo of " + name, f)), step(v, before, after,
                            up.notices, upTime, down.elapsed, Duration.ZERO, false))).withNotes(notes);
                }
                undoFailures.put(i, new Unwalked(name, UndoBlock.FAILED));
                List<ShouldWorkOnRows.Held> held = f.byRows() ? held(rowsBeforeDown, addedSince(fixtureWrote, atFixture, name, seededNow), f)
                        : List.of();
                boolean newColumn = newColumnRejected(f, after, text(undo.get()));
                if (held.isEmpty() && newColumn) {
                    // a NOT NULL column the undo adds without a default: any row rejects it, one the table held before the
                    // revision too (generated as an earlier revision started)
                    held = held(rowsBeforeDown, generatedAt, f);
                }
                // a constraint the revision drops or loosens, added again by the undo: rows written after the revision
                // may break it, as the walk's do (no value of theirs production's could not hold)
                // (the rows that break it being those added since, which the walk read before the undo)
                Optional<ShouldWorkOnRows.Relaxed> relaxed = generated(held) && breaking.keySet().stream()
                        .anyMatch(p -> p.table().equals(f.table())) ? relaxed(before, after, f) : Optional.empty();
                if (relaxed.isPresent()) {
                    return startOver(i, Outcome.failed(ShouldWorkOnRows.onRelaxed("[" + undo.get().fileName() + ", down]",
                            name, undo.get().fileName(), f, held, relaxed.get()), step(v, before, after, up.notices, upTime,
                            down.elapsed, Duration.ZERO, false)).withNotes(notes));
                }
                if (generated(held) && !newColumn) {
                    undoFailures.remove(i);
                    return again(i, "down", f, held, after);
                }
                // a column the revision dropped, with its values (not one it renamed: a new column of its type after it),
                // and the others it drops from that table that the failing statement adds again NOT NULL without a default
                // (OpenMeter's U32 adds plan_version and plan_key so)
                String revision = newColumn ? SqlText.masked(text(v)) : "";
                List<String> dropped = newColumn && droppedNotRenamed(before, after, f.table(), f.column(), revision)
                        ? droppedAlike(before, after, f, revision) : List.of();
                Outcome o = Outcome.failed(held.isEmpty() ? ShouldUndo.create("[" + undo.get().fileName() + ", down]",
                        "the undo of " + name, f, takenEarlier(undo.get(), f, after)) : ShouldWorkOnRows.create("["
                        + undo.get().fileName() + ", down]",
                        ShouldWorkOnRows.When.DOWN, name, undo.get().fileName(), f, held, dropped),
                        step(v, before, after, up.notices, upTime, down.elapsed, Duration.ZERO, false));
                return startOver(i, o.withNotes(notes));
            }
            up.notices.addAll(down.notices);
            CatalogImage afterUndoImage = walk.tracker().read(beforeImage);
            SchemaSnapshot afterUndo = afterUndoImage.snapshot();
            RevisionStep downStep = step(v, before, after, up.notices, upTime, downTime, Duration.ZERO, false);
            if (!walk.tracker().unread().isEmpty()) {
                undoFailures.put(i, new Unwalked(name, UndoBlock.FAILED));
                Failure outside = ShouldStayInSchemasRead.down(undo.get().fileName(), name, reader.schemas(),
                        walk.tracker().unread(), plan.config().flywaySchemas());
                Outcome o = Outcome.failed(refused.isPresent() ? ShouldWorkOnRows.besides(refused.get(), outside) : outside,
                        downStep);
                return startOver(i, o.withNotes(notes));
            }
            SchemaDiff undone = ShouldRestore.undoDiff(before, afterUndo, settings.ignored());
            List<Change> frozenByUndo = frozenTimes.only(undone);
            Set<String> frozenKeys = new HashSet<>();
            for (Change c : frozenByUndo) {
                frozenKeys.add(c.key());
                notes.add(c.key() + " differs after the undo of " + name + " only in the time a 'now' literal froze into it"
                        + " as the SQL creating it ran: no change " + undo.get().fileName() + " made, not counted against it");
            }
            if (undone.changes().size() > frozenByUndo.size()) {
                undoFailures.put(i, new Unwalked(name, UndoBlock.FAILED));
                List<String> droppedWith = droppedWithRows(v, rowsBefore, after, afterUndo);
                Failure restore = ShouldRestore.create(location, name, undo.get().fileName(), before, after, afterUndo,
                        settings.ignored(), refilled(before, afterUndo, rowsBefore, t -> down.writesKnown ? down.written.contains(t)
                        : mayWriteRows(undo.get(), t), t -> down.writesKnown && down.written.contains(t),
                        SqlText.masked(text(undo.get()))), text(v),
                        text(undo.get()), down.notices,
                        frozenKeys, droppedWith);
                // rows the revision deletes that the undo does not give back: told with it, as fixing the schema alone
                // would meet them on the next run
                Failure told = deletedBeside(v, undo.get(), name, preExisting.stream().filter(p -> !droppedWith.contains(
                        p.table())).toList(), afterUndo, rowsBefore, rowsAtRevision != null ? rowsAtRevision : rowsAfterUp,
                        rowsBeforeDown, breaking).map(d -> Failure.besides(restore, d)).orElse(restore);
                Outcome o = Outcome.failed(refused.isPresent() ? ShouldWorkOnRows.besides(refused.get(), told) : told,
                        downStep);
                return startOver(i, o.withNotes(notes));
            }
            if (refused.isPresent()) {
                // what the rows it leaves show is not read: its run after the fix tells; but rows the revision deletes to
                // make a key unique are tried here too, which the fix of the undo would not mend (lemmy's U47 refuses two
                // actor ids its revision's default gave, and V47 deletes the users that share one)
                Failure told = removedDuplicates(v, undo.get(), before, after, name).map(r -> Failure.besides(refused.get(), r))
                        .orElse(refused.get());
                return startOver(i, Outcome.failed(told, downStep)).withNotes(notes);
            }

            // the rows as before the revision, plus those added since (generated, fixtures', their triggers'); in the
            // tables the callbacks around each migration and undo write to (an audit of migrations), what they wrote
            // stays, as after Flyway's undo: there the rows that were before must still be, and more may be
            Map<TableRows.Projection, TableRows.Rows> rowsAfterDown = rows(preExisting);
            List<ShouldKeepRows.TableChange> lostByUndo = new ArrayList<>();
            // the tables where rows the walk generated are among those missing, and those the revision does not name
            // whose rows missing were gone after it (a cascade took them), where the undo does not write
            Set<String> generatedMissing = new HashSet<>();
            List<String> deletedByRevision = new ArrayList<>();
            List<String> deletedByIt = new ArrayList<>(); // tables it names whose rows missing it deleted
            List<String> droppedValues = new ArrayList<>();
            List<String> changedValues = new ArrayList<>();
            Map<String, String> sameAsInserted = new HashMap<>(); // by table, a generated row lost like one the revision inserted
            Set<String> leftInserted = new HashSet<>(); // tables where the undo left only rows the revision inserted
            List<String> asDocuments = new ArrayList<>(); // of those, the columns that hold the same documents as text
            // whether some of those columns hold values after the undo other than NULL, and other than NULL or the
            // default of the column added again
            boolean someNotNull = false;
            boolean someFilled = false;
            // tables whose rows added since the revision the undo converted back: the revision applied again must give
            // them back as they were
            Map<TableRows.Projection, Converted> convertedBack = new LinkedHashMap<>();
            Map<TableRows.Projection, TableRows.Rows> since = rowsAtRevision == null ? Map.of() : rowsAtRevision;
            Map<String, TableRows.Projection> afterUpByTable = new HashMap<>();
            rowsAfterUp.keySet().forEach(q -> afterUpByTable.putIfAbsent(q.table(), q));
            // the tables the revision dropped and made anew under their names: the table after it is not the one before
            Set<String> madeAnew = new HashSet<>();
            for (TableRows.Projection p : preExisting) {
                TableRows.Rows was = rowsBefore.get(p);
                TableRows.Rows is = Optional.ofNullable(afterUpByTable.get(p.table())).map(rowsAfterUp::get).orElse(null);
                if (was != null && is != null && is.oid() != was.oid()) {
                    madeAnew.add(p.table());
                }
            }
            Set<String> setAside = new HashSet<>(); // of those, the ones the undo put back (noted once)
            Set<String> byCallbacks;
            synchronized (callbackTables) { // also those seen earlier: a script outside a transaction tells none
                callbackTables.addAll(up.byCallbacks);
                callbackTables.addAll(down.byCallbacks);
                byCallbacks = new java.util.TreeSet<>(callbackTables);
            }
            for (TableRows.Projection p : preExisting) {
                TableRows.Rows was = rowsBefore.get(p);
                TableRows.Rows is = rowsAfterDown.get(p);
                if (was == null || is == null) {
                    continue;
                }
                if (byCallbacks.contains(p.table())) {
                    List<String> missing = TableRows.minus(was.rows(), is.rows());
                    if (missing == null ? is.count() < was.count() : !missing.isEmpty()) {
                        lostByUndo.add(new ShouldKeepRows.TableChange(p.table(), p.columns(), was.count(), is.count(), missing,
                                List.of()));
                    } else if (!was.sameAs(is) && callbackNote.compareAndSet(false, true)) {
                        notes.add("the rows " + String.join(", ", eachCallbacks()) + " wrote to " + String.join(", ",
                                byCallbacks) + " stay after the undo of " + name + " and every later one, as after Flyway's"
                                + " undo; the rows there before each revision are still checked");
                    }
                    continue;
                }
                // a table of that name the revision created anew and wrote no row to is another table: rows added there
                // since (the walk's) are not this one's (a table renamed aside and restored by the undo); where its writes
                // are not known (a script of its own transaction), one that held no row right after it
                Optional<TableRows.Projection> sameTable = Optional.ofNullable(afterUpByTable.get(p.table()))
                        .filter(q -> rowsAfterUp.get(q) == null || rowsAfterUp.get(q).oid() == was.oid() || (up.writesKnown
                                ? up.written.contains(p.table()) : rowsAfterUp.get(q).count() > 0));
                // a table the revision set aside, making another under its name, and the undo put back: the rows the new
                // one held as the undo started, which it may have copied in
                TableRows.Projection made = afterUpByTable.get(p.table());
                TableRows.Rows heldByNew = madeAnew.contains(p.table()) && is.oid() == was.oid() && made != null
                        ? rowsBeforeDown.get(made) : null;
                boolean copiedIn = heldByNew != null && heldByNew.rows() != null && heldByNew.count() > 0 && is.rows() != null
                        && TableRows.minus(heldByNew.rows(), is.rows()).isEmpty();
                if (madeAnew.contains(p.table()) && is.oid() == was.oid() && setAside.add(p.table()) && !copiedIn) {
                    // the table before it is back: the one the revision made under its name, which production writes to
                    // after a deployment, is not, nor are the rows written there (unless the undo copied them over)
                    notes.add(undo.get().fileName() + " puts back the table " + p.table() + " that " + name + " set aside, in"
                            + " place of the one " + name + " made under its name: the rows written to the new table since "
                            + name + " (production's, after a deployment) are not in the one put back; where they matter, make "
                            + undo.get().fileName() + " copy them into it first");
                }
                TableRows.Rows addedFrom = sameTable.map(q -> since.getOrDefault(q, rowsAfterUp.get(q))).orElse(null);
                TableRows.Rows addedTo = sameTable.map(rowsBeforeDown::get).orElse(null);
                long addedCount = addedFrom == null || addedTo == null ? 0 : addedTo.count() - addedFrom.count();
                List<String> added = addedFrom == null || addedTo == null ? List.of() : TableRows.minus(addedTo.rows(), addedFrom.rows());
                // and without those taken away since (a fixture that deletes or updates a row)
                List<String> removed = addedFrom == null || addedTo == null ? List.of() : TableRows.minus(addedFrom.rows(), addedTo.rows());
                boolean sameProjection = sameTable.map(q -> q.equals(p)).orElse(false);
                List<String> expected = sameProjection ? TableRows.plus(TableRows.minus(was.rows(), removed), added) : null;
                // rows added since that break a check the revision drops or loosens, which the undo deleted to add it again
                List<String> deletedBreaking = expected == null || is.rows() == null ? List.of()
                        : TableRows.minus(TableRows.minus(breaking.getOrDefault(p, List.of()), is.rows()), was.rows());
                if (!deletedBreaking.isEmpty() && TableRows.minus(deletedBreaking, added).isEmpty()) {
                    expected = TableRows.minus(expected, deletedBreaking);
                    notes.add("the undo of " + name + " deleted " + (deletedBreaking.size() == 1 ? "a row" : deletedBreaking
                            .size() + " rows") + " added to " + p.table() + " since " + name + " that " + (deletedBreaking.size()
                            == 1 ? "breaks" : "break") + " a check constraint " + name + " drops or loosens and the undo"
                            + " adds again, as it must delete them in production: not counted as lost");
                }
                boolean ok;
                if (expected != null && is.rows() != null) {
                    ok = expected.equals(is.rows());
                } else {
                    ok = is.count() == was.count() + Math.max(0, addedCount) && (addedCount != 0 || was.sameAs(is));
                }
                // a table set aside and put back by the undo, which copied into it the rows the revision's new table held
                // (production's written since): its rows and those, as the note on such an undo advises
                if (!ok && copiedIn && made.equals(p) && was.rows() != null) {
                    ok = TableRows.plus(was.rows(), heldByNew.rows()).equals(is.rows());
                }
                if (!ok) {
                    List<String> reference = expected != null ? expected : was.rows();
                    List<String> missing = TableRows.minus(reference, is.rows());
                    if (reference != null && is.rows() != null && (!up.writesKnown || up.written.contains(p.table())
                            || !down.writesKnown || down.written.contains(p.table()))) {
                        List<String> rows = is.rows();
                        Optional<List<String>> setByTriggers = TableRows.differIn(setByTriggers(before, after, p, v, undo.get()),
                                columns -> TableRows.without(reference, p, columns).equals(TableRows.without(rows, p, columns)));
                        if (setByTriggers.isPresent() && asComputed(before, after, afterUndo, p, v, undo.get(), reference, rows)) {
                            notes.add(triggersNote(before, after, p.table(), setByTriggers.get(), "before " + name, v, undo.get()));
                            continue;
                        }
                    }
                    boolean byUndo = !down.writesKnown || down.written.contains(p.table());
                    if (missing != null && missing.isEmpty() && !names(undo.get(), p.table())
                            && (byUndo || !names(v, p.table()))) {
                        // rows only added, to a table the undo does not name, by the undo's triggers or functions (an
                        // audit log of the rows it restores; PostgreSQL's counters say the undo wrote there), or by
                        // triggers during the revision, which does not name the table either (an event trigger's log of
                        // its DDL): they stay, as in production. Rows a revision that names the table wrote there, and
                        // its undo left, are its own, left behind
                        notes.add(byUndo ? "the rows written to " + p.table() + " during the undo of " + name + " stay ("
                                + undo.get().fileName() + " does not name the table: its triggers or functions wrote them, as"
                                + " an audit log is written); the rows there before " + name + " are still there"
                                : "the rows added to " + p.table() + " since before " + name + " stay (neither " + v.fileName()
                                + " nor " + undo.get().fileName() + " names the table: triggers or functions wrote them, as an"
                                + " audit log is written); the rows there before " + name + " are still there");
                        continue;
                    }
                    // a table given its rows as the revision started (the revision before created it, or the walk started
                    // over) holds the walk's rows alone, as the rows generated since the revision are
                    boolean generatedFirst = seededNow.contains(p.table());
                    List<String> stayed = expected == null ? null : generatedFirst ? List.of() : TableRows.minus(was.rows(), removed);
                    if (expected != null && is.rows() != null && is.count() == expected.size()
                            && TableRows.minus(stayed, is.rows()).isEmpty() && (convertsBack(p.table(), v, undo.get(), up, down)
                            || !generatedFirst && !added.isEmpty() && retypes(before, after, p.table()))) {
                        // rows added since the revision, in its format, rewritten by an undo that converts the revision's
                        // data back (V: UPDATE t SET d = lower(name), U: ... upper(name)): that is the undo's work on
                        // rows written after the revision, as in production; every row there before is as it was, and
                        // none is gone. The revision applied again must give them back (checked there, noted then)
                        convertedBack.put(p, new Converted(missing, "the undo of " + name + " rewrote " + missing.size()
                                + (generatedFirst ? " of the rows the walk generated in " + p.table() + " (" : " of the rows added to "
                                + p.table() + " since " + name + " (") + undo.get().fileName()
                                + " converts back the rows " + v.fileName() + " writes there), and " + name + " applied again"
                                + " gives them back; " + (stayed.isEmpty() ? name + (generatedFirst ? " found only rows the walk"
                                + " generated there" : " found no row there") + ", so " + undo.get().fileName()
                                + "'s conversion was checked on those rows alone (a fixture before_V" + v.version() + ".sql"
                                + " gives it rows of your own from before " + name + ")" : "the rows there before " + name
                                + " are as they were"), generatedFirst && is.oid() != was.oid()));
                        continue;
                    }
                    List<String> unexpected = TableRows.minus(is.rows(), reference);
                    // rows generated before the undo: those there before the revision, in a table given some earlier
                    boolean generatedEarlier = generatedAt.containsKey(p.table()) && !firstSeededBeforeUndo.contains(p.table());
                    List<String> generatedRows = new ArrayList<>(generatedEarlier && was.rows() != null ? was.rows() : List.of());
                    if (seededBeforeUndo.contains(p.table())) {
                        generatedRows.addAll(added);
                    }
                    if (missing != null && missing.stream().anyMatch(generatedRows::contains)) {
                        generatedMissing.add(p.table());
                    }
                    // every row missing holds the values of one the revision inserted (read before its fixture), and one
                    // of them is the walk's: the undo's DELETE matched the walk's row by those values (the generated 1
                    // where the revision inserts key 1)
                    TableRows.Rows atRevision = sameProjection ? (rowsAtRevision != null ? rowsAtRevision : rowsAfterUp)
                            .get(p) : null;
                    List<String> inserted = atRevision == null ? null : TableRows.minus(atRevision.rows(), was.rows());
                    List<String> notInserted = TableRows.minus(missing, inserted);
                    if (missing != null && missing.isEmpty() && unexpected != null && !unexpected.isEmpty()
                            && TableRows.minus(unexpected, inserted) != null && TableRows.minus(unexpected, inserted).isEmpty()) {
                        leftInserted.add(p.table());
                    }
                    if (notInserted != null && notInserted.isEmpty() && !missing.isEmpty()) {
                        missing.stream().filter(generatedRows::contains).findFirst()
                                .ifPresent(r -> sameAsInserted.put(p.table(), r));
                    }
                    if (is.count() != was.count() + Math.max(0, addedCount) && madeAnewAlike(v, undo.get(), p, is.rows(),
                            rowsAfterUp, afterUpByTable)) {
                        // a cache of other tables' rows both rebuild (a row of its own that no row of theirs gives is gone
                        // with the revision's rebuild): the undo's gives what the revision's gave
                        notes.add(p.table() + ": " + name + " and " + undo.get().fileName() + " both make it anew from a"
                                + " query, and after the undo it holds the rows " + name + "'s query gave (on the columns both"
                                + " give): " + is.count() + (is.count() == 1 ? " row" : " rows") + " where it held " + (was.count()
                                + Math.max(0, addedCount)) + " before " + name + ": " + name + "'s rebuild replaced them, and no"
                                + " undo need give them back: not counted as lost; if those rows matter, make " + name
                                + " keep them");
                        continue;
                    }
                    // rows added since the revision to a table it made anew under the name (its oid another) are in that
                    // table, not in the one the rows before it were in: not counted with them (tracetest's V9 read "rows was
                    // 2", one listed)
                    TableRows.Rows afterIt = sameProjection ? rowsAfterUp.get(p) : null;
                    if (!byUndo && !names(v, p.table()) && missing != null && unexpected != null
                            && missing.size() > unexpected.size() && afterIt != null && afterIt.rows() != null
                            && afterIt.count() < was.count() && missing.stream().noneMatch(afterIt.rows()::contains)) {
                        deletedByRevision.add(p.table());
                    }
                    // rows the revision deleted from a table it names (gone right after it, before its fixture, and no
                    // more than it took away): no undo gives them back, unless the revision keeps them (tracetest's V10
                    // deletes every run)
                    if (names(v, p.table()) && !madeAnew.contains(p.table())
                            && goneWithRevision(was, atRevision, missing, unexpected)) {
                        deletedByIt.add(p.table());
                    }
                    long held = was.count() + (madeAnew.contains(p.table()) ? 0 : Math.max(0, addedCount));
                    lostByUndo.add(new ShouldKeepRows.TableChange(p.table(), p.columns(), held, is.count(), missing, unexpected));
                    // as many rows as before, some of their columns changed (a column the undo drops and adds again):
                    // those columns are named
                    if (missing != null && unexpected != null && !missing.isEmpty() && missing.size() == unexpected.size()) {
                        Optional<List<String>> differing = TableRows.differIn(p.columns(), columns -> TableRows
                                .without(missing, p, columns).equals(TableRows.without(unexpected, p, columns)))
                                .filter(columns -> columns.size() < p.columns().size());
                        if (differing.isPresent()) {
                            List<String> columns = differing.get();
                            columns.forEach(c -> changedValues.add(p.table() + "." + c));
                            // NULL in every row now (an empty field of the record's text), or the constant default of
                            // the column added again: as after the undo dropped those columns and added them again
                            for (String c : columns) {
                                List<String> rest = p.columns().stream().filter(x -> !x.equals(c)).toList();
                                Optional<String> byDefault = afterUndo.table(p.table()).flatMap(t -> t.column(c))
                                        .flatMap(this::constantDefault);
                                List<String> values = TableRows.without(unexpected, p, rest);
                                someNotNull |= !values.stream().allMatch("()"::equals);
                                someFilled |= !values.stream().allMatch(value -> value.equals("()")
                                        || byDefault.map(value::equals).orElse(false));
                            }
                            List<String> documents = new ArrayList<>();
                            for (String c : columns) {
                                if (madeDocument(p.table(), c, before, after)
                                        && sameDocuments(p, c, columns, missing, unexpected)) {
                                    documents.add(p.table() + "." + c);
                                }
                            }
                            if (documents.size() == columns.size()) {
                                // the same documents, written as jsonb writes them: the text's own order of keys and
                                // spacing went with the revision's cast, which no undo gives back, and nothing else is lost
                                lostByUndo.remove(lostByUndo.size() - 1);
                                changedValues.removeAll(documents);
                                notes.add(String.join(", ", documents) + (documents.size() == 1 ? " holds" : " hold") + " the"
                                        + " same documents after the undo of " + name + " as before " + name + ", written"
                                        + " otherwise: jsonb keeps its own order of keys and spacing, and text cast from it"
                                        + " is written so; the text's own went with " + name + "'s cast, which no undo gives"
                                        + " back: not counted as lost");
                                continue;
                            }
                            asDocuments.addAll(documents);
                            if (documents.isEmpty() && madeAnewAlike(v, undo.get(), p, is.rows(), rowsAfterUp, afterUpByTable)) {
                                // a cache of other tables' rows: the revision's rebuild replaced its values, and the
                                // undo's gives what the revision's gave; nothing the undo could keep is lost
                                lostByUndo.remove(lostByUndo.size() - 1);
                                columns.forEach(c -> changedValues.remove(p.table() + "." + c));
                                notes.add(p.table() + ": " + name + " and " + undo.get().fileName() + " both make it anew"
                                        + " from a query, and after the undo it holds the rows " + name + "'s query gave (on"
                                        + " the columns both give), not those it held before " + name + " (" + String.join(", ",
                                        columns) + (columns.size() == 1 ? " differs" : " differ") + "): " + name + "'s rebuild"
                                        + " replaced them (values its triggers kept otherwise than its query computes), and no"
                                        + " undo need give them back: not counted as lost; if those values matter, make " + name
                                        + " keep them");
                                continue;
                            }
                        }
                    }
                    // the values of columns the revision drops, where they alone differ: no undo gives them back
                    List<String> gone = droppedColumns(v, before, after, p);
                    if (!gone.isEmpty() && missing != null && unexpected != null
                            && TableRows.without(missing, p, gone).equals(TableRows.without(unexpected, p, gone))) {
                        gone.forEach(c -> droppedValues.add(p.table() + "." + c));
                    }
                } else if (was.sameAs(is) && !was.writtenAs(is)) {
                    notes.add("the values of " + p.table() + " (" + String.join(", ", new java.util.TreeSet<>(p.numeric()))
                            + ") are as before " + name + " as numbers, but written with another scale (as 1.00 where 1 was):"
                            + " a numeric column keeps the scale a type change gave its values, and the rows are compared as"
                            + " numbers");
                }
            }
            if (!lostByUndo.isEmpty()) {
                // rows the walk generated keep none of the rules the application's rows may keep (d = upper(name)): where
                // the revision writes rows and its undo rewrites them (a data migration and its inverse), say so
                List<ShouldKeepRows.Generated> generated = new ArrayList<>();
                for (ShouldKeepRows.TableChange t : lostByUndo) {
                    // rows generated where a lane started are no fixture's to replace: no advice there
                    String at = generatedBefore.get(t.table());
                    // or that the undo makes again from a query (a cache of other tables' rows): the walk's rows there
                    // need not be any the query gives
                    if (at == null || !generatedMissing.contains(t.table())) {
                        continue;
                    }
                    if (madeFromQueries(undo.get(), List.of()).contains(t.table())) {
                        generated.add(generatedIn(t.table(), true));
                    } else if (sameAsInserted.containsKey(t.table())) {
                        generated.add(generatedIn(t.table(), false, sameAsInserted.get(t.table())));
                    } else if (t.before() == t.after() && convertsBack(t.table(), v, undo.get(), up, down)) {
                        generated.add(generatedIn(t.table()));
                    } else if (t.after() == 0 && generatedAt.get(t.table()).startsWith("generated by the walk as " + name
                            + " started") && !v.isJava() && insertsRows(text(v), t.table())) {
                        // a table the revision fills (crates.io's V14 seeds a counter V13 creates) that the undo empties:
                        // right where production's is empty before it, which a fixture naming it says
                        generated.add(new ShouldKeepRows.Generated(t.table(), generatedAt.get(t.table()), "at_" + name + ".sql",
                                false, "", true));
                    }
                }
                // a table the revision drops takes its rows with it: no undo gives them back
                Set<String> afterTables = new HashSet<>();
                after.tables().forEach(t -> afterTables.add(t.qualifiedName()));
                // (or drops it and creates another under its name: the table after it is not the one before)
                List<String> dropped = lostByUndo.stream().map(ShouldKeepRows.TableChange::table)
                        .filter(t -> (!afterTables.contains(t) || madeAnew.contains(t)) && dropsTable(text(v), t)).toList();
                // whether the revision changed those rows: it writes rows there, or read before it and right after it
                // (before its fixture) they differ, in the columns whose values alone differ after the undo where
                // those are named
                Map<TableRows.Projection, TableRows.Rows> rowsAtStart = rowsBefore;
                Map<TableRows.Projection, TableRows.Rows> rowsAfterIt = rowsAtRevision != null ? rowsAtRevision : rowsAfterUp;
                boolean revisionWrites = lostByUndo.stream().anyMatch(t -> !up.writesKnown || up.written.contains(t.table())
                        || changedByRevision(t.table(), changedValues, rowsAtStart, rowsAfterIt));
                List<ShouldKeepRows.DroppedAttributes> droppedAttributes = droppedAttributes(text(v), before, after, lostByUndo);
                Failure lost = ShouldKeepRows.create("[" + undo.get().fileName() + ", down]", ShouldKeepRows.When.DOWN,
                        name, undo.get().fileName(), lostByUndo, generated, dropped, droppedValues, changedValues,
                        revisionWrites || !dropped.isEmpty() || !droppedValues.isEmpty() || !droppedAttributes.isEmpty(),
                        changedValues.isEmpty() || someFilled ? ShouldKeepRows.Bare.NO : someNotNull ? ShouldKeepRows.Bare.DEFAULT
                                : ShouldKeepRows.Bare.NULL, generatedAt,
                        deletedByRevision.stream().filter(t -> !dropped.contains(t)).toList(), asDocuments,
                        cascadedBy(lostByUndo.stream().filter(t -> !deletedByRevision.contains(t.table())
                                && !deletedByIt.contains(t.table())).toList(), before, text(undo.get())), droppedAttributes,
                        leftInserted, deletedByIt.stream().filter(t -> !dropped.contains(t)).toList());
                // rows the revision deletes to make a key unique are tried here too: a loss of the walk's own rows
                // hid them (lemmy's V47 deletes users that share an actor id, where a cache's value told first)
                Failure told = removedDuplicates(v, undo.get(), before, after, name).map(r -> Failure.besides(lost, r))
                        .orElse(lost);
                // undo all would meet the same loss again (vaultwarden's U34 loses the rows of the table V34 drops)
                undoFailures.put(i, new Unwalked(name, UndoBlock.FAILED));
                return startOver(i, Outcome.failed(told, downStep).withNotes(notes));
            }
            // a column the undo drops and adds again from a sequence: the rows are numbered anew, which the walk's rows,
            // numbered from the start too, do not show
            Optional<Failure> renumbered = renumbered(v, undo.get(), before, after, afterUndo, rowsBeforeDown, name);
            if (renumbered.isPresent()) {
                undoFailures.put(i, new Unwalked(name, UndoBlock.FAILED));
                return startOver(i, Outcome.failed(renumbered.get(), downStep).withNotes(notes));
            }

            // what the undo made anew, moved back or gave a column
            Sequences.State sequencesAfterDown = sequences(afterUndo);
            List<ShouldKeepSequencesAhead.Behind> behindDown = Sequences.behind(walk.connection(), reader.sessionStart(),
                    sequencesBefore, sequencesBeforeDown, sequencesAfterDown, Set.of(), down.writesKnown ? down.written : null);
            if (!behindDown.isEmpty()) {
                undoFailures.put(i, new Unwalked(name, UndoBlock.FAILED));
                Outcome o = Outcome.failed(ShouldKeepSequencesAhead.create("[" + undo.get().fileName() + ", down]",
                        ShouldKeepSequencesAhead.When.DOWN, name, undo.get().fileName(), behindDown), downStep);
                return startOver(i, o.withNotes(notes));
            }

            // a revision that deletes rows to make a key unique (keeping one of each) loses the others, which production's
            // rows may be: tried on two rows that agree on the key
            Optional<Failure> removed = removedDuplicates(v, undo.get(), before, after, name);
            if (removed.isPresent()) {
                return startOver(i, Outcome.failed(removed.get(), downStep).withNotes(notes));
            }

            // the columns the revision wrote rows to the first time whose sequences are ahead of them now: keys of its own
            // written past them are its doing
            Set<String> ahead = up.writesKnown && !up.written.isEmpty() ? Sequences.ahead(walk.connection(),
                    reader.sessionStart(), sequencesAfterDown, up.written) : Set.of();
            Clock again = new Clock();
            Clock againFixture = new Clock();
            Duration againTime;
            try {
                laterDeployment();
                againTime = again.run(v);
            } catch (ScriptRunner.Failure f) {
                // the undo restored the schema, and the tables now hold the rows added since the first apply
                List<ShouldWorkOnRows.Held> held = f.byRows() ? held(rowsAfterDown, addedSince(fixtureWrote, atFixture, name, seededNow), f)
                        : List.of();
                if (generated(held) && !newColumnRejected(f, afterUndo, text(v))) {
                    return again(i, "up again", f, held, afterUndo);
                }
                if (generated(held)) {
                    appliedAgainOnRows.add(i);
                }
                Outcome o = Outcome.failed(held.isEmpty() ? ShouldRepeat.fails("[" + v.fileName() + ", up again]", name,
                        undo.get().fileName(), f) : ShouldWorkOnRows.create("[" + v.fileName() + ", up again]",
                        ShouldWorkOnRows.When.UP_AGAIN, name, v.fileName(), f, held), downStep);
                return startOver(i, o.withNotes(notes));
            }
            if (!convertedBack.isEmpty()) {
                // V(U(rows)) = rows for the rows the undo rewrote, read before the fixture runs again: an undo that rewrites
                // more than the revision converted (no WHERE where V has one) leaves rows V applied again does not give back
                Map<TableRows.Projection, TableRows.Rows> back = rows(new ArrayList<>(convertedBack.keySet()));
                List<ShouldKeepRows.TableChange> notBack = new ArrayList<>();
                List<ShouldKeepRows.Generated> generatedBack = new ArrayList<>();
                for (Map.Entry<TableRows.Projection, Converted> e : convertedBack.entrySet()) {
                    TableRows.Projection p = e.getKey();
                    List<String> rewritten = e.getValue().rows();
                    TableRows.Rows is = back.get(p);
                    if (is == null || is.rows() == null || TableRows.minus(rewritten, is.rows()).isEmpty()) {
                        notes.add(e.getValue().note());
                        continue;
                    }
                    Optional<List<String>> setByTriggers = TableRows.differIn(setByTriggers(before, after, p, v, undo.get()),
                            columns -> TableRows.minus(TableRows.without(rewritten, p, columns),
                                    TableRows.without(is.rows(), p, columns)).isEmpty());
                    if (setByTriggers.isPresent() && asComputed(before, after, after, p, v, undo.get(), rewritten, is.rows())) {
                        notes.add(e.getValue().note());
                        notes.add(triggersNote(before, after, p.table(), setByTriggers.get(), "before the undo of " + name, v,
                                undo.get()));
                    } else {
                        notBack.add(new ShouldKeepRows.TableChange(p.table(), p.columns(), rewritten.size(), rewritten.size(),
                                TableRows.minus(rewritten, is.rows()), TableRows.minus(is.rows(), rewritten)));
                        // the walk's rows keep none of the rules the application's keep (a table made again from a query);
                        // where the undo rewrote them in place, it is the undo that converts more than the revision
                        if (e.getValue().generated() && generatedBefore.containsKey(p.table())) {
                            generatedBack.add(generatedIn(p.table()));
                        }
                    }
                }
                if (!notBack.isEmpty()) {
                    Outcome o = Outcome.failed(ShouldKeepRows.convertedBack("[" + undo.get().fileName() + ", down then up]",
                            name, v.fileName(), undo.get().fileName(), notBack, generatedBack), downStep);
                    return startOver(i, o.withNotes(notes));
                }
            }
            if (atFixture.isPresent()) {
                try {
                    againFixture.run(atFixture.get());
                } catch (ScriptRunner.Failure f) {
                    // the undo kept the rows it wrote to tables the revision did not create: the fixture's to tolerate
                    Outcome o = Outcome.failed(ShouldApply.again(atFixture.get().fileName(), name, f), downStep);
                    return startOver(i, o.withNotes(notes));
                }
                again.notices.addAll(againFixture.notices);
                again.written.addAll(againFixture.written);
                again.writesKnown &= againFixture.writesKnown;
            }
            up.notices.addAll(again.notices);
            CatalogImage againImage = walk.tracker().read(afterUndoImage);
            SchemaSnapshot reapplied = againImage.snapshot();
            RevisionStep step = step(v, before, after, up.notices, upTime, downTime, againTime, false);
            current = againImage;
            heads.put(i, reapplied);
            SchemaDiff drift = SchemaDiff.between(after, reapplied, settings.ignored());
            drift.changes().forEach(c -> notRepeatable.add(c.key()));
            // a time frozen anew into an object that held one before the revision: the revision that froze the first is
            // the one to report (it is, where the walk starts before it), not each that creates the object again
            List<Change> frozenAgain = frozenTimes.only(drift).stream().filter(c -> frozenTimes.heldIn(before, c.key()))
                    .toList();
            if (drift.changes().size() == frozenAgain.size()) {
                frozenAgain.forEach(c -> notes.add(c.key() + " differs after " + name + " applied again only in the time a"
                        + " 'now' literal in " + v.fileName() + " froze into it, as a revision before " + name + " did (the"
                        + " first to freeze one is the one reported): not reported again"));
            } else {
                return Outcome.failed(ShouldRepeat.differs(location, name, v.fileName(), drift), step).withNotes(notes);
            }
            if (again.writesKnown) {
                // the rows the undo kept survive the revision applied again, in the tables it does not write to
                Set<String> afterTables = new HashSet<>();
                after.tables().forEach(t -> afterTables.add(t.qualifiedName()));
                List<TableRows.Projection> stable = preExisting.stream().filter(p -> unchanged.test(p)
                        && afterTables.contains(p.table())).toList();
                Map<TableRows.Projection, TableRows.Rows> rowsAgain = rows(stable);
                List<ShouldKeepRows.TableChange> lostAgain = new ArrayList<>();
                for (TableRows.Projection p : stable) {
                    TableRows.Rows was = rowsAfterDown.get(p);
                    TableRows.Rows is = rowsAgain.get(p);
                    if (was != null && is != null && is.mustEqual(was, p.table(), again.written) && !was.sameAs(is)) {
                        lostAgain.add(change(p, was, is.count(), is.rows()));
                    }
                }
                if (!lostAgain.isEmpty()) {
                    return Outcome.failed(ShouldKeepRows.create("[" + v.fileName() + ", up again]", ShouldKeepRows.When.UP_AGAIN,
                            name, v.fileName(), lostAgain), step).withNotes(notes);
                }
            }
            Sequences.State sequencesAgain = sequences(reapplied);
            List<ShouldKeepSequencesAhead.Behind> behindAgain = !againFixture.writesKnown ? List.of()
                    : Sequences.behind(walk.connection(), reader.sessionStart(), sequencesBefore, sequencesAfterDown,
                            sequencesAgain, againFixture.written, again.writesKnown ? again.written : null);
            if (!ahead.isEmpty() && againFixture.writesKnown && behindAgain.isEmpty()) {
                Set<String> wroteAgain = new HashSet<>(up.written);
                wroteAgain.removeAll(againFixture.written); // a fixture's own keys are not the revision's doing
                behindAgain = Sequences.passed(walk.connection(), reader.sessionStart(), sequencesAgain, wroteAgain, ahead);
            }
            if (!toldAtUp.isEmpty()) {
                // the columns told as it first ran are not told again
                Set<String> toldUp = behindUp.stream().map(ShouldKeepSequencesAhead.Behind::column).collect(Collectors.toSet());
                behindAgain = behindAgain.stream().filter(b -> !toldUp.contains(b.column())).toList();
            }
            if (!behindAgain.isEmpty()) {
                return Outcome.failed(ShouldKeepSequencesAhead.create("[" + v.fileName() + ", up again]",
                        ShouldKeepSequencesAhead.When.UP_AGAIN, name, v.fileName(), behindAgain), step).withNotes(notes);
            }
            lastSequences = sequencesAgain;
            // values written after the revision in a column whose type it changes, which the walk's rows (written before
            // it, in the old type) do not hold: its undo and it again must give them back
            Optional<Failure> converted = convertedBackOtherwise(v, undo.get(), before, after, madeAnew, name);
            if (converted.isPresent()) {
                return startOver(i, Outcome.failed(converted.get(), step).withNotes(notes));
            }
            return Outcome.passed("up " + millis(upTime) + ", down " + millis(downTime) + ", up " + millis(againTime), step)
                    .withNotes(notes);
        }
        /**
         * Whether a script's {@code text}, as it runs ({@link #text}), names {@code table} (its name without the schema, as
         * a word, in any case): where it does not, the rows the script added there came from triggers or functions.
         */
        static boolean names(String script, String table) {
            String bare = table.substring(table.indexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
            String text = script.toLowerCase(java.util.Locale.ROOT);
            for (int at = text.indexOf(bare); at >= 0; at = text.indexOf(bare, at + 1)) {
                int end = at + bare.length();
                if ((at == 0 || !SqlText.isIdentifierPart(text.charAt(at - 1))) && (end == text.length()
                        || !SqlText.isIdentifierPart(text.charAt(end)))) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Rows an undo rewrote, its note, and whether they are all rows the walk generated (as the revision started) in a
         * table made again since (from a query: the walk's values keep none of its rules).
         */
        private record Converted(List<String> rows, String note, boolean generated) {
        }

        /**
         * Whether {@code undo} converts back the rows {@code v} writes to {@code table} (a data migration and its inverse):
         * the undo wrote rows there (PostgreSQL's counters, or its text where they are not known), and the revision did, or
         * names the table in a statement that writes rows (it found none there).
         */
        private boolean convertsBack(String table, MigrationFile v, MigrationFile undo, Clock up, Clock down) {
            return (down.writesKnown ? down.written.contains(table) : names(undo, table))
                    && (up.writesKnown && up.written.contains(table) || v.isJava() || writesRows(text(v), table));
        }

        /**
         * Whether a column of {@code table} has another type in {@code after} than in {@code before}: the undo, restoring
         * the schema, converts the values of rows written in the new type back (no counter counts a table rewritten so).
         */
        private static boolean retypes(SchemaSnapshot before, SchemaSnapshot after, String table) {
            Optional<Table> was = before.table(table);
            Optional<Table> is = after.table(table);
            return was.isPresent() && is.isPresent() && is.get().columns().stream().anyMatch(c -> was.get().column(c.name())
                    .map(x -> !x.type().equals(c.type())).orElse(false));
        }

        /**
         * The columns of {@code p} that a row trigger of its table may set on its own as rows are written ({@code
         * NEW.updated_at = now()}): those neither the revision nor its undo names, where the table has, before the revision
         * or after it, a {@code BEFORE} row trigger on {@code INSERT} or {@code UPDATE} that fires. Empty where it has none.
         */
        private List<String> setByTriggers(SchemaSnapshot before, SchemaSnapshot after, TableRows.Projection p,
                MigrationFile v, MigrationFile undo) {
            // the table's triggers before the revision, or those it made, which fire as its own statements write rows
            if (!ownRowTriggers(before, after, p.table()) && keptBy(before, after, p.table(), v, undo).isEmpty()) {
                return List.of();
            }
            return p.columns().stream().filter(c -> !names(v, c) && !names(undo, c)).toList();
        }

        /**
         * The row triggers that keep {@code table} when neither {@code v} nor {@code undo} names it: those on a table a
         * script names whose function writes {@code table} (a cache of that table's rows, as Lemmy's {@code
         * *_aggregates_fast} tables). As the scripts write their table, they compute the cached rows again, so values the
         * cache held that its query would not give (a count another trigger bumped, a rank computed before) change whatever
         * the undo does. Not one with a {@code WHEN} condition: written again as it is, a row may not fire it
         * ({@link #asComputed}).
         */
        private List<io.github.schemaverify.schema.Trigger> keptBy(SchemaSnapshot before, SchemaSnapshot after, String table,
                MigrationFile v, MigrationFile undo) {
            if (names(v, table) || names(undo, table)) {
                return List.of();
            }
            return java.util.stream.Stream.of(before, after).flatMap(s -> s.tables().stream()
                    .filter(t -> !t.qualifiedName().equals(table) && (names(v, t.qualifiedName()) || names(undo, t.qualifiedName())))
                    .flatMap(t -> t.triggers().stream())
                    .filter(t -> fires(t.enabled()) && t.definition().contains(" FOR EACH ROW ") && !t.definition().contains(" WHEN (")
                            && firesOnUpdate(t.definition()) && s.routines(t.function()).stream()
                                    .anyMatch(r -> writesRows(r.body(), table))))
                    .distinct().toList();
        }

        /**
         * Whether the rows of {@code p} are now {@code rows} as the row triggers keeping the table compute them ({@link
         * #keptBy}, or its own): every row of the tables those triggers are on written again as it is (each column set to
         * itself), the table read, and all of it rolled back. A cache the undo left stale differs then: Lemmy's U47 sets the
         * communities back before their creators, and the creators' ids cached with each community keep the revision's.
         */
        private boolean asComputed(SchemaSnapshot before, SchemaSnapshot after, SchemaSnapshot now, TableRows.Projection p,
                MigrationFile v, MigrationFile undo, List<String> reference, List<String> rows) {
            List<String> tables = keptBy(before, after, p.table(), v, undo).stream().map(t -> t.schema() + "." + t.table())
                    .distinct().toList();
            if (tables.isEmpty()) {
                return true; // its own row triggers set the values of the row written (updated_at = now()), which no query gives again
            }
            Connection c = walk.connection();
            try {
                boolean autoCommit = c.getAutoCommit();
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    for (String table : tables) {
                        List<String> set = now.table(table).stream().flatMap(t -> t.columns().stream())
                                .filter(col -> col.generated().isEmpty() && col.identity() != Identity.ALWAYS)
                                .map(col -> TableRows.quoteIdent(col.name()) + " = " + TableRows.quoteIdent(col.name())).toList();
                        if (set.isEmpty()) {
                            return false;
                        }
                        st.execute("UPDATE " + TableRows.quote(table) + " SET " + String.join(", ", set));
                    }
                    // the rows that differ written again in this transaction: else what is compared is what the cache held
                    // (a trigger that skips a row written as it was); a row no source row has (the walk's own, in the
                    // cache) is not, and may stay as it was
                    List<String> missing = TableRows.minus(reference, rows);
                    long unchanged = missing == null ? 0 : reference.size() - missing.size();
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + TableRows.quote(p.table())
                            + " WHERE age(xmin) > 0")) {
                        if (!rs.next() || rs.getLong(1) > unchanged) {
                            return false;
                        }
                    }
                    TableRows.Rows computed = TableRows.fetch(c, List.of(p), reader.sessionStart()).get(p);
                    return computed != null && rows.equals(computed.rows());
                } finally {
                    try {
                        c.rollback();
                    } finally {
                        c.setAutoCommit(autoCommit);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                return false; // not known: the rows are compared in full
            }
        }

        /**
         * Whether a trigger, as {@code pg_get_triggerdef} writes it, fires as rows are updated ({@code AFTER INSERT OR UPDATE
         * ON public.item FOR EACH ROW ...}): a row written again as it is fires it.
         */
        private static boolean firesOnUpdate(String definition) {
            int on = definition.indexOf(" ON ");
            return on > 0 && (" " + definition.substring(0, on) + " ").contains(" UPDATE ");
        }

        /** Whether {@code table} has a row trigger that sets its rows' values as they are written ({@link #setsRows}). */
        private static boolean ownRowTriggers(SchemaSnapshot before, SchemaSnapshot after, String table) {
            return java.util.stream.Stream.of(before, after).flatMap(s -> s.table(table).stream())
                    .flatMap(t -> t.triggers().stream()).anyMatch(t -> fires(t.enabled()) && setsRows(t.definition()));
        }

        /** Whether a trigger in this state fires in a session as the walk's (and a migration's) runs: not one for replicas only. */
        private static boolean fires(io.github.schemaverify.schema.TriggerState state) {
            return state == io.github.schemaverify.schema.TriggerState.ORIGIN || state == io.github.schemaverify.schema.TriggerState.ALWAYS;
        }

        /**
         * Whether a trigger, as {@code pg_get_triggerdef} writes it, runs before each row is inserted or updated ({@code
         * CREATE TRIGGER t_touch BEFORE INSERT OR UPDATE OF name ON public.t FOR EACH ROW EXECUTE FUNCTION touch()}).
         */
        private static boolean setsRows(String definition) {
            int before = definition.indexOf(" BEFORE ");
            int on = before < 0 ? -1 : definition.indexOf(" ON ", before);
            if (on < 0 || !definition.contains(" FOR EACH ROW ")) {
                return false;
            }
            String events = " " + definition.substring(before + " BEFORE ".length(), on) + " ";
            return events.contains(" INSERT ") || events.contains(" UPDATE ");
        }

        private String triggersNote(SchemaSnapshot before, SchemaSnapshot after, String table, List<String> columns, String since,
                MigrationFile v, MigrationFile undo) {
            String them = columns.size() == 1 ? "it" : "them";
            String why;
            if (ownRowTriggers(before, after, table)) {
                why = "the table's row triggers set " + them + " as rows are written (updated_at = now()), and";
            } else {
                List<io.github.schemaverify.schema.Trigger> triggers = keptBy(before, after, table, v, undo);
                List<String> keeping = triggers.stream().map(t -> t.name() + " on " + t.schema() + "." + t.table()).distinct()
                        .toList();
                String on = triggers.get(0).schema() + "." + triggers.get(0).table();
                why = keeping.size() == 1 ? "trigger " + keeping.get(0) + " computes the table's rows again as rows of " + on
                        + " are written (a cache of them), whatever values they held, and they are as it computes them now, so"
                        : "triggers " + Unread.and(keeping) + " compute the table's rows again as rows of their tables are"
                        + " written (a cache of them), whatever values they held, and they are as those compute them now, so";
            }
            return "the rows of " + table + " are as " + since + " but for " + String.join(", ", columns) + ", which neither "
                    + v.fileName() + " nor " + undo.fileName() + " names: " + why + " the rows are compared without " + them;
        }

        /**
         * Where {@code f}, the failure of {@code script}, is that an index it names does not exist, and the index was there
         * as the script started ({@code schema}) on a table an earlier statement of the script dropped, or with a column
         * it dropped: that this statement took it (ente's U2 drops subscriptions, then its index), else {@code ""}.
         */
        private String takenEarlier(MigrationFile script, ScriptRunner.Failure f, SchemaSnapshot schema) {
            java.util.regex.Matcher missing = MISSING_INDEX.matcher(f.serverMessage());
            if (script.isJava() || f.statement() == null || !"42704".equals(f.sqlState()) || !missing.find()) {
                return "";
            }
            String index = missing.group(1).replace("\"\"", "\"");
            for (Table t : schema.tables()) {
                Optional<Index> x = t.indexes().stream().filter(i -> i.name().equals(index)).findFirst();
                if (x.isEmpty()) {
                    continue;
                }
                Set<String> read = columnsIn(t, x.get().keys());
                for (SqlScript.Statement st : SqlScript.parse(text(script))) {
                    if (st.line() >= f.statement().line()) {
                        break;
                    }
                    String sql = SqlText.masked(st.sql());
                    String took = dropsTable(sql, t.qualifiedName()) ? t.qualifiedName() : read.stream()
                            .filter(c -> dropsColumnOf(sql, t.name(), c)).map(c -> t.qualifiedName() + "." + c).findFirst()
                            .orElse(null);
                    if (took != null) {
                        return "the index was there as " + script.fileName() + " started, on " + t.qualifiedName() + "; the"
                                + " statement at line " + st.line() + " drops " + took + ", and the index with it: drop the"
                                + " index before that, or take the DROP INDEX out";
                    }
                }
            }
            return "";
        }

        /** The index an error says does not exist ({@code index "x" does not exist}): group 1, its quotes doubled. */
        private static final Pattern MISSING_INDEX = Pattern.compile("index \"((?:[^\"]++|\"\")++)\" does not exist");

        /** Whether a script's text, as it runs, drops {@code table} ({@code DROP TABLE [IF EXISTS] ... t}). */
        static boolean dropsTable(String script, String table) {
            return DROP_TABLE.matcher(script).find() && names(script, table);
        }

        private static final java.util.regex.Pattern DROP_TABLE = java.util.regex.Pattern.compile("(?i)\\bdrop\\s+table\\b");

        /**
         * The columns of {@code p} that {@code v} drops from a table it keeps: there before it, gone after it, and named in
         * a {@code DROP [COLUMN] [IF EXISTS]} of the script (a column renamed is not dropped: its undo renames it back).
         */
        private List<String> droppedColumns(MigrationFile v, SchemaSnapshot before, SchemaSnapshot after,
                TableRows.Projection p) {
            Optional<Table> was = before.table(p.table());
            Optional<Table> is = after.table(p.table());
            if (was.isEmpty() || is.isEmpty()) {
                return List.of();
            }
            String script = text(v);
            return p.columns().stream().filter(c -> was.get().column(c).isPresent() && is.get().column(c).isEmpty()
                    && dropsColumn(script, c)).toList();
        }

        private static boolean dropsColumn(String script, String column) {
            String name = java.util.regex.Pattern.quote(column);
            return java.util.regex.Pattern.compile("(?i)\\bdrop\\s+(?:column\\s+)?(?:if\\s+exists\\s+)?(?:\"" + name + "\"|"
                    + java.util.regex.Pattern.quote(column.toLowerCase(java.util.Locale.ROOT)) + "(?![\\w$]))")
                    .matcher(script).find();
        }

        /**
         * For each table of {@code projections} with a check constraint that the schema before the revision ({@code before})
         * has and the schema after it ({@code after}) has no more, or looser, the rows there now that break it (as the
         * rows are read); empty where none does, or they cannot be read so.
         */
        private Map<TableRows.Projection, List<String>> breakingRelaxed(SchemaSnapshot before, SchemaSnapshot after,
                Set<TableRows.Projection> projections) {
            Map<TableRows.Projection, List<String>> out = new HashMap<>();
            Map<String, Table> wereByName = tablesByName(before);
            Map<String, Table> areByName = tablesByName(after);
            for (TableRows.Projection p : projections) { // each by the qualified name it was read by
                Optional<Table> was = Optional.ofNullable(wereByName.get(p.table()));
                if (was.isEmpty()) {
                    continue;
                }
                Optional<Table> is = Optional.ofNullable(areByName.get(p.table()));
                List<String> rows = new ArrayList<>();
                for (Constraint c : was.get().constraints()) {
                    if (c.type() != ConstraintType.CHECK || !c.validated() || is.flatMap(t -> t.constraint(c.name()))
                            .filter(now -> checkExpression(now.definition()).equals(checkExpression(c.definition())))
                            .isPresent()) {
                        continue;
                    }
                    try {
                        rows.addAll(TableRows.minus(TableRows.failing(walk.connection(), p, checkExpression(c.definition()),
                                reader.sessionStart()), rows));
                    } catch (RuntimeException e) {
                        // not read (a column it names gone): the undo's run and the rows check tell what happens there
                    }
                }
                if (!rows.isEmpty()) {
                    out.put(p, rows);
                }
            }
            return out;
        }

        /** A check constraint's expression, as its definition writes it: {@code a > 0} for {@code CHECK (a > 0) NO INHERIT}. */
        private static String checkExpression(String definition) {
            // cut as text, not by regular expressions: every check of every table the walk reads rows of, at each step
            String within = withoutSuffix(withoutSuffix(definition.startsWith("CHECK ") ? definition.substring(6) : definition,
                    " NOT VALID"), " NO INHERIT");
            return within.startsWith("(") && within.endsWith(")") ? within.substring(1, within.length() - 1) : within;
        }

        private static String withoutSuffix(String text, String suffix) {
            return text.endsWith(suffix) ? text.substring(0, text.length() - suffix.length()) : text;
        }

        /**
         * What the revision did to the check constraint {@code f} names, where the schema before it ({@code before}) has
         * it on the table {@code f} names and the schema after it ({@code after}) has it no more, or with another
         * expression: {@code drops constraint c of public.t}, {@code changes constraint c of public.t from CHECK (a > 0)
         * to CHECK (a >= 0)}; else empty. A check left {@code NOT VALID} still checks every row written after it, so it
         * is not looser.
         */
        private static Optional<ShouldWorkOnRows.Relaxed> relaxed(SchemaSnapshot before, SchemaSnapshot after,
                ScriptRunner.Failure f) {
            Optional<Table> was = before.table(f.table());
            Optional<Constraint> c = was.flatMap(t -> t.constraint(f.constraint()))
                    .filter(k -> k.type() == ConstraintType.CHECK && k.validated());
            if (c.isEmpty()) {
                return Optional.empty();
            }
            String of = " of " + was.get().qualifiedName();
            Optional<Constraint> now = after.table(was.get().qualifiedName()).flatMap(t -> t.constraint(c.get().name()));
            String what = now.isEmpty() ? "drops constraint " + c.get().name() + of
                    : !checkExpression(now.get().definition()).equals(checkExpression(c.get().definition()))
                    ? "changes constraint " + c.get().name() + of + " from " + c.get().definition() + " to "
                    + now.get().definition() : "";
            return what.isEmpty() ? Optional.empty()
                    : Optional.of(new ShouldWorkOnRows.Relaxed(what, f.table(), checkExpression(c.get().definition())));
        }

        /**
         * The undo {@code undo} of revision {@code name} tried on a row that holds NULL in each column the revision lets hold
         * NULL where it was NOT NULL before ({@code before}, {@code after}: the schema around it): rows written after the revision in
         * production may, and an undo that makes such a column NOT NULL again without giving those rows a value fails on
         * them. Set on one row of each such table, with the undo, in a transaction rolled back; the failure where the undo
         * refuses that NULL ({@code 23502} on the column), else empty (no such column, no row, an undo that cannot be
         * tried so, or that fails otherwise: its own run tells).
         */
        private Optional<Failure> undoOnNulls(MigrationFile undo, SchemaSnapshot before, SchemaSnapshot after, String name) {
            Map<String, List<String>> nullable = new java.util.TreeMap<>();
            Map<String, Table> wereByName = tablesByName(before);
            for (Table t : after.tables()) {
                Optional<Table> was = Optional.ofNullable(wereByName.get(t.qualifiedName()));
                if (was.isEmpty() || !t.partitionOf().isEmpty()) {
                    continue;
                }
                for (Column c : t.columns()) {
                    if (!c.notNull() && c.generated().isEmpty() && was.get().column(c.name()).map(Column::notNull).orElse(false)) {
                        nullable.computeIfAbsent(t.qualifiedName(), k -> new ArrayList<>()).add(c.name());
                    }
                }
            }
            if (nullable.isEmpty()) {
                return Optional.empty();
            }
            ScriptRunner.Failure f;
            try {
                f = refusedNull(undo, nullable);
                if (f == null) {
                    return Optional.empty();
                }
                // an undo that fails without the NULL too (a DROP INDEX of an index a DROP COLUMN before it took along) is
                // told so first, by its own run: fixing what the NULL shows would leave that
                ScriptRunner.Tried plain = plan.tryRolledBack(walk.connection(), walk.session(), undo, "SELECT 1");
                if (!plain.tried() || plain.failure() != null) {
                    return Optional.empty();
                }
            } catch (RuntimeException e) {
                return Optional.empty(); // not tried: the undo's own run tells what it does
            }
            // the columns it refuses NULL in after the first, each tried without those before: whoever fixes the first
            // would meet the next on the next run
            List<String> more = new ArrayList<>();
            Map<String, List<String>> rest = new java.util.TreeMap<>(nullable);
            try {
                for (ScriptRunner.Failure g = f; g != null && more.size() < 8; g = refusedNull(undo, rest)) {
                    if (g != f) {
                        more.add(g.table() + "." + g.column());
                    }
                    List<String> left = new ArrayList<>(rest.get(g.table()));
                    left.remove(g.column());
                    if (left.isEmpty()) {
                        rest.remove(g.table());
                    } else {
                        rest.put(g.table(), left);
                    }
                    if (rest.isEmpty()) {
                        break;
                    }
                }
            } catch (RuntimeException e) {
                // a later trial broke off: the columns found so far are told
            }
            return Optional.of(ShouldWorkOnRows.onNulls("[" + undo.fileName() + ", down]", name, undo.fileName(), f, f.table(),
                    f.column(), more));
        }

        /**
         * The undo {@code undo} of revision {@code name} tried on a row that holds, in a column whose type it changes, a value
         * the new type holds and the type before it cannot ({@code before}, {@code after}: the schema around it): a text
         * longer than a {@code varchar(n)} it widens, a number beyond an {@code integer} it makes {@code bigint}, a text
         * that reads as no number where it makes a number text. Rows written after the revision in production may hold
         * one, and an undo that changes the type back without bringing them into it fails on them. Set in one row, with
         * the undo, in a transaction rolled back, all at once and then a column at a time to name each; the failure where the undo refuses that value (a data
         * exception, SQLSTATE class 22), else empty (no such column, no row, an undo that cannot be tried so, or one that
         * fails without the value too: its own run tells). Not tried: a partition's or an inheriting table's columns
         * (their parent's are), a generated column, one whose sequence's values all fit the type before (a serial).
         */
        private Optional<Failure> undoOnWiderValues(MigrationFile undo, SchemaSnapshot before, SchemaSnapshot after,
                String name, List<String> notes) {
            List<ShouldWorkOnRows.Widened> widened = new ArrayList<>();
            Map<String, Table> wereByName = tablesByName(before);
            for (Table t : after.tables()) {
                Optional<Table> was = Optional.ofNullable(wereByName.get(t.qualifiedName()));
                // a partition's or an inheriting table's columns change with their parent's, tried there
                if (was.isEmpty() || !t.partitionOf().isEmpty() || !t.inherits().isEmpty()) {
                    continue;
                }
                for (Column c : t.columns()) {
                    Optional<Column> old = was.get().column(c.name());
                    if (old.isEmpty() || !c.generated().isEmpty()) {
                        continue;
                    }
                    // an enum's label that the type before did not have (the type made again with more labels, under
                    // its name or another, as coder's V33 does): an undo that makes it again without casts it back
                    Optional<String[]> label = newLabel(before, after, old.get().type(), c.type());
                    if (label.isPresent()) {
                        widened.add(new ShouldWorkOnRows.Widened(t.qualifiedName(), c.name(), old.get().type(), c.type(),
                                label.get()[0], label.get()[1]));
                        continue;
                    }
                    if (old.get().type().equals(c.type()) || fedWithin(after, t, c, old.get().type())) {
                        continue;
                    }
                    try {
                        notALabel(before, after, old.get().type(), c.type()).or(() -> beyond(old.get().type(), c.type()))
                                .ifPresent(value -> widened.add(new ShouldWorkOnRows.Widened(t.qualifiedName(), c.name(),
                                        old.get().type(), c.type(), value[0], value[1])));
                    } catch (RuntimeException e) {
                        // not tried for this column: the undo's own run tells what it does
                    }
                }
            }
            Optional<RefusedValues> refused = refusedValues(undo, "", widened, state -> state.startsWith("22"));
            untriedNote(refused, name, "widens", notes);
            return refused.filter(r -> r.first() != null).map(r -> ShouldWorkOnRows.onWiderValues("[" + undo.fileName()
                    + ", down]", name, undo.fileName(), r.first(), r.refused(), r.untried(), r.unset()));
        }

        /**
         * The values an undo refuses ({@link #refusedValues}): the first failure (null where it refused none and a row
         * refused some before it ran), the columns whose value it refuses, those not tried one by one past eight refused,
         * and those whose value a row refused before the undo ran (a foreign key, a check or a trigger there), where the
         * undo was not tried on it.
         */
        private record RefusedValues(ScriptRunner.Failure first, List<ShouldWorkOnRows.Widened> refused,
                List<ShouldWorkOnRows.Widened> untried, List<ShouldWorkOnRows.Widened> unset) {
        }

        /**
         * The undo tried on {@code values} ({@link #triedOn}, after {@code setup}): every value at once first (one run of
         * the undo where it takes them all; where a value is refused before the undo runs, a check's or a trigger's,
         * each is tried on its own), the undo on the same rows without them (one that fails there too is told by its own
         * run), then a column at a time to name each it refuses (past the eighth refused, the others are not tried one by
         * one); empty where it takes them all, fails otherwise, or cannot be tried so.
         */
        private Optional<RefusedValues> refusedValues(MigrationFile undo, String setup, List<ShouldWorkOnRows.Widened> values,
                java.util.function.Predicate<String> refusal) {
            if (values.isEmpty()) {
                return Optional.empty();
            }
            List<ShouldWorkOnRows.Widened> refused = new ArrayList<>();
            List<ShouldWorkOnRows.Widened> untried = new ArrayList<>();
            List<ShouldWorkOnRows.Widened> unset = new ArrayList<>();
            ScriptRunner.Failure first = null;
            try {
                ScriptRunner.Tried all = triedOn(undo, setup, values);
                if (all.tried() && !refuses(all, refusal)) {
                    return Optional.empty();
                }
                ScriptRunner.Tried plain = triedOn(undo, setup, List.of());
                if (!plain.tried() || plain.failure() != null) {
                    return Optional.empty();
                }
                if (!all.tried() && values.size() == 1) {
                    // the row refused the value before the undo ran
                    return Optional.of(new RefusedValues(null, List.of(), List.of(), values));
                }
                for (ShouldWorkOnRows.Widened w : values) {
                    if (refused.size() == 8) {
                        untried.add(w);
                        continue;
                    }
                    ScriptRunner.Tried one = triedOn(undo, setup, List.of(w));
                    if (refuses(one, refusal)) {
                        refused.add(w);
                        first = first == null ? one.failure() : first;
                    } else if (!one.tried()) {
                        unset.add(w);
                    }
                }
            } catch (RuntimeException e) {
                return Optional.empty(); // not tried: the undo's own run tells what it does
            }
            return first == null && unset.isEmpty() ? Optional.empty()
                    : Optional.of(new RefusedValues(first, refused, untried, unset));
        }

        /**
         * Where the undo refused no value it was tried on and a row refused the value of {@code unset} before it ran (a
         * foreign key, a check or a trigger there), a note that names them: the revision passes untried there.
         */
        private static void untriedNote(Optional<RefusedValues> r, String name, String verb, List<String> notes) {
            r.filter(x -> x.first() == null).ifPresent(x -> notes.add("the undo of " + name + " was not tried on such a"
                    + " value in " + String.join(", ", x.unset().stream().map(w -> w.table() + "." + w.column()).toList())
                    + ", which " + name + " " + verb + ": a row refused it before the undo ran (a foreign key, a check or a"
                    + " trigger there), and production's rows may hold it"));
        }

        private static boolean refuses(ScriptRunner.Tried tried, java.util.function.Predicate<String> refusal) {
            return tried.tried() && tried.failure() != null && refusal.test(tried.failure().sqlState());
        }

        /**
         * An undo's statements that refuse no value a row holds: drops, and comments, grants and settings ({@code ALTER
         * TABLE} with drops alone: its name may be two words, the schema's and the table's, once the dot is gone).
         */
        private static final java.util.regex.Pattern REFUSES_NONE = java.util.regex.Pattern.compile("^(?:DROP|COMMENT|GRANT"
                + "|REVOKE|SET|RESET|BEGIN|COMMIT|END|START TRANSACTION)\\b.*|^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?"
                + "(?:(?!DROP )\\S+ ){1,2}(?:DROP (?:COLUMN |CONSTRAINT )?(?:IF EXISTS )?\\S+(?: CASCADE| RESTRICT)? ?)+$");

        /**
         * The undo {@code undo} of revision {@code v} (named {@code name}) tried on a row that holds, in a column the
         * revision adds (to a table it creates, or to one that was there) of a type of a size ({@code varchar(n)}, {@code
         * char(n)}, {@code numeric(p,s)}, an array of one), the widest value the type holds: rows written after the
         * revision in production may, and an undo that narrows the column before it drops it (Mattermost's U33 makes
         * {@code sidebarchannels.categoryid} {@code varchar(26)} again, then drops the table) or converts its values into
         * a narrower column fails on them, where the walk's tables the revision creates are still empty as its undo runs.
         * A row generated in each table the revision creates that holds such a column (and in the tables it creates that
         * those refer to), where the walk generates rows ({@code seed}), such a value set in one row of each table, the
         * undo run, all rolled back ({@link #refusedValues}): the failure where the undo refuses such a value (a text too
         * long, a number out of range: SQLSTATE 22001, 22003) and runs through on the same rows without it, else empty.
         * Not tried: an undo of drops only, which refuses no value; a Java undo; a column a check or a foreign key names
         * (a value set there would be refused before the undo runs), one a sequence, an identity or a random uuid fills
         * (no value of theirs reaches the bound), a generated one, a partition's or an inheriting table's (their parent's
         * are).
         */
        private Optional<Failure> undoOnWidestValues(MigrationFile undo, MigrationFile v, SchemaSnapshot before,
                SchemaSnapshot after, String name, boolean seed, List<String> notes) {
            if (undo.isJava() || SqlScript.parse(text(undo)).stream().allMatch(st -> st.keywords().length() < 400
                    && REFUSES_NONE.matcher(st.keywords()).matches())) {
                return Optional.empty();
            }
            Map<String, Table> wereByName = tablesByName(before);
            Set<String> createdTables = new HashSet<>();
            List<ShouldWorkOnRows.Widened> sized = new ArrayList<>(); // the columns it adds of a type of a size
            for (Table t : after.tables()) {
                if (!t.partitionOf().isEmpty() || !t.inherits().isEmpty()) {
                    continue;
                }
                Table was = wereByName.get(t.qualifiedName());
                if (was == null) {
                    createdTables.add(t.qualifiedName());
                }
                for (Column c : t.columns()) {
                    if ((was == null || was.column(c.name()).isEmpty()) && c.generated().isEmpty() && !freshByDefault(c)) {
                        widest(c.type()).ifPresent(value -> sized.add(new ShouldWorkOnRows.Widened(t.qualifiedName(),
                                c.name(), "", c.type(), value[0], value[1])));
                    }
                }
            }
            if (sized.isEmpty()) {
                return Optional.empty();
            }
            RowSeeder seeder = new RowSeeder(after, mentions, v.version());
            // the columns of a foreign key, either side, by table (qualified and quoted, as the seeder names them)
            Map<String, Set<String>> keyed = new HashMap<>();
            for (Table t : after.tables()) {
                for (RowSeeder.Reference r : seeder.references(t)) {
                    r.columns().forEach(c -> keyed.computeIfAbsent(TableRows.quote(t.qualifiedName()), k -> new HashSet<>())
                            .add(RowSeeder.unquote(c)));
                    r.referenced().forEach(c -> keyed.computeIfAbsent(r.table(), k -> new HashSet<>()).add(RowSeeder.unquote(c)));
                }
            }
            Set<String> created = new java.util.TreeSet<>(); // the tables it creates that hold a column tried
            List<ShouldWorkOnRows.Widened> widest = new ArrayList<>();
            for (ShouldWorkOnRows.Widened w : sized) {
                Table t = after.table(w.table()).orElseThrow();
                if (keyed.getOrDefault(TableRows.quote(w.table()), Set.of()).contains(w.column())
                        || seeder.constrained(t, t.column(w.column()).orElseThrow())) {
                    continue;
                }
                widest.add(w);
                if (createdTables.contains(w.table())) {
                    created.add(w.table());
                }
            }
            if (widest.isEmpty()) {
                return Optional.empty();
            }
            try {
                String rows = "";
                if (seed && !created.isEmpty()) {
                    // and the tables they refer to that the revision creates too, parents first
                    Map<String, String> byQuoted = new HashMap<>();
                    createdTables.forEach(t -> byQuoted.put(TableRows.quote(t), t));
                    Set<String> generated = new java.util.TreeSet<>(created);
                    for (String t : created) {
                        after.table(t).ifPresent(table -> seeder.references(table).stream().map(r -> byQuoted.get(r.table()))
                                .filter(java.util.Objects::nonNull).forEach(generated::add));
                    }
                    rows = seeder.insertionsInTrial(seeder.parentsFirst(List.copyOf(generated)));
                }
                Optional<RefusedValues> refused = refusedValues(undo, rows, widest, state -> state.equals("22001")
                        || state.equals("22003"));
                untriedNote(refused, name, "adds", notes);
                return refused.filter(r -> r.first() != null)
                        .map(r -> ShouldWorkOnRows.onWidestValues("[" + undo.fileName() + ", down]", name, undo.fileName(),
                                r.first(), r.refused(), r.untried(), r.unset(), createdTables.contains(r.refused().get(0).table()),
                                narrowedBy(r.first(), r.refused().get(0), before, after)));
            } catch (RuntimeException e) {
                return Optional.empty(); // not tried: the undo's own run tells what it does
            }
        }

        /** An undo's text that deletes rows of {@code pg_enum}: a label taken out of an enum by hand. */
        private static final java.util.regex.Pattern DELETES_LABELS = java.util.regex.Pattern.compile(
                "(?i)\\bDELETE\\s+FROM\\s+(?:pg_catalog\\s*\\.\\s*)?pg_enum\\b");

        /**
         * A function of the trial's own session that reads with a query, giving {@code readable} or the server's error:
         * made in the trial's transaction, rolled back with it.
         */
        private static final String READABLE = "CREATE FUNCTION pg_temp.schemaverify_readable(q text) RETURNS text"
                + " LANGUAGE plpgsql AS $schemaverify_readable$ BEGIN EXECUTE q; RETURN 'readable'; EXCEPTION WHEN OTHERS"
                + " THEN RETURN SQLERRM; END $schemaverify_readable$;\n";

        /**
         * The undo {@code undo} of revision {@code name}, where its text deletes labels from {@code pg_enum}, tried on a
         * row that holds a label the revision gives an enum ({@code ALTER TYPE ... ADD VALUE}), then that row read back:
         * PostgreSQL has no command that drops a label, and one deleted by hand leaves every row holding it unreadable
         * (hyperswitch's U6 deletes 'cancelled' from IntentStatus), where the walk's rows, written before the revision,
         * hold none. One row given the label, the undo run, the column read, all rolled back; the failure where the read
         * fails, else empty (no such column or row, an undo that fails on it or cannot be tried so: its own run tells).
         * Not tried: a partition's or an inheriting table's columns (their parent's are), an array of the enum, a Java
         * undo.
         */
        private Optional<Failure> undoOnLabels(MigrationFile undo, SchemaSnapshot before, SchemaSnapshot after, String name) {
            if (undo.isJava() || !DELETES_LABELS.matcher(SqlText.masked(text(undo))).find()) {
                return Optional.empty();
            }
            Map<String, Table> wereByName = tablesByName(before);
            for (Table t : after.tables()) {
                Table was = wereByName.get(t.qualifiedName());
                if (was == null || !t.partitionOf().isEmpty() || !t.inherits().isEmpty()) {
                    continue;
                }
                for (Column c : t.columns()) {
                    Optional<Column> old = was.column(c.name());
                    Optional<String[]> label = old.isEmpty() || !c.generated().isEmpty() ? Optional.empty()
                            : newLabel(before, after, old.get().type(), c.type());
                    if (label.isEmpty()) {
                        continue;
                    }
                    String table = TableRows.quote(t.qualifiedName());
                    String column = TableRows.quoteIdent(c.name());
                    String read = "SELECT count(" + column + "::text) FROM " + table;
                    ScriptRunner.Tried tried;
                    try {
                        tried = plan.tryRolledBack(walk.connection(), walk.session(), List.of(undo), READABLE + "UPDATE "
                                + table + " SET " + column + " = (" + label.get()[0] + ")::" + c.type() + oneRowOf(t.qualifiedName())
                                + ";\nSELECT 1", "SELECT pg_temp.schemaverify_readable(" + TableRows.literal(read) + ")");
                    } catch (RuntimeException e) {
                        return Optional.empty(); // not tried: the undo's own run tells what it does
                    }
                    if (tried.tried() && tried.failure() == null && tried.checked() != null
                            && !tried.checked().equals("readable")) {
                        return Optional.of(ShouldKeepRows.labelTakenOut("[" + undo.fileName() + ", down]", name,
                                undo.fileName(), t.qualifiedName(), c.name(), c.type(), label.get()[1], tried.checked()));
                    }
                }
            }
            return Optional.empty();
        }

        /**
         * The undo {@code undo} of revision {@code name} tried on a row that breaks a check constraint the revision drops
         * or loosens ({@code before}, {@code after}: the schema around it) and that the schema after it lets a row hold:
         * rows written after the revision in production may hold one, and an undo that adds the constraint again without
         * deleting or mending them fails on them. One row of the table, the columns the constraint names given such values
         * ({@link #breakingRow}), the undo run, all rolled back; the failure where the undo then refuses that row (a check
         * violation of that constraint) and runs through without it, else empty. Not tried where a row the table holds
         * breaks the constraint already ({@code breaking}: the undo's own run tells), on a partition (its parent is), nor
         * for an undo of drops only.
         */
        private Optional<Failure> undoOnRelaxedChecks(MigrationFile undo, SchemaSnapshot before, SchemaSnapshot after,
                String name, Map<TableRows.Projection, List<String>> breaking) {
            if (undo.isJava() || SqlScript.parse(text(undo)).stream().allMatch(st -> st.keywords().length() < 400
                    && REFUSES_NONE.matcher(st.keywords()).matches())) {
                return Optional.empty();
            }
            Set<String> broken = breaking.keySet().stream().map(TableRows.Projection::table).collect(Collectors.toSet());
            Map<String, Table> wereByName = tablesByName(before);
            for (Table t : after.tables()) {
                Table was = wereByName.get(t.qualifiedName());
                if (was == null || !t.partitionOf().isEmpty() || broken.contains(t.qualifiedName())) {
                    continue;
                }
                for (Constraint c : was.constraints()) {
                    if (c.type() != ConstraintType.CHECK || !c.validated() || t.constraint(c.name()).filter(now ->
                            checkExpression(now.definition()).equals(checkExpression(c.definition()))).isPresent()) {
                        continue;
                    }
                    Optional<BreakingRow> row = breakingRow(after, t, checkExpression(c.definition()));
                    if (row.isEmpty()) {
                        continue;
                    }
                    try {
                        ScriptRunner.Tried tried = plan.tryRolledBack(walk.connection(), walk.session(), undo,
                                "SET CONSTRAINTS ALL IMMEDIATE;\n" + row.get().update() + ";\nSELECT 1");
                        ScriptRunner.Failure f = tried.tried() ? tried.failure() : null;
                        if (f == null || !"23514".equals(f.sqlState()) || !c.name().equals(f.constraint())) {
                            continue;
                        }
                        Optional<ShouldWorkOnRows.Relaxed> relaxed = relaxed(before, after, f);
                        ScriptRunner.Tried plain = plan.tryRolledBack(walk.connection(), walk.session(), undo, "SELECT 1");
                        if (relaxed.isEmpty() || !plain.tried() || plain.failure() != null) {
                            continue;
                        }
                        ShouldWorkOnRows.Held held = new ShouldWorkOnRows.Held(t.qualifiedName(), row.get().columns(), 1,
                                List.of(row.get().shown()), "set so by the walk before the undo of " + name + " (rolled back)");
                        return Optional.of(ShouldWorkOnRows.onRelaxedRow("[" + undo.fileName() + ", down]", name,
                                undo.fileName(), f, held, relaxed.get(), settings.seedRows()));
                    } catch (SessionEnded e) {
                        throw e; // the undo ended its own session: its verdict, not a trial's
                    } catch (RuntimeException e) {
                        // not tried: the undo's own run tells what it does
                    }
                }
            }
            return Optional.empty();
        }

        /**
         * A row set to break a check: the UPDATE that sets one row of its table so, the table's columns by name, and that
         * row as text in their order.
         */
        private record BreakingRow(String update, List<String> columns, String shown) {
        }

        /**
         * One row of {@code table} as it stands, some of the columns {@code check} (a check's expression) names given
         * other values, such that the expression is false and every check the table has is not: each column alone given
         * each value of its type tried ({@link #breakingValues}: an empty text, a negative number, a label of its enum,
         * NULL where it may hold NULL), then every such column at once given its first, second, ... value, then each column
         * given each value with the other nullable ones NULL. The first that does, in one query; empty where none does,
         * the table holds no row, or the expression cannot be read on it (a column it names gone).
         */
        private Optional<BreakingRow> breakingRow(SchemaSnapshot schema, Table table, String check) {
            String masked = SqlText.masked(check);
            Map<String, List<String>> values = new LinkedHashMap<>();
            for (Column col : table.columns()) {
                if (col.generated().isEmpty() && values.size() < 6 && RowSeeder.mention(col.name()).matcher(masked).find()) {
                    List<String> own = breakingValues(schema, col);
                    if (!own.isEmpty()) {
                        values.put(col.name(), own);
                    }
                }
            }
            if (values.isEmpty()) {
                return Optional.empty();
            }
            List<Map<String, String>> tries = new ArrayList<>();
            values.forEach((col, own) -> own.forEach(v -> tries.add(Map.of(col, v))));
            int widest = values.values().stream().mapToInt(List::size).max().orElse(0);
            for (int k = 0; k < widest && values.size() > 1; k++) {
                Map<String, String> all = new LinkedHashMap<>();
                for (Map.Entry<String, List<String>> e : values.entrySet()) {
                    all.put(e.getKey(), e.getValue().get(Math.min(k, e.getValue().size() - 1)));
                }
                tries.add(all);
            }
            List<String> nullable = values.keySet().stream().filter(col -> !table.column(col).orElseThrow().notNull()).toList();
            if (values.size() > 1 && !nullable.isEmpty()) {
                values.forEach((col, own) -> own.stream().filter(v -> !v.equals("NULL")).forEach(v -> {
                    Map<String, String> rest = new LinkedHashMap<>();
                    nullable.forEach(n -> rest.put(n, "NULL"));
                    rest.put(col, v);
                    tries.add(rest);
                }));
            }
            String target = TableRows.quote(table.qualifiedName());
            String row; // the row tried: the same one in every query and in the UPDATE
            try (Statement st = walk.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT '(' || tableoid"
                    + " || '::oid, ' || quote_literal(ctid) || '::tid)' FROM " + target + " LIMIT 1")) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                row = " WHERE (tableoid, ctid) = " + rs.getString(1);
            } catch (SQLException e) {
                return Optional.empty();
            }
            List<String> columns = table.columns().stream().map(Column::name).sorted().toList();
            String holds = table.constraints().stream().filter(k -> k.type() == ConstraintType.CHECK)
                    .map(k -> " AND (" + checkExpression(k.definition()) + ") IS NOT FALSE").collect(Collectors.joining());
            List<String> arms = new ArrayList<>();
            for (int k = 0; k < tries.size(); k++) {
                Map<String, String> set = tries.get(k);
                arms.add("SELECT " + k + " AS k, ROW(" + columns.stream().map(TableRows::quoteIdent).collect(Collectors.joining(
                        ", ")) + ")::text AS r, (" + check + ") IS FALSE" + holds + " AS b FROM (SELECT " + table.columns().stream()
                        .map(col -> set.containsKey(col.name()) ? "(" + set.get(col.name()) + ")::" + col.type() + " AS "
                                + TableRows.quoteIdent(col.name()) : TableRows.quoteIdent(col.name()))
                        .collect(Collectors.joining(", ")) + " FROM " + target + row + ") AS c");
            }
            // all at once; where one try cannot be read (a value its type refuses, a division by it), each on its own
            Optional<String[]> found = firstBreaking(List.of(String.join("\nUNION ALL ", arms)));
            if (found == null) {
                found = firstBreaking(arms);
            }
            return found == null ? Optional.empty() : found.map(f -> {
                Map<String, String> set = tries.get(Integer.parseInt(f[0]));
                String update = "UPDATE " + target + " SET " + set.entrySet().stream().map(e -> TableRows.quoteIdent(e.getKey())
                        + " = (" + e.getValue() + ")::" + table.column(e.getKey()).orElseThrow().type())
                        .collect(Collectors.joining(", ")) + row;
                return new BreakingRow(update, columns, f[1]);
            });
        }

        /**
         * The first try of {@code queries} (each of one or more {@code SELECT k, r, b} arms) whose row breaks the check:
         * its number and the row as text; empty where none does; null where a query could not be read.
         */
        private Optional<String[]> firstBreaking(List<String> queries) {
            boolean failed = false;
            for (String q : queries) {
                try (Statement st = walk.connection().createStatement(); ResultSet rs = reader.sessionStart().afterPin(st,
                        "SELECT k, r FROM (" + q + ") AS tries WHERE b ORDER BY k LIMIT 1")) {
                    if (rs.next()) {
                        return Optional.of(new String[] {Integer.toString(rs.getInt(1)), rs.getString(2)});
                    }
                } catch (SQLException e) {
                    failed = true;
                }
            }
            return failed && queries.size() == 1 ? null : Optional.empty();
        }

        /**
         * Values of a column's type that a check may refuse and the type holds ({@code ''}, {@code -1}, a date long past,
         * each label of its enum, ...), and NULL where the column may hold NULL; none for a type not known here.
         */
        private static List<String> breakingValues(SchemaSnapshot schema, Column col) {
            String type = col.type();
            List<String> out = new ArrayList<>();
            if (type.endsWith("[]")) {
                out.add("'{}'");
            } else {
                String base = type.replaceAll("\\(.*\\)", "").strip();
                switch (base) {
                    case "text", "character varying", "character", "citext", "name" -> out.addAll(List.of("''", "'s'", "' '",
                            "'S'", "'-'", "'0'"));
                    case "smallint" -> out.addAll(List.of("0", "-1", "1", "-30000", "30000"));
                    case "integer", "bigint", "real", "double precision" -> out.addAll(List.of("0", "-1", "1", "-1000000",
                            "1000000"));
                    case "numeric" -> out.addAll(type.contains("(") ? List.of("0", "-1", "1") : List.of("0", "-1", "1",
                            "-1000000", "1000000"));
                    case "boolean" -> out.addAll(List.of("true", "false"));
                    case "date", "timestamp without time zone", "timestamp with time zone" -> out.addAll(List.of(
                            "'1970-01-01'", "'2999-01-01'"));
                    case "jsonb", "json" -> out.addAll(List.of("'{}'", "'[]'", "'null'", "'\"s\"'", "'1'"));
                    case "uuid" -> out.add("'00000000-0000-0000-0000-000000000000'");
                    default -> RowSeeder.enumOf(schema, base).ifPresent(e -> e.labels().stream().limit(12)
                            .forEach(l -> out.add(TableRows.literal(l))));
                }
            }
            if (!col.notNull()) {
                out.add("NULL");
            }
            return out;
        }

        /**
         * The column the undo's statement that refused the value (or the one inside its DO block that ran) changes the
         * type of, where the revision adds it: the very column that holds the value, or one generated from it (an undo
         * that narrows a column its revision adds, which it drops after); empty where the statement converts the value
         * into another column.
         */
        private static Optional<String> narrowedBy(ScriptRunner.Failure f, ShouldWorkOnRows.Widened w, SchemaSnapshot before,
                SchemaSnapshot after) {
            Optional<Table> table = after.table(w.table());
            Optional<Table> was = before.table(w.table());
            // as the catalog writes the expression: the name bare where it needs no quotes, else quoted; literals out
            java.util.regex.Pattern mention = java.util.regex.Pattern.compile("\"" + java.util.regex.Pattern.quote(
                    w.column().replace("\"", "\"\"")) + "\"" + (w.column().matches("[a-z_][a-z0-9_$]*") ? "|(?<![\\w$\"])"
                    + java.util.regex.Pattern.quote(w.column()) + "(?![\\w$\"])" : ""));
            Stream<String> generatedFrom = table.stream().flatMap(t -> t.columns().stream()).filter(c -> !c.generated()
                    .isEmpty() && mention.matcher(SqlText.masked(c.generated())).find()
                    && was.flatMap(t -> t.column(c.name())).isEmpty()).map(Column::name);
            return Stream.concat(Stream.of(w.column()), generatedFrom).filter(c -> changesType(f, w.table(), c)).findFirst();
        }

        /** Whether the undo's statement that failed ({@code f}) changes the type of {@code column} of {@code table}. */
        private static boolean changesType(ScriptRunner.Failure f, String table, String column) {
            String name = table.substring(table.indexOf('.') + 1);
            java.util.regex.Pattern alter = java.util.regex.Pattern.compile("(?is)\\bALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?"
                    + "(?:ONLY\\s+)?(?:[^\\s;]+\\.)?\"?" + java.util.regex.Pattern.quote(name) + "\"?\\s[^;]*?\\bALTER\\s+"
                    + "(?:COLUMN\\s+)?\"?" + java.util.regex.Pattern.quote(column) + "\"?\\s+(?:SET\\s+DATA\\s+)?TYPE\\b");
            return alter.matcher(f.problem()).find() || f.statement() != null && alter.matcher(f.statement().sql()).find();
        }

        /**
         * The undo {@code undo} of revision {@code v}, and {@code v} applied again, tried on a value written after the
         * revision in a column whose type it changes (renamed too, where its text says so), of a table with a primary key
         * ({@code before}, {@code after}: the schema around it): production's rows written after it hold values of the new
         * type, and an undo whose conversion back the revision's does not invert changes them on a rollback and a
         * deployment again (lemmy's V25 makes an avatar bytea text; its undo casts the text to bytea, and V25 again writes
         * those bytes as hex), where the walk's rows, written before the revision in the old type, come back as they
         * were. One row given a value of the new type, both scripts run, all rolled back; the failure names each column
         * whose value then reads otherwise, else empty (no such column or row, scripts that cannot be tried so or fail:
         * their own runs tell).
         */
        private Optional<Failure> convertedBackOtherwise(MigrationFile v, MigrationFile undo, SchemaSnapshot before,
                SchemaSnapshot after, Set<String> madeAnew, String name) {
            if (v.isJava() || undo.isJava()) {
                return Optional.empty();
            }
            Map<String, Table> wereByName = tablesByName(before);
            RowSeeder seeder = null;
            String revision = null; // its text masked, read where a column changed (most revisions change none)
            List<ShouldKeepRows.Converted> changed = new ArrayList<>();
            for (Table t : after.tables()) {
                Table was = wereByName.get(t.qualifiedName());
                Optional<Index> primary = t.indexes().stream().filter(Index::primary).findFirst();
                // a table made anew under the name (the one before set aside) holds after the undo and the revision again
                // what the revision copies in, not the row the trial wrote: the undo's note tells of those rows
                if (was == null || primary.isEmpty() || !t.partitionOf().isEmpty() || !t.inherits().isEmpty()
                        || madeAnew.contains(t.qualifiedName())) {
                    continue;
                }
                Set<String> key = columnsIn(t, primary.get().keys());
                if (key.isEmpty() || key.stream().anyMatch(k -> was.column(k).map(x -> !x.type().equals(t.column(k)
                        .orElseThrow().type())).orElse(true))) {
                    continue; // a key of columns the revision keeps as they were tells the row after both scripts
                }
                for (Column c : t.columns()) {
                    Optional<Column> same = was.column(c.name());
                    if (same.isPresent() && same.get().type().equals(c.type()) || key.contains(c.name())
                            || !c.generated().isEmpty() || c.identity() != Identity.NONE || freshByDefault(c)) {
                        continue;
                    }
                    // the column of that name before it, unless the revision adds another under the name (the one before
                    // renamed away), or the one it renames to that name
                    revision = revision != null ? revision : SqlText.masked(text(v));
                    String masked = revision;
                    Optional<Column> old = same.filter(x -> !addsColumn(masked, c.name()))
                            .or(() -> renamedTo(masked, was, t, c));
                    // a column the revision writes (a backfill in the new format, a conversion of its own beside the
                    // type's) gives a value written after it that revision's change again: not the undo's doing
                    if (old.isEmpty() || old.get().type().equals(c.type()) || setsColumn(masked, c.name())) {
                        continue;
                    }
                    seeder = seeder != null ? seeder : new RowSeeder(after);
                    // a value of the new type that the old one takes too (its text read as bytes: lemmy's avatar); one the
                    // old type cannot hold is the wider trial's, and one of the old type's, the walk's rows' own
                    String oldType = old.get().type();
                    Optional<String> value = trialValue(seeder, c).filter(x -> cast(x, oldType).isEmpty());
                    if (value.isEmpty()) {
                        continue;
                    }
                    convertedOtherwise(v, undo, t, c, key, value.get()).ifPresent(read -> changed.add(new ShouldKeepRows
                            .Converted(t.qualifiedName() + "." + c.name(), old.get().type(), c.type(), value.get(), read)));
                }
            }
            return changed.isEmpty() ? Optional.empty()
                    : Optional.of(ShouldKeepRows.convertedOtherwise(name, undo.fileName(), changed));
        }

        /**
         * A value of column {@code c}'s type for the trial of values converted back: one that conversions which are each
         * other's inverse keep, an array of one element (not an empty one, which {@code c[1]} and {@code ARRAY[c]} make
         * {NULL}), a document that is a string (which both {@code ::jsonb} and {@code to_jsonb()} give back through text),
         * else the seeder's.
         */
        private static Optional<String> trialValue(RowSeeder seeder, Column c) {
            String type = c.type();
            if (type.endsWith("[]")) {
                return seeder.value(type.substring(0, type.length() - 2)).map(e -> "ARRAY[" + e + "]::" + type);
            }
            if (type.equals("jsonb") || type.equals("json")) {
                return Optional.of("'\"s\"'");
            }
            return seeder.value(c);
        }

        /** Whether the revision's text ({@code revision}, masked) sets a column of that name in an UPDATE. */
        private static boolean setsColumn(String revision, String column) {
            return java.util.regex.Pattern.compile("(?is)\\bUPDATE\\b[^;]*?\\bSET\\b[^;]*?(?<![\\w$.\"])\"?"
                    + java.util.regex.Pattern.quote(column) + "\"?\\s*=(?!=)").matcher(revision).find();
        }

        /**
         * The column of {@code was} that the revision's text ({@code revision}, masked) renames to {@code c}'s name,
         * where {@code was} has no column of that name and {@code t} (the table after it) none of the old one's.
         */
        private static Optional<Column> renamedTo(String revision, Table was, Table t, Column c) {
            for (Column x : was.columns()) {
                if (t.column(x.name()).isEmpty() && java.util.regex.Pattern.compile("(?i)\\bRENAME\\s+(?:COLUMN\\s+)?\"?"
                        + java.util.regex.Pattern.quote(x.name()) + "\"?\\s+TO\\s+\"?" + java.util.regex.Pattern.quote(c.name())
                        + "\"?(?![\\w$])").matcher(revision).find()) {
                    return Optional.of(x);
                }
            }
            return Optional.empty();
        }

        /**
         * What the column {@code c} of {@code t} reads (its text, {@code NULL}) after {@code undo} and {@code v} again,
         * in a row (found by its key, {@code key}) given {@code value} right before, all rolled back; empty where it
         * reads as the value (by the type's equality), or where it could not be tried.
         */
        private Optional<String> convertedOtherwise(MigrationFile v, MigrationFile undo, Table t, Column c, Set<String> key,
                String value) {
            String table = TableRows.quote(t.qualifiedName());
            String column = TableRows.quoteIdent(c.name());
            String row = "row(" + String.join(", ", key.stream().sorted().map(TableRows::quoteIdent).toList()) + ")::text";
            String written = "(" + value + ")::" + c.type();
            Map<String, String> sequences = sequencePositions();
            try {
                ScriptRunner.Tried tried = plan.tryRolledBack(walk.connection(), walk.session(), List.of(undo, v), "SELECT"
                        + " set_config('schemaverify.row', (SELECT " + row + " FROM " + table + " LIMIT 1), true);\nUPDATE "
                        + table + " SET " + column + " = " + written + " WHERE " + row + " = current_setting('schemaverify.row')",
                        "SELECT (SELECT CASE WHEN " + column + " IS NOT DISTINCT FROM " + written + " THEN '' ELSE coalesce("
                        + column + "::text, 'NULL') END FROM " + table + " WHERE " + row + " = current_setting('schemaverify.row'))");
                if (!tried.tried() || tried.failure() != null || tried.checked() == null || tried.checked().isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(tried.checked());
            } catch (RuntimeException e) {
                return Optional.empty(); // not tried: the scripts' own runs tell what they do
            } finally {
                setBack(sequences);
            }
        }

        /**
         * The undo {@code undo} of revision {@code name} tried on two rows that agree on a key the revision lets rows share
         * where it was unique before ({@code before}, {@code after}: the schema around it): a unique constraint, primary
         * key or unique index (without a predicate) that it drops, or changes so that no unique index after it covers
         * the key (more columns, a predicate). Rows written after the revision in production may agree on it, and an undo
         * that makes it unique again without removing or merging them fails on them. One row of the table copied with
         * the key's values ({@link #duplicate}), with the undo, in a transaction rolled back; the failure where the undo
         * refuses the copy ({@code 23505} on that table), else empty (no such key, no row, a copy that cannot be written,
         * an undo that cannot be tried so or that fails without the copy too: its own run tells; the sequences the copy
         * drew from set back). Not tried: a partition's or an inheriting table's keys, a key whose columns the revision
         * drops, a key with a column that a sequence, an identity or a random uuid default gives values.
         */
        private Optional<Failure> undoOnDuplicates(MigrationFile undo, SchemaSnapshot before, SchemaSnapshot after,
                String name) {
            Map<String, Table> wereByName = tablesByName(before);
            for (Table t : after.tables()) {
                Table was = wereByName.get(t.qualifiedName());
                if (was == null || !t.partitionOf().isEmpty() || !t.inherits().isEmpty()) {
                    continue;
                }
                List<Index> unique = t.indexes().stream().filter(x -> x.unique() && x.valid()).toList();
                // the keys the revision lets rows share: unique before (without a predicate), covered by no unique index
                // after it, with their columns all still there and none a sequence or a uuid default gives values (those
                // stay unique as rows are written: a primary key moved to another column leaves its serial as it was)
                Map<Index, Set<String>> shared = new java.util.LinkedHashMap<>(); // each with its columns
                for (Index key : was.indexes()) {
                    Set<String> columns = columnsIn(was, key.keys());
                    if (key.unique() && key.valid() && key.predicate().isEmpty() && unique.stream().noneMatch(u
                            -> u.predicate().isEmpty() && key.keys().containsAll(u.keys())) && columns.stream().allMatch(c
                            -> t.column(c).isPresent()) && columns.stream().noneMatch(c -> freshByDefault(t.column(c).orElseThrow()))) {
                        shared.put(key, columns);
                    }
                }
                for (Map.Entry<Index, Set<String>> entry : shared.entrySet()) {
                    Index key = entry.getKey();
                    // the copy agrees with its row on this key alone: the other keys shared get new values too, so the
                    // undo's refusal names this one
                    List<Set<String>> others = shared.entrySet().stream().filter(o -> o.getKey() != key).map(Map.Entry::getValue)
                            .toList();
                    Optional<Copy> copy = duplicate(t, entry.getValue(), unique, others, after);
                    if (copy.isEmpty()) {
                        continue;
                    }
                    Refusal trial;
                    try {
                        trial = refusedOnKey(undo, t, copy.get().sql());
                    } catch (RuntimeException e) {
                        return Optional.empty(); // not tried: the undo's own run tells what it does
                    }
                    if (!trial.told()) {
                        return Optional.empty();
                    }
                    ScriptRunner.Failure f = trial.failure();
                    if (f == null) {
                        continue;
                    }
                    // the key the undo refused, where its error names another one the copy shares too (the copy could
                    // not share that one alone: a column of this key, which it keeps, is one of that key's)
                    // (by its name, or where the undo makes it under another, by the key its error shows)
                    Optional<String> shown = Optional.of(DUPLICATED.matcher(f.serverMessage())).filter(Matcher::find)
                            .map(m -> m.group(1));
                    Index refused = shared.keySet().stream().filter(k -> k.name().equals(f.constraint())).findFirst()
                            .or(() -> shared.keySet().stream().filter(k -> shown.equals(Optional.of(String.join(", ", k.keys()))))
                                    .findFirst())
                            .orElse(key);
                    String what = uniqueKey(was, refused);
                    boolean dropped = t.indexes().stream().noneMatch(x -> x.name().equals(refused.name()));
                    return Optional.of(ShouldWorkOnRows.onDuplicates("[" + undo.fileName() + ", down]", name, undo.fileName(), f,
                            new ShouldWorkOnRows.Shared(t.qualifiedName(), refused.keys(), t.columns().stream()
                                    .map(Column::name).collect(Collectors.toSet()), what, dropped, refused.nullsNotDistinct(),
                                    copy.get().parents())));
                }
            }
            return Optional.empty();
        }

        /**
         * What an undo does with rows that may share a unique key with those of the table before them: {@code told} false
         * where nothing can be told (it fails without them too: its own run tells), else the unique violation on the
         * table where it refuses them, or null where it takes them.
         */
        private record Refusal(boolean told, ScriptRunner.Failure failure) {
        }

        /**
         * The undo {@code undo} tried on {@code table} as {@code rows} (SQL that writes rows there) leaves it, rolled back
         * and the sequences the rows drew from set back; see {@link Refusal}. A failure of the trial itself is thrown.
         */
        private Refusal refusedOnKey(MigrationFile undo, Table table, String rows) {
            Map<String, String> sequences = sequencePositions();
            try {
                ScriptRunner.Failure f = plan.tryRolledBack(walk.connection(), walk.session(), undo, "SET CONSTRAINTS ALL"
                        + " IMMEDIATE;\n" + rows).failure();
                if (f == null || !"23505".equals(f.sqlState()) || !f.table().isEmpty() && !f.table().equals(table.qualifiedName())) {
                    return new Refusal(true, null);
                }
                ScriptRunner.Tried plain = plan.tryRolledBack(walk.connection(), walk.session(), undo, "SELECT 1");
                return new Refusal(plain.tried() && plain.failure() == null, f);
            } finally {
                setBackIfOpen(sequences);
            }
        }

        /**
         * A column of a table the revision did not create whose rows get a value of their own from its default (a
         * function's: {@code generate_unique_changeme()}, a random text; a sequence's), where a unique index without a
         * predicate reads it, and the revision sets one of the two (the default, the index); with the copy of one row as
         * a row written after the revision holds it ({@link #duplicate}: that default for the column, their default for
         * the columns a sequence, an identity or a random uuid fills, new values for its other unique columns) and the
         * index.
         */
        private record DefaultCopy(Table table, Column column, Index key, Copy copy) {
        }

        /**
         * The columns of {@code after}'s tables whose rows get values of their own from their default, where a unique
         * index reads them and the revision sets the default or the index ({@code before}: the schema before it), each
         * with a copy of one row given that default; see {@link DefaultCopy}. Not: a partition's or an inheriting table's,
         * a table the revision creates (its rows all come after it, as the walk's do).
         */
        private static List<DefaultCopy> defaultCopies(SchemaSnapshot before, SchemaSnapshot after) {
            Map<String, Table> wereByName = tablesByName(before);
            List<DefaultCopy> found = new ArrayList<>();
            for (Table t : after.tables()) {
                Table was = wereByName.get(t.qualifiedName());
                if (was == null || !t.partitionOf().isEmpty() || !t.inherits().isEmpty()) {
                    continue;
                }
                List<Index> unique = null;
                List<Index> newKeys = null; // the unique indexes the revision makes
                for (Column c : t.columns()) {
                    // (the cheap tests first: a walk asks at every revision, of every column)
                    boolean sameDefault = was.column(c.name()).filter(x -> x.defaultValue().equals(c.defaultValue())).isPresent();
                    if (sameDefault && newKeys != null && newKeys.isEmpty() || !valuedByDefault(c)) {
                        continue;
                    }
                    unique = unique != null ? unique : t.indexes().stream().filter(x -> x.unique() && x.valid()).toList();
                    newKeys = newKeys != null ? newKeys : unique.stream().filter(u -> was.indexes().stream().noneMatch(x
                            -> x.name().equals(u.name()) && x.unique() && x.keys().equals(u.keys()))).toList();
                    List<Index> keys = sameDefault ? newKeys : unique;
                    Optional<Index> key = keys.stream().filter(u -> u.predicate().isEmpty()
                            && columnsIn(t, u.keys()).contains(c.name())).findFirst();
                    if (key.isEmpty()) {
                        continue;
                    }
                    // the columns a sequence, an identity or a random uuid fills take their default, as in a row written
                    // after the revision: a primary key it moves to a uuid leaves the serial's values unique, and an undo
                    // that moves it back is not refused by a copied id
                    List<Set<String>> filled = new ArrayList<>(List.of(Set.of(c.name())));
                    t.columns().stream().filter(x -> !x.name().equals(c.name()) && freshByDefault(x))
                            .forEach(x -> filled.add(Set.of(x.name())));
                    Optional<Copy> copy = duplicate(t, Set.of(), unique, filled, after, Map.of(c.name(), c.defaultValue()));
                    copy.ifPresent(x -> found.add(new DefaultCopy(t, c, key.get(), x)));
                }
            }
            return found;
        }

        /**
         * Whether each row written gets the value of a call in a column's default ({@code generate_unique_changeme()},
         * {@code nextval('t_id_seq')}, {@code gen_random_uuid()}), on a column that is not generated: a default that gives
         * every row the same value cannot be tried, as the copy holding it is refused by the unique index.
         */
        private static boolean valuedByDefault(Column c) {
            return c.defaultValue().indexOf('(') >= 0 && c.generated().isEmpty() && SqlText.masked(c.defaultValue()).contains("(");
        }

        /**
         * The undo {@code undo} of revision {@code name} tried on two rows that hold values their default gave them, each
         * its own, in a column a unique key reads, where the revision sets the default or the key ({@link #defaultCopies}):
         * an undo that gives such values one value while the key still reads them refuses production's rows (lemmy's U47),
         * where the walk's one row passes. One row copied twice as a row written after the revision holds it, the undo
         * run, rolled back (the sequences the copies drew from set back); the failure where the undo refuses the copies on
         * a unique key that reads the column, else empty (no such column, copies that cannot be written, an undo that
         * cannot be tried so or that fails without them too: its own run tells).
         */
        private Optional<Failure> undoOnDefaultValues(MigrationFile undo, SchemaSnapshot before, SchemaSnapshot after,
                String name) {
            if (undo.isJava()) {
                return Optional.empty();
            }
            for (DefaultCopy d : defaultCopies(before, after)) {
                Table t = d.table();
                String column = d.column().name();
                Refusal trial;
                try {
                    // two copies: the walk's own row need not hold a value the default gave (a column added without one)
                    trial = refusedOnKey(undo, t, d.copy().sql() + ";\n" + d.copy().sql());
                } catch (SessionEnded e) {
                    throw e;
                } catch (RuntimeException e) {
                    return Optional.empty(); // not tried: the undo's own run tells what it does
                }
                if (!trial.told()) {
                    return Optional.empty();
                }
                ScriptRunner.Failure f = trial.failure();
                if (f == null) {
                    continue;
                }
                // the key it refused must read the column, as its error shows it and by its name where the schema after
                // the revision has one of that name: else the copies share another key (not the default's doing)
                Optional<String> shown = Optional.of(DUPLICATED.matcher(f.serverMessage())).filter(Matcher::find)
                        .map(m -> m.group(1));
                Optional<Index> named = t.indexes().stream().filter(x -> x.name().equals(f.constraint())).findFirst();
                if (shown.isEmpty() || !columnsIn(t, List.of(shown.get())).contains(column)
                        || named.isPresent() && !columnsIn(t, named.get().keys()).contains(column)) {
                    continue;
                }
                Index refused = named.orElse(d.key());
                String key = named.isPresent() || f.constraint().isEmpty() ? uniqueKey(t, refused) : "the unique index " + f.constraint();
                boolean added = tablesByName(before).get(t.qualifiedName()).indexes().stream().noneMatch(x
                        -> x.name().equals(refused.name()) && x.unique() && x.keys().equals(refused.keys()));
                return Optional.of(ShouldWorkOnRows.onDefaultValues("[" + undo.fileName() + ", down]", name, undo.fileName(), f,
                        new ShouldWorkOnRows.ByDefault(t.qualifiedName(), column, d.column().defaultValue(), key,
                                added && named.isPresent(), d.copy().parents())));
            }
            return Optional.empty();
        }

        /**
         * The revision {@code v} tried with its undo on two rows that agree on a key it makes unique where nothing kept
         * it unique before ({@code before}, {@code after}: the schema around it), where it deletes rows: a revision that
         * deletes such rows to make the key unique (keeping one of each) loses the others, and an undo that drops the
         * key does not give them back, as production's rows that agree on it are gone after the undo. One row of the
         * table copied with the key's values before it ({@link #duplicate}), the revision and the undo run, all rolled
         * back (the sequences the trial drew from set back too); the failure where the table then holds fewer rows than
         * with the copy, and does not with a copy that differs from it in the key alone (so that the revision deletes
         * it for sharing the key, not for a value the copy got: a soft delete's flag, a time), else empty (no such key,
         * no row, a revision that refuses the copy or an undo that fails on it: production's rows need not agree on the
         * key, and the undo's own run tells what it does). Not tried: a revision whose text deletes no rows, a
         * partition's or an inheriting table's keys, a key with a column the revision adds, or one that a sequence, an
         * identity or a random uuid default gives values, or none of whose columns can take a new value outside a
         * foreign key.
         */
        private Optional<Failure> removedDuplicates(MigrationFile v, MigrationFile undo, SchemaSnapshot before,
                SchemaSnapshot after, String name) {
            if (!DELETES.matcher(SqlText.masked(text(v))).find()) {
                return Optional.empty();
            }
            Map<String, Table> wereByName = tablesByName(before);
            List<Failure> found = new ArrayList<>(); // a key per table, each table told (lemmy's V47 deletes users and
                                                     // communities; the second was not told)
            // the tables it deletes from where it makes a key unique, and the walk could not try so (Plume's V42 deletes
            // duplicates from 13 tables, 7 of them with keys of foreign keys alone or deleted on any of several keys)
            Set<String> untried = new java.util.TreeSet<>();
            String revision = text(v);
            tables:
            for (Table t : after.tables()) {
                Table was = wereByName.get(t.qualifiedName());
                if (was == null || !t.partitionOf().isEmpty() || !t.inherits().isEmpty()) {
                    continue;
                }
                List<Index> uniqueBefore = was.indexes().stream().filter(x -> x.unique() && x.valid()).toList();
                Set<String> referencing = new HashSet<>();
                was.constraints().stream().filter(c -> c.type() == ConstraintType.FOREIGN_KEY).forEach(c -> referencing.addAll(c.columns()));
                for (Index key : t.indexes()) {
                    Set<String> columns = columnsIn(was, key.keys());
                    // a key unique now, of columns there before (duplicate() finds whether a unique index then kept it so)
                    if (!key.unique() || !key.valid() || !key.predicate().isEmpty() || columns.isEmpty()
                            || !columnsIn(t, key.keys()).equals(columns)
                            || columns.stream().anyMatch(c -> freshByDefault(was.column(c).orElseThrow()))) {
                        continue;
                    }
                    // the control's copy: a column of the key that can take a new value (not one a foreign key checks)
                    Optional<String> other = columns.stream().filter(c -> !referencing.contains(c) && otherValue(
                            was.column(c).orElseThrow(), "x", "x").isPresent()).sorted().findFirst();
                    // the copy: the row with the key's values, or where the key folds letter case (lower(name)), with
                    // its text in other case, as production's 'Bob' and 'bob' (lemmy's V33 deletes one of them)
                    List<String> copies = new ArrayList<>();
                    duplicate(was, columns, uniqueBefore, List.of(), before).map(Copy::sql).ifPresent(copies::add);
                    caseFolded(was, key.keys()).flatMap(folded -> duplicate(was, columns, uniqueBefore, List.of(), before,
                            folded)).map(Copy::sql).ifPresent(copies::add);
                    Optional<String> control = other.flatMap(c -> duplicate(was, columns.stream().filter(x -> !x.equals(c))
                            .collect(Collectors.toSet()), uniqueBefore, List.of(Set.of(c)), before)).map(Copy::sql);
                    // a key nothing kept unique before, of a table the revision deletes from
                    boolean newlyUnique = deletesFrom(revision, t.qualifiedName()) && uniqueBefore.stream().noneMatch(u
                            -> u.predicate().isEmpty() && columns.containsAll(columnsIn(was, u.keys())));
                    if (copies.isEmpty() || control.isEmpty()) {
                        if (newlyUnique) {
                            untried.add(t.qualifiedName());
                        }
                        continue;
                    }
                    String table = TableRows.quote(t.qualifiedName());
                    long lost = 0;
                    try {
                        for (String copy : copies) {
                            lost = rowsLost(List.of(v, undo), table, copy);
                            if (lost > 0) {
                                break;
                            }
                        }
                        if (lost <= 0) {
                            continue;
                        }
                        if (rowsLost(List.of(v, undo), table, control.get()) != 0) {
                            if (newlyUnique) {
                                untried.add(t.qualifiedName()); // it deletes the control too: not by the key alone
                            }
                            continue;
                        }
                    } catch (RuntimeException e) {
                        break tables; // not tried: the revision's and the undo's own runs tell what they do
                    }
                    found.add(ShouldKeepRows.removedDuplicates(name, v.fileName(), undo.fileName(), t.qualifiedName(),
                            key.keys(), uniqueKey(t, key), lost));
                    untried.remove(t.qualifiedName());
                    continue tables;
                }
            }
            Optional<Failure> told = found.stream().reduce(Failure::besides);
            return untried.isEmpty() ? told : told.map(f -> new Failure(f.cause(), f.message() + "\n" + name + " also deletes"
                    + " from " + String.join(", ", untried) + ", where it makes a key unique, and the walk could not try it so"
                    + " there (a key of foreign keys alone, or rows deleted otherwise than by the key): their rows may be gone"
                    + " the same way."));
        }

        /**
         * The undo {@code undo} of revision {@code name} tried on rows that hold another value than its default in a column
         * the revision adds with a constant default ({@code before}, {@code after}: the schema around it), where the undo
         * deletes rows of that table: production's rows written after the revision hold the values the column was added
         * for, and an undo that deletes the rows the schema before it cannot tell apart ({@code DELETE FROM api_keys WHERE
         * scope != 'all'}) deletes them, where the walk's rows, holding the default, keep out of its way. The rows holding
         * the default given another value ({@link RowSeeder#replaceDefault}), the undo run, all rolled back; a note where
         * the table then holds fewer rows than after the same undo without the change, else empty. A note, not a failure:
         * an undo may mean to delete them (a revoked key, a soft-deleted row, a key of a scope the schema before cannot
         * restrict), and a reviewer is to know that production's rows go.
         */
        private Optional<String> deletedByNewValue(MigrationFile undo, SchemaSnapshot before, SchemaSnapshot after,
                String name) {
            RowSeeder seeder = new RowSeeder(after);
            return deletedMoreBy(undo, before, after, (was, t, c) -> was.column(c.name()).isPresent() || !c.generated().isEmpty()
                    || c.identity() != Identity.NONE || constantDefault(c).isEmpty() ? Optional.empty()
                    : seeder.replaceDefault(t, c), (t, c, lost) -> undo.fileName() + " deletes the rows of " + t.qualifiedName()
                    + " that hold another value than its default (" + c.defaultValue() + ") in " + t.qualifiedName() + "."
                    + c.name() + ", a column " + name + " adds: tried on the walk's rows given another value there, rolled back,"
                    + " it deleted " + lost + (lost == 1 ? " row" : " rows") + " more than without it. Production's rows written"
                    + " since " + name + " with such values are gone after the undo; where that is not meant, make "
                    + undo.fileName() + " keep them, or mark " + name + " irreversible");
        }

        /**
         * The undo {@code undo} of revision {@code name} tried on a row that holds NULL in a column the revision lets hold
         * NULL where it was NOT NULL before ({@code before}, {@code after}: the schema around it), where the undo deletes
         * rows of that table: production's rows written after the revision may hold NULL there, and an undo that deletes
         * them ({@code DELETE FROM oauth2_access_token_session WHERE subject IS NULL}, authelia's U10) loses them on a
         * rollback, where the walk's rows, all filled, keep out of its way. One row set so, the undo run, all rolled back;
         * a note where the table then holds fewer rows than after the same undo without it, else empty. A note, not a
         * failure, as for {@link #deletedByNewValue}: the undo may mean to.
         */
        private Optional<String> deletedByNull(MigrationFile undo, SchemaSnapshot before, SchemaSnapshot after, String name) {
            return deletedMoreBy(undo, before, after, (was, t, c) -> c.notNull() || !c.generated().isEmpty()
                    || !was.column(c.name()).map(Column::notNull).orElse(false) ? Optional.empty()
                    : Optional.of("UPDATE " + TableRows.quote(t.qualifiedName()) + " SET " + TableRows.quoteIdent(c.name())
                            + " = NULL" + oneRowOf(t.qualifiedName())), (t, c, lost) -> undo.fileName() + " deletes the rows of "
                    + t.qualifiedName() + " that hold NULL in " + t.qualifiedName() + "." + c.name() + ", which " + name
                    + " lets hold NULL: tried on a row of the walk's set so, rolled back, it deleted " + lost + (lost == 1
                    ? " row" : " rows") + " more than without it. Production's rows written since " + name + " with NULL there"
                    + " are gone after the undo; where that is not meant, make " + undo.fileName() + " give them a value"
                    + " instead, or mark " + name + " irreversible");
        }

        /** The change of rows a trial of the undo makes in a column of a table ({@code was}: the table before the revision). */
        private interface RowChange {
            /** An UPDATE of rows of {@code t}, or empty where {@code c} is not one to try. */
            Optional<String> of(Table was, Table t, Column c);
        }

        /** The note on a column where the undo deleted {@code lost} rows more after the change. */
        private interface DeletedNote {
            String of(Table t, Column c, long lost);
        }

        /**
         * The note on the first column, of the tables that were there before the revision (no partition, none that
         * inherits) and whose rows the undo deletes by name ({@code DELETE FROM}), where the rows {@code change} gives the
         * column make the undo delete more rows than without it ({@link #deletedMore}); empty where none does, for a Java
         * undo or one without a {@code DELETE}, or where the undo could not be tried so (its own run tells what it does).
         */
        private Optional<String> deletedMoreBy(MigrationFile undo, SchemaSnapshot before, SchemaSnapshot after,
                RowChange change, DeletedNote note) {
            if (undo.isJava() || !DELETES.matcher(SqlText.masked(text(undo))).find()) {
                return Optional.empty();
            }
            Map<String, Table> wereByName = tablesByName(before);
            for (Table t : after.tables()) {
                Table was = wereByName.get(t.qualifiedName());
                if (was == null || !t.partitionOf().isEmpty() || !t.inherits().isEmpty()
                        || !deletesFrom(text(undo), t.qualifiedName())) {
                    continue;
                }
                for (Column c : t.columns()) {
                    Optional<String> rows = change.of(was, t, c);
                    if (rows.isEmpty()) {
                        continue;
                    }
                    long lost;
                    try {
                        lost = deletedMore(undo, TableRows.quote(t.qualifiedName()), rows.get());
                    } catch (SessionEnded e) {
                        throw e;
                    } catch (RuntimeException e) {
                        return Optional.empty();
                    }
                    if (lost > 0) {
                        return Optional.of(note.of(t, c, lost));
                    }
                }
            }
            return Optional.empty();
        }

        /**
         * How many more rows of {@code table} (quoted) the undo deletes where {@code change} (an UPDATE) ran before it
         * than where it did not ({@link #rowsLost}, both rolled back); 0 for none, or where it could not be tried so.
         */
        private long deletedMore(MigrationFile undo, String table, String change) {
            long lost = rowsLost(List.of(undo), table, change);
            long anyway = lost > 0 ? rowsLost(List.of(undo), table, "SELECT 1") : -1;
            return anyway < 0 || lost <= anyway ? 0 : lost - anyway;
        }

        /**
         * How many rows of {@code table} (quoted) the scripts (a revision and its undo, or an undo) lose where {@code copy}
         * (an INSERT, an UPDATE) ran before them, all rolled back and the sequences drawn from set back; -1 where they
         * could not be tried so or one of them failed.
         */
        private long rowsLost(List<MigrationFile> scripts, String table, String copy) {
            Map<String, String> sequences = sequencePositions();
            try {
                ScriptRunner.Tried tried = plan.tryRolledBack(walk.connection(), walk.session(), scripts, "SET"
                        + " CONSTRAINTS ALL IMMEDIATE;\n" + copy + ";\nSELECT set_config('schemaverify.rows', (SELECT count(*)"
                        + " FROM " + table + ")::text, true)", "SELECT current_setting('schemaverify.rows')::bigint - (SELECT"
                        + " count(*) FROM " + table + ")");
                return !tried.tried() || tried.failure() != null || tried.checked() == null ? -1 : Long.parseLong(tried.checked());
            } finally {
                setBackIfOpen(sequences);
            }
        }

        /**
         * {@link #setBack}, unless the walk's session has ended (a script ended it, which the error on its way out tells:
         * reading the sequences then would fail and hide it).
         */
        private void setBackIfOpen(Map<String, String> positions) {
            boolean open;
            try {
                open = !walk.connection().isClosed();
            } catch (SQLException e) {
                open = false;
            }
            if (open) {
                setBack(positions);
            }
        }

        /**
         * Each sequence's position ({@code pg_sequences}, by qualified name): its last value, or {@code -} where none was
         * drawn yet, with its start.
         */
        private Map<String, String> sequencePositions() {
            Map<String, String> positions = new HashMap<>();
            try (Statement st = walk.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT"
                    + " format('%I.%I', schemaname, sequencename), coalesce(last_value::text, '-'), start_value FROM pg_sequences")) {
                while (rs.next()) {
                    positions.put(rs.getString(1), rs.getString(2) + " " + rs.getString(3));
                }
            } catch (SQLException e) {
                throw new SchemaVerifyException("Could not read the sequences' positions: " + e.getMessage(), e);
            }
            return positions;
        }

        /** Sets each sequence that moved since {@code positions} were read back to where it stood. */
        private void setBack(Map<String, String> positions) {
            Map<String, String> now = sequencePositions();
            try (Statement st = walk.connection().createStatement()) {
                for (Map.Entry<String, String> p : positions.entrySet()) {
                    if (p.getValue().equals(now.get(p.getKey()))) {
                        continue;
                    }
                    String[] was = p.getValue().split(" ");
                    String sequence = SessionStart.literal(p.getKey());
                    st.execute(was[0].equals("-") ? "SELECT setval(" + sequence + ", " + was[1] + ", false)"
                            : "SELECT setval(" + sequence + ", " + was[0] + ", true)");
                }
            } catch (SQLException e) {
                throw new SchemaVerifyException("Could not set the sequences back: " + e.getMessage(), e);
            }
        }

        /**
         * What makes {@code key}, a unique index of {@code table}, unique, as a failure names it: {@code the primary key
         * users_pkey}, {@code the unique constraint users_name_key}, {@code the unique index users_lower_name}.
         */
        private static String uniqueKey(Table table, Index key) {
            return table.constraint(key.name()).filter(c -> c.type() == ConstraintType.UNIQUE || c.type() == ConstraintType.PRIMARY_KEY)
                    .map(c -> c.type() == ConstraintType.PRIMARY_KEY ? "the primary key " : "the unique constraint ")
                    .orElse("the unique index ") + key.name();
        }

        /** The key a unique violation shows ({@code Key (lower(name::text))=(s) is duplicated.}): group 1. */
        private static final Pattern DUPLICATED = Pattern.compile("Key \\((.*?)\\)=\\(");

        /** A {@code DELETE} (comments and literals masked out). */
        private static final Pattern DELETES = Pattern.compile("(?i)\\bDELETE\\s+FROM\\b");

        /**
         * A script that may delete rows: a look before the statements are read one by one ({@link
         * TableMentions#takesRows}).
         */
        private static final Pattern DELETES_OR_TRUNCATES = Pattern.compile("(?i)\\b(?:DELETE\\s+FROM|TRUNCATE)\\b");

        /**
         * A column of a table the revision did not create (nor drop the column of) that {@code undo} drops and adds again
         * with a default from a sequence or as an identity, where the table holds rows and the undo writes none there:
         * each row gets the next number in the order the rows lie on disk, not the value it held. The rows the walk
         * generated, numbered from the start as well, hold the same values after it by chance; production's, with gaps
         * and in another order, do not, and what refers to them points at other rows. Empty otherwise (a column the undo
         * fills again itself, a table it writes rows to, which the comparison of the rows judges).
         */
        private Optional<Failure> renumbered(MigrationFile v, MigrationFile undo, SchemaSnapshot before, SchemaSnapshot after,
                SchemaSnapshot undone, Map<TableRows.Projection, TableRows.Rows> rowsAtUndo, String name) {
            String script = undo.isJava() ? "" : text(undo);
            if (!DROP_WORD.matcher(script).find() || !ADD_WORD.matcher(script).find()) {
                return Optional.empty();
            }
            Map<String, Table> wereByName = tablesByName(before);
            Map<String, Table> afterByName = tablesByName(after);
            for (Map.Entry<TableRows.Projection, TableRows.Rows> e : rowsAtUndo.entrySet()) {
                String qualified = e.getKey().table();
                Table was = wereByName.get(qualified);
                Table then = afterByName.get(qualified);
                Optional<Table> now = undone.table(qualified);
                if (e.getValue().count() == 0 || was == null || then == null || now.isEmpty() || mayWriteRows(undo, qualified)) {
                    continue;
                }
                for (Column c : now.get().columns()) {
                    // (not a column the revision drops itself: its values are gone with the revision, as told of it)
                    if (numbered(c) && was.column(c.name()).isPresent() && then.column(c.name()).isPresent()
                            && dropsColumnOf(script, now.get().name(), c.name()) && addsColumn(script, c.name())
                            && (v.isJava() || !dropsColumnOf(text(v), now.get().name(), c.name()))) {
                        return Optional.of(ShouldKeepRows.renumbered(name, undo.fileName(), qualified, c.name(),
                                c.identity() != Identity.NONE ? "as an identity" : "with the default " + c.defaultValue(),
                                e.getValue().count()));
                    }
                }
            }
            return Optional.empty();
        }

        private static final Pattern NEXTVAL = Pattern.compile("\\bnextval\\s*\\(");

        /** Whether a column numbers the rows as they are written: an identity, or a default from a sequence. */
        private static boolean numbered(Column c) {
            return c.identity() != Identity.NONE || NEXTVAL.matcher(c.defaultValue()).find();
        }

        /** A word of a statement that adds something, where a column may be among it: the cheap test before the names. */
        private static final Pattern ADD_WORD = Pattern.compile("(?i)\\badd\\b");

        /** Whether {@code script} adds a column named {@code column} (to any table: the caller knows which it drops). */
        private static boolean addsColumn(String script, String column) {
            return java.util.regex.Pattern.compile("(?i)\\bADD\\s+(?:COLUMN\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?\"?"
                    + java.util.regex.Pattern.quote(column) + "\"?(?![\\w$])").matcher(SqlText.masked(script)).find();
        }

        /**
         * A copy of one row: the statement that writes it, and the tables a row was copied into besides, for a foreign
         * key of a column the copy gives a new value (qualified names).
         */
        private record Copy(String sql, List<String> parents) {
        }

        /**
         * The INSERT that copies one row of {@code table} agreeing with it on the columns {@code key}, its other columns
         * as they are except those that must differ for the copy to be written and to share that key alone: the columns
         * a unique index after the revision ({@code unique}) reads, or its predicate (a soft delete's flag or time, so
         * that the copy lies outside a partial index), and the columns of the other keys the revision lets rows share
         * ({@code others}). Those get a value no row is likely to hold, or their default (a serial, an identity), as
         * generated columns and identities outside the key do. Where such a column is one of a foreign key's (a test's
         * version, which its definitions refer to with the test), the row it refers to is copied first with the new
         * value (of {@code schema}'s tables; skipped where that row exists), as production holds one for each. Empty where
         * there is nothing to copy or the copy would break such an index by the key's columns alone.
         */
        private static Optional<Copy> duplicate(Table table, Set<String> key, List<Index> unique, List<Set<String>> others,
                SchemaSnapshot schema) {
            return duplicate(table, key, unique, others, schema, Map.of());
        }

        /**
         * As above, with the columns of the key that the copy gives another value by which it still shares the key
         * ({@code variants}: the column, the value's expression), as a name in other letter case shares {@code lower(name)}:
         * a unique index that reads one of them takes the copy without a new value elsewhere.
         */
        private static Optional<Copy> duplicate(Table table, Set<String> key, List<Index> unique, List<Set<String>> others,
                SchemaSnapshot schema, Map<String, String> variants) {
            if (key.isEmpty() && others.isEmpty()) {
                return Optional.empty();
            }
            Set<String> left = new HashSet<>();
            for (Index u : unique) {
                Set<String> read = columnsIn(table, u.keys());
                if (!u.predicate().isEmpty()) {
                    read.addAll(columnsIn(table, List.of(u.predicate())));
                }
                if (read.stream().anyMatch(variants::containsKey)) {
                    continue; // the copy differs from the row there
                }
                read.removeAll(key);
                if (read.isEmpty()) {
                    return Optional.empty(); // the copy would break it, as the key's columns alone make it unique
                }
                left.addAll(read);
            }
            for (Set<String> other : others) {
                Set<String> read = new HashSet<>(other);
                read.removeAll(key);
                left.addAll(read);
            }
            String quoted = TableRows.quote(table.qualifiedName());
            List<String> columns = new ArrayList<>();
            Map<String, String> fresh = new LinkedHashMap<>(); // a column given a new value: the value's expression
            boolean overriding = false;
            for (Column c : table.columns()) {
                boolean identity = c.identity() != Identity.NONE;
                if (!c.generated().isEmpty() || identity && !key.contains(c.name())) {
                    continue;
                }
                String column = TableRows.quoteIdent(c.name());
                if (variants.containsKey(c.name())) {
                    columns.add(column);
                    fresh.put(column, variants.get(c.name()));
                    continue;
                }
                if (left.contains(c.name())) {
                    // a value no row holds, where its default would not give one (a serial's, a uuid's does)
                    Optional<String> other = freshByDefault(c) ? Optional.empty() : otherValue(c, column, quoted);
                    other.ifPresent(v -> {
                        columns.add(column);
                        fresh.put(column, v);
                    });
                    continue;
                }
                overriding |= c.identity() == Identity.ALWAYS;
                columns.add(column);
            }
            if (columns.isEmpty()) {
                return Optional.empty();
            }
            String into = "INSERT INTO " + quoted + " (" + String.join(", ", columns) + ")" + (overriding
                    ? " OVERRIDING SYSTEM VALUE" : "") + " SELECT ";
            String row = "SELECT tableoid, ctid FROM " + quoted + " LIMIT 1";
            List<String> parents = new ArrayList<>();
            List<String> parentCopies = new ArrayList<>();
            for (RowSeeder.Reference fk : new RowSeeder(schema).references(table)) {
                List<String> fkColumns = fk.columns().stream().map(x -> TableRows.quoteIdent(RowSeeder.unquote(x))).toList();
                if (fkColumns.stream().noneMatch(fresh::containsKey)) {
                    continue;
                }
                Optional<Table> parent = schema.tables().stream().filter(x -> TableRows.quote(x.qualifiedName())
                        .equals(fk.table())).findFirst();
                if (parent.isEmpty() || fk.referenced().size() != fkColumns.size()) {
                    return Optional.empty();
                }
                parents.add(parent.get().qualifiedName());
                parentCopies.add(parentCopy(parent.get(), fk, fkColumns, fresh));
            }
            if (parents.isEmpty()) {
                return Optional.of(new Copy(into + String.join(", ", columns.stream().map(x -> fresh.getOrDefault(x, x))
                        .toList()) + " FROM " + quoted + " WHERE (tableoid, ctid) = (" + row + ")", List.of()));
            }
            // one statement: the row, its new values, the rows it refers to, then the copy (the foreign keys are checked
            // as it ends, where the rows it refers to are there)
            StringBuilder sql = new StringBuilder("WITH s AS (SELECT * FROM " + quoted + " WHERE (tableoid, ctid) = (" + row
                    + ")), n AS (SELECT " + String.join(", ", fresh.entrySet().stream().map(e -> e.getValue() + " AS " + e.getKey())
                    .toList()) + " FROM s)");
            for (int i = 0; i < parentCopies.size(); i++) {
                sql.append(", p").append(i).append(" AS (").append(parentCopies.get(i)).append(')');
            }
            return Optional.of(new Copy(sql + " " + into + String.join(", ", columns.stream().map(x -> (fresh.containsKey(x)
                    ? "n." : "s.") + x).toList()) + " FROM s, n", List.copyOf(parents)));
        }

        /**
         * The INSERT that copies the row of {@code parent} that the row {@code s} refers to by {@code fk} (its columns,
         * quoted: {@code fkColumns}), with the new values ({@code n}) of the key's columns that get one ({@code fresh});
         * its columns a sequence, an identity or a random uuid default gives values, and its generated ones, left to
         * their default. Nothing where the row with those values exists already.
         */
        private static String parentCopy(Table parent, RowSeeder.Reference fk, List<String> fkColumns, Map<String, String> fresh) {
            Map<String, String> referencing = new HashMap<>(); // a column of the parent: the copy's column referring to it
            for (int k = 0; k < fkColumns.size(); k++) {
                referencing.put(RowSeeder.unquote(fk.referenced().get(k)), fkColumns.get(k));
            }
            List<String> columns = new ArrayList<>();
            List<String> values = new ArrayList<>();
            boolean overriding = false;
            for (Column c : parent.columns()) {
                String by = referencing.get(c.name());
                if (!c.generated().isEmpty() || by == null && freshByDefault(c)) {
                    continue;
                }
                overriding |= c.identity() == Identity.ALWAYS;
                columns.add(TableRows.quoteIdent(c.name()));
                values.add(by == null ? "p." + TableRows.quoteIdent(c.name()) : (fresh.containsKey(by) ? "n." : "s.") + by);
            }
            List<String> match = new ArrayList<>();
            for (int k = 0; k < fkColumns.size(); k++) {
                match.add("p." + fk.referenced().get(k) + " = s." + fkColumns.get(k));
            }
            return "INSERT INTO " + fk.table() + " (" + String.join(", ", columns) + ")" + (overriding ? " OVERRIDING SYSTEM"
                    + " VALUE" : "") + " SELECT " + String.join(", ", values) + " FROM " + fk.table() + " p, s, n WHERE "
                    + String.join(" AND ", match) + " LIMIT 1 ON CONFLICT DO NOTHING";
        }

        /** Whether a column's default gives each row a value of its own: a sequence's, an identity's, a random uuid. */
        private static boolean freshByDefault(Column c) {
            return c.identity() != Identity.NONE || FRESH_DEFAULT.matcher(c.defaultValue()).find();
        }

        /** A text type of a length: {@code character varying(64)}, {@code character(3)}; the length is group 1. */
        private static final java.util.regex.Pattern SIZED_TEXT = java.util.regex.Pattern.compile(
                "^(?:character varying|character)\\((\\d+)\\)$");

        private static final java.util.regex.Pattern FRESH_DEFAULT = java.util.regex.Pattern.compile(
                "\\b(?:nextval|gen_random_uuid|uuid_generate_v[14]|uuidv[47])\\s*\\(");

        /**
         * An expression for a value of column {@code c} (quoted {@code column}) of {@code table} that no row of it is
         * likely to hold, the same at every run: text of its length from a digest, a number past the largest, a uuid from
         * a digest, the other truth value, the time now; empty for other types (the column keeps its default). A value a
         * row holds after all, or one a check refuses, makes the copy fail, and the undo is not tried so: no verdict comes
         * of it.
         */
        private static Optional<String> otherValue(Column c, String column, String table) {
            String type = c.type();
            String digest = "md5('schemaverify ' || (SELECT count(*) FROM " + table + "))";
            java.util.regex.Matcher sized = SIZED_TEXT.matcher(type);
            if (sized.matches() || type.equals("text") || type.equals("character varying") || type.equals("citext")) {
                int length = sized.matches() ? Math.min(32, Integer.parseInt(sized.group(1))) : 32;
                return Optional.of("left(" + digest + ", " + length + ")::" + type);
            }
            if (type.equals("integer") || type.equals("bigint") || type.equals("smallint") || type.equals("numeric")) {
                return Optional.of("(SELECT coalesce(max(" + column + "), 0) + 1 FROM " + table + ")::" + type);
            }
            if (type.equals("uuid")) {
                return Optional.of(digest + "::uuid");
            }
            if (type.equals("boolean")) {
                return Optional.of("NOT " + column); // a soft delete's flag: the copy on the other side of it
            }
            if (type.startsWith("timestamp") || type.equals("date")) {
                return Optional.of("now()::" + type); // a soft delete's time where the row had none
            }
            return Optional.empty();
        }

        /**
         * The columns of {@code table} that an index's keys read ({@code keys}: a column's name, as the catalog quotes it
         * where it must, or an expression, whose identifiers are looked up among the columns).
         */
        private static Set<String> columnsIn(Table table, List<String> keys) {
            Set<String> names = table.columns().stream().map(Column::name).collect(Collectors.toSet());
            Set<String> read = new HashSet<>();
            for (String k : keys) {
                java.util.regex.Matcher m = IDENTIFIER.matcher(io.github.schemaverify.schema.diff.SqlText.masked(k));
                while (m.find()) {
                    String id = m.group(1) != null ? k.substring(m.start(1), m.end(1)).replace("\"\"", "\"") : m.group(2);
                    if (names.contains(id)) {
                        read.add(id);
                    }
                }
            }
            return read;
        }

        /**
         * Where keys of an index fold letter case ({@code lower(name)}, {@code upper((email)::text)}) and the others are
         * columns ({@code (tenant_id, lower(email))}), a value for each column a folded key reads, in other case that
         * folds the same ({@code s} to {@code S}, {@code Bob} to {@code BOB}), by column; empty for other keys.
         */
        private static Optional<Map<String, String>> caseFolded(Table table, List<String> keys) {
            Map<String, String> variants = new LinkedHashMap<>();
            for (String k : keys) {
                java.util.regex.Matcher m = CASE_FOLDED.matcher(k.strip());
                if (!m.matches()) {
                    if (table.column(k.strip()).isPresent() || table.column(RowSeeder.unquote(k.strip())).isPresent()) {
                        continue; // a column of the key, the same in the copy
                    }
                    return Optional.empty();
                }
                String name = m.group(1) != null ? m.group(1).replace("\"\"", "\"") : m.group(2);
                if (table.column(name).isEmpty()) {
                    return Optional.empty();
                }
                String column = TableRows.quoteIdent(name);
                variants.put(name, "CASE WHEN " + column + " = upper(" + column + ") THEN lower(" + column + ") ELSE upper("
                        + column + ") END");
            }
            return variants.isEmpty() ? Optional.empty() : Optional.of(variants);
        }

        /** A key that folds a column's letter case, as the catalog writes it: {@code lower((name)::text)}. */
        private static final java.util.regex.Pattern CASE_FOLDED = java.util.regex.Pattern.compile(
                "(?i)^(?:lower|upper)\\(\\(*(?:\"((?:[^\"]++|\"\")++)\"|([a-z_][a-z0-9_$]*))\\)*(?:::[a-z ]+(?:\\(\\d+\\))?)?\\)$");

        /** An identifier: quoted (its text, group 1) or plain (group 2). */
        private static final java.util.regex.Pattern IDENTIFIER = java.util.regex.Pattern.compile(
                "\"((?:[^\"]++|\"\")*+)\"|([A-Za-z_][A-Za-z0-9_$]*)");

        /**
         * The undo tried, rolled back, after {@code setup} (SQL, each statement ended by a semicolon and a line, or empty)
         * on one row of each column's table set to its value, every constraint checked as each statement ends (a deferred
         * key refuses a value there too).
         */
        private ScriptRunner.Tried triedOn(MigrationFile undo, String setup, List<ShouldWorkOnRows.Widened> values) {
            String set = "SET CONSTRAINTS ALL IMMEDIATE;\n" + setup + values.stream().map(w -> "UPDATE "
                    + TableRows.quote(w.table()) + " SET " + TableRows.quoteIdent(w.column()) + " = (" + w.literal() + ")::"
                    + w.to() + oneRowOf(w.table()) + ";\n").collect(Collectors.joining()) + "SELECT 1";
            return plan.tryRolledBack(walk.connection(), walk.session(), undo, set);
        }

        /** The WHERE clause of an UPDATE of one row of {@code table} (of one partition, or the parent's own). */
        private static String oneRowOf(String table) {
            return " WHERE (tableoid, ctid) = (SELECT tableoid, ctid FROM " + TableRows.quote(table) + " LIMIT 1)";
        }

        /**
         * Whether the column's values come from a sequence (its default's {@code nextval}, or its identity) whose values
         * all fit the type {@code from}: a {@code serial} made {@code bigint} keeps its sequence {@code AS integer}, so
         * production's rows hold no value the old type refuses.
         */
        private boolean fedWithin(SchemaSnapshot after, Table table, Column column, String from) {
            java.util.regex.Matcher next = java.util.regex.Pattern.compile("nextval\\('(.+?)'::regclass\\)")
                    .matcher(column.defaultValue());
            String fed = !column.identitySequence().isEmpty() ? column.identitySequence()
                    : next.find() ? next.group(1).replace("\"", "") : "";
            if (fed.isEmpty()) {
                return false;
            }
            Optional<Sequence> sequence = after.sequence(fed.contains(".") ? fed : table.schema() + "." + fed)
                    .or(() -> after.sequence(fed));
            return sequence.isPresent() && cast(Long.toString(sequence.get().max()), from).isEmpty();
        }

        /**
         * A value of type {@code to} that type {@code from} cannot hold, as the server casts it: its SQL literal and how
         * a message names it ({@code repeat('s', 65)}, {@code a text of 65 characters}); empty where none of the values
         * tried is one (the type does not widen: {@code timestamp} to {@code timestamptz}).
         */
        private Optional<String[]> beyond(String from, String to) {
            if (from.endsWith("[]") && to.endsWith("[]")) {
                // an array holding one such element
                return beyond(from.substring(0, from.length() - 2), to.substring(0, to.length() - 2))
                        .map(e -> new String[] {"ARRAY[" + e[0] + "]", "an array holding " + e[1]});
            }
            java.util.regex.Matcher length = SIZED_TEXT.matcher(from);
            if (length.matches()) {
                // a cast to varchar(n) cuts a longer text short where an assignment (ALTER ... TYPE) refuses it: the
                // new type must keep the text whole
                int n = Integer.parseInt(length.group(1)) + 1;
                String text = "repeat('s', " + n + ")";
                if (holdsTrue("length((" + text + ")::" + to + ") = " + n)) {
                    return Optional.of(new String[] {text, "a text of " + n + " characters"});
                }
                // a document type (jsonb, json): a document whose text is longer (an undo casts it back through text)
                String document = "'{\"s\": \"' || " + text + " || '\"}'";
                return holdsTrue("length(((" + document + ")::" + to + ")::text) = " + (n + 9)) ? Optional.of(new String[] {
                    document, "a document of " + (n + 9) + " characters"}) : Optional.empty();
            }
            List<String[]> candidates = new ArrayList<>();
            java.util.regex.Matcher precision = java.util.regex.Pattern.compile("^numeric\\((\\d+),(\\d+)\\)$").matcher(from);
            if (precision.matches() && Integer.parseInt(precision.group(1)) > Integer.parseInt(precision.group(2))) {
                String n = "1" + "0".repeat(Integer.parseInt(precision.group(1)) - Integer.parseInt(precision.group(2)));
                candidates.add(new String[] {n, n});
            }
            candidates.add(new String[] {"'?'", "'?'"});
            for (String n : List.of("32768", "2147483648", "9223372036854775808", "1e300")) {
                candidates.add(new String[] {n, n});
            }
            for (String[] c : candidates) {
                if (cast(c[0], to).isEmpty() && cast("(" + c[0] + ")::" + to, from).filter(state -> state.startsWith("22"))
                        .isPresent()) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }

        /**
         * A label of the enum a column is of after the revision ({@code to}, as the catalog writes it) that the enum it was
         * of before ({@code from}) does not have, as a literal and in words ({@code the label 'oidc'}); empty where either
         * is no enum of the schemas read, or none is new.
         */
        private static Optional<String[]> newLabel(SchemaSnapshot before, SchemaSnapshot after, String from, String to) {
            Optional<EnumType> was = RowSeeder.enumOf(before, from);
            Optional<EnumType> is = RowSeeder.enumOf(after, to);
            if (was.isEmpty() || is.isEmpty()) {
                return Optional.empty();
            }
            return is.get().labels().stream().filter(l -> !was.get().labels().contains(l)).findFirst()
                    .map(l -> new String[] {"'" + l.replace("'", "''") + "'", "the label '" + l + "'"});
        }

        /**
         * A text that is no label of the enum a column was of before the revision ({@code from}), where the revision makes
         * the column text ({@code to}) and drops the enum, so that the server cannot cast to it any more (hyperswitch's
         * V42 makes payment_method_type varchar(64) and drops PaymentMethodSubType, which its undo makes again and casts
         * the column back to): as {@link #beyond} gives; empty otherwise.
         */
        private Optional<String[]> notALabel(SchemaSnapshot before, SchemaSnapshot after, String from, String to) {
            Optional<EnumType> was = RowSeeder.enumOf(before, from);
            if (was.isEmpty() || RowSeeder.enumOf(after, from).isPresent() || was.get().labels().contains("?")
                    || cast("'?'", to).isPresent()) {
                return Optional.empty();
            }
            return Optional.of(new String[] {"'?'", "'?'"});
        }

        /** Whether {@code condition} (SQL) is true on the server; false where it is not, or cannot be evaluated. */
        private boolean holdsTrue(String condition) {
            try (Statement st = walk.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT coalesce(("
                    + condition + "), false)")) {
                return rs.next() && rs.getBoolean(1);
            } catch (SQLException e) {
                return false;
            }
        }

        /**
         * The SQLSTATE of the server's error as it casts {@code value} (SQL) to {@code type}: class 22 where the type
         * cannot hold the value, another where there is no such cast; empty where it casts it.
         */
        private Optional<String> cast(String value, String type) {
            try (Statement st = walk.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT (" + value + ")::"
                    + type)) {
                rs.next();
                return Optional.empty();
            } catch (SQLException e) {
                return Optional.of(e.getSQLState() == null ? "" : e.getSQLState());
            }
        }

        /**
         * The undo tried, rolled back, on one row of each table of {@code nullable} set NULL in those columns (of one
         * partition, or the parent's own, where it has partitions or children): its failure where it refuses that NULL as
         * it makes one of them NOT NULL again (not a row it writes without a value there), else null.
         */
        private ScriptRunner.Failure refusedNull(MigrationFile undo, Map<String, List<String>> nullable) {
            String setup = nullable.entrySet().stream().map(e -> "UPDATE " + TableRows.quote(e.getKey()) + " SET "
                    + e.getValue().stream().map(c -> TableRows.quoteIdent(c) + " = NULL").collect(Collectors.joining(", "))
                    + oneRowOf(e.getKey()))
                    .collect(Collectors.joining(";\n"));
            ScriptRunner.Failure f = plan.tryRolledBack(walk.connection(), walk.session(), undo, setup).failure();
            return f == null || !"23502".equals(f.sqlState()) || !nullable.getOrDefault(f.table(), List.of()).contains(f.column())
                    || f.statement() == null || !f.statement().keywords().startsWith("ALTER TABLE ") ? null : f;
        }

        /**
         * The value a column's default gives, as the walk reads a row of that column alone ({@code (f)}): for a default
         * that calls nothing ({@code false}, {@code 'active'::text}), which evaluating has no effect of; else empty.
         */
        private Optional<String> constantDefault(Column column) {
            String expression = column.defaultValue();
            if (expression.isEmpty() || io.github.schemaverify.schema.diff.SqlText.masked(expression).contains("(")) {
                return Optional.empty();
            }
            try (Statement st = walk.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT ROW((" + expression
                    + ")::" + column.type() + ")::text")) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            } catch (SQLException e) {
                return Optional.empty();
            }
        }

        /**
         * Whether an undo whose writes PostgreSQL's counters could not tell (its own {@code BEGIN} and {@code COMMIT}, a
         * script run outside a transaction) may have written rows to {@code table}: its text writes them by name, or one of
         * its statements calls a routine ({@code CALL p()}, {@code SELECT f(...)}, not a built-in that writes no rows:
         * {@code setval}, {@code set_config}, {@code count}, ...), or it is a Java migration.
         */
        private boolean mayWriteRows(MigrationFile undo, String table) {
            if (undo.isJava()) {
                return true;
            }
            String text = text(undo);
            if (writesRows(text, table)) {
                return true;
            }
            return SqlScript.parse(text).stream().anyMatch(st -> st.keywords().startsWith("CALL ") || st.keywords()
                    .startsWith("SELECT ") && CALLS.matcher(io.github.schemaverify.schema.diff.SqlText.masked(st.sql())
                            .replaceAll("(?i)\\bpg_catalog\\s*\\.\\s*", "")).find());
        }

        /** A routine called by name, but for built-ins that write no rows. */
        private static final java.util.regex.Pattern CALLS = java.util.regex.Pattern.compile("(?i)(?<![\\w$.])"
                + "(?!(?:setval|nextval|currval|set_config|current_setting|count|min|max|sum|avg|now|lower|upper|coalesce|format"
                + "|pg_\\w+)\\s*\\()(?:[\\w$]+\\.)?[\\w$]+\\s*\\(");

        /**
         * Whether the failure is a NOT NULL (no default) that every row breaks, whatever its values: a new column's (one
         * that table did not have in {@code before}, and not one generated from the row's values), or one an {@code INSERT
         * ... SELECT} leaves out of its column list. Any other data error depends on the values, and the generated ones
         * are no production data.
         */
        private static boolean newColumnRejected(ScriptRunner.Failure f, SchemaSnapshot before, String script) {
            if (emptyParent(f, before, script).isPresent()) {
                return true; // a new foreign key to a table the script makes empty: any row with a key breaks it
            }
            if (!f.sqlState().equals("23502") || f.column().isEmpty() || f.addsGeneratedColumn(f.column())) {
                return false; // a generated column's value is made from the row's: the generated values decide it
            }
            // a column the script renamed from one the table had is no new one (RENAME item_id TO resource_id, then SET
            // NOT NULL): the values it kept decide it
            return before.tables().stream().filter(t -> t.qualifiedName().equals(f.table())).findFirst()
                    .map(t -> columnBefore(t, f.column(), script).isEmpty()).orElse(false)
                    || omittedNotNull(f, before, script);
        }

        /** The table a foreign key refers to, in its definition as PostgreSQL writes it. */
        private static final java.util.regex.Pattern REFERENCES = java.util.regex.Pattern.compile("\\bREFERENCES\\s+((?:"
                + SqlScript.IDENTIFIER + "\\s*\\.\\s*)?" + SqlScript.IDENTIFIER + ")\\s*\\(");

        /**
         * Of the tables whose rows an undo lost ({@code lost}) without naming them in {@code undoScript}, those with a
         * foreign key to a table the undo deletes rows from, where the key is {@code ON DELETE CASCADE}, or truncates
         * with {@code CASCADE}: the key, by table. Rows there that refer to what the revision inserted stand for the rows
         * production added since, which the undo takes with the rows it deletes.
         */
        private static Map<String, ShouldKeepRows.Cascade> cascadedBy(List<ShouldKeepRows.TableChange> lost,
                SchemaSnapshot before, String undoScript) {
            Map<String, ShouldKeepRows.Cascade> cascaded = new LinkedHashMap<>();
            for (ShouldKeepRows.TableChange t : lost) {
                if (t.before() <= t.after() || writesRows(undoScript, t.table())) {
                    continue;
                }
                before.tables().stream().filter(table -> table.qualifiedName().equals(t.table()))
                        .flatMap(table -> table.constraints().stream())
                        .filter(c -> c.type() == io.github.schemaverify.schema.ConstraintType.FOREIGN_KEY)
                        .forEach(c -> {
                            java.util.regex.Matcher parent = REFERENCES.matcher(c.definition());
                            if (!parent.find()) {
                                return;
                            }
                            String name = SqlScript.identifierName(parent.group(1).replaceFirst("^.*\\.\\s*", ""));
                            if (truncatesCascading(undoScript, name)) {
                                cascaded.putIfAbsent(t.table(), new ShouldKeepRows.Cascade(c.name(), parent.group(1), true));
                            } else if (c.definition().contains("ON DELETE CASCADE") && deletesFrom(undoScript, name)) {
                                cascaded.putIfAbsent(t.table(), new ShouldKeepRows.Cascade(c.name(), parent.group(1), false));
                            }
                        });
            }
            return cascaded;
        }

        /** The table a row's key is not in, as PostgreSQL names it where a foreign key refuses the row. */
        private static final java.util.regex.Pattern NOT_PRESENT = java.util.regex.Pattern.compile(
                "is not present in table \"((?:[^\"]++|\"\")++)\"");

        /**
         * The table a foreign key that refused a row refers to (SQLSTATE 23503), where {@code script} creates it (no
         * table of that name was there {@code before}) and writes no row to it: every row with a key breaks the key,
         * whatever its values, as a new NOT NULL column without a default does. Empty otherwise.
         */
        static Optional<String> emptyParent(ScriptRunner.Failure f, SchemaSnapshot before, String script) {
            if (!f.sqlState().equals("23503")) {
                return Optional.empty();
            }
            java.util.regex.Matcher parent = NOT_PRESENT.matcher(f.serverMessage());
            if (!parent.find()) {
                return Optional.empty();
            }
            String name = parent.group(1).replace("\"\"", "\"");
            boolean existed = before.tables().stream().anyMatch(t -> t.name().equals(name));
            return existed || writesRows(script, name) ? Optional.empty() : Optional.of(name);
        }

        /** The column of {@code table} that is {@code column} after {@code script}: of that name, or renamed to it. */
        private static Optional<Column> columnBefore(Table table, String column, String script) {
            return table.column(column).or(() -> SqlScript.columnRenames(script).stream().filter(r -> r.to().equals(column)
                    && r.table().equals(table.name()) && (r.schema().isEmpty() || r.schema().equals(table.schema())))
                    .map(r -> table.column(r.from())).flatMap(Optional::stream).findFirst());
        }

        /**
         * Whether the failure is a NOT NULL column, without a default, that an {@code INSERT ... SELECT} leaves out of its
         * column list: every row it copies breaks it, whatever the values. So in a table the script creates (absent from
         * {@code before}), as Kratos's 20200317160354 creates one with {@code created_at NOT NULL} and fills it from another
         * table, leaving that column out: the value such a column takes where it is left out reads none of the rows
         * copied, unless a trigger the script creates on the table sets it.
         */
        private static boolean omittedNotNull(ScriptRunner.Failure f, SchemaSnapshot before, String script) {
            if (!f.leftOutOfInsert()) {
                return false;
            }
            Optional<Table> table = before.table(f.table());
            if (table.isEmpty()) {
                return !java.util.regex.Pattern.compile("(?is)\\bCREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:CONSTRAINT\\s+)?TRIGGER\\b"
                        + "[^;]*\\bON\\s+" + TableMentions.named(f.table()) + "").matcher(SqlText.masked(script)).find();
            }
            return table.flatMap(t -> t.column(f.column()))
                    .map(c -> (c.defaultValue() == null || c.defaultValue().isEmpty())
                            && c.identity() == Identity.NONE && c.generated().isEmpty())
                    .orElse(false);
        }

        /**
         * Whether the revision changed the rows of {@code table}: its rows as the revision started and right after it
         * differ, in the columns of {@code changedValues} ({@code public.t.c}) that are the table's, or else in every
         * column there both times. True where either reading is not kept (a table of more than 200 rows) or a column
         * is missing from one of them: the revision may have changed them then.
         */
        private static boolean changedByRevision(String table, List<String> changedValues,
                Map<TableRows.Projection, TableRows.Rows> before, Map<TableRows.Projection, TableRows.Rows> afterUp) {
            TableRows.Projection pa = afterUp.keySet().stream().filter(p -> p.table().equals(table)).findFirst().orElse(null);
            TableRows.Projection pb = before.keySet().stream().filter(p -> p.table().equals(table)).findFirst().orElse(null);
            if (pa == null || pb == null) {
                return true;
            }
            TableRows.Rows was = before.get(pb);
            TableRows.Rows is = afterUp.get(pa);
            if (was == null || is == null || was.rows() == null || is.rows() == null) {
                return true;
            }
            List<String> named = changedValues.stream().filter(c -> c.startsWith(table + "."))
                    .map(c -> c.substring(table.length() + 1)).toList();
            List<String> compared = named.isEmpty() ? pa.columns() : named;
            if (compared.isEmpty() || !pb.columns().containsAll(compared) || !pa.columns().containsAll(compared)) {
                return true;
            }
            return !TableRows.without(was.rows(), pb, pb.columns().stream().filter(c -> !compared.contains(c)).toList())
                    .equals(TableRows.without(is.rows(), pa, pa.columns().stream().filter(c -> !compared.contains(c)).toList()));
        }

        /**
         * What a column ({@code public.t.c}) that the rows held before the revision ({@code rowsBefore}) holds now, after
         * an undo that added it again: the same values where the undo wrote them ({@code undoWrote}: the table's rows,
         * not a default or NULL that comes back with the column alone) on the same rows (by the primary key the table had
         * {@code before}, where the rows keep their keys), others, or not known (NULL in every row, no rows, more rows
         * than are kept, a table that cannot be read through the same columns); or the value the column's default gives
         * ({@code undone}: the schema after the undo) in every row, which the rows held before too: whether the undo
         * wrote it cannot be told then.
         */
        private java.util.function.Function<String, ShouldRestore.Refilled> refilled(SchemaSnapshot before, SchemaSnapshot undone,
                Map<TableRows.Projection, TableRows.Rows> rowsBefore, java.util.function.Predicate<String> undoWrote,
                java.util.function.Predicate<String> undoSurelyWrote, String undoText) {
            return column -> {
                String table = column.substring(0, column.lastIndexOf('.'));
                String name = column.substring(column.lastIndexOf('.') + 1);
                TableRows.Projection p = rowsBefore.keySet().stream().filter(q -> q.table().equals(table)).findFirst()
                        .orElse(null);
                TableRows.Rows was = p == null ? null : rowsBefore.get(p);
                if (was == null || was.rows() == null || was.count() == 0 || !p.columns().contains(name)) {
                    return ShouldRestore.Refilled.NOT_KNOWN;
                }
                TableRows.Rows is;
                try {
                    is = rows(List.of(p)).get(p);
                } catch (SchemaVerifyException e) {
                    return ShouldRestore.Refilled.NOT_KNOWN; // a column of the projection the undo did not bring back
                }
                if (is == null || is.rows() == null) {
                    return ShouldRestore.Refilled.NOT_KNOWN;
                }
                List<String> others = p.columns().stream().filter(c -> !c.equals(name)).toList();
                List<String> now = TableRows.without(is.rows(), p, others);
                List<String> then = TableRows.without(was.rows(), p, others);
                // each value on its own row: the rows whole are as they were; where the other columns are as they were
                // and the rows whole are not, some value is on another row (or another); else (the undo changed other
                // columns too) by the primary key the table had, where the rows kept it, or the column's values alone
                boolean same;
                if (TableRows.without(was.rows(), p, List.of()).equals(TableRows.without(is.rows(), p, List.of()))) {
                    same = true;
                } else if (TableRows.without(was.rows(), p, List.of(name)).equals(TableRows.without(is.rows(), p, List.of(name)))) {
                    same = false;
                } else {
                    List<String> key = before.table(table).flatMap(t -> t.constraints().stream()
                            .filter(c -> c.type() == ConstraintType.PRIMARY_KEY).findFirst()).map(Constraint::columns)
                            .filter(k -> !k.contains(name) && p.columns().containsAll(k)).orElse(List.of());
                    List<String> notKey = p.columns().stream().filter(c -> !key.contains(c)).toList();
                    List<String> apart = others.stream().filter(c -> !key.contains(c)).toList();
                    same = !key.isEmpty() && TableRows.without(is.rows(), p, notKey).equals(TableRows.without(was.rows(), p, notKey))
                            ? TableRows.without(is.rows(), p, apart).equals(TableRows.without(was.rows(), p, apart))
                            : then.equals(now);
                }
                if (same) {
                    // the same only where the undo wrote them: NULL or a default comes back with the column alone
                    if (then.stream().allMatch("()"::equals)) {
                        // NULL in every row, as after: where the undo surely writes the table, it may fill the column
                        // from other data, which NULL cannot tell
                        return undoSurelyWrote.test(table) ? ShouldRestore.Refilled.UNTOLD : ShouldRestore.Refilled.NOT_KNOWN;
                    }
                    if (!undoWrote.test(table)) {
                        // a column numbered from a sequence again: the walk's rows got their numbers back by chance
                        return undone.table(table).flatMap(t -> t.column(name)).filter(Lane::numbered).isPresent()
                                ? ShouldRestore.Refilled.RENUMBERED : ShouldRestore.Refilled.NOT_KNOWN;
                    }
                    // one value in every row, and a default on the column added again: adding it gave them, whatever else
                    // the undo wrote (the walk's rows held the default before the revision, as rows written without it do)
                    return allDefault(now, undone, table, name) ? ShouldRestore.Refilled.AS_DEFAULT
                            : ShouldRestore.Refilled.THE_SAME;
                }
                if (now.stream().allMatch("()"::equals)) {
                    return ShouldRestore.Refilled.NOT_KNOWN;
                }
                // the default of the column added again in every row: the column alone gave them, no values of the undo's;
                // unless the undo sets the column, where it found no value for these rows (vaultwarden's U6 gives favorite
                // back from the favorites V6 keeps, and V6 keeps those of some ciphers only)
                return allDefault(now, undone, table, name) && !updatesColumn(undoText, table, name)
                        ? ShouldRestore.Refilled.DEFAULTED : ShouldRestore.Refilled.OTHERS;
            };
        }

        /**
         * Whether a script ({@code script}, as {@link SqlText#masked}) has an {@code UPDATE} of {@code table} (qualified;
         * matched by its name, unqualified or in its own schema) that sets {@code column}: {@code UPDATE ciphers SET
         * favorite = TRUE WHERE EXISTS (...)}. Unlike {@link #setsColumn}, of that table only.
         */
        static boolean updatesColumn(String script, String table, String column) {
            String col = column.matches("[a-z_][a-z0-9_$]*") ? "(?:\"" + java.util.regex.Pattern.quote(column) + "\"|"
                    + java.util.regex.Pattern.quote(column) + "(?![\\w$]))" : "\"" + java.util.regex.Pattern.quote(
                    column.replace("\"", "\"\"")) + "\"";
            return java.util.regex.Pattern.compile("(?is)(?<![\\w$])UPDATE\\s+(?:ONLY\\s+)?" + TableMentions.named(table)
                    + "[^;]*?\\bSET\\b[^;]*?(?<![\\w$.\"])" + col + "\\s*=(?![=>])").matcher(script).find();
        }

        /** Whether every row holds, in {@code now} (one value each), the constant default {@code column} has in {@code undone}. */
        private boolean allDefault(List<String> now, SchemaSnapshot undone, String table, String column) {
            return now.stream().distinct().count() == 1 && undone.table(table).flatMap(t -> t.column(column))
                    .flatMap(this::constantDefault).map(now.get(0)::equals).orElse(false);
        }

        /**
         * The column a failure of an undo names ({@code public.t.c}), which the revision drops, then every other column
         * the revision drops from that table, {@code NOT NULL} without a default before it, that the failing statement
         * adds again ({@code ADD [COLUMN] [IF NOT EXISTS] c}): each fails on the rows as the first does. {@code revision}:
         * the revision's SQL as {@link SqlText#masked}.
         */
        private static List<String> droppedAlike(SchemaSnapshot before, SchemaSnapshot after, ScriptRunner.Failure f,
                String revision) {
            List<String> dropped = new ArrayList<>(List.of(f.table() + "." + f.column()));
            Optional<Table> was = before.table(f.table());
            if (was.isEmpty() || f.statement() == null) {
                return dropped;
            }
            String statement = SqlText.masked(f.statement().sql());
            for (Column c : was.get().columns()) {
                boolean noDefault = c.defaultValue() == null || c.defaultValue().isEmpty();
                if (!c.name().equals(f.column()) && c.notNull() && noDefault && c.generated().isEmpty()
                        && droppedNotRenamed(before, after, f.table(), c.name(), revision) && addsNotNull(statement, c.name())) {
                    dropped.add(f.table() + "." + c.name());
                }
            }
            return dropped;
        }

        /**
         * Whether {@code statement} ({@link SqlText#masked}) adds {@code column} {@code NOT NULL} without a default: {@code
         * ADD [COLUMN] [IF NOT EXISTS] c type ... NOT NULL}, up to the next comma outside parentheses. A lower-case plain
         * name is found written bare in any case or quoted, any other quoted only, as PostgreSQL folds names.
         */
        private static boolean addsNotNull(String statement, String column) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i:\\bADD\\s+(?:COLUMN\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?)"
                    + columnName(column)).matcher(statement);
            while (m.find()) {
                int end = m.end();
                for (int depth = 0; end < statement.length(); end++) {
                    char ch = statement.charAt(end);
                    if (depth == 0 && (ch == ',' || ch == ';')) {
                        break;
                    }
                    depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
                }
                String clause = statement.substring(m.end(), end);
                if (NOT_NULL.matcher(clause).find() && !DEFAULT_OR_GENERATED.matcher(clause).find()) {
                    return true;
                }
            }
            return false;
        }

        /**
         * A column's name as SQL may write it (a regular expression): a lower-case plain name bare in any case or quoted,
         * any other quoted only, as PostgreSQL folds names.
         */
        private static String columnName(String column) {
            String quoted = java.util.regex.Pattern.quote("\"" + column.replace("\"", "\"\"") + "\"");
            return column.matches("[a-z_][a-z0-9_$]*") ? "(?:" + quoted + "|(?<![\\w$\"])(?i:"
                    + java.util.regex.Pattern.quote(column) + ")(?![\\w$]))" : quoted;
        }

        /**
         * Whether a revision's SQL ({@link SqlText#masked}) names {@code column} only where it drops it ({@code DROP
         * [COLUMN] [IF EXISTS] c}): no {@code RENAME}, no statement that copies its values elsewhere. A word that is also
         * the name (the {@code KEY} of {@code PRIMARY KEY} for a column {@code key}) counts as naming it.
         */
        private static boolean onlyDropped(String masked, String column) {
            String name = columnName(column);
            int all = count(java.util.regex.Pattern.compile(name).matcher(masked));
            int drops = count(java.util.regex.Pattern.compile("(?i:\\bDROP\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?)" + name)
                    .matcher(masked));
            return drops > 0 && drops == all;
        }

        private static int count(java.util.regex.Matcher m) {
            int n = 0;
            while (m.find()) {
                n++;
            }
            return n;
        }

        private static final java.util.regex.Pattern NOT_NULL = java.util.regex.Pattern.compile("(?i)\\bNOT\\s+NULL\\b");
        private static final java.util.regex.Pattern DEFAULT_OR_GENERATED = java.util.regex.Pattern.compile(
                "(?i)\\b(?:DEFAULT|GENERATED)\\b");

        /**
         * The tables and columns a revision walked up only drops with the values rows held there ({@code rows}: the rows
         * before it), one note each: no undo gives them back, and what production loses so is the one thing such a walk
         * can tell of it (GoTrue's V60 drops every registered client's old id). Not a table renamed aside (its relation is
         * still there) nor a column renamed ({@link #droppedNotRenamed}).
         */
        private List<String> droppedWithValues(String name, MigrationFile v, SchemaSnapshot before, SchemaSnapshot after,
                Map<TableRows.Projection, TableRows.Rows> rows) {
            List<String> notes = new ArrayList<>();
            String revision = SqlText.masked(text(v));
            Map<String, Table> areByName = tablesByName(after);
            for (Map.Entry<TableRows.Projection, TableRows.Rows> e : rows.entrySet()) {
                long count = e.getValue().count();
                Optional<Table> was = before.table(e.getKey().table());
                if (count == 0 || was.isEmpty() || !was.get().partitionOf().isEmpty()) {
                    continue;
                }
                String held = count == 1 ? "the 1 row there held" : "the " + count + " rows there held";
                Table is = areByName.get(e.getKey().table());
                if (is == null) {
                    if (!relationExists(e.getValue().oid())) {
                        notes.add(name + " drops " + e.getKey().table() + " and the " + (count == 1 ? "1 row" : count + " rows")
                                + " it held: walked up only, nothing gives them back");
                    }
                    continue;
                }
                for (String column : e.getKey().columns()) {
                    // NULL in every row (where the rows are kept to read): no value goes
                    List<String> others = e.getKey().columns().stream().filter(c -> !c.equals(column)).toList();
                    boolean valued = e.getValue().rows() == null || !TableRows.without(e.getValue().rows(), e.getKey(), others)
                            .stream().allMatch("()"::equals);
                    if (valued && is.column(column).isEmpty() && droppedNotRenamed(before, after, e.getKey().table(), column,
                            revision)) {
                        notes.add(name + " drops " + e.getKey().table() + "." + column + " and the values " + held
                                + ": walked up only, nothing gives them back");
                    }
                }
            }
            java.util.Collections.sort(notes);
            return notes;
        }

        /**
         * Whether the revision ({@code revision}, its SQL as {@link SqlText#masked}) dropped {@code column} of {@code
         * table}: there in {@code before}, not in {@code after}, and either no column of its type new in {@code after} (a
         * rename reads so) or the revision names it only where it drops it (OpenMeter's V10 drops {@code key} and adds
         * {@code series} and {@code code} of its type, none from it).
         */
        private static boolean droppedNotRenamed(SchemaSnapshot before, SchemaSnapshot after, String table, String column,
                String revision) {
            Optional<Table> was = before.table(table);
            Optional<Table> is = after.table(table);
            Optional<Column> gone = was.flatMap(t -> t.column(column));
            if (gone.isEmpty() || is.isEmpty()) {
                return false;
            }
            return is.get().columns().stream().noneMatch(c -> was.get().column(c.name()).isEmpty()
                    && c.type().equals(gone.get().type())) || onlyDropped(revision, column);
        }

        private static boolean generated(List<ShouldWorkOnRows.Held> held) {
            return held.stream().anyMatch(h -> !h.fixture());
        }

        /**
         * Gives a row to each table that holds none as revision {@code i} starts (one the revision before created, or
         * emptied, or every table where the walk started over), as the undos before it gave one to every table they did not
         * create and as a lane's start gives one to every table: what the revision does to rows is then seen in the tables
         * the revision before made too (V2 drops a column of the table V1 creates, and its values with it). After the
         * {@code before_V} fixture, which may fill a table itself; not a table the {@code at_V} fixture names (its rows,
         * written right after the revision, may take keys a generated row would hold), nor where the revision is walked
         * again on a database rebuilt without generated rows. Returns the tables given a row.
         */
        private List<String> seedEmpty(int i, SchemaSnapshot before, Map<TableRows.Projection, TableRows.Rows> rows,
                Optional<MigrationFile> atFixture, List<String> notes) {
            if (!settings.seedRows() || i == 0 || rebuiltBare.contains(i)) {
                return List.of();
            }
            Set<String> without = rebuiltWithout.getOrDefault(i, Set.of());
            List<String> empty = new ArrayList<>();
            rows.forEach((p, r) -> {
                if (r.count() == 0 && !without.contains(p.table()) && atFixture.map(f -> !names(f, p.table())).orElse(true)) {
                    empty.add(p.table());
                }
            });
            if (empty.isEmpty()) {
                return List.of();
            }
            java.util.Collections.sort(empty);
            RowSeeder.Result seeded = new RowSeeder(before, mentions, appliedBefore(i)).seed(walk.connection(), empty);
            tableRows.changed(seeded.writes());
            lastSequences = null; // the rows took keys from their sequences, and so did the rows refused
            if (seeded.seeded().isEmpty()) {
                return List.of();
            }
            String previous = versions.get(i - 1).version();
            String when = "generated by the walk as V" + versions.get(i).version() + " started" + (rebuiltAt == i - 1
                    ? ", on the database it rebuilt without rows as it started over at V" + previous : "");
            // a table no row could be generated for is named before its undo, where the walk tries again
            boolean undone = reversible(versions.get(i));
            seeded.leftNull().forEach((table, columns) -> notes.add(leftNullNote(table, columns, undone
                    ? "a revision or an undo" : "a revision", "V" + versions.get(i).version() + (undone ? "'s round trip"
                    : "'s walk up"), previous)));
            markGenerated(seeded.seeded(), when, previous);
            columnsOf(seeded.seeded(), before);
            return seeded.seeded();
        }

        /**
         * Gives a value to the columns revision {@code i} drops (by name, in a table its text names) that a migration
         * added to a table after the walk generated its rows, where those rows hold NULL: production's rows written since
         * the column came hold values there, and the revision takes them with it (a column left NULL would let an undo
         * that adds it back empty pass unseen). A reference of one column gets the key of a row of the table it refers
         * to; not one of several columns, nor where the table referred to holds no row or the value is refused (a check,
         * a trigger): those stay NULL. Returns the columns given a value ({@code public.t.c}).
         */
        private List<String> fillDropped(int i, SchemaSnapshot before, Map<TableRows.Projection, TableRows.Rows> rows,
                List<String> notes) {
            // where no undo of it is walked, nothing compares the values it takes with it
            if (!settings.seedRows() || i == 0 || rebuiltBare.contains(i) || generatedColumns.isEmpty()
                    || irreversible(versions.get(i)) || plan.source().undoFor(versions.get(i).version()).isEmpty()) {
                return List.of();
            }
            String script = text(versions.get(i));
            if (!DROP_WORD.matcher(script).find()) {
                return List.of();
            }
            RowSeeder seeder = new RowSeeder(before, mentions, appliedBefore(i));
            List<String> filled = new ArrayList<>();
            List<String> replaced = new ArrayList<>(); // the columns whose default the rows held
            rows.forEach((p, r) -> {
                Set<String> then = generatedColumns.get(p.table());
                Optional<Table> table = before.table(p.table());
                // not over a fixture's rows, which stand for production's as they are
                if (then == null || r.count() == 0 || table.isEmpty() || fixtureRows.containsKey(p.table())) {
                    return;
                }
                for (Column c : table.get().columns()) {
                    if (!c.generated().isEmpty() || c.identity() != Identity.NONE
                            || !dropsColumnOf(script, table.get().name(), c.name())) {
                        continue;
                    }
                    // a key: the key of a row of the table it refers to (OpenMeter's entitlements.entitlement_subscription_item,
                    // added with its key after the rows were generated, dropped with its values two revisions later)
                    boolean reference = references(table.get(), c.name());
                    // a constant default gave the rows their value there (the rows were generated without a value there,
                    // or the column was added with it since): an undo adding the column back with it would pass for one
                    // that gives the values back; else a column added since the rows were generated holds NULL there
                    boolean byDefault = !reference && constantDefault(c).isPresent();
                    if (!byDefault && (c.notNull() || then.contains(c.name()))) {
                        continue;
                    }
                    Optional<String> update = reference ? seeder.fillReference(table.get(), c) : byDefault
                            ? seeder.replaceDefault(table.get(), c) : seeder.fillNull(table.get(), c);
                    if (update.isEmpty()) {
                        continue;
                    }
                    ScriptRunner.Writes writes;
                    lastSequences = null; // a trigger may take keys from a sequence, written or refused
                    try {
                        writes = ScriptRunner.runObservingWrites(walk.connection(), update.get(), new ArrayList<>());
                    } catch (SQLException e) {
                        tableRows.changed(ScriptRunner.Writes.UNKNOWN);
                        continue; // refused: it stays NULL, or the default
                    }
                    tableRows.changed(writes);
                    if ((byDefault || reference) && writes.known() && !writes.written().contains(p.table())) {
                        continue; // no row held the default there (a script wrote them), no other value fits, or no key
                    }
                    then.add(c.name());
                    (byDefault ? replaced : filled).add(p.table() + "." + c.name());
                }
            });
            String version = "V" + versions.get(i).version();
            if (!filled.isEmpty()) {
                notes.add("the rows the walk generated before " + String.join(", ", filled) + (filled.size() == 1
                        ? " was" : " were") + " added were given a value there, which " + version
                        + " drops: production's rows written since hold values there");
            }
            if (!replaced.isEmpty()) {
                notes.add("the rows of tables the walk generated rows for that held the default of " + String.join(", ",
                        replaced) + ", which " + version + " drops, were given another value there, as production's rows may"
                        + " hold: an undo that adds " + (replaced.size() == 1 ? "the column" : "a column") + " back with its"
                        + " default gives every row that default");
            }
            List<String> given = new ArrayList<>(filled);
            given.addAll(replaced);
            return given;
        }

        /**
         * Whether {@code script} drops {@code column} of {@code table} in an {@code ALTER TABLE} of that table ({@code ALTER
         * TABLE [IF EXISTS] [ONLY] [s.]t ... DROP [COLUMN] [IF EXISTS] c}), not a column of that name of another table.
         */
        private static boolean dropsColumnOf(String script, String table, String column) {
            String t = java.util.regex.Pattern.quote(table);
            String c = java.util.regex.Pattern.quote(column);
            return java.util.regex.Pattern.compile("(?is)\\bALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?(?:(?:\"[^\"]+\"|[\\w$]+)"
                    + "\\s*\\.\\s*)?\"?" + t + "\"?(?![\\w$])[^;]*?\\bDROP\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?\"?" + c
                    + "\"?(?![\\w$])").matcher(SqlText.masked(script)).find();
        }

        /** A word of a statement that drops something, where a column may be among it: the cheap test before the names. */
        private static final java.util.regex.Pattern DROP_WORD = java.util.regex.Pattern.compile("(?i)\\bdrop\\b");

        /** Whether {@code column} of {@code table} is one of a foreign key's. */
        private static boolean references(Table table, String column) {
            return table.constraints().stream().filter(k -> k.type() == ConstraintType.FOREIGN_KEY)
                    .anyMatch(k -> k.columns().contains(column));
        }

        /** Whether the revision made {@code column} of {@code table} a document (json, jsonb) from another type. */
        private static boolean madeDocument(String table, String column, SchemaSnapshot before, SchemaSnapshot after) {
            java.util.function.Predicate<SchemaSnapshot> document = s -> s.table(table).flatMap(t -> t.column(column))
                    .map(c -> c.type().equals("json") || c.type().equals("jsonb")).orElse(false);
            return !document.test(before) && document.test(after);
        }

        /**
         * Whether the values of {@code column} in {@code missing} and {@code unexpected} (rows of {@code p}, as many on each
         * side, that differ in it and in the columns {@code differing}) are the same JSON documents written otherwise, each
         * row's as before (rows paired by their values in the other columns): text that jsonb wrote back in its own order
         * of keys and spacing. Asked of the server, which reads them as jsonb (text that is no document: not).
         */
        private boolean sameDocuments(TableRows.Projection p, String column, List<String> differing, List<String> missing,
                List<String> unexpected) {
            // row by row: each row's document, found by the row's other values, against the same row's before
            Map<String, String> was = documentsByRow(p, column, differing, missing);
            Map<String, String> is = documentsByRow(p, column, differing, unexpected);
            if (was == null || is == null || !was.keySet().equals(is.keySet())) {
                return false;
            }
            Connection c = walk.connection();
            try {
                if (!c.getAutoCommit()) {
                    return false; // a failed cast would end the transaction
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(bool_and(a::jsonb = b::jsonb), true) FROM"
                        + " unnest(?::text[], ?::text[]) t(a, b)")) {
                    ps.setArray(1, c.createArrayOf("text", was.values().toArray()));
                    ps.setArray(2, c.createArrayOf("text", was.keySet().stream().map(is::get).toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() && rs.getBoolean(1);
                    }
                }
            } catch (SQLException e) {
                return false; // text that is no document
            }
        }

        /**
         * The documents of {@code column} in {@code rows}, by the row's values in the columns that are not {@code
         * differing}, in the rows' order; null where a row has no document there, or two rows have the same such values
         * (which of them is which cannot be told).
         */
        private static Map<String, String> documentsByRow(TableRows.Projection p, String column, List<String> differing,
                List<String> rows) {
            int at = p.columns().indexOf(column);
            Set<Integer> others = new HashSet<>();
            Set<Integer> changed = new HashSet<>();
            for (int i = 0; i < p.columns().size(); i++) {
                if (i != at) {
                    others.add(i);
                }
                if (differing.contains(p.columns().get(i))) {
                    changed.add(i);
                }
            }
            Map<String, String> byRow = new java.util.LinkedHashMap<>();
            for (String row : rows) {
                String document = RowText.values(RowText.without(row, others)).stream().findFirst().orElse(null);
                if (document == null || byRow.put(RowText.without(row, changed), document) != null) {
                    return null;
                }
            }
            return byRow;
        }

        /** That {@code table} holds rows the walk generated after a revision, and the fixture that gives one's own instead. */
        private ShouldKeepRows.Generated generatedIn(String table) {
            return generatedIn(table, false);
        }

        /** As above, {@code fromQuery} where the script at fault makes the table again from a query. */
        private ShouldKeepRows.Generated generatedIn(String table, boolean fromQuery) {
            return generatedIn(table, fromQuery, "");
        }

        /** As above, {@code sameAs} a row of those that holds the values of a row the revision inserts (else empty). */
        private ShouldKeepRows.Generated generatedIn(String table, boolean fromQuery, String sameAs) {
            return new ShouldKeepRows.Generated(table, generatedAt.get(table), "at_V" + generatedBefore.get(table) + ".sql",
                    fromQuery, sameAs, false);
        }

        /**
         * Records that {@code tables} hold rows the walk generated, {@code when} (for messages), after revision {@code
         * version} (whose {@code at_V} fixture would give rows of one's own there instead).
         */
        private void markGenerated(List<String> tables, String when, String version) {
            for (String t : tables) {
                generatedAt.put(t, when);
                generatedBefore.put(t, version);
                unseedable.remove(t);
            }
        }

        /** Records the columns {@code tables} have in {@code schema}, as the walk generates their rows. */
        private void columnsOf(List<String> tables, SchemaSnapshot schema) {
            for (Table t : schema.tables()) {
                if (tables.contains(t.qualifiedName())) {
                    generatedColumns.put(t.qualifiedName(), t.columns().stream().map(Column::name)
                            .collect(Collectors.toCollection(HashSet::new)));
                }
            }
        }

        /**
         * The note on a generated row that leaves nullable {@code columns} NULL: what loses values there is not seen
         * ({@code who}), and the fixture {@code at_V<fixture>.sql} that covers them.
         */
        private static String leftNullNote(String table, String columns, String who, String walked, String fixture) {
            return "the row generated for " + table + " leaves " + columns + " NULL (a row with values there was refused: a"
                    + " check, a domain or a trigger): " + who + " that loses values there is not seen in " + walked
                    + "; a fixture with values (at_V" + fixture + ".sql) covers them";
        }

        /**
         * Walks revision {@code i} again on a database rebuilt before it, without the rows generated so far (and, where
         * its own scripts failed on those generated for its undo, without generating any), since {@code f} came from
         * their values, which are no production data; the outcome notes it. Where {@code f} is a NULL in a column that
         * the schema the script started from ({@code beforeScript}) has and the rows did not have when the walk generated
         * them, a migration left it there, as it would in production's rows: the note says so; where the walk left it NULL
         * in a nullable column, production's rows may hold NULL there too: the note says that.
         */
        private Outcome again(int i, String phase, ScriptRunner.Failure f, List<ShouldWorkOnRows.Held> held,
                SchemaSnapshot beforeScript) {
            String name = "V" + versions.get(i).version();
            boolean own = !phase.isEmpty();
            if (own && !unseeded.add(i) || !own && rebuiltBare.contains(i)) {
                throw new IllegalStateException(name + " walked without generated rows twice");
            }
            MigrationFile script = phase.equals("down") ? plan.source().undoFor(versions.get(i).version()).orElseThrow()
                    : versions.get(i);
            boolean nullSet = f.sqlState().equals("23502") && f.serverMessage().contains("contains null values")
                    && !f.column().isEmpty();
            Optional<String> emptyParent = emptyParent(f, beforeScript, text(script));
            // on the way up, a value the revision refuses in some tables' generated rows (not a NULL, nor any row
            // breaking a new column or key, which the other tables' rows would break as well): only those go without
            // rows the first time (else an undo that loses the rows of every other table passed unseen)
            Set<String> refused = new java.util.TreeSet<>();
            held.forEach(h -> refused.add(h.table()));
            boolean partly = !own && !rebuiltWithout.containsKey(i) && !refused.isEmpty() && !nullSet
                    && !newColumnRejected(f, beforeScript, text(script));
            if (partly) {
                rebuiltWithout.put(i, refused);
            } else {
                rebuiltBare.add(i);
            }
            String who = switch (phase) {
                case "" -> name;
                case "down" -> "the undo of " + name;
                default -> name + ", applied again after its undo,";
            };
            Set<String> columnsThen = generatedColumns.get(f.table());
            String note;
            // a plain column there before the script failed: not one it adds, nor a generated one, whose values are
            // computed from the walk's
            // (or the one the script renamed to it)
            Optional<Column> column = beforeScript.table(f.table()).flatMap(t -> columnBefore(t, f.column(), text(script)))
                    .filter(c -> c.generated().isEmpty());
            boolean existed = column.isPresent();
            // a NOT NULL set on the rows there (ALTER ... SET NOT NULL, a constraint validated), not a row written NULL
            if (nullSet && existed && columnsThen != null && !columnsThen.contains(f.column())) {
                // the NULL is not the walk's: a migration added the column after the rows were generated, and left it so
                String when = generatedAt.getOrDefault(f.table(), "generated by the walk");
                note = who + " failed on NULL in " + f.table() + "." + f.column() + " (" + f.serverMessage() + "), a column"
                        + " a migration added after the walk generated the table's rows " + when.replaceFirst("^generated by"
                        + " the walk ", "") + ", and left NULL in them: production's rows hold NULL there too when " + who
                        + " runs, and it fails there, unless something outside the migrations fills the column first. It was"
                        + " walked on a database rebuilt without the generated rows"
                        + (own ? ", with no rows generated for it" : "");
            } else if (nullSet && existed && !column.get().notNull()) {
                // a NULL the walk left in a nullable column, as production's rows may hold it; or one a revision wrote
                // there from the generated rows
                String when = generatedAt.getOrDefault(f.table(), "").replaceFirst("^generated by the walk ", "");
                String rows = !generatedAt.containsKey(f.table()) && derivedAt.containsKey(f.table())
                        ? "the rows " + derivedAt.get(f.table()) : "the rows the walk generated" + (when.isEmpty() ? "" : " " + when);
                note = who + " failed on NULL in " + f.table() + "." + f.column() + " (" + f.serverMessage() + "), a nullable"
                        + " column where " + rows + " hold NULL, as"
                        + " production's rows may: it fails there too unless every row has a value there before " + who
                        + " makes the column NOT NULL (fill the rows that have none first). It was walked on a database"
                        + " rebuilt without the generated rows" + (own ? ", with no rows generated for it" : "");
            } else if (emptyParent.isPresent()) {
                note = who + " failed on the rows of " + f.table() + " (" + f.serverMessage() + "; " + String.join(", ",
                        held.stream().map(h -> h.table() + " " + h.when()).toList()) + "): a new foreign key to "
                        + emptyParent.get() + ", which " + who + " creates empty, fails on any"
                        + " row with a key, so it fails in production wherever the table holds rows as " + who + " runs (fill"
                        + " the table it refers to first, or add the key NOT VALID). It was walked on a database rebuilt"
                        + " without the generated rows" + (own ? ", with no rows generated for it" : "");
            } else if (newColumnRejected(f, beforeScript, text(script))) {
                // rows a revision wrote from the generated ones (derivedAt): any row breaks a new NOT NULL column
                note = who + " failed on the rows of " + f.table() + " (" + f.serverMessage() + "; " + String.join(", ",
                        held.stream().map(h -> h.table() + " " + h.when()).toList()) + "): a new NOT NULL column without a"
                        + " default fails on any row, so it fails in production wherever the table holds rows as " + who
                        + " runs (give the column a default, or fill it before SET NOT NULL). It was walked on a database"
                        + " rebuilt without the generated rows" + (own ? ", with no rows generated for it" : "");
            } else if (nullSet && f.addsGeneratedColumn(f.column())) {
                // a new NOT NULL column generated from the row's values (a document's key): NULL where they give none, as
                // the walk's did; whether production's rows give one the walk cannot know (kestra's V3.1 reads a key its
                // 1.x rows never held; its V1.51 one they all hold)
                note = who + " failed on the rows the walk generated (" + f.serverMessage() + "; " + String.join(", ",
                        held.stream().map(h -> h.table() + " " + h.when()).toList()) + "): the new NOT NULL column "
                        + f.table() + "." + f.column() + " is generated from each row's values, and is NULL where they give"
                        + " it none, as the walk's do; production's rows fail " + who + " the same way wherever theirs give"
                        + " none (a document without the key it reads): make sure every row gives it a value before " + who
                        + " runs, or give its expression a fallback (COALESCE) or the column no NOT NULL. It was walked on"
                        + " a database rebuilt without them"
                        + (own ? ", with no rows generated for it" : partly ? ", with rows generated in the other tables" : "");
            } else {
                note = who + " failed on the values of rows the walk generated (" + f.serverMessage() + "; "
                        + String.join(", ", held.stream().map(h -> h.table() + " " + h.when()).toList())
                        + "), which no production row need hold: it was walked on a database rebuilt without them"
                        + (own ? ", with no rows generated for it" : partly ? ", with rows generated in the other tables" : "");
            }
            // this walk's note before those of the walk again, which it led to
            return walkedWithoutRows(i).withNotesBefore(List.of(note));
        }

        /** How revision {@code i}, walked again without the generated rows ({@link #walkedWithoutRows}), fared: {@code bare}. */
        private ShouldWorkOnRows.WalkedAgain howWalkedAgain(int i, Outcome bare) {
            if (bare.failed()) {
                return appliedAgainOnRows.contains(i) && bare.cause() == Cause.FAILS_ON_ROWS
                        ? ShouldWorkOnRows.WalkedAgain.APPLIED_AGAIN_FAILS : ShouldWorkOnRows.WalkedAgain.FAILED;
            }
            return undoneOnRows.contains(i) && !unseeded.contains(i) ? ShouldWorkOnRows.WalkedAgain.PASSED_ON_ROWS
                    : ShouldWorkOnRows.WalkedAgain.PASSED_WITHOUT_ROWS;
        }

        /**
         * Revision {@code i} walked again (up, down and up) on a database rebuilt at the revision before it without the
         * rows the walk generated: no rows are generated as it starts (the next revision's start generates them).
         */
        private Outcome walkedWithoutRows(int i) {
            resync(i - 1);
            rebuiltAt = i;
            return revision(i);
        }

        /** Where the rows of the tables a failure concerns came from, of those the walk generated: {@code ""} if none. */
        String generatedIn(ScriptRunner.Failure f) {
            return String.join(", ", f.tablesOf(generatedAt.keySet()).stream().map(t -> t + " " + generatedAt.get(t)).toList());
        }

        /**
         * As {@link #generatedIn(ScriptRunner.Failure)}, but every table holding rows the walk generated where neither
         * the server's error nor the failing statement names one ({@link ScriptRunner.Failure#tablesConcerned}).
         */
        String generatedInAny(ScriptRunner.Failure f) {
            return String.join(", ", f.tablesConcerned(generatedAt.keySet()).stream().map(t -> t + " " + generatedAt.get(t))
                    .toList());
        }

        /**
         * Where the rows added to tables since revision {@code name} was applied came from, by table: generated by the
         * walk before its undo, or written by its {@code at_V<v>.sql} fixture.
         */
        private Map<String, String> addedSince(Set<String> fixtureWrote, Optional<MigrationFile> atFixture, String name,
                List<String> seededNow) {
            Map<String, String> from = new HashMap<>();
            seededNow.forEach(t -> from.put(t, generatedAt.get(t))); // as the revision started: the walk's too
            atFixture.ifPresent(f -> fixtureWrote.forEach(t -> from.put(t, "written by the fixture " + f.fileName())));
            generatedAt.forEach((t, when) -> {
                if (when.endsWith(" " + name)) {
                    from.put(t, when);
                }
            });
            return from;
        }

        /**
         * The tables of {@code rows} holding rows the walk generated ({@code from}: where) that a failure concerns
         * ({@link ScriptRunner.Failure#tablesConcerned}), with where their rows came from.
         */
        private static List<ShouldWorkOnRows.Held> held(Map<TableRows.Projection, TableRows.Rows> rows, Map<String, String> from,
                ScriptRunner.Failure f) {
            return held(rows, from, f, true);
        }

        /**
         * As above; without {@code anyConcerned}, only the tables the failure names (the server's error, the failing
         * statement), never every one of them for an error that names none.
         */
        private static List<ShouldWorkOnRows.Held> held(Map<TableRows.Projection, TableRows.Rows> rows, Map<String, String> from,
                ScriptRunner.Failure f, boolean anyConcerned) {
            Set<String> generated = new HashSet<>();
            rows.forEach((p, r) -> {
                if (from.containsKey(p.table()) && r.count() > 0) {
                    generated.add(p.table());
                }
            });
            Set<String> concerned = Set.copyOf(anyConcerned ? f.tablesConcerned(generated) : f.tablesOf(generated));
            List<ShouldWorkOnRows.Held> held = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            rows.forEach((p, r) -> {
                if (concerned.contains(p.table()) && r.count() > 0 && seen.add(p.table())) {
                    held.add(new ShouldWorkOnRows.Held(p.table(), p.columns(), r.count(), r.rows() != null && r.rows().size() <= 3
                            ? r.rows() : List.of(), from.get(p.table())));
                }
            });
            held.sort(java.util.Comparator.comparing(ShouldWorkOnRows.Held::table));
            return held;
        }

        private Map<TableRows.Projection, TableRows.Rows> rows(List<TableRows.Projection> projections) {
            return tableRows.read(walk.connection(), projections);
        }

        /** Where the sequences stand now, with the columns {@code schema}, read now, says each feeds. */
        private Sequences.State sequences(SchemaSnapshot schema) {
            return Sequences.read(walk.connection(), schema);
        }
        /**
         * Starts the walk over on a new database at the state after revision {@code i}: a copy of the last checkpoint
         * with the revisions after it applied (with their fixtures), kept as the next checkpoint.
         */
        private void resync(int i) {
            long t0 = System.nanoTime();
            Walked old = walk;
            try {
                old.connection().close();
            } catch (SQLException ignored) {
                // dropped with FORCE below
            }
            String next = checkpoint == null ? emptyBase() : manager.cloneOf(checkpoint.name());
            int first = checkpoint == null ? 0 : checkpoint.index() + 1;
            Map<String, String> session;
            try {
                session = applyPlain(next, checkpoint == null ? Map.of() : checkpoint.session(), first, i, i);
            } catch (WalkStopped e) {
                manager.drop(old.name());
                manager.drop(next);
                walk = null;
                throw e;
            }
            if (checkpoint != null && checkpoint.owned()) {
                manager.drop(checkpoint.name());
            }
            String database;
            if (rolesTouched) {
                // no copy kept to start over from: what a revision granted a role there would make a later DROP ROLE
                // fail (roles belong to the server); a later start over begins at the base
                checkpoint = baseCheckpoint();
                database = next;
            } else {
                checkpoint = new Checkpoint(next, i, session);
                database = manager.cloneOf(next);
            }
            rebuiltAt = i;
            manager.drop(old.name());
            walk = attach(database, old.tracker());
            restoreSession(walk.connection(), session);
            tableRows = new TableRows(reader.sessionStart());
            lastSequences = null;
            generatedAt.clear();
            derivedAt.clear();
            generatedBefore.clear();
            generatedColumns.clear();
            unseedable.clear(); // the revision walked again tells them again: the notes of its first walk are gone
            current = walk.tracker().full();
            heads.put(i, current.snapshot());
            resyncs.add(Duration.ofNanos(System.nanoTime() - t0));
        }

        /** Where a start over begins without a copy of its own: the base the walk starts on, or none (an empty database). */
        private Checkpoint baseCheckpoint() {
            int walkFrom = RoundTripWalk.this.from;
            return walkFrom == 0 ? null : new Checkpoint(baseTemplate().name(), walkFrom - 1, false, Map.of());
        }

        /**
         * Starts over after revision {@code i} failed with {@code o}. When the rebuild fails, {@code o} stays that
         * revision's verdict (found before it) with the reason as a note, and the walk stops after it.
         */
        private Outcome startOver(int i, Outcome o) {
            try {
                resync(i);
            } catch (WalkStopped e) {
                throw new WalkStopped(o.withNotes(List.of(e.outcome.message())), e.reason);
            }
            return o.withNotes(resyncNote());
        }

        private List<String> resyncNote() {
            return resyncs.isEmpty() ? List.of() : List.of("the walk started over on a database rebuilt at this revision in "
                    + millis(resyncs.get(resyncs.size() - 1)));
        }
    }
}
