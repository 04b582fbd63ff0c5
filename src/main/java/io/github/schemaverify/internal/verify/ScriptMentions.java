package io.github.schemaverify.internal.verify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.schemaverify.internal.migration.MigrationFile;
import io.github.schemaverify.internal.migration.SqlScript;
import io.github.schemaverify.schema.diff.SqlText;

/**
 * What the chain's scripts say of columns, by name, that the rows the walk generates follow, so that what the scripts do
 * to production's rows is done to the walk's:
 * <ul>
 * <li>the paths of JSON documents they name, by the name of the column before them ({@code value ->> 'updated'},
 * {@code value - 'updated'}, {@code value ? 'legacy'}, {@code value #- '{state,old}'}): the documents the walk generates
 * hold each of them, as {@code null} where no generated column reads it for a value. Production's documents hold the
 * keys the application writes and the migrations work on; a generated document without them would let an undo that
 * strips one ({@code UPDATE t SET value = value - 'updated'}) or a revision that deletes one pass unseen;</li>
 * <li>the text columns they cast to documents ({@code ALTER COLUMN props TYPE jsonb USING props::jsonb}): text that
 * is not a document would make the cast fail on the walk's row, and the revision be walked on empty tables;</li>
 * <li>of those paths, the ones the scripts take for arrays ({@code jsonb_array_length(value -> 'tags')}, {@code
 * jsonb_array_elements(value -> 'tags')}): the documents hold an empty array there, where a {@code null} would make
 * the function fail on the walk's row ("cannot get array length of a scalar") and the revision be walked on empty
 * tables;</li>
 * <li>the columns an {@code UPDATE} fills where they are NULL ({@code UPDATE apps SET appid = '' WHERE appid IS
 * NULL}): a nullable column the walk filled would leave such a revision nothing to change, and an undo that does not
 * give the NULLs back would pass.</li>
 * </ul>
 * Matched by name alone: a column of that name in any table gets them, which only adds keys, makes text a document
 * or leaves a nullable column NULL.
 */
final class ScriptMentions {
    static final ScriptMentions NONE = new ScriptMentions(Map.of(), Set.of(), Map.of(), Map.of());

    /** A name followed, maybe after a cast, by an operator on a document and a literal: where to look closer. */
    private static final Pattern CANDIDATE = Pattern.compile("(?<![\\p{L}\\p{N}_$\"])(" + SqlScript.IDENTIFIER
            + ")\\s*(?:::\\s*[\\w\\[\\]\"]+\\s*)?(?:\\)\\s*)*(?:->>?|#>>?|#-|-(?![->])|\\?(?![|&]))\\s*'");
    /** A minus before a literal: {@code value - 'updated'}. */
    private static final Pattern MINUS_LITERAL = Pattern.compile("-\\s*'");

    /**
     * A column cast to a document: {@code ALTER COLUMN props TYPE jsonb USING props::jsonb}, {@code props::json}, {@code
     * CAST(props AS jsonb)}. The group is the column's name as written.
     */
    private static final Pattern CAST_TO_JSON = Pattern.compile("(?i)(?:\\bALTER\\s+COLUMN\\s+(" + SqlScript.IDENTIFIER
            + ")\\s+(?:SET\\s+DATA\\s+)?TYPE\\s+(?:pg_catalog\\s*\\.\\s*)?jsonb?\\b|(?<![\\p{L}\\p{N}_$\"])("
            + SqlScript.IDENTIFIER + ")\\s*::\\s*(?:pg_catalog\\s*\\.\\s*)?jsonb?\\b|\\bCAST\\s*\\(\\s*(" + SqlScript.IDENTIFIER
            + ")\\s+AS\\s+(?:pg_catalog\\s*\\.\\s*)?jsonb?\\s*\\))");

    /**
     * A key of a column's documents taken for an array: {@code jsonb_array_length(value -> 'tags')}, {@code
     * json_array_elements_text(value->'tags')}. The groups are the column's name as written and the key.
     */
    private static final Pattern ARRAY_KEY = Pattern.compile("(?i)\\bjsonb?_array_(?:elements(?:_text)?|length)\\s*\\(\\s*("
            + SqlScript.IDENTIFIER + ")\\s*->\\s*'((?:[^']++|'')*+)'\\s*\\)");

    /** An {@code UPDATE} statement to its semicolon; not {@code ON UPDATE}, {@code FOR UPDATE}, a trigger's event. */
    private static final Pattern UPDATE = Pattern.compile("(?i)(?<!(?:ON|FOR|OR|BEFORE|AFTER|OF)\\s)\\bUPDATE\\s[^;]*");
    /** A column tested for NULL: {@code appid IS NULL}, {@code "AppId" is null}. */
    private static final Pattern IS_NULL = Pattern.compile("(?i)(?<![\\p{L}\\p{N}_$\"])(" + SqlScript.IDENTIFIER
            + ")\\s+IS\\s+NULL\\b");

    /** Paths by the column's name as the catalog has it (unquoted names folded to lower case), in order found. */
    private final Map<String, List<List<String>>> byColumn;
    /** The columns, by name as the catalog has it, that a script casts to {@code json} or {@code jsonb}. */
    private final Set<String> castToJson;
    /**
     * The columns, by name as the catalog has it, that an {@code UPDATE} of a versioned migration tests for NULL, with
     * the versions of those migrations.
     */
    private final Map<String, Set<String>> filledWhereNull;

    /** Of the paths by column, those the scripts take for arrays (the key at the top of the document). */
    private final Map<String, Set<List<String>>> arrays;

    private ScriptMentions(Map<String, List<List<String>>> byColumn, Set<String> castToJson,
            Map<String, Set<String>> filledWhereNull, Map<String, Set<List<String>>> arrays) {
        this.byColumn = byColumn;
        this.castToJson = castToJson;
        this.filledWhereNull = filledWhereNull;
        this.arrays = arrays;
    }

    /** What {@code files} name (migrations, undo scripts, repeatable ones, callbacks, fixtures). */
    static ScriptMentions of(Collection<MigrationFile> files) {
        Map<String, Set<List<String>>> found = new TreeMap<>();
        Set<String> cast = new TreeSet<>();
        Map<String, Set<String>> nulls = new TreeMap<>();
        Map<String, Set<List<String>>> arrays = new TreeMap<>();
        for (MigrationFile f : files) {
            String content = f.content();
            // what production's rows went through: the versioned migrations (an undo's or a fixture's fill is no history)
            boolean fills = f.kind() == MigrationFile.Kind.VERSIONED && IS_NULL.matcher(content).find();
            boolean casts = content.toLowerCase(Locale.ROOT).contains("json");
            boolean operators = content.contains("->") || content.contains("#>") || content.contains("#-")
                    || content.indexOf('?') >= 0 || MINUS_LITERAL.matcher(content).find();
            if (!fills && !casts && !operators) {
                continue; // most scripts
            }
            // what comments say is no code
            String script = SqlText.withoutComments(content);
            if (fills) {
                // each UPDATE up to its semicolon, a DO block's or a function's too
                Matcher update = UPDATE.matcher(script);
                while (update.find()) {
                    Matcher n = IS_NULL.matcher(update.group());
                    while (n.find()) {
                        nulls.computeIfAbsent(catalogName(n.group(1)), k -> new TreeSet<>(MigrationFile::compareVersions))
                                .add(f.version());
                    }
                }
            }
            if (casts) {
                Matcher c = CAST_TO_JSON.matcher(script);
                while (c.find()) {
                    cast.add(catalogName(c.group(1) != null ? c.group(1) : c.group(2) != null ? c.group(2) : c.group(3)));
                }
            }
            if (operators) {
                Set<String> names = new LinkedHashSet<>();
                Matcher m = CANDIDATE.matcher(script);
                while (m.find()) {
                    names.add(m.group(1));
                }
                for (String written : names) {
                    List<List<String>> paths = JsonPaths.named(script, written.startsWith("\"")
                            ? SqlScript.identifierName(written) : written);
                    if (!paths.isEmpty()) {
                        found.computeIfAbsent(catalogName(written), k -> new LinkedHashSet<>()).addAll(paths);
                    }
                }
                Matcher array = ARRAY_KEY.matcher(script);
                while (array.find()) {
                    arrays.computeIfAbsent(catalogName(array.group(1)), k -> new TreeSet<>(java.util.Comparator.comparing(
                            List::toString))).add(List.of(array.group(2).replace("''", "'")));
                }
            }
        }
        Map<String, List<List<String>>> byColumn = new TreeMap<>();
        found.forEach((column, paths) -> byColumn.put(column, List.copyOf(new ArrayList<>(paths))));
        return new ScriptMentions(byColumn, Set.copyOf(cast), nulls, arrays);
    }

    /** A column's name as written, as the catalog has it: quoted as it stands, else in lower case. */
    private static String catalogName(String written) {
        return written.startsWith("\"") ? SqlScript.identifierName(written) : written.toLowerCase(Locale.ROOT);
    }

    /**
     * Whether an {@code UPDATE} of a versioned migration after {@code applied} (the last applied; null for none) tests a
     * column of this name for NULL ({@code UPDATE apps SET appid = '' WHERE appid IS NULL}): production's rows hold NULL
     * there until it runs, which the rows the walk generates before it then do too. Once it ran, they hold values.
     */
    boolean filledWhereNull(String column, String applied) {
        return filledWhereNull.getOrDefault(column, Set.of()).stream()
                .anyMatch(v -> applied == null || MigrationFile.compareVersions(v, applied) > 0);
    }

    /**
     * Whether a script casts a column of this name to a document ({@code ALTER COLUMN props TYPE jsonb USING
     * props::jsonb}): a text column that is to become one holds documents in production, and the cast refuses other text.
     */
    boolean castToJson(String column) {
        return castToJson.contains(column);
    }

    /** The JSON a generated document holds at {@code path}, named for a column of this name: {@code []} or {@code null}. */
    String valueAt(String column, List<String> path) {
        return arrays.getOrDefault(column, Set.of()).contains(path) ? "[]" : "null";
    }

    /** The paths named for a column of this name; empty if none. */
    List<List<String>> paths(String column) {
        return byColumn.getOrDefault(column, List.of());
    }

    /** All of it as text, for the key of what is built from the documents (the prepared base's rows). */
    String key() {
        return byColumn + (castToJson.isEmpty() ? "" : " cast " + new TreeSet<>(castToJson))
                + (filledWhereNull.isEmpty() ? "" : " null " + filledWhereNull) + (arrays.isEmpty() ? "" : " arrays " + arrays);
    }
}
