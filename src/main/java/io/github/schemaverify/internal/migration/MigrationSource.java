package io.github.schemaverify.internal.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.flywaydb.core.api.migration.JavaMigration;

import io.github.schemaverify.MigrationException;

/**
 * Finds SQL files in Flyway locations ({@code classpath:} and {@code filesystem:}), the same way Flyway reads them,
 * so that SchemaVerify can hash them, find undo scripts that Flyway Community ignores, and check placeholders before
 * any server starts.
 */
public final class MigrationSource {

    private final List<MigrationFile> files;
    /** Undo scripts by canonical version, built on first use (a round trip asks once per revision). */
    private volatile Map<String, MigrationFile> undoByVersion;

    /** The versioned Java migrations under the locations, with their classes. */
    private final Map<MigrationFile, JavaMigrations.Found> javaMigrations;

    private MigrationSource(List<MigrationFile> files) {
        this(files, Map.of());
    }

    private MigrationSource(List<MigrationFile> files, Map<MigrationFile, JavaMigrations.Found> java) {
        this.files = files;
        this.javaMigrations = java;
    }

    public static MigrationSource scan(List<String> locations, ClassLoader loader) {
        return scan(locations, loader, true);
    }

    /**
     * The scripts in {@code locations}, with placeholders replaced in those whose config file does not say otherwise
     * where {@code placeholderReplacement} (Flyway's setting of that name) is on.
     */
    public static MigrationSource scan(List<String> locations, ClassLoader loader, boolean placeholderReplacement) {
        Map<String, MigrationFile> byOrigin = new TreeMap<>();
        for (String location : locations) {
            for (MigrationFile f : files(scanLocation(location, loader), placeholderReplacement)) {
                byOrigin.put(f.origin(), f);
            }
        }
        return new MigrationSource(List.copyOf(byOrigin.values()), JavaMigrations.versioned(locations, loader));
    }

    /** Reads single script paths ({@code classpath:x.sql}, {@code filesystem:/x.sql} or a bare classpath path). */
    public static MigrationFile readScript(String script, ClassLoader loader) {
        return readScript(script, loader, true);
    }

    /** As {@link #readScript(String, ClassLoader)}, under Flyway's {@code placeholderReplacement} setting. */
    public static MigrationFile readScript(String script, ClassLoader loader, boolean placeholderReplacement) {
        if (script.startsWith("filesystem:")) {
            Path path = Path.of(script.substring("filesystem:".length()));
            if (!Files.isRegularFile(path)) {
                throw new MigrationException("Script " + script + " does not exist (looked for " + path.toAbsolutePath()
                        + "). Fix the path in 'scripts', relative to the working directory " + Path.of("").toAbsolutePath() + ".");
            }
            Path conf = path.resolveSibling(path.getFileName() + ".conf");
            List<Resource> found = new ArrayList<>(List.of(new Resource(path.getFileName().toString(), script, bytes(path))));
            if (Files.isRegularFile(conf)) {
                found.add(new Resource(conf.getFileName().toString(), script + ".conf", bytes(conf)));
            }
            return files(found, placeholderReplacement).get(0);
        }
        String resource = strip(script.startsWith("classpath:") ? script.substring("classpath:".length()) : script);
        URL url = loader.getResource(resource);
        if (url == null) {
            throw new MigrationException("Script " + script + " is not on the test classpath. Put it under "
                    + "src/test/resources/" + resource + " or src/main/resources/" + resource + ", or fix the path in 'scripts'.");
        }
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        List<Resource> found = new ArrayList<>(List.of(new Resource(name, "classpath:" + resource, bytes(url))));
        URL conf = loader.getResource(resource + ".conf");
        if (conf != null) {
            found.add(new Resource(name + ".conf", "classpath:" + resource + ".conf", bytes(conf)));
        }
        return files(found, placeholderReplacement).get(0);
    }

    /** A file found in a location, not decoded yet. */
    private record Resource(String name, String origin, byte[] bytes) {
    }

    /**
     * The SQL files among the resources, decoded as Flyway reads them: the encoding of their {@code .conf} (UTF-8 by
     * default, strictly: a byte that is not UTF-8 fails, as in Flyway), without a byte order mark.
     */
    private static List<MigrationFile> files(List<Resource> resources, boolean placeholderReplacement) {
        Map<String, Resource> confs = new HashMap<>();
        for (Resource r : resources) {
            if (lower(r.name()).endsWith(".sql.conf")) {
                confs.put(r.origin(), r);
            }
        }
        List<MigrationFile> files = new ArrayList<>();
        for (Resource r : resources) {
            if (!MigrationFile.isScript(r.name())) {
                continue; // Flyway takes V1__x.SQL too
            }
            Resource confResource = confs.get(r.origin() + ".conf");
            Map<String, String> conf = confResource == null ? Map.of() : ScriptConfigs.parse(confResource.origin(),
                    decode(confResource, StandardCharsets.UTF_8));
            Charset charset = ScriptConfigs.encoding(conf, confResource == null ? "" : confResource.origin());
            files.add(MigrationFile.of(r.name(), r.origin(), decode(r, charset),
                    ScriptConfigs.config(conf, confResource == null ? "" : confResource.origin(), placeholderReplacement)));
        }
        return files;
    }

    private static String decode(Resource r, Charset charset) {
        ByteBuffer in = ByteBuffer.wrap(r.bytes());
        try {
            String text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            int at = in.position();
            int line = 1;
            for (int k = 0; k < at && k < r.bytes().length; k++) {
                if (r.bytes()[k] == '\n') {
                    line++;
                }
            }
            throw new MigrationException(r.origin() + " is not valid " + charset.name() + ": byte 0x"
                    + String.format("%02X", r.bytes()[Math.min(at, r.bytes().length - 1)] & 0xFF) + " at line " + line
                    + " cannot be decoded. Flyway reads migrations as " + charset.name() + " and fails on this file too"
                    + " (\"Unable to calculate checksum\"). Save the file as " + charset.name() + ", or name its encoding in "
                    + r.name() + ".conf (encoding=ISO-8859-1, say).", e);
        }
    }

    /**
     * What the origins of a location's files start with, before {@code /} and their path inside it:
     * {@code filesystem:db/migration} or {@code classpath:db/migration}; empty for a location that is neither, or a
     * {@code classpath:} one with more than one root on the class path (its files' origins do not tell the roots apart).
     */
    static Optional<String> originPrefix(String location, ClassLoader loader) {
        if (location.startsWith("filesystem:")) {
            return Optional.of(location);
        }
        if (location.indexOf(':') >= 0 && !location.startsWith("classpath:")) {
            return Optional.empty();
        }
        String path = classpathPath(location);
        try {
            return Collections.list(loader.getResources(path)).size() == 1 ? Optional.of("classpath:" + path) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The bytes of a file by its origin ({@link MigrationFile#origin()}, or one with {@code .conf} appended), if it exists. */
    static Optional<byte[]> bytesOf(String origin, ClassLoader loader) {
        if (origin.startsWith("filesystem:")) {
            Path p = Path.of(origin.substring("filesystem:".length()));
            return Files.isRegularFile(p) ? Optional.of(bytes(p)) : Optional.empty();
        }
        URL url = loader.getResource(origin.substring("classpath:".length()));
        return url == null ? Optional.empty() : Optional.of(bytes(url));
    }

    private static List<Resource> scanLocation(String location, ClassLoader loader) {
        if (location.startsWith("filesystem:")) {
            Path dir = Path.of(location.substring("filesystem:".length()));
            if (!Files.isDirectory(dir)) {
                throw new MigrationException("Location " + location + " does not exist (looked for " + dir.toAbsolutePath()
                        + "). Fix 'locations' on @MigratedDatabase; filesystem paths are relative to " + Path.of("").toAbsolutePath() + ".");
            }
            return walk(dir, location);
        }
        String path = classpathPath(location);
        List<Resource> found = new ArrayList<>();
        boolean exists = false;
        try {
            Enumeration<URL> roots = loader.getResources(path);
            for (URL root : Collections.list(roots)) {
                exists = true;
                if ("file".equals(root.getProtocol())) {
                    found.addAll(walk(Path.of(root.toURI()), "classpath:" + path));
                } else if ("jar".equals(root.getProtocol())) {
                    found.addAll(jar(root, path));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (!exists) {
            throw new MigrationException("Location " + location + " is not on the test classpath. Put the migrations under "
                    + "src/main/resources/" + path + " (or src/test/resources/" + path + "), or fix 'locations' on @MigratedDatabase.");
        }
        return found;
    }

    private static boolean scriptOrConf(String name) {
        return MigrationFile.isScript(name) || lower(name).endsWith(".sql.conf");
    }

    private static String lower(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    private static List<Resource> walk(Path dir, String prefix) {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(p -> Files.isRegularFile(p) && scriptOrConf(p.getFileName().toString()))
                    .sorted()
                    .map(p -> new Resource(p.getFileName().toString(),
                            prefix + "/" + dir.relativize(p).toString().replace('\\', '/'), bytes(p)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Resource> jar(URL root, String path) throws IOException {
        JarURLConnection connection = (JarURLConnection) root.openConnection();
        connection.setUseCaches(false);
        List<Resource> found = new ArrayList<>();
        try (JarFile jar = connection.getJarFile()) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (!entry.isDirectory() && name.startsWith(path + "/") && scriptOrConf(name)) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        found.add(new Resource(name.substring(name.lastIndexOf('/') + 1), "classpath:" + name, in.readAllBytes()));
                    }
                }
            }
        }
        return found;
    }

    private static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(URL url) {
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The resource path a {@code classpath:} location (or one without a prefix, as Flyway reads it) names: {@code db/migration}. */
    static String classpathPath(String location) {
        return strip(location.startsWith("classpath:") ? location.substring("classpath:".length()) : location);
    }

    private static String strip(String path) {
        String p = path.replace('\\', '/');
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    public List<MigrationFile> files() {
        return files;
    }

    /** Whether Java migrations are among the versioned ones. */
    public boolean hasJava() {
        return !javaMigrations.isEmpty();
    }

    /** Versioned migrations in version order: the SQL files and the Java migrations. */
    public List<MigrationFile> versioned() {
        return Stream.concat(files.stream().filter(f -> f.kind() == MigrationFile.Kind.VERSIONED), javaMigrations.keySet().stream())
                .sorted(Comparator.comparing(MigrationFile::version, MigrationFile::compareVersions)).toList();
    }

    /**
     * A new instance of the Java migration {@code f} ({@link MigrationFile#isJava()}), as Flyway makes one to run it.
     *
     * @throws MigrationException where its class could not be loaded or made
     */
    public JavaMigration javaMigration(MigrationFile f) {
        JavaMigrations.Found found = javaMigrations.get(f);
        if (found == null) {
            throw new IllegalArgumentException(f.origin() + " is no Java migration of this source");
        }
        Throwable error = found.error();
        if (found.type() != null) {
            try {
                return JavaMigrations.instance(found.type());
            } catch (ReflectiveOperationException e) {
                error = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            }
        }
        throw new MigrationException("The Java migration " + f.javaClass() + " could not be loaded or made: " + error
                + ". Flyway leaves such a class out with a warning and runs the migrations after it without it. Put the"
                + " classes it needs on the test class path, and make its constructor without arguments work outside the"
                + " application (Flyway makes it so).", error);
    }

    /**
     * Repeatable migrations in the order Flyway applies them: by description, with {@code _} read as a space (so
     * {@code R__a_b.sql} comes before {@code R__a1.sql}).
     */
    public List<MigrationFile> repeatable() {
        return files.stream().filter(f -> f.kind() == MigrationFile.Kind.REPEATABLE)
                .sorted(Comparator.comparing(f -> f.description().replace('_', ' '))).toList();
    }

    public Optional<MigrationFile> undoFor(String version) {
        Map<String, MigrationFile> undos = undoByVersion;
        if (undos == null) {
            undos = new HashMap<>();
            for (MigrationFile f : files) {
                if (f.kind() == MigrationFile.Kind.UNDO) {
                    undos.putIfAbsent(MigrationFile.canonicalVersion(f.version()), f);
                }
            }
            undoByVersion = undos;
        }
        return Optional.ofNullable(undos.get(MigrationFile.canonicalVersion(version)));
    }

    /**
     * Fails before any server starts when a migration refers to a placeholder that has no value, naming the file,
     * the line and the fix.
     */
    public void checkPlaceholders(Map<String, String> placeholders, String source) {
        for (MigrationFile f : files) {
            if (f.kind() == MigrationFile.Kind.OTHER) {
                continue;
            }
            checkPlaceholders(f, placeholders, source);
        }
    }

    public static void checkPlaceholders(MigrationFile f, Map<String, String> placeholders, String source) {
        // indexOf first: a regex searching every file of a long history is among the largest compilations of a cold
        // JVM (Matcher.search, 0.7 s of a compiler thread in a 1.5 s run)
        if (!f.config().placeholderReplacement() || f.content().indexOf("${") < 0) {
            return;
        }
        firstUnset(f.content(), placeholders).ifPresent(found -> {
            String key = found.name();
            int line = 1 + (int) f.content().substring(0, found.start()).chars().filter(c -> c == '\n').count();
            throw new MigrationException(source + ": " + f.fileName() + " line " + line + " uses the placeholder ${"
                    + key + "}, which has no value, and Flyway fails on it. Add placeholders = \"" + key + "=<value>\" to"
                    + " @MigratedDatabase (or the property schemaverify.placeholders); if the text is not meant as a"
                    + " placeholder, turn replacement off for the script (" + f.fileName() + ".conf holding"
                    + " placeholderReplacement=false), or for every script if the project's Flyway has it off"
                    + " (@MigratedDatabase(placeholderReplacement = false), or the property "
                    + io.github.schemaverify.MigratedDatabase.PLACEHOLDER_REPLACEMENT_PROPERTY + "=false).");
        });
    }

    /**
     * The first placeholder in the text that has no value, as Flyway finds it before failing on it; none when each has
     * one. Flyway's built-in placeholders ({@code flyway:...}) always have one.
     */
    public static Optional<Placeholders.Found> firstUnset(String text, Map<String, String> placeholders) {
        for (Placeholders.Found found : Placeholders.find(text)) {
            String key = found.name();
            if (Placeholders.valueOf(key, placeholders, Map.of()) == null && !key.regionMatches(true, 0, "flyway:", 0, 7)) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    /**
     * Fails before any server starts when two versioned migrations (or two undo scripts) share a version, as Flyway
     * would fail after connecting ("Found more than one migration with version ..."), naming both files and the fix.
     */
    public void checkVersionsUnique(String source) {
        for (MigrationFile.Kind kind : List.of(MigrationFile.Kind.VERSIONED, MigrationFile.Kind.UNDO)) {
            Map<String, MigrationFile> seen = new HashMap<>();
            // a Java migration's version is Flyway's to compare with the files' as well; not one it cannot load or
            // make, which it leaves out with a warning (the walk ends naming it)
            for (MigrationFile f : kind == MigrationFile.Kind.VERSIONED ? versioned() : files) {
                if (f.kind() != kind || f.isJava() && javaMigrations.get(f).error() != null) {
                    continue;
                }
                MigrationFile other = seen.putIfAbsent(MigrationFile.canonicalVersion(f.version()), f);
                if (other != null) {
                    throw new MigrationException(source + ": " + named(other) + " and " + named(f) + " both have "
                            + (kind == MigrationFile.Kind.UNDO ? "undo " : "") + "version " + MigrationFile.canonicalVersion(
                            f.version()) + ", and Flyway refuses two migrations with one version. Give one of them the"
                            + " next free version (rename the " + (other.isJava() || f.isJava() ? "file or the class" : "file")
                            + "), or remove the copy.");
                }
            }
        }
    }

    /** A migration as messages name it: its file's location, or the Java migration's class. */
    private static String named(MigrationFile f) {
        return f.isJava() ? "the Java migration " + f.javaClass() : f.origin();
    }

    /** SHA-256 over the names and contents of all files, in a stable order. */
    public void digest(MessageDigest digest) {
        for (MigrationFile f : files) {
            digest.update(f.origin().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(f.content().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
