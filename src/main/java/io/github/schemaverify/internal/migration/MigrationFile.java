package io.github.schemaverify.internal.migration;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One SQL file found in a migration location, or a versioned Java migration ({@link #java(String, String)}).
 *
 * @param fileName the file's name, e.g. {@code V3__add_embedding.sql}; a Java migration's class's simple name
 * @param origin   where it was found, e.g. {@code classpath:db/migration/V3__add_embedding.sql}; {@code java:} and a Java
 *                 migration's class
 * @param kind     versioned, undo, repeatable, or other (callbacks, fixtures)
 * @param version  the version for versioned and undo files, else empty
 * @param description the description as the file name spells it, e.g. {@code add_embedding}
 */
public record MigrationFile(String fileName, String origin, Kind kind, String version, String description, String content,
        ScriptConfig config) {

    public enum Kind { VERSIONED, UNDO, REPEATABLE, OTHER }

    /**
     * Flyway's per-script configuration, read from {@code <file>.conf} beside the script (Flyway's "script config
     * files"): {@code executeInTransaction} and {@code placeholderReplacement}.
     *
     * @param executeInTransaction empty to let the statements decide, as Flyway does
     */
    public record ScriptConfig(java.util.Optional<Boolean> executeInTransaction, boolean placeholderReplacement) {
        public static final ScriptConfig DEFAULT = new ScriptConfig(java.util.Optional.empty(), true);

        /**
         * A record's own text (base templates' names hash it), written out: a record's own is built from method handles
         * at its first call (docs/benchmarks.md); {@code MigrationFileTest} holds it to the record's.
         */
        @Override
        public String toString() {
            return "ScriptConfig[executeInTransaction=" + executeInTransaction + ", placeholderReplacement="
                    + placeholderReplacement + "]";
        }
    }

    private static final String SUFFIX = ".sql";
    private static final Pattern VERSION = Pattern.compile("\\d+(?:[._]\\d+)*");

    public static MigrationFile of(String fileName, String origin, String content) {
        return of(fileName, origin, content, ScriptConfig.DEFAULT);
    }

    /**
     * Reads the name as Flyway does: a prefix in upper case ({@code v1__x.sql} is no migration), the suffix in any case
     * ({@code V1__x.SQL} is one), the version up to the first {@code __} ({@code V1_2__x.sql} is version 1.2) or, with
     * none, the whole rest ({@code V2.sql} is version 2, without a description).
     */
    public static MigrationFile of(String fileName, String origin, String content, ScriptConfig config) {
        int end = fileName.length() - SUFFIX.length();
        if (end <= 1 || !isScript(fileName) || "VUR".indexOf(fileName.charAt(0)) < 0) {
            return new MigrationFile(fileName, origin, Kind.OTHER, "", "", content, config);
        }
        String prefix = fileName.substring(0, 1);
        String rest = fileName.substring(1, end);
        int separator = rest.indexOf("__");
        String version = separator < 0 ? rest : rest.substring(0, separator);
        String description = separator < 0 ? "" : rest.substring(separator + 2);
        if (prefix.equals("R")) {
            return version.isEmpty() ? new MigrationFile(fileName, origin, Kind.REPEATABLE, "", description, content, config)
                    : new MigrationFile(fileName, origin, Kind.OTHER, "", "", content, config);
        }
        if (version.isEmpty() || !VERSION.matcher(version).matches()) {
            return new MigrationFile(fileName, origin, Kind.OTHER, "", "", content, config);
        }
        return new MigrationFile(fileName, origin, prefix.equals("V") ? Kind.VERSIONED : Kind.UNDO,
                version.replace('_', '.'), description, content, config);
    }

    /** Whether the name ends in {@code .sql}, in any case, as Flyway's SQL migrations do. */
    public static boolean isScript(String name) {
        return name.regionMatches(true, name.length() - SUFFIX.length(), SUFFIX, 0, SUFFIX.length());
    }

    /** Where a Java migration's entry says its class is: {@code java:} and the class's binary name. */
    private static final String JAVA = "java:";

    /**
     * A versioned Java migration ({@code V6_0__Backfill extends BaseJavaMigration}) as the chain holds it beside the SQL
     * files: named by its class's simple name, with the version Flyway reads from it, and no text.
     */
    public static MigrationFile java(String className, String version) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        int separator = simple.indexOf("__");
        return new MigrationFile(simple, JAVA + className, Kind.VERSIONED, version,
                separator < 0 ? "" : simple.substring(separator + 2), "", ScriptConfig.DEFAULT);
    }

    /** Whether this is a Java migration ({@link #java(String, String)}), which Flyway runs as code, not as SQL. */
    public boolean isJava() {
        return origin.startsWith(JAVA);
    }

    /** A Java migration's class, by binary name. */
    public String javaClass() {
        if (!isJava()) {
            throw new IllegalStateException(origin + " is no Java migration");
        }
        return origin.substring(JAVA.length());
    }

    /** {@code V3 embedding_index}, or {@code V3} for a file without a description: how verdicts name a revision. */
    public String label() {
        return "V" + version + (description.isEmpty() ? "" : " " + description);
    }

    /** Compares Flyway versions numerically part by part; trailing zeros do not count (1.0 equals 1). */
    public static int compareVersions(String a, String b) {
        List<BigInteger> x = parts(a);
        List<BigInteger> y = parts(b);
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            BigInteger p = i < x.size() ? x.get(i) : BigInteger.ZERO;
            BigInteger q = i < y.size() ? y.get(i) : BigInteger.ZERO;
            int c = p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The version as compareVersions sees it: numeric parts, trailing zeros dropped ("1.01.0" becomes "1.1"). */
    public static String canonicalVersion(String version) {
        List<BigInteger> parts = parts(version);
        int end = parts.size();
        while (end > 1 && parts.get(end - 1).signum() == 0) {
            end--;
        }
        return parts.subList(0, end).stream().map(BigInteger::toString).collect(java.util.stream.Collectors.joining("."));
    }

    /**
     * The numeric parts, split at {@code .} and {@code _} as {@code version.split("[._]")} would (trailing empty parts
     * dropped), without a regex: sorting a long history compares versions thousands of times.
     */
    private static List<BigInteger> parts(String version) {
        List<String> texts = new ArrayList<>(4);
        int start = 0;
        for (int i = 0; i <= version.length(); i++) {
            if (i == version.length() || version.charAt(i) == '.' || version.charAt(i) == '_') {
                texts.add(version.substring(start, i));
                start = i + 1;
            }
        }
        int end = texts.size();
        while (end > 1 && texts.get(end - 1).isEmpty()) {
            end--;
        }
        List<BigInteger> parts = new ArrayList<>(end);
        for (int i = 0; i < end; i++) {
            parts.add(new BigInteger(texts.get(i)));
        }
        return parts;
    }

    /** True when the first line is the marker {@code -- schemaverify:irreversible}. */
    public boolean markedIrreversible() {
        String first = content.strip().lines().findFirst().orElse("");
        return first.replace(" ", "").equalsIgnoreCase("--schemaverify:irreversible");
    }
}
