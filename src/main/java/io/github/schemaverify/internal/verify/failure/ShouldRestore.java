package io.github.schemaverify.internal.verify.failure;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.github.schemaverify.internal.migration.SqlScript;
import io.github.schemaverify.internal.verify.Cause;
import io.github.schemaverify.internal.verify.Failure;
import io.github.schemaverify.schema.Column;
import io.github.schemaverify.schema.CompositeType;
import io.github.schemaverify.schema.Constraint;
import io.github.schemaverify.schema.EnumType;
import io.github.schemaverify.schema.Index;
import io.github.schemaverify.schema.SchemaObject;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.Table;
import io.github.schemaverify.schema.View;
import io.github.schemaverify.schema.diff.Change;
import io.github.schemaverify.schema.diff.SchemaDiff;

/**
 * {@code undo_incomplete}: after the undo, the schema differs from the schema before the revision. Each difference is
 * blamed in its direction, by looking at the schema the revision left: what the revision created or changed and the
 * undo kept was <em>left behind</em>; what the revision dropped or changed and the undo did not bring back was <em>not
 * restored</em>; what the undo dropped, added or changed although the revision never touched it was changed <em>beyond
 * the revision</em>.
 */
public final class ShouldRestore {

    private ShouldRestore() {
    }

    /**
     * How the schema after an undo ({@code undone}) differs from the schema before the revision: every difference but a
     * materialized view that holds data where it held none (a {@code REFRESH} the undo kept harms no query; the
     * reverse, a view left {@code WITH NO DATA}, fails every one).
     */
    public static SchemaDiff undoDiff(SchemaSnapshot before, SchemaSnapshot undone, Set<SchemaDiff.Ignore> ignored) {
        SchemaDiff diff = SchemaDiff.between(before, undone, ignored);
        if (diff.changes().stream().noneMatch(c -> c instanceof Change.Changed changed && changed.properties().stream()
                .anyMatch(ShouldRestore::dataGained))) {
            return diff;
        }
        List<Change> kept = new ArrayList<>();
        for (Change c : diff.changes()) {
            if (c instanceof Change.Changed changed) {
                List<Change.PropertyChange> rest = changed.properties().stream().filter(p -> !dataGained(p)).toList();
                if (!rest.isEmpty()) {
                    kept.add(rest.size() == changed.properties().size() ? c
                            : new Change.Changed(changed.before(), changed.after(), rest));
                }
            } else {
                kept.add(c);
            }
        }
        return new SchemaDiff(kept);
    }

    private static boolean dataGained(Change.PropertyChange p) {
        return p.property().equals(View.POPULATED) && !p.before().isEmpty() && p.after().isEmpty();
    }

    /**
     * @param before    the schema before the revision
     * @param up        the schema after the revision
     * @param undone    the schema after its undo
     */
    public static Failure create(String location, String name, String undoFile, SchemaSnapshot before, SchemaSnapshot up,
            SchemaSnapshot undone, Set<SchemaDiff.Ignore> ignored) {
        return create(location, name, undoFile, before, up, undone, ignored, column -> Refilled.NOT_KNOWN);
    }

    /**
     * The attributes the revision ({@code script}) drops from composite types, as told ({@code attribute b of public.pair,
     * and its values with it}), where the undo added them again out of place ({@code undone}'s type lists them in
     * another order than {@code before}'s): an attribute dropped and added again comes back at the end.
     */
    private static List<String> droppedAttributes(SchemaSnapshot before, SchemaSnapshot up, SchemaSnapshot undone,
            String script) {
        List<String> out = new ArrayList<>();
        for (CompositeType was : before.compositeTypes()) {
            Optional<CompositeType> is = up.compositeType(was.qualifiedName());
            Optional<CompositeType> back = undone.compositeType(was.qualifiedName());
            if (is.isEmpty() || back.isEmpty() || back.get().attributes().equals(was.attributes())) {
                continue;
            }
            List<String> again = back.get().attributes().stream().map(ShouldRestore::attributeName).toList();
            List<String> gone = droppedAttributes(was, is.get(), script).stream().filter(again::contains).toList();
            if (!gone.isEmpty()) {
                boolean one = gone.size() == 1;
                out.add((one ? "attribute " : "attributes ") + String.join(", ", gone) + " of " + was.qualifiedName()
                        + ", and " + (one ? "its values with it" : "their values with them"));
            }
        }
        return out;
    }

    /**
     * The attributes of {@code was} that the revision ({@code script}) drops: gone in {@code is} (the type after it) and
     * named in a {@code DROP ATTRIBUTE [IF EXISTS]} of the script (one renamed is not dropped).
     */
    public static List<String> droppedAttributes(CompositeType was, CompositeType is, String script) {
        List<String> kept = is.attributes().stream().map(ShouldRestore::attributeName).toList();
        return was.attributes().stream().map(ShouldRestore::attributeName).filter(a -> !kept.contains(a)
                && java.util.regex.Pattern.compile("(?i)\\bDROP\\s+ATTRIBUTE\\s+(?:IF\\s+EXISTS\\s+)?\"?"
                        + java.util.regex.Pattern.quote(a) + "\"?(?![\\w$])").matcher(script).find()).toList();
    }

    /** The name of a composite type's attribute as read ({@code name type [COLLATE c]}). */
    public static String attributeName(String attribute) {
        int space = attribute.indexOf(' ');
        return space < 0 ? attribute : attribute.substring(0, space);
    }

    /** The type of a composite type's attribute as read ({@code name type [COLLATE c]}): what follows its name. */
    public static String attributeType(String attribute) {
        String type = attribute.replaceFirst(" COLLATE \\S+$", "");
        int space = type.indexOf(' ');
        return space < 0 ? type : type.substring(space + 1);
    }

    /** What the rows hold in a column an undo added again, against what they held before the revision dropped it. */
    public enum Refilled {
        /** The values they held: the undo derived them again from other data. */
        THE_SAME,
        /** Values, but not those they held. */
        OTHERS,
        /** Nothing known: NULL in every row, no rows, or more rows than are kept. */
        NOT_KNOWN,
        /**
         * The value the default of the column added again gives, in every row, where the rows held others: adding the
         * column gave it, not the undo (told as a column added back without its values).
         */
        DEFAULTED,
        /**
         * NULL in every row before and after, where the undo writes the table: it may fill the column from other data,
         * which NULL cannot tell.
         */
        UNTOLD,
        /**
         * The value the column's default gives, in every row, as the rows held before: adding the column again gave it, and
         * whether the undo also writes the rows' values back cannot be told.
         */
        AS_DEFAULT,
        /**
         * The values they held, where the undo writes nothing there and the column added again numbers the rows from a
         * sequence or as an identity: the walk's rows, numbered from the start as well, got them back by chance, and
         * production's rows get new numbers.
         */
        RENUMBERED
    }

    /**
     * As above, where {@code refilled} tells of a column ({@code public.t.c}) the revision dropped and the undo added
     * again, or that the undo dropped and added again, what the rows hold there now.
     */
    public static Failure create(String location, String name, String undoFile, SchemaSnapshot before, SchemaSnapshot up,
            SchemaSnapshot undone, Set<SchemaDiff.Ignore> ignored, java.util.function.Function<String, Refilled> refilled) {
        return create(location, name, undoFile, before, up, undone, ignored, refilled, "", "");
    }

    /**
     * As above, where {@code script} is the revision's text and {@code undoScript} its undo's: a column the revision
     * renames is found after it under its new name (its values went with it), not taken for one it dropped; a column it
     * reads before dropping it may have its values kept elsewhere; a column the undo renames is told so.
     */
    public static Failure create(String location, String name, String undoFile, SchemaSnapshot before, SchemaSnapshot up,
            SchemaSnapshot undone, Set<SchemaDiff.Ignore> ignored, java.util.function.Function<String, Refilled> refilled,
            String script, String undoScript) {
        return create(location, name, undoFile, before, up, undone, ignored, refilled, script, undoScript, List.of());
    }

    /**
     * As above, with the notices the undo raised: what it skipped because it does not exist ({@code table "func_codes"
     * does not exist, skipping}) is told with the fix, where a misspelt name is the likely cause of what it left behind.
     */
    public static Failure create(String location, String name, String undoFile, SchemaSnapshot before, SchemaSnapshot up,
            SchemaSnapshot undone, Set<SchemaDiff.Ignore> ignored, java.util.function.Function<String, Refilled> refilled,
            String script, String undoScript, List<String> undoNotices) {
        return create(location, name, undoFile, before, up, undone, ignored, refilled, script, undoScript, undoNotices, Set.of());
    }

    /**
     * As above, leaving out the objects ({@code frozen}: their keys) that differ only in a time a {@code 'now'} literal
     * froze into them as the SQL creating them ran, which the caller tells in a note: no change of the undo's.
     */
    public static Failure create(String location, String name, String undoFile, SchemaSnapshot before, SchemaSnapshot up,
            SchemaSnapshot undone, Set<SchemaDiff.Ignore> ignored, java.util.function.Function<String, Refilled> refilled,
            String script, String undoScript, List<String> undoNotices, Set<String> frozen) {
        return create(location, name, undoFile, before, up, undone, ignored, refilled, script, undoScript, undoNotices, frozen,
                List.of());
    }

    /**
     * As above, where {@code droppedWithRows} are the tables the revision drops that held rows before it and hold none
     * after the undo (qualified names): their rows are told lost beside what the undo did not restore, as a fix of the
     * schema alone would fail next on them.
     */
    public static Failure create(String location, String name, String undoFile, SchemaSnapshot before, SchemaSnapshot up,
            SchemaSnapshot undone, Set<SchemaDiff.Ignore> ignored, java.util.function.Function<String, Refilled> refilled,
            String script, String undoScript, List<String> undoNotices, Set<String> frozen, List<String> droppedWithRows) {
        SchemaDiff all = undoDiff(before, undone, ignored);
        SchemaDiff diff = frozen.isEmpty() ? all
                : new SchemaDiff(all.changes().stream().filter(c -> !frozen.contains(c.key())).toList());
        RenamedColumns renamed = RenamedColumns.of(SqlScript.columnRenames(script), before, up);
        Map<String, SchemaObject> asLeft = byKey(up);
        // what the revision left, read in the names before it where it renamed columns: a column an undo renamed back is
        // found there; one it left under the new name is found under that
        Map<String, SchemaObject> afterUp = renamed.asBefore(asLeft);
        // what the revision created, dropped or changed, the undo is to set back as a whole: a function the revision
        // replaced and its undo re-created without SECURITY DEFINER was not restored, though its SECURITY DEFINER was
        // the same before and after the revision
        Set<String> touched = new java.util.HashSet<>();
        SchemaDiff.between(before, up, ignored).changes().forEach(c -> touched.add(c.key()));
        List<Change> leftBehind = new ArrayList<>();
        List<Change> notRestored = new ArrayList<>();
        List<Change> beyond = new ArrayList<>();
        for (Change c : diff.changes()) {
            SchemaObject inUp = afterUp.getOrDefault(c.key(), asLeft.get(c.key()));
            if (c instanceof Change.Added) {
                (inUp != null ? leftBehind : beyond).add(c);
            } else if (c instanceof Change.Removed) {
                // gone after the undo: what the revision dropped or changed (a view it made again with another
                // definition) the undo did not restore; what it left as it was, the undo dropped beyond it
                (inUp == null || touched.contains(c.key()) ? notRestored : beyond).add(c);
            } else if (inUp == null || touched.contains(c.key()) && !(inUp instanceof Column)) {
                notRestored.add(c);
            } else {
                // a column is altered property by property (a function or a view is replaced whole): a default the undo
                // set on a column whose NOT NULL the revision dropped is the undo's own change
                // property by property: what differs after the revision (a column order a dropped column changed, which
                // the diff does not count as a change of order) the undo did not restore; the rest it changed beyond
                Change.Changed changed = (Change.Changed) c;
                List<Change.PropertyChange> kept = new ArrayList<>();
                List<Change.PropertyChange> untouched = new ArrayList<>();
                for (Change.PropertyChange p : changed.properties()) {
                    (inUp.properties().getOrDefault(p.property(), "").equals(p.before()) ? untouched : kept).add(p);
                }
                if (!kept.isEmpty()) {
                    notRestored.add(new Change.Changed(changed.before(), changed.after(), kept));
                }
                if (!untouched.isEmpty()) {
                    beyond.add(new Change.Changed(changed.before(), changed.after(), untouched));
                }
            }
        }
        // the columns and indexes of a table added or removed whole go with it: a table the undo made in another shape
        // than the revision's is left behind, not its columns changed beyond the revision
        withTheirWholes(leftBehind, notRestored, beyond);
        withTheirIndexes(notRestored, beyond);
        StringBuilder m = new StringBuilder(location).append("\nExpecting the schema after undoing ").append(name)
                .append(" to equal the schema before ").append(name).append(",\nbut the undo ");
        List<String> fixes = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        // an object left behind that is one not restored under another name: the revision renamed it, and dropping and
        // re-creating it would lose its rows
        List<SqlScript.TableRename> tablesRenamed = SqlScript.tableRenames(script);
        Renames renames = renames(leftBehind, notRestored, tablesRenamed);
        renames.fixes().forEach(r -> fixes.add(r.replace("%s", undoFile)));
        // a table the revision renamed, left behind under its new name, where another took its old one (so the pair
        // above does not tell it): renamed back, it keeps its rows
        for (SqlScript.TableRename r : tablesRenamed) {
            leftBehind.stream().filter(c -> c instanceof Change.Added a && a.object() instanceof Table t
                    && t.name().equals(r.to()) && (r.schema().isEmpty() || r.schema().equals(t.schema()))
                    && !renames.now().contains(t.qualifiedName()))
                    .map(c -> (Table) ((Change.Added) c).object()).findFirst().ifPresent(t -> {
                        boolean taken = undone.tables().stream().anyMatch(u -> u.schema().equals(t.schema())
                                && u.name().equals(r.from()));
                        fixes.add(name + " renames table " + t.schema() + "." + r.from() + " to " + r.to() + ": rename it"
                                + " back in " + undoFile + " (ALTER TABLE " + t.qualifiedName() + " RENAME TO " + r.from()
                                + (taken ? ", after dropping the " + r.from() + " " + name + " creates" : "") + "), which keeps"
                                + " its rows");
                    });
        }
        if (section(groups, "left behind", leftBehind) && !placeOnly(leftBehind) && !renames.explain(leftBehind)) {
            // an extension's comment differs from the one its control file gives: that one is to be set back, not removed
            List<String> extensions = leftBehind.stream().filter(c -> c.object() instanceof io.github.schemaverify.schema.Comment k
                    && k.target().startsWith("extension ")).map(c -> ((io.github.schemaverify.schema.Comment) c.object())
                            .target().substring("extension ".length())).toList();
            boolean others = leftBehind.size() > extensions.size();
            if (others) {
                fixes.add("add the missing DROP or ALTER statements to " + undoFile + (leftBehind.stream().anyMatch(c ->
                        c.object() instanceof io.github.schemaverify.schema.Comment k && !k.target().startsWith("extension "))
                        ? " (COMMENT ON ... IS NULL for a comment)" : ""));
            }
            if (!extensions.isEmpty()) {
                boolean one = extensions.size() == 1;
                fixes.add("set the comment of " + (one ? "extension " : "extensions ") + String.join(", ", extensions)
                        + " back in " + undoFile + " to the one " + (one ? "its" : "their") + " control file gives (COMMENT ON"
                        + " EXTENSION ... IS the text SELECT comment FROM pg_available_extensions WHERE name " + (one ? "= '"
                        + extensions.get(0) + "'" : "IN ('" + String.join("', '", extensions) + "')") + " gives, or NULL where"
                        + " it gives none)");
            }
        }
        // a constraint or index the undo made again without its name (a table's re-created with its constraints
        // unnamed, which PostgreSQL names after their columns now): the same but for the name, not to be taken out
        Renames anew = madeAnew(beyond, notRestored);
        anew.fixes().forEach(r -> fixes.add(r.replace("%s", undoFile)));
        // labels the revision added to an enum (ALTER TYPE ... ADD VALUE), which no ALTER TYPE takes out again
        List<Change> labelsAdded = notRestored.stream().filter(ShouldRestore::labelsAdded).toList();
        if (section(groups, "did not restore", notRestored) && !placeOnly(notRestored)
                && !renames.and(anew).explain(notRestored) && labelsAdded.size() < notRestored.size()) {
            // privileges alone (a GRANT the undo does not revoke): the exact statements to add; a NOT NULL alone, which
            // the rows written since the revision may hold NULL against
            List<Column> notNull = notNullOnly(notRestored);
            fixes.add(privilegesOnly(notRestored) ? "make " + undoFile + " revoke what " + name + " grants and grant again"
                    + " what it revokes" : !notNull.isEmpty() ? notNullAgain(name, undoFile, notNull, up)
                    : "make " + undoFile + " re-create what " + name + " drops and set back what it changes");
        }
        for (Change c : labelsAdded) {
            EnumType was = (EnumType) ((Change.Changed) c).before();
            EnumType is = (EnumType) ((Change.Changed) c).after();
            List<String> added = is.labels().stream().filter(l -> !was.labels().contains(l)).map(l -> "'" + l.replace("'",
                    "''") + "'").toList();
            String type = SqlNames.qualified(was.schema(), was.name());
            String old = SqlNames.ident(was.name() + "_old");
            fixes.add(name + " adds " + (added.size() == 1 ? "label " : "labels ") + String.join(", ", added) + " to enum "
                    + was.qualifiedName() + ", and PostgreSQL takes no label out of an enum (there is no ALTER TYPE ... DROP"
                    + " VALUE): make " + undoFile + " make the type again without " + (added.size() == 1 ? "it" : "them")
                    + " (ALTER TYPE " + type + " RENAME TO " + old + "; CREATE TYPE " + type + " " + was.summary() + "; ALTER"
                    + " TABLE ... ALTER COLUMN ... TYPE " + type + " USING ...::text::" + type + " for each column of it, its"
                    + " default dropped first and set again after; DROP TYPE " + SqlNames.qualified(was.schema(), was.name()
                    + "_old") + "), after"
                    + " giving the rows that hold " + (added.size() == 1 ? "it" : "them") + " another label; or mark " + name
                    + " irreversible");
        }
        // an object the undo renamed, which the revision left as it was
        Renames renamedByUndo = renames(beyond, beyond, name, SqlScript.columnRenames(undoScript));
        renamedByUndo.fixes().forEach(r -> fixes.add(r.replace("%s", undoFile)));
        if (section(groups, "changed what " + name + " leaves as it was", beyond) && !placeOnly(beyond)
                && !renamedByUndo.and(anew).explain(beyond)) {
            // what the undo dropped or changed may have been needed on the way (a view over a column whose type it takes
            // back, a default that type would not take): then taking it out breaks the undo
            fixes.add(beyond.stream().allMatch(c -> c instanceof Change.Added) ? "take out of " + undoFile
                    + " what creates objects that " + name + " does not leave, or drop them at its end where they were"
                    + " needed on the way (a type renamed out of the way)" : "make " + undoFile + " leave these as they"
                    + " were: take out what creates, drops or changes them, or, where dropping or changing one is needed on"
                    + " the way (a view or index over a column whose type the undo takes back, a default the old type would"
                    + " not take), create or set it again after");
        }
        List<String> readded = readdedColumns(diff, afterUp, before);
        // each plain column once: what the rows hold there now is read from the database
        Map<Refilled, List<String>> readdedPlain = new java.util.EnumMap<>(Refilled.class);
        // a column that came back with its default alone is one added back without its values, as one left NULL
        readded.stream().filter(c -> !generatedBefore(diff, c)).forEach(c -> {
            Refilled now = refilled.apply(c);
            readdedPlain.computeIfAbsent(now == Refilled.DEFAULTED || now == Refilled.RENUMBERED ? Refilled.NOT_KNOWN : now,
                    k -> new ArrayList<>()).add(c);
        });
        // a column the revision reads before dropping it (INSERT INTO links SELECT id, token FROM keys): its values may be
        // kept elsewhere, for an undo to fill it from
        List<SqlScript.Statement> statements = readdedPlain.containsKey(Refilled.NOT_KNOWN) ? SqlScript.parse(script) : List.of();
        Map<Boolean, List<String>> copied = readdedPlain.getOrDefault(Refilled.NOT_KNOWN, List.of()).stream()
                .collect(java.util.stream.Collectors.partitioningBy(c -> readBeforeDropped(statements, c)));
        List<String> readdedLost = copied.get(false);
        List<String> readdedCopied = copied.get(true);
        List<String> readdedOther = readdedPlain.getOrDefault(Refilled.OTHERS, List.of());
        List<String> readdedBack = readdedPlain.getOrDefault(Refilled.THE_SAME, List.of());
        List<String> readdedUntold = readdedPlain.getOrDefault(Refilled.UNTOLD, List.of());
        List<String> readdedDefault = readdedPlain.getOrDefault(Refilled.AS_DEFAULT, List.of());
        List<String> readdedGenerated = readded.stream().filter(c -> generatedBefore(diff, c)).toList();
        String orderOut = "; if nothing relies on the columns' order, the property schemaverify.snapshot.columnOrder=false"
                + " leaves the order out";
        String keepCopy = ". Mark " + name + " irreversible, or make " + name + " keep a copy of the table for " + undoFile
                + " to re-create it with its columns in order and their values" + orderOut;
        if (!readdedLost.isEmpty()) {
            // the revision dropped them: no ALTER COLUMN brings a column back, and ADD COLUMN puts it at the end
            fixes.add(name + " drops " + String.join(", ", readdedLost) + ", and " + (readdedLost.size() == 1 ? "its values"
                    : "their values") + " with it: no undo can give them back, and adding " + (readdedLost.size() == 1
                    ? "the column" : "the columns") + " again puts " + (readdedLost.size() == 1 ? "it" : "them") + " at the"
                    + " end" + (readdedOther.isEmpty() && readdedCopied.isEmpty() ? keepCopy : "")); // once, after the last
        }
        if (!readdedCopied.isEmpty()) {
            boolean one = readdedCopied.size() == 1;
            fixes.add(name + " reads " + String.join(", ", readdedCopied) + " in a statement of its own before dropping "
                    + (one ? "it" : "them") + ", and " + undoFile + " adds " + (one ? "it" : "them") + " back without "
                    + (one ? "its" : "their") + " values: where " + name + " keeps them elsewhere, fill " + (one ? "it" : "them")
                    + " from there in " + undoFile + "; adding " + (one ? "the column" : "the columns") + " again puts "
                    + (one ? "it" : "them") + " at the end" + (readdedOther.isEmpty() ? keepCopy : ""));
        }
        if (!readdedOther.isEmpty()) {
            // the undo fills them from other data, which does not give the values the rows held
            fixes.add(name + " drops " + String.join(", ", readdedOther) + ", and " + undoFile + " adds "
                    + (readdedOther.size() == 1 ? "it" : "them") + " again at the end of the table, filled with other values"
                    + " than the rows held before " + name + keepCopy);
        }
        if (!readdedBack.isEmpty()) {
            // the undo derived their values again (from other tables): only the place is lost
            boolean one = readdedBack.size() == 1;
            fixes.add(name + " drops " + String.join(", ", readdedBack) + " and " + undoFile + " adds " + (one ? "it" : "them")
                    + " again with " + (one ? "its" : "their") + " values, but at the end of the table: no ALTER puts a column"
                    + " back in place. Re-create the table with its columns in order in " + undoFile + " (with its rows), or"
                    + " mark " + name + " irreversible" + orderOut);
        }
        if (!readdedUntold.isEmpty()) {
            // the undo writes the table, and the walk's rows held no value there: whether it derives them again is unknown
            boolean one = readdedUntold.size() == 1;
            fixes.add(name + " drops " + String.join(", ", readdedUntold) + " and " + undoFile + " adds " + (one ? "it" : "them")
                    + " again at the end of the table, and writes the table: the rows the walk holds there had no value in "
                    + (one ? "it" : "them") + " to tell whether " + undoFile + " gives " + (one ? "its" : "their") + " values back"
                    + " (a fixture before_" + name + ".sql that gives rows with values there lets it tell)."
                    + " No ALTER puts a column back in place: re-create the table with its columns in order in " + undoFile
                    + " (with its rows), or mark " + name + " irreversible" + orderOut);
        }
        if (!readdedDefault.isEmpty()) {
            // the walk's rows held the default there, which adding the column gives again: no loss shows, none is proven
            boolean one = readdedDefault.size() == 1;
            fixes.add(name + " drops " + String.join(", ", readdedDefault) + " and " + undoFile + " adds " + (one ? "it" : "them")
                    + " again at the end of the table with a default, which gives every row the walk holds the value it had there"
                    + " before " + name + ": whether " + undoFile + " gives your rows' values back cannot be told from them (a fixture before_" + name
                    + ".sql that gives rows other values there lets it tell). No ALTER puts a column back in place: re-create"
                    + " the table with its columns in order in " + undoFile + " (with its rows), or mark " + name + " irreversible"
                    + orderOut);
        }
        if (!readdedGenerated.isEmpty()) {
            // a generated column's values come back with it, computed again: only the place is lost
            boolean one = readdedGenerated.size() == 1;
            fixes.add(name + " drops " + String.join(", ", readdedGenerated) + " (generated: adding " + (one ? "it" : "them")
                    + " again computes " + (one ? "its" : "their") + " values anew), and adding " + (one ? "the column" : "the columns")
                    + " again puts " + (one ? "it" : "them") + " at the end: re-create the table with its columns in order in "
                    + undoFile + " (with its rows), or mark " + name + " irreversible" + orderOut);
        }
        Map<String, Boolean> moved = movedByRevision(diff, afterUp, before);
        if (!moved.isEmpty() && !script.isEmpty() && moved.keySet().stream().noneMatch(c -> addsColumn(script,
                c.substring(c.lastIndexOf('.') + 1)))) {
            // no ADD COLUMN of them: the revision made the table anew in another order (its rows copied over)
            List<String> reordered = moved.keySet().stream().map(col -> col.substring(0, col.lastIndexOf('.'))).distinct()
                    .toList();
            int tables = reordered.size();
            fixes.add(name + " puts the columns of " + String.join(", ", reordered) + " in another order (it creates "
                    + (tables == 1 ? "the table" : "them") + " anew, without an ADD COLUMN of " + String.join(", ",
                    moved.keySet()) + "), and no ALTER in an undo puts a column back in place: re-create "
                    + (tables == 1 ? "the table" : "them") + " with " + (tables == 1 ? "its" : "their") + " columns in order in "
                    + undoFile + " (with " + (tables == 1 ? "its" : "their") + " rows), or mark " + name + " irreversible" + orderOut);
        } else if (!moved.isEmpty()) {
            // the revision itself put them at the end (dropped and added again): no undo's ALTER COLUMN moves them back
            boolean one = moved.size() == 1;
            boolean generated = moved.values().stream().allMatch(g -> g);
            long tables = moved.keySet().stream().map(col -> col.substring(0, col.lastIndexOf('.'))).distinct().count();
            fixes.add(name + " moves " + String.join(", ", moved.keySet()) + " to the end of " + (one ? "its table" : tables == 1
                    ? "their table" : "their tables") + " (it drops " + (one ? "the column" : "them") + " and adds " + (one ? "it" : "them")
                    + " again" + (generated ? "" : ", and " + (one ? "its values" : "their values") + " with " + (one ? "it" : "them"))
                    + "), and no ALTER in an undo puts a column back in place: re-create the table with its columns in order"
                    + " in " + undoFile + " (with its rows), or make " + name + " change " + (one ? "the column" : "them")
                    + " in place (" + (generated ? "ALTER COLUMN ... SET EXPRESSION, from PostgreSQL 17 on" : "ALTER COLUMN ..."
                    + " TYPE ... USING, SET DEFAULT") + ")" + orderOut);
        }
        java.util.Set<String> explained = new java.util.HashSet<>();
        java.util.stream.Stream.concat(readded.stream(), moved.keySet().stream()).forEach(c -> explained.add(c.substring(0,
                c.lastIndexOf('.'))));
        if (changes(diff, Table.COLUMN_ORDER) && explained.size() < movedTables(diff)) {
            // a column dropped and added again: the fix is not to drop it
            // and where the column so moved came back with other values than the rows held, that is said too: the
            // order is what the diff shows, the values are what a reviewer loses
            Map<Refilled, List<String>> byValues = new java.util.EnumMap<>(Refilled.class);
            movedByUndo(diff, explained).forEach(c -> byValues.computeIfAbsent(refilled.apply(c), k -> new ArrayList<>()).add(c));
            List<String> revalued = java.util.stream.Stream.of(Refilled.OTHERS, Refilled.DEFAULTED)
                    .flatMap(r -> byValues.getOrDefault(r, List.of()).stream()).toList();
            List<String> renumbered = byValues.getOrDefault(Refilled.RENUMBERED, List.of());
            fixes.add("put the columns back in place in " + undoFile + ": set a column back with ALTER COLUMN (TYPE, SET,"
                    + " DROP) rather than dropping it and adding it again, which moves it to the end" + (revalued.isEmpty() ? ""
                    : " and takes its values with it (" + String.join(", ", revalued) + (revalued.size() == 1 ? " holds" : " hold")
                    + " other values now than the rows held before " + name + ")") + (renumbered.isEmpty() ? ""
                    : " and numbers the rows anew (" + String.join(", ", renumbered) + (renumbered.size() == 1 ? " takes its"
                    : " take their") + " values from a sequence again: each row gets the next number in the order the rows lie"
                    + " on disk, not the one it held; the walk's rows, numbered from the start as well, hold the same values"
                    + " by chance)"));
            boolean generated = diff.changes().stream().anyMatch(c -> c instanceof Change.Changed changed
                    && changed.after() instanceof Table t && changed.properties().stream().anyMatch(p -> p.property()
                            .equals(Table.COLUMN_ORDER)) && t.columns().stream().anyMatch(col -> !col.generated().isEmpty()));
            if (generated) {
                // before PostgreSQL 17 a generated column's expression cannot be set in place: it is dropped and added
                fixes.add("a generated column's expression cannot be changed in place before PostgreSQL 17 (ALTER COLUMN"
                        + " ... SET EXPRESSION): where " + undoFile + " must add one again, re-create the table with its"
                        + " columns in order (with its rows), or mark " + name + " irreversible; if nothing relies on the"
                        + " columns' order, the property schemaverify.snapshot.columnOrder=false leaves it out");
            }
        }
        if (diff.changes().stream().anyMatch(ShouldRestore::declaredSince) && !inheritanceChanged(diff)) {
            // NO INHERIT undone by INHERIT: no statement takes a column's attislocal back
            fixes.add("a table that stops inheriting (NO INHERIT) declares as its own every column and constraint it"
                    + " inherited, and INHERIT does not take that back (dropping them from the parent would then leave"
                    + " the table's own): re-create the table with INHERITS in " + undoFile + " (with its rows, indexes,"
                    + " triggers, owner and grants), or mark " + name + " irreversible");
        }
        if (diff.changes().stream().anyMatch(c -> c instanceof Change.Changed changed && changed.properties().stream()
                .anyMatch(ShouldRestore::dataGone))) {
            // the definition is back, the data is not: every SELECT of it fails until a refresh
            fixes.add("a materialized view created WITH NO DATA fails every query (\"has not been populated\") until"
                    + " REFRESH MATERIALIZED VIEW: create it WITH DATA (the default) in " + undoFile + ", or refresh it there");
        }
        for (String attributes : droppedAttributes(before, up, undone, script)) {
            fixes.add(name + " drops " + attributes + ": no undo can give them back, and ADD ATTRIBUTE puts an attribute at"
                    + " the end of its type. Mark " + name + " irreversible, or make " + name + " keep a copy of the values for "
                    + undoFile + " to make the type again with its attributes in order and give them back");
        }
        if (!droppedWithRows.isEmpty()) {
            // the table made again (or not) has no rows: the rows went with the table the revision dropped
            fixes.add(ShouldKeepRows.droppedTables(name, droppedWithRows, undoFile));
        }
        m.append(String.join("and ", groups));
        String fix = String.join("; ", fixes);
        m.append(Character.toUpperCase(fix.charAt(0))).append(fix.substring(1)).append('.');
        // a name the revision left there that the undo did remove (an index or a trigger it dropped with its table a
        // statement before) is no misspelling; one no schema held, or one still there after the undo, may be
        Set<String> removed = new HashSet<>();
        Set<String> left = new HashSet<>();
        if (undoNotices.stream().anyMatch(n -> n.endsWith(SKIPPING))) {
            removed.addAll(names(before));
            removed.addAll(names(up));
            left.addAll(names(undone));
            removed.removeAll(left);
        }
        List<String> skipped = undoNotices.stream().map(n -> n.replaceFirst("^NOTICE: ", ""))
                .filter(n -> n.endsWith(SKIPPING))
                .filter(n -> skippedName(n).map(x -> !removed.contains(x)).orElse(true))
                .distinct().toList();
        if (!skipped.isEmpty()) {
            m.append(' ').append(undoFile).append(" skipped what does not exist (PostgreSQL: ").append(String.join("; ",
                    skipped)).append("): check the names it drops against what ").append(name).append(" creates.");
        }
        return new Failure(Cause.UNDO_INCOMPLETE, m.toString());
    }

    /** How PostgreSQL's notice of an {@code IF EXISTS} that found nothing ends. */
    private static final String SKIPPING = "does not exist, skipping";

    /** The names of a snapshot's objects, unqualified ({@code t_idx}, {@code touch} for {@code public.touch()}). */
    private static Set<String> names(SchemaSnapshot schema) {
        Set<String> names = new HashSet<>();
        for (SchemaObject o : schema.objects()) {
            String q = o.qualifiedName();
            int arguments = q.indexOf('(');
            q = arguments < 0 ? q : q.substring(0, arguments);
            names.add(q.substring(q.lastIndexOf('.') + 1));
        }
        return names;
    }

    /**
     * The name a notice of something skipped names ({@code index "t_idx" does not exist, skipping}: {@code t_idx};
     * {@code function f(integer) does not exist, skipping}: {@code f}); empty where it names none so.
     */
    static Optional<String> skippedName(String notice) {
        java.util.regex.Matcher quoted = SKIPPED_QUOTED.matcher(notice);
        if (quoted.find()) {
            return Optional.of(quoted.group(1));
        }
        java.util.regex.Matcher routine = SKIPPED_ROUTINE.matcher(notice);
        return routine.lookingAt() ? Optional.of(routine.group(1).replaceFirst("^.*\\.", "")) : Optional.empty();
    }

    private static final java.util.regex.Pattern SKIPPED_QUOTED = java.util.regex.Pattern.compile("\"([^\"]+)\"");
    private static final java.util.regex.Pattern SKIPPED_ROUTINE = java.util.regex.Pattern.compile(
            "(?:NOTICE: )?(?:function|procedure|aggregate|routine) ([^(\\s]+)\\(");

    /** The kinds a rename is told for, with the statement that renames one back. */
    private static final Map<String, String> RENAMES = Map.of("table", "ALTER TABLE %1$s RENAME TO %2$s", "column",
            "ALTER TABLE %3$s RENAME COLUMN %1$s TO %2$s", "index", "ALTER INDEX %1$s RENAME TO %2$s", "view",
            "ALTER VIEW %1$s RENAME TO %2$s", "materialized view", "ALTER MATERIALIZED VIEW %1$s RENAME TO %2$s", "sequence",
            "ALTER SEQUENCE %1$s RENAME TO %2$s");

    /** What renaming an object back keeps that dropping and creating it again loses, by kind. */
    private static final Map<String, String> KEEPS = Map.of("table", "keeps its rows", "column", "keeps its values", "index",
            "needs no rebuild", "view", "keeps its grants and the views built on it", "materialized view",
            "keeps its rows", "sequence", "keeps where it stands");

    /**
     * Objects the revision renamed and the undo did not rename back: the fix for each (with {@code %s} for the undo
     * script), and their names now and before.
     */
    private record Renames(List<String> fixes, Set<String> now, Set<String> was) {
        /** Whether every change of the group is one of them, a part of one (a table's column), or moved with one. */
        boolean explain(List<Change> group) {
            return !fixes.isEmpty() && group.stream().allMatch(this::explains);
        }

        /** These and {@code other}'s together. */
        Renames and(Renames other) {
            if (other.fixes.isEmpty()) {
                return this;
            }
            List<String> allFixes = new ArrayList<>(fixes);
            allFixes.addAll(other.fixes);
            Set<String> allNow = new java.util.HashSet<>(now);
            allNow.addAll(other.now);
            Set<String> allWas = new java.util.HashSet<>(was);
            allWas.addAll(other.was);
            return new Renames(allFixes, allNow, allWas);
        }

        private boolean explains(Change c) {
            if (c instanceof Change.Added a) {
                return now.contains(a.object().qualifiedName()) || now.contains(a.object().parent());
            }
            if (c instanceof Change.Removed r) {
                return was.contains(r.object().qualifiedName()) || was.contains(r.object().parent());
            }
            return c instanceof Change.Changed ch && (was.contains(ch.before().parent()) || now.contains(ch.after().parent())
                    || was.contains(ch.before().qualifiedName()));
        }
    }

    /**
     * The pairs of an object left behind and one not restored that are the same but for the name (kind, owner object,
     * summary), one each.
     */
    private static Renames renames(List<Change> leftBehind, List<Change> notRestored,
            List<SqlScript.TableRename> tablesRenamed) {
        return renames(leftBehind, notRestored, "", List.of(), tablesRenamed);
    }

    /**
     * As above; where {@code revision} is not empty, the pairs are both changes beyond it ({@code added} and {@code
     * removed} from the same group), columns the undo renamed ({@code undoRenames}, as its script writes them) that the
     * revision left as they were.
     */
    private static Renames renames(List<Change> leftBehind, List<Change> notRestored, String revision,
            List<SqlScript.ColumnRename> undoRenames) {
        return renames(leftBehind, notRestored, revision, undoRenames, List.of());
    }

    /**
     * As above; the columns of a table the revision renamed away ({@code tablesRenamed}, as its script writes them) are
     * no renames: a table of that name after it is another one (V6 renames athletes to athlete_logins and creates
     * athletes again), whose columns are not the old table's.
     */
    private static Renames renames(List<Change> leftBehind, List<Change> notRestored, String revision,
            List<SqlScript.ColumnRename> undoRenames, List<SqlScript.TableRename> tablesRenamed) {
        List<String> out = new ArrayList<>();
        Set<String> now = new java.util.HashSet<>();
        Set<String> was = new java.util.HashSet<>();
        for (Change added : leftBehind) {
            if (!(added instanceof Change.Added a) || !RENAMES.containsKey(a.object().kind())) {
                continue;
            }
            Optional<SchemaObject> pair = onlyPair(a, leftBehind, notRestored);
            if (pair.isEmpty()) {
                continue;
            }
            SchemaObject renamed = a.object();
            SchemaObject before = pair.get();
            if (renamed instanceof Column c && tablesRenamed.stream().anyMatch(r -> r.from().equals(c.table())
                    && (r.schema().isEmpty() || r.schema().equals(c.schema())))) {
                continue;
            }
            if (!revision.isEmpty() && !(renamed instanceof Column c && undoRenames.stream().anyMatch(r -> r.table()
                    .equals(c.table()) && (r.schema().isEmpty() || r.schema().equals(c.schema())) && r.to().equals(c.name())
                    && r.from().equals(last(before.qualifiedName()))))) {
                continue; // not one the undo's script renames: a drop and a create, maybe
            }
            String name = renamed.kind().equals("column") ? last(renamed.qualifiedName()) : renamed.qualifiedName();
            String statement = RENAMES.get(renamed.kind()).formatted(name, last(before.qualifiedName()), renamed.parent());
            if (revision.isEmpty()) {
                // a sequence or an index the same but for its name may be one the revision created anew, PostgreSQL naming it
                // so as the old name was taken (a table re-created with a serial and a key, V3 of authelia's): not renamed
                String is = List.of("sequence", "index").contains(renamed.kind()) ? " takes the place of "
                        + before.qualifiedName() + ", the same but for its name" : " is " + before.qualifiedName() + " renamed";
                out.add(renamed.kind() + " " + renamed.qualifiedName() + is + ": rename it back in %s (" + statement + "), which "
                        + KEEPS.get(renamed.kind()) + ", rather than dropping and creating it again");
            } else {
                out.add(renamed.kind() + " " + renamed.qualifiedName() + " is " + before.qualifiedName() + " renamed by %s,"
                        + " which " + revision + " leaves as it was: take the rename out of %s, or rename it back at its end ("
                        + statement + "); its values stay with it either way");
            }
            now.add(renamed.qualifiedName());
            was.add(before.qualifiedName());
        }
        return new Renames(out, now, was);
    }

    /** Whether {@code c} is an enum whose labels are the same but for labels added among them. */
    private static boolean labelsAdded(Change c) {
        return c instanceof Change.Changed ch && ch.before() instanceof EnumType was && ch.after() instanceof EnumType is
                && ch.properties().stream().allMatch(p -> p.property().equals("labels")) && is.labels().size() > was.labels().size()
                && is.labels().stream().filter(was.labels()::contains).toList().equals(was.labels());
    }

    /**
     * The pairs of a constraint or index the undo added beyond the revision ({@code beyond}) and one it did not restore
     * ({@code notRestored}) that are the same but for the name, one each: made again under the name PostgreSQL gives
     * one its statement does not name ({@code s_gid_fkey}, where a column was renamed since the first was made).
     */
    private static Renames madeAnew(List<Change> beyond, List<Change> notRestored) {
        List<String> out = new ArrayList<>();
        Set<String> now = new java.util.HashSet<>();
        Set<String> was = new java.util.HashSet<>();
        for (Change c : beyond) {
            if (!(c instanceof Change.Added a) || !List.of("constraint", "index", "sequence").contains(a.object().kind())) {
                continue;
            }
            Optional<SchemaObject> pair = onlyPair(a, beyond, notRestored);
            if (pair.isEmpty()) {
                continue;
            }
            SchemaObject made = a.object();
            String before = SqlNames.ident(last(pair.get().qualifiedName()));
            String madeName = SqlNames.ident(last(made.qualifiedName()));
            boolean constraint = made.kind().equals("constraint");
            now.add(made.qualifiedName());
            was.add(pair.get().qualifiedName());
            if (made.kind().equals("sequence")) {
                // a serial column's, named after its table: the column's default names it, and follows its rename
                io.github.schemaverify.schema.Sequence sequence = (io.github.schemaverify.schema.Sequence) made;
                List<Change> defaults = notRestored.stream().filter(n -> n instanceof Change.Changed ch
                        && ch.before() instanceof Column && ch.properties().stream().allMatch(p -> p.property().equals("default")
                                && nextvalOf(p.before(), sequence.schema()).equals(pair.get().qualifiedName())
                                && nextvalOf(p.after(), sequence.schema()).equals(made.qualifiedName()))).toList();
                defaults.forEach(n -> was.add(((Change.Changed) n).before().qualifiedName()));
                out.add("sequence " + made.qualifiedName() + " is " + pair.get().qualifiedName() + " made again under another"
                        + " name" + (sequence.ownedBy().isEmpty() ? "" : " (a column's, which PostgreSQL names after its table"
                        + " and column)") + ": rename it at the end of %s (ALTER SEQUENCE " + SqlNames.qualified(sequence.schema(),
                        last(made.qualifiedName())) + " RENAME TO " + before + ")" + (defaults.isEmpty() ? "" : ", and the column's default"
                        + " follows it"));
                continue;
            }
            if (!constraint && beyond.stream().anyMatch(b -> b instanceof Change.Added x && x.object().kind().equals("constraint")
                    && x.object().parent().equals(made.parent()) && last(x.object().qualifiedName()).equals(last(made.qualifiedName())))) {
                continue; // a unique or primary key constraint's index, named with it
            }
            int dot = made.parent().indexOf('.'); // a constraint's and an index's parent: its table, schema.table
            String schema = made.parent().substring(0, dot);
            out.add(made.kind() + " " + made.qualifiedName() + " is " + pair.get().qualifiedName() + " made again under"
                    + " another name: give it its name in %s (" + (constraint ? "CONSTRAINT " + before + " before its"
                    + " definition" : "CREATE INDEX " + before + " ON ...") + "), or rename it at its end (" + (constraint
                    ? "ALTER TABLE " + SqlNames.qualified(schema, made.parent().substring(dot + 1)) + " RENAME CONSTRAINT "
                    + madeName + " TO " + before : "ALTER INDEX " + SqlNames.qualified(schema, last(made.qualifiedName()))
                    + " RENAME TO " + before) + ")");
        }
        return new Renames(out, now, was);
    }

    private static final java.util.regex.Pattern NEXTVAL = java.util.regex.Pattern.compile("^nextval\\('([^']+)'::regclass\\)$");

    /** The sequence a column default's {@code nextval('s_id_seq'::regclass)} names, qualified with {@code schema} where not. */
    private static String nextvalOf(String expression, String schema) {
        java.util.regex.Matcher m = NEXTVAL.matcher(expression);
        return !m.matches() ? "" : m.group(1).contains(".") ? m.group(1) : schema + "." + m.group(1);
    }

    /**
     * The one object removed among {@code removed} that is {@code a}'s object but for the name, where no other added
     * among {@code added} is the same but for the name too.
     */
    private static Optional<SchemaObject> onlyPair(Change.Added a, List<Change> added, List<Change> removed) {
        List<SchemaObject> same = removed.stream().filter(c -> c instanceof Change.Removed)
                .map(c -> ((Change.Removed) c).object()).filter(o -> sameButName(a.object(), o)).toList();
        if (same.size() != 1) {
            return Optional.empty();
        }
        long others = added.stream().filter(c -> c instanceof Change.Added b && sameButName(b.object(), same.get(0))).count();
        return others == 1 ? Optional.of(same.get(0)) : Optional.empty();
    }

    private static boolean sameButName(SchemaObject a, SchemaObject b) {
        return a.kind().equals(b.kind()) && a.parent().equals(b.parent()) && a.summary().equals(b.summary())
                && !a.qualifiedName().equals(b.qualifiedName());
    }

    private static String last(String qualified) {
        return qualified.substring(qualified.lastIndexOf('.') + 1);
    }

    /**
     * Whether every change of the group has a fix of its own: where a column or constraint comes from (a column order,
     * or an inherited one the table now declares too), or a materialized view's data gone.
     */
    private static boolean placeOnly(List<Change> group) {
        return group.stream().allMatch(c -> c instanceof Change.Changed changed && changed.properties().stream()
                .allMatch(p -> p.property().equals(Table.COLUMN_ORDER) || declaredSince(p) || dataGone(p)));
    }

    /** A materialized view that held data and holds none since ({@code WITH NO DATA}). */
    private static boolean dataGone(Change.PropertyChange p) {
        return p.property().equals(View.POPULATED) && p.before().isEmpty();
    }

    /** An inherited column or constraint that the table declares since, and did not before. */
    /**
     * Whether a table's parents differ ({@code INHERIT} not undone): then its columns, inherited since, are declared as
     * well as inherited, and the table's change tells what to set back.
     */
    private static boolean inheritanceChanged(SchemaDiff diff) {
        return diff.changes().stream().anyMatch(c -> c instanceof Change.Changed changed && changed.after() instanceof Table
                && changed.properties().stream().anyMatch(p -> p.property().equals("inherits")));
    }

    private static boolean declaredSince(Change c) {
        return c instanceof Change.Changed changed && changed.properties().stream().anyMatch(ShouldRestore::declaredSince);
    }

    private static boolean declaredSince(Change.PropertyChange p) {
        return p.property().equals(Column.DECLARED_LOCALLY) && p.before().isEmpty() && !p.after().isEmpty();
    }

    /** Whether {@code script} adds a column named {@code column} ({@code ADD [COLUMN] [IF NOT EXISTS] column}). */
    static boolean addsColumn(String script, String column) {
        String name = java.util.regex.Pattern.quote(column);
        return java.util.regex.Pattern.compile("(?i)\\bADD\\s+(?:COLUMN\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:\"" + name
                + "\"|" + name + "\\b)").matcher(script).find();
    }

    /**
     * The columns ({@code table.column}) the revision dropped and the undo added again, where they alone moved the
     * table's columns out of order: present before the revision, not after it ({@code afterUp}), and back after the undo.
     */
    private static List<String> readdedColumns(SchemaDiff diff, Map<String, SchemaObject> afterUp, SchemaSnapshot before) {
        List<String> readded = new ArrayList<>();
        for (Change c : diff.changes()) {
            if (c instanceof Change.Changed changed && changed.before() instanceof Table was && changed.after() instanceof Table is
                    && tableAfterUp(c, was, afterUp, before) instanceof Table up
                    && changed.properties().stream().anyMatch(p -> p.property().equals(Table.COLUMN_ORDER))) {
                Set<String> kept = new java.util.HashSet<>(up.columns().stream().map(Column::name).toList());
                List<String> dropped = was.columns().stream().map(Column::name).filter(n -> !kept.contains(n)).toList();
                List<String> wasKept = was.columns().stream().map(Column::name).filter(kept::contains).toList();
                // a column the revision adds that the undo leaves behind is no kept one's place (hyperswitch's U46
                // leaves payment_method_data, where V46 drops payment_issuer)
                Set<String> wasNames = new java.util.HashSet<>(wasKept);
                List<String> isKept = is.columns().stream().map(Column::name).filter(wasNames::contains).toList();
                Set<String> back = new java.util.HashSet<>(is.columns().stream().map(Column::name).toList());
                if (!dropped.isEmpty() && wasKept.equals(isKept)) {
                    dropped.stream().filter(back::contains).forEach(d -> readded.add(was.qualifiedName() + "." + d));
                }
            }
        }
        return readded;
    }

    /**
     * Whether one of the revision's statements ({@code statements}) before the one that drops the column ({@code
     * public.t.c}) names it and its table where rows are read or written ({@code INSERT INTO links SELECT id, token FROM
     * keys} before {@code ALTER TABLE keys DROP COLUMN token}).
     */
    private static boolean readBeforeDropped(List<SqlScript.Statement> statements, String column) {
        String name = column.substring(column.lastIndexOf('.') + 1);
        String table = column.substring(column.indexOf('.') + 1, column.lastIndexOf('.'));
        java.util.regex.Pattern word = named(name);
        java.util.regex.Pattern ofTable = named(table);
        for (SqlScript.Statement s : statements) {
            String sql = io.github.schemaverify.schema.diff.SqlText.masked(s.sql());
            String k = s.keywords();
            if (k.startsWith("ALTER TABLE") && k.contains(" DROP ") && word.matcher(sql).find() && ofTable.matcher(sql).find()) {
                return false; // the statements after the drop read another column of that name
            }
            boolean reads = k.startsWith("INSERT ") || k.startsWith("UPDATE ") || k.startsWith("WITH ") || k.startsWith("SELECT ")
                    || k.startsWith("MERGE ") || k.matches("^CREATE (?:\\w+ )*TABLE .* AS .*");
            if (reads && word.matcher(sql).find() && ofTable.matcher(sql).find()) {
                return true;
            }
        }
        return false;
    }

    /** A name in SQL text, quoted or not, qualified or not ({@code k.token}, {@code "Token"}). */
    private static java.util.regex.Pattern named(String name) {
        return java.util.regex.Pattern.compile("(?i)(?<![\\p{L}\\p{N}_$])\"?" + java.util.regex.Pattern.quote(name)
                + "\"?(?![\\p{L}\\p{N}_$])");
    }

    /** Whether {@code column} ({@code public.t.c}) was a generated column before the revision. */
    private static boolean generatedBefore(SchemaDiff diff, String column) {
        String table = column.substring(0, column.lastIndexOf('.'));
        String name = column.substring(column.lastIndexOf('.') + 1);
        return diff.changes().stream().anyMatch(c -> c instanceof Change.Changed changed && changed.before() instanceof Table t
                && t.qualifiedName().equals(table) && t.columns().stream().anyMatch(col -> col.name().equals(name)
                        && !col.generated().isEmpty()));
    }

    /**
     * The columns ({@code public.t.c}) the revision itself moved to the end of a table whose column order the undo did not
     * restore (it dropped them and added them again), each with whether it is generated there; those the undo left at
     * the end as well, so a table the undo re-created in order, or a column only the undo moved, is not named.
     */
    private static Map<String, Boolean> movedByRevision(SchemaDiff diff, Map<String, SchemaObject> afterUp,
            SchemaSnapshot before) {
        Map<String, Boolean> moved = new java.util.LinkedHashMap<>();
        for (Change c : diff.changes()) {
            if (c instanceof Change.Changed changed && changed.before() instanceof Table was && changed.after() instanceof Table is
                    && tableAfterUp(c, was, afterUp, before) instanceof Table up
                    && changed.properties().stream().anyMatch(p -> p.property().equals(Table.COLUMN_ORDER))) {
                Set<String> common = new java.util.HashSet<>(was.columnOrder());
                common.retainAll(up.columnOrder());
                common.retainAll(is.columnOrder());
                List<String> wasOrder = was.columnOrder().stream().filter(common::contains).toList();
                List<String> byRevision = movedToEnd(wasOrder, up.columnOrder().stream().filter(common::contains).toList());
                List<String> stillAtEnd = movedToEnd(wasOrder, is.columnOrder().stream().filter(common::contains).toList());
                byRevision.stream().filter(stillAtEnd::contains).forEach(n -> moved.put(was.qualifiedName() + "." + n,
                        up.columns().stream().anyMatch(col -> col.name().equals(n) && !col.generated().isEmpty())));
            }
        }
        return moved;
    }

    /** What {@code was} became after the revision: the table of its name, or the one the revision renamed it to, or null. */
    private static SchemaObject tableAfterUp(Change c, Table was, Map<String, SchemaObject> afterUp, SchemaSnapshot before) {
        return afterUp.get(c.key()) instanceof Table t ? t : renamedTo(was, afterUp, before);
    }

    /**
     * The table the revision renamed {@code was} to (or moved to another schema), its undo taking it back: the one table
     * new after it that keeps an index of {@code was} by name (renaming a table leaves its indexes' names, the primary
     * key's too) and a column of it; else null.
     */
    private static Table renamedTo(Table was, Map<String, SchemaObject> afterUp, SchemaSnapshot before) {
        Set<String> indexes = new java.util.HashSet<>();
        was.indexes().forEach(i -> indexes.add(i.schema() + "." + i.name()));
        Set<String> columns = new java.util.HashSet<>(was.columnOrder());
        List<Table> renamed = afterUp.values().stream().filter(o -> o instanceof Table t && before.table(t.qualifiedName())
                .isEmpty() && t.columns().stream().anyMatch(col -> columns.contains(col.name()))
                && t.indexes().stream().anyMatch(i -> indexes.contains(was.schema() + "." + i.name())
                        || indexes.contains(i.schema() + "." + i.name()))).map(Table.class::cast).toList();
        return renamed.size() == 1 ? renamed.get(0) : null;
    }

    /**
     * The shortest tail of {@code now} whose columns, taken out of both orders, leave them alike: the columns dropped and
     * added again (ADD COLUMN puts a column at the end); empty when the orders are alike or no tail explains them.
     */
    private static List<String> movedToEnd(List<String> was, List<String> now) {
        for (int k = 1; k < now.size() && !was.equals(now); k++) {
            List<String> tail = now.subList(now.size() - k, now.size());
            if (was.stream().filter(n -> !tail.contains(n)).toList().equals(now.subList(0, now.size() - k))) {
                return tail;
            }
        }
        return List.of();
    }

    /** Whether every change is of privileges only (a table's, a column's, a function's, a sequence's...). */
    /**
     * The columns of {@code changes}, where each change is a column that was NOT NULL and is no more, and nothing else
     * about it changed; else empty.
     */
    private static List<Column> notNullOnly(List<Change> changes) {
        List<Column> columns = new ArrayList<>();
        for (Change c : changes) {
            if (!(c instanceof Change.Changed changed && changed.before() instanceof Column was && was.notNull()
                    && changed.properties().size() == 1 && changed.properties().get(0).property().equals("not null"))) {
                return List.of();
            }
            columns.add(was);
        }
        return columns;
    }

    /**
     * The fix for an undo that leaves {@code columns} without the NOT NULL they had before the revision; where the
     * revision lets one hold NULL (it is nullable in {@code up}, the schema after it), the rows written since may.
     */
    private static String notNullAgain(String name, String undoFile, List<Column> columns, SchemaSnapshot up) {
        Column first = columns.get(0);
        String table = SqlNames.qualified(first.schema(), first.table());
        String column = SqlNames.ident(first.name());
        boolean one = columns.size() == 1;
        boolean nullable = columns.stream().anyMatch(c -> up.table(c.schema() + "." + c.table())
                .flatMap(t -> t.column(c.name())).map(after -> !after.notNull()).orElse(false));
        return "make " + undoFile + " set NOT NULL on " + String.join(", ", columns.stream().map(c -> c.schema() + "."
                + c.table() + "." + c.name()).toList()) + " again (ALTER TABLE " + table + " ALTER COLUMN " + column
                + " SET NOT NULL" + (one ? "" : ", and so for the others") + ")" + (nullable ? ", after giving a value to the"
                + " rows that hold NULL there, as rows written after " + name + " may (UPDATE " + table + " SET " + column
                + " = ... WHERE " + column + " IS NULL), or mark " + name + " irreversible" : "");
    }

    private static boolean privilegesOnly(List<Change> changes) {
        return changes.stream().allMatch(c -> c instanceof Change.Changed changed && changed.properties().stream()
                .allMatch(p -> p.property().endsWith("privileges")));
    }

    /** How many tables' column order the diff changes. */
    private static long movedTables(SchemaDiff diff) {
        return diff.changes().stream().filter(c -> c instanceof Change.Changed changed && changed.properties().stream()
                .anyMatch(p -> p.property().equals(Table.COLUMN_ORDER))).count();
    }

    /**
     * The columns ({@code public.t.c}) an undo moved within their tables, of tables not {@code explained} otherwise: those
     * that now stand after a column they stood before (dropped and added again, at the end).
     */
    private static List<String> movedByUndo(SchemaDiff diff, Set<String> explained) {
        List<String> moved = new ArrayList<>();
        for (Change c : diff.changes()) {
            if (!(c instanceof Change.Changed changed && changed.before() instanceof Table was && changed.after() instanceof Table is)
                    || explained.contains(was.qualifiedName())) {
                continue;
            }
            // the columns still in their order are the longest run of them in the old order; the others moved
            List<String> then = was.columnOrder();
            List<String> kept = is.columnOrder().stream().filter(then::contains).toList();
            int[] at = kept.stream().mapToInt(then::indexOf).toArray(); // each one's place in the old order
            int n = kept.size();
            int[] length = new int[n];
            int[] previous = new int[n];
            int end = -1;
            for (int i = 0; i < n; i++) {
                length[i] = 1;
                previous[i] = -1;
                for (int j = 0; j < i; j++) {
                    if (at[j] < at[i] && length[j] + 1 > length[i]) {
                        length[i] = length[j] + 1;
                        previous[i] = j;
                    }
                }
                if (end < 0 || length[i] > length[end]) {
                    end = i;
                }
            }
            Set<String> inOrder = new java.util.HashSet<>();
            for (int i = end; i >= 0; i = previous[i]) {
                inOrder.add(kept.get(i));
            }
            kept.stream().filter(column -> !inOrder.contains(column))
                    .forEach(column -> moved.add(is.qualifiedName() + "." + column));
        }
        return moved;
    }

    private static boolean changes(SchemaDiff diff, String property) {
        return diff.changes().stream().anyMatch(c -> c instanceof Change.Changed changed && changed.properties().stream()
                .anyMatch(p -> p.property().equals(property)));
    }

    private static boolean section(List<String> groups, String heading, List<Change> changes) {
        if (changes.isEmpty()) {
            return false;
        }
        groups.add(heading + ":\n" + new SchemaDiff(changes).render("  "));
        return true;
    }

    /**
     * Moves each part of an object added or removed whole (a table's column, index, constraint, trigger) that stands in
     * another list than the whole into the whole's list, where the diff shows it under the whole.
     */
    @SafeVarargs
    private static void withTheirWholes(List<Change>... lists) {
        Map<String, List<Change>> wholes = new java.util.HashMap<>();
        for (List<Change> list : lists) {
            for (Change c : list) {
                if (!(c instanceof Change.Changed) && c.object().parent().isEmpty()) {
                    wholes.put(whole(c, c.object().qualifiedName()), list);
                }
            }
        }
        for (List<Change> list : lists) {
            for (java.util.Iterator<Change> it = list.iterator(); it.hasNext();) {
                Change c = it.next();
                if (c instanceof Change.Changed || c.object().parent().isEmpty()) {
                    continue;
                }
                List<Change> home = wholes.get(whole(c, c.object().parent()));
                if (home != null && home != list) {
                    it.remove();
                    home.add(c);
                }
            }
        }
    }

    /**
     * A key's constraint (primary key, unique, exclusion) gone after the undo goes where its index goes: a revision that
     * made the index again (over a column it dropped and added with another type) made the constraint again too, though
     * its definition reads the same, and the undo that dropped the column took both.
     */
    private static void withTheirIndexes(List<Change> notRestored, List<Change> beyond) {
        Set<String> indexes = new java.util.HashSet<>();
        notRestored.stream().filter(c -> c instanceof Change.Removed && c.object() instanceof Index)
                .forEach(c -> indexes.add(((Index) c.object()).schema() + "." + ((Index) c.object()).name()));
        for (java.util.Iterator<Change> it = beyond.iterator(); it.hasNext();) {
            Change c = it.next();
            if (c instanceof Change.Removed && c.object() instanceof Constraint k && k.type().hasIndex()
                    && indexes.contains(k.schema() + "." + k.name())) {
                it.remove();
                notRestored.add(c);
            }
        }
    }

    private static String whole(Change c, String name) {
        return (c instanceof Change.Added ? "+" : "-") + name;
    }

    private static Map<String, SchemaObject> byKey(SchemaSnapshot snapshot) {
        Map<String, SchemaObject> map = new java.util.HashMap<>();
        for (SchemaObject o : snapshot.objects()) {
            map.put(o.key(), o);
        }
        return map;
    }
}
