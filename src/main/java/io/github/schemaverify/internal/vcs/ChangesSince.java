package io.github.schemaverify.internal.vcs;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.internal.migration.MigrationFile;

/**
 * What changed in the migrations since a git ref: the files SchemaVerify found (versioned and undo scripts, fixtures)
 * against the files in the same directories of the repository at the merge base of the ref and {@code HEAD} (what a
 * pull request's diff compares with), uncommitted and untracked files included. Migrations are matched by version, as
 * Flyway matches them, fixtures by name; content is compared as Flyway's checksum compares it, line by line (line
 * endings and a byte order mark do not count).
 *
 * <p>A {@code filesystem:} location is a directory of the repository; a {@code classpath:} location
 * ({@code classpath:db/migration}) is the directory of the working tree whose path ends with it
 * ({@code src/main/resources/db/migration}), preferring the module the tests run in, never the build's output. Git
 * runs a handful of plumbing commands, whatever the number of files.
 */
public final class ChangesSince {

    /** A location and the files SchemaVerify found in it. */
    public record Location(String location, List<MigrationFile> files, boolean fixtures) {
        public Location {
            files = List.copyOf(files);
        }
    }

    /** How a migration that exists at the merge base differs now. */
    public enum EditKind { EDITED, RENAMED, REMOVED }

    /**
     * A versioned migration of the merge base that is not as it was: Flyway's validation fails on a database that
     * applied it.
     *
     * @param version   its version
     * @param atBase    its file name at the merge base
     * @param pathAtBase its path in the repository at the merge base
     * @param now       its file name now, empty when it was removed
     * @param before    its content at the merge base
     * @param after     its content now, empty when it was removed
     */
    public record Edit(EditKind kind, String version, String atBase, String pathAtBase, String now, String before, String after) {
    }

    /**
     * What changed.
     *
     * @param repository      the repository's top directory
     * @param mergeBase       the merge base of the ref and {@code HEAD}, abbreviated
     * @param changedVersions the versions (canonical) whose V or U script or fixture is new, changed or removed
     * @param removedVersions the versions (canonical) of versioned migrations of the merge base that no file has now
     * @param versionsAtBase  the versions (canonical) of the versioned migrations at the merge base, in order
     */
    public record Changes(String ref, String mergeBase, Path repository, Set<String> changedVersions, Set<String> removedVersions,
            List<Edit> edits, List<String> versionsAtBase) {
    }

    /** Why git could not tell what changed. */
    public enum ProblemKind { GIT_MISSING, NO_REPOSITORY, UNKNOWN_REF, NO_MERGE_BASE, NOT_IN_REPOSITORY, TWO_REPOSITORIES }

    /**
     * Git could not tell what changed.
     *
     * @param where   the directory or location concerned
     * @param detail  what git said, on one line, or the detail of the problem
     * @param shallow whether the repository is a shallow clone (an unknown ref or a missing merge base then needs more
     *                history fetched)
     */
    public static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final ProblemKind kind;
        private final String where;
        private final String detail;
        private final boolean shallow;

        Problem(ProblemKind kind, String where, String detail, boolean shallow) {
            super(kind + " " + where + ": " + detail, null, false, false);
            this.kind = kind;
            this.where = where;
            this.detail = detail;
            this.shallow = shallow;
        }

        public ProblemKind kind() {
            return kind;
        }

        public String where() {
            return where;
        }

        public String detail() {
            return detail;
        }

        public boolean shallow() {
            return shallow;
        }
    }

    private static final Pattern FIXTURE = Pattern.compile("(?i)(?:before|at)_V(\\d+(?:[._]\\d+)*)\\.sql");

    private ChangesSince() {
    }

    /**
     * Compares the locations' files with the repository at the merge base of {@code ref} and {@code HEAD}.
     *
     * @param program   the git program ({@code git}, or a path)
     * @param moduleDir the directory the tests run in (a classpath location is looked for there first)
     * @param loader    the loader that found classpath locations (their build output is never taken for the source)
     * @throws Problem when git cannot tell: not installed, no repository, an unknown ref, no merge base, a location
     *                 outside the repository
     */
    public static Changes find(String program, String ref, List<Location> locations, Path moduleDir, ClassLoader loader) {
        if (locations.isEmpty()) {
            throw new IllegalArgumentException("no locations");
        }
        Path top = null;
        for (Location l : locations) {
            Path dir = l.location().startsWith("filesystem:") ? Path.of(l.location().substring("filesystem:".length()))
                    .toAbsolutePath() : moduleDir.toAbsolutePath();
            Path found = topLevel(program, dir, l.location());
            if (top != null && !top.equals(found)) {
                throw new Problem(ProblemKind.TWO_REPOSITORIES, l.location(), "it is in " + found + ", the other migrations in "
                        + top, false);
            }
            top = found;
        }
        Git git = new Git(program, top);
        boolean shallow = "true".equals(git.run("rev-parse", "--is-shallow-repository").text());
        Git.Result commit = git.run("rev-parse", "--verify", "--quiet", ref + "^{commit}");
        if (commit.exit() != 0) {
            throw new Problem(ProblemKind.UNKNOWN_REF, top.toString(), commit.error(), shallow);
        }
        String base = commit.text();
        if (git.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}").exit() == 0) {
            Git.Result mergeBase = git.run("merge-base", base, "HEAD");
            if (mergeBase.exit() != 0) {
                throw new Problem(ProblemKind.NO_MERGE_BASE, top.toString(), mergeBase.error(), shallow);
            }
            base = mergeBase.text();
        }
        String abbreviated = git.run("rev-parse", "--short", base).text();

        Map<Location, String> roots = new LinkedHashMap<>();
        List<String> workingTree = null;
        for (Location l : locations) {
            if (l.location().startsWith("filesystem:")) {
                roots.put(l, relative(top, Path.of(l.location().substring("filesystem:".length())), l.location()));
            } else {
                if (workingTree == null) {
                    workingTree = List.of(split(git.run("ls-files", "-z", "--cached", "--others", "--exclude-standard").out()));
                }
                roots.put(l, classpathRoot(top, l, workingTree, moduleDir, loader));
            }
        }
        List<String> args = new ArrayList<>(List.of("ls-tree", "-r", "-z", "--name-only", base, "--"));
        roots.values().forEach(r -> args.add(r.isEmpty() ? "." : r + "/"));
        Git.Result tree = git.run(args.toArray(String[]::new));
        if (tree.exit() != 0) {
            throw new SchemaVerifyException("git ls-tree in " + top + " failed (exit " + tree.exit() + "): " + tree.error());
        }
        List<String> atBase = new ArrayList<>();
        for (String path : split(tree.out())) {
            if (MigrationFile.isScript(path)) {
                atBase.add(path);
            }
        }
        Map<String, String> contents = contents(git, base, atBase);

        Set<String> changed = new LinkedHashSet<>();
        Set<String> removed = new LinkedHashSet<>();
        List<Edit> edits = new ArrayList<>();
        Set<String> versionsAtBase = new TreeSet<>(MigrationFile::compareVersions);
        for (Location l : locations) {
            String root = roots.get(l);
            List<String> under = atBase.stream().filter(p -> root.isEmpty() || p.startsWith(root + "/")).toList();
            if (l.fixtures()) {
                compareFixtures(l, under, contents, changed);
            } else {
                compareMigrations(l, under, contents, changed, removed, edits, versionsAtBase);
            }
        }
        edits.sort(Comparator.comparing(Edit::version, MigrationFile::compareVersions));
        return new Changes(ref, abbreviated, top, Collections.unmodifiableSet(changed), Collections.unmodifiableSet(removed),
                List.copyOf(edits), List.copyOf(versionsAtBase));
    }

    private static Path topLevel(String program, Path dir, String location) {
        Git.Result r;
        try {
            r = new Git(program, dir).run("rev-parse", "--show-toplevel");
        } catch (Git.Missing e) {
            throw new Problem(ProblemKind.GIT_MISSING, dir.toString(), e.getMessage(), false);
        }
        if (r.exit() != 0) {
            if (r.err().contains("not a git repository")) {
                throw new Problem(ProblemKind.NO_REPOSITORY, dir.toString(), r.error(), false);
            }
            throw new SchemaVerifyException("git rev-parse --show-toplevel in " + dir + " (for " + location + ") failed (exit "
                    + r.exit() + "): " + r.error());
        }
        try {
            return Path.of(r.text()).toRealPath();
        } catch (IOException e) {
            return Path.of(r.text());
        }
    }

    /** The path of {@code dir} in the repository ({@code ""} for its top), or a problem when it lies outside. */
    private static String relative(Path top, Path dir, String location) {
        Path real;
        try {
            real = dir.toAbsolutePath().toRealPath();
        } catch (IOException e) {
            real = dir.toAbsolutePath().normalize();
        }
        if (!real.startsWith(top)) {
            throw new Problem(ProblemKind.NOT_IN_REPOSITORY, location, real + " is outside the repository " + top, false);
        }
        return top.relativize(real).toString().replace('\\', '/');
    }

    /**
     * The directory of the working tree that a classpath location's files come from: one whose path ends with the
     * location's ({@code src/main/resources/db/migration} for {@code classpath:db/migration}), not the build's output
     * the loader reads, preferring the module the tests run in, then the one that holds most of the files found.
     */
    private static String classpathRoot(Path top, Location l, List<String> workingTree, Path moduleDir, ClassLoader loader) {
        String path = l.location().replaceFirst("^classpath:", "").replace('\\', '/').replaceAll("^/+|/+$", "");
        Set<String> candidates = new TreeSet<>();
        String needle = "/" + path + "/";
        for (String f : workingTree) {
            String slashed = "/" + f;
            int at = slashed.indexOf(needle);
            while (at >= 0) {
                candidates.add(slashed.substring(1, at + needle.length() - 1));
                at = slashed.indexOf(needle, at + 1);
            }
        }
        Set<String> output = new TreeSet<>();
        try {
            for (URL url : Collections.list(loader.getResources(path))) {
                if ("file".equals(url.getProtocol())) {
                    Path p = Path.of(url.toURI()).toRealPath();
                    if (p.startsWith(top)) {
                        output.add(top.relativize(p).toString().replace('\\', '/'));
                    }
                }
            }
        } catch (IOException | URISyntaxException e) {
            // no output to leave out
        }
        List<String> sources = candidates.stream().filter(c -> !output.contains(c)).toList();
        if (sources.isEmpty()) {
            sources = List.copyOf(candidates);
        }
        if (sources.isEmpty()) {
            throw new Problem(ProblemKind.NOT_IN_REPOSITORY, l.location(), "no directory of the working tree of " + top
                    + " ends with " + path, false);
        }
        String module;
        try {
            Path real = moduleDir.toAbsolutePath().toRealPath();
            module = real.startsWith(top) ? top.relativize(real).toString().replace('\\', '/') : null;
        } catch (IOException e) {
            module = null;
        }
        String inModule = module == null ? null : module.isEmpty() ? "" : module + "/";
        Set<String> names = new java.util.HashSet<>();
        l.files().forEach(f -> names.add(f.fileName()));
        Comparator<String> preference = Comparator.<String, Boolean>comparing(c -> inModule == null || !c.startsWith(inModule))
                .thenComparing(c -> -workingTree.stream().filter(f -> f.startsWith(c + "/")
                        && names.contains(f.substring(f.lastIndexOf('/') + 1))).count())
                .thenComparing(Comparator.naturalOrder());
        return sources.stream().min(preference).orElseThrow();
    }

    /** The contents of {@code paths} at {@code commit}, read with one {@code git cat-file --batch}. */
    private static Map<String, String> contents(Git git, String commit, List<String> paths) {
        Map<String, String> contents = new HashMap<>();
        if (paths.isEmpty()) {
            return contents;
        }
        StringBuilder input = new StringBuilder();
        for (String p : paths) {
            input.append(commit).append(':').append(p).append('\n');
        }
        Git.Result r = git.run(input.toString().getBytes(StandardCharsets.UTF_8), "cat-file", "--batch");
        if (r.exit() != 0) {
            throw new SchemaVerifyException("git cat-file in " + git.directory() + " failed (exit " + r.exit() + "): " + r.error());
        }
        byte[] out = r.out();
        int pos = 0;
        for (String p : paths) {
            int eol = indexOf(out, (byte) '\n', pos);
            String header = new String(out, pos, eol - pos, StandardCharsets.UTF_8);
            pos = eol + 1;
            if (header.endsWith(" missing")) {
                continue;
            }
            int size = Integer.parseInt(header.substring(header.lastIndexOf(' ') + 1));
            contents.put(p, new String(out, pos, size, StandardCharsets.UTF_8));
            pos += size + 1;
        }
        return contents;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalStateException("git cat-file ended early");
    }

    private static String[] split(byte[] nulSeparated) {
        String all = new String(nulSeparated, StandardCharsets.UTF_8);
        return all.isEmpty() ? new String[0] : all.split("\0");
    }

    /** Whether Flyway's checksum would tell the two apart: line by line, line endings and a byte order mark aside. */
    static boolean sameForFlyway(String a, String b) {
        return lines(a).equals(lines(b));
    }

    private static List<String> lines(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return t.lines().toList();
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static void compareMigrations(Location l, List<String> atBase, Map<String, String> contents, Set<String> changed,
            Set<String> removed, List<Edit> edits, Set<String> versionsAtBase) {
        Map<String, String> baseV = new LinkedHashMap<>();
        Map<String, String> baseU = new LinkedHashMap<>();
        for (String path : atBase) {
            if (!contents.containsKey(path)) {
                continue;
            }
            MigrationFile f = MigrationFile.of(name(path), path, "");
            if (f.kind() == MigrationFile.Kind.VERSIONED) {
                baseV.putIfAbsent(MigrationFile.canonicalVersion(f.version()), path);
            } else if (f.kind() == MigrationFile.Kind.UNDO) {
                baseU.putIfAbsent(MigrationFile.canonicalVersion(f.version()), path);
            }
        }
        versionsAtBase.addAll(baseV.keySet());
        Map<String, MigrationFile> nowV = new HashMap<>();
        Map<String, MigrationFile> nowU = new HashMap<>();
        for (MigrationFile f : l.files()) {
            if (f.kind() == MigrationFile.Kind.VERSIONED) {
                nowV.putIfAbsent(MigrationFile.canonicalVersion(f.version()), f);
            } else if (f.kind() == MigrationFile.Kind.UNDO) {
                nowU.putIfAbsent(MigrationFile.canonicalVersion(f.version()), f);
            }
        }
        for (Map.Entry<String, MigrationFile> e : nowV.entrySet()) {
            String path = baseV.get(e.getKey());
            MigrationFile now = e.getValue();
            if (path == null) {
                changed.add(e.getKey());
                continue;
            }
            String before = contents.get(path);
            boolean edited = !sameForFlyway(before, now.content());
            boolean renamed = !name(path).equals(now.fileName());
            if (edited || renamed) {
                changed.add(e.getKey());
                edits.add(new Edit(edited ? EditKind.EDITED : EditKind.RENAMED, e.getKey(), name(path), path, now.fileName(),
                        before, now.content()));
            }
        }
        for (Map.Entry<String, String> e : baseV.entrySet()) {
            if (!nowV.containsKey(e.getKey())) {
                removed.add(e.getKey());
                edits.add(new Edit(EditKind.REMOVED, e.getKey(), name(e.getValue()), e.getValue(), "", contents.get(e.getValue()),
                        ""));
            }
        }
        Set<String> undoVersions = new TreeSet<>(baseU.keySet());
        undoVersions.addAll(nowU.keySet());
        for (String v : undoVersions) {
            String path = baseU.get(v);
            MigrationFile now = nowU.get(v);
            if (path == null || now == null || !sameForFlyway(contents.get(path), now.content())) {
                changed.add(v);
            }
        }
    }

    private static void compareFixtures(Location l, List<String> atBase, Map<String, String> contents, Set<String> changed) {
        Map<String, String> base = new HashMap<>();
        for (String path : atBase) {
            if (contents.containsKey(path)) {
                base.putIfAbsent(name(path).toLowerCase(Locale.ROOT), contents.get(path));
            }
        }
        Map<String, String> now = new HashMap<>();
        l.files().forEach(f -> now.putIfAbsent(f.fileName().toLowerCase(Locale.ROOT), f.content()));
        Set<String> names = new TreeSet<>(base.keySet());
        names.addAll(now.keySet());
        for (String name : names) {
            Optional<String> version = fixtureVersion(name);
            if (version.isEmpty()) {
                continue;
            }
            String b = base.get(name);
            String n = now.get(name);
            if (b == null || n == null || !sameForFlyway(b, n)) {
                changed.add(version.get());
            }
        }
    }

    /** The version a fixture belongs to ({@code before_V3.sql}: 3), canonical. */
    static Optional<String> fixtureVersion(String fileName) {
        Matcher m = FIXTURE.matcher(fileName);
        return m.matches() ? Optional.of(MigrationFile.canonicalVersion(m.group(1).replace('_', '.'))) : Optional.empty();
    }
}
