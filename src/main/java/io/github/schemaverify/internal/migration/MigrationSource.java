package io.github.schemaverify.internal.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
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

import io.github.schemaverify.internal.SchemaVerifyException;

/**
 * Finds SQL files in Flyway locations ({@code classpath:} and {@code filesystem:}), the same way Flyway reads them,
 * so that SchemaVerify can hash them, find undo scripts that Flyway Community ignores, and check placeholders before
 * any server starts.
 */
public final class MigrationSource {

    private final List<MigrationFile> files;
    /** Undo scripts by canonical version, built on first use (a round trip asks once per revision). */
    private volatile Map<String, MigrationFile> undoByVersion;

    private MigrationSource(List<MigrationFile> files) {
        this.files = files;
    }

    public static MigrationSource scan(List<String> locations, ClassLoader loader) {
        Map<String, MigrationFile> byOrigin = new TreeMap<>();
        for (String location : locations) {
            List<MigrationFile> found = scanLocation(location, loader);
            for (MigrationFile f : found) {
                byOrigin.put(f.origin(), f);
            }
        }
        return new MigrationSource(List.copyOf(byOrigin.values()));
    }

    /** Reads single script paths ({@code classpath:x.sql}, {@code filesystem:/x.sql} or a bare classpath path). */
    public static MigrationFile readScript(String script, ClassLoader loader) {
        if (script.startsWith("filesystem:")) {
            Path path = Path.of(script.substring("filesystem:".length()));
            if (!Files.isRegularFile(path)) {
                throw new SchemaVerifyException("Script " + script + " does not exist (looked for " + path.toAbsolutePath()
                        + "). Fix the path in 'scripts', relative to the working directory " + Path.of("").toAbsolutePath() + ".");
            }
            return MigrationFile.of(path.getFileName().toString(), script, read(path));
        }
        String resource = strip(script.startsWith("classpath:") ? script.substring("classpath:".length()) : script);
        URL url = loader.getResource(resource);
        if (url == null) {
            throw new SchemaVerifyException("Script " + script + " is not on the test classpath. Put it under "
                    + "src/test/resources/" + resource + " or src/main/resources/" + resource + ", or fix the path in 'scripts'.");
        }
        try (InputStream in = url.openStream()) {
            String name = resource.substring(resource.lastIndexOf('/') + 1);
            return MigrationFile.of(name, "classpath:" + resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<MigrationFile> scanLocation(String location, ClassLoader loader) {
        if (location.startsWith("filesystem:")) {
            Path dir = Path.of(location.substring("filesystem:".length()));
            if (!Files.isDirectory(dir)) {
                throw new SchemaVerifyException("Location " + location + " does not exist (looked for " + dir.toAbsolutePath()
                        + "). Fix 'locations' on @MigratedDatabase; filesystem paths are relative to " + Path.of("").toAbsolutePath() + ".");
            }
            return walk(dir, location);
        }
        String path = strip(location.startsWith("classpath:") ? location.substring("classpath:".length()) : location);
        List<MigrationFile> found = new ArrayList<>();
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
            throw new SchemaVerifyException("Location " + location + " is not on the test classpath. Put the migrations under "
                    + "src/main/resources/" + path + " (or src/test/resources/" + path + "), or fix 'locations' on @MigratedDatabase.");
        }
        return found;
    }

    private static List<MigrationFile> walk(Path dir, String prefix) {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".sql"))
                    .sorted()
                    .map(p -> MigrationFile.of(p.getFileName().toString(),
                            prefix + "/" + dir.relativize(p).toString().replace('\\', '/'), read(p)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<MigrationFile> jar(URL root, String path) throws IOException {
        JarURLConnection connection = (JarURLConnection) root.openConnection();
        connection.setUseCaches(false);
        List<MigrationFile> found = new ArrayList<>();
        try (JarFile jar = connection.getJarFile()) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (!entry.isDirectory() && name.startsWith(path + "/") && name.endsWith(".sql")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        found.add(MigrationFile.of(name.substring(name.lastIndexOf('/') + 1), "classpath:" + name,
                                new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                    }
                }
            }
        }
        return found;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** Versioned migrations in version order. */
    public List<MigrationFile> versioned() {
        return files.stream().filter(f -> f.kind() == MigrationFile.Kind.VERSIONED)
                .sorted(Comparator.comparing(MigrationFile::version, MigrationFile::compareVersions)).toList();
    }

    public List<MigrationFile> repeatable() {
        return files.stream().filter(f -> f.kind() == MigrationFile.Kind.REPEATABLE)
                .sorted(Comparator.comparing(MigrationFile::description)).toList();
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
        Matcher m = Placeholders.PLACEHOLDER.matcher(f.content());
        while (m.find()) {
            String key = m.group(1);
            if (!placeholders.containsKey(key) && !key.startsWith("flyway:")) {
                int line = 1 + (int) f.content().substring(0, m.start()).chars().filter(c -> c == '\n').count();
                throw new SchemaVerifyException(source + ": " + f.fileName() + " line " + line + " uses the placeholder ${"
                        + key + "}, which has no value. Add placeholders = \"" + key + "=<value>\" to @MigratedDatabase "
                        + "(or the property schemaverify.placeholders).");
            }
        }
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
