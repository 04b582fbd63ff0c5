package io.github.schemaverify.internal.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * The class files under the {@code classpath:} locations, where Flyway finds Java-based migrations
 * ({@code V3__Backfill extends BaseJavaMigration}): their paths and bytes take part in the template hash, so a changed,
 * added or removed Java migration (or a helper class beside it) builds a new template instead of reusing a stale one.
 * {@code filesystem:} locations hold no classes Flyway would load.
 */
final class JavaMigrations {
    private JavaMigrations() {
    }

    /** Adds every class file under the locations, in path order, to the digest. */
    static void digest(List<String> locations, ClassLoader loader, MessageDigest digest) {
        classes(locations, loader).forEach((name, bytes) -> {
            digest.update(("class:" + name).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(bytes);
            digest.update((byte) 0);
        });
    }

    /** Whether any class file lies under the locations (a Java migration, or a class beside one). */
    static boolean any(List<String> locations, ClassLoader loader) {
        return !classes(locations, loader).isEmpty();
    }

    /**
     * A Java migration found under a location: its class, or why it could not be loaded or made ({@code type} null).
     */
    record Found(Class<? extends JavaMigration> type, Throwable error) {
    }

    /** A class named as Flyway names a versioned Java migration: {@code V6_0__Backfill}. */
    private static final Pattern VERSIONED_NAME = Pattern.compile("V(\\d+(?:_\\d+)*)__\\w*");

    /**
     * The versioned Java migrations under the locations, as Flyway finds them: classes that implement {@link
     * JavaMigration}, concrete, made with their no-argument constructor, whose version is not null (a repeatable one has
     * none). A class named as a versioned migration that cannot be loaded or made (a class it needs is missing, its
     * constructor throws) is kept with its error: Flyway leaves it out with a warning and runs the migrations after it
     * without it, which the walk does not. One without a constructor without arguments is left out, as Flyway's scanner
     * leaves it out (a Spring bean reaches Flyway as an object instead).
     */
    static Map<MigrationFile, Found> versioned(List<String> locations, ClassLoader loader) {
        Map<MigrationFile, Found> found = new LinkedHashMap<>();
        for (String path : classes(locations, loader).keySet()) {
            String name = path.substring(0, path.length() - ".class".length()).replace('/', '.');
            if (name.indexOf('$') >= 0) {
                continue; // a nested class: none Flyway resolves
            }
            try {
                Class<?> type = Class.forName(name, false, loader);
                if (!JavaMigration.class.isAssignableFrom(type) || type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
                    continue;
                }
                Class<? extends JavaMigration> migration = type.asSubclass(JavaMigration.class);
                MigrationVersion version = instance(migration).getVersion();
                if (version != null) {
                    found.put(MigrationFile.java(name, version.getVersion()), new Found(migration, null));
                }
            } catch (NoSuchMethodException e) {
                // no constructor without arguments: Flyway's scanner leaves it out too, and a Spring bean of it reaches
                // Flyway as an object (its javaMigrations setting), which the walk does not run
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                Matcher named = VERSIONED_NAME.matcher(name.substring(name.lastIndexOf('.') + 1));
                if (named.matches()) {
                    found.put(MigrationFile.java(name, named.group(1).replace('_', '.')), new Found(null,
                            e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e));
                }
            }
        }
        return found;
    }

    /** A new instance of the migration, as Flyway makes one: with its no-argument constructor. */
    static JavaMigration instance(Class<? extends JavaMigration> type) throws ReflectiveOperationException {
        Constructor<? extends JavaMigration> constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        return constructor.newInstance();
    }

    /** Every class file under the {@code classpath:} locations, by path. */
    private static Map<String, byte[]> classes(List<String> locations, ClassLoader loader) {
        Map<String, byte[]> classes = new TreeMap<>();
        for (String location : locations) {
            if (location.startsWith("filesystem:")) {
                continue;
            }
            String path = MigrationSource.classpathPath(location);
            try {
                for (URL root : Collections.list(loader.getResources(path))) {
                    if ("file".equals(root.getProtocol())) {
                        directory(Path.of(root.toURI()), path, classes);
                    } else if ("jar".equals(root.getProtocol())) {
                        jar(root, path, classes);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return classes;
    }

    private static void directory(Path dir, String prefix, Map<String, byte[]> classes) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".class")).toList()) {
                // the first root on the class path wins, as it does for the class loader
                classes.putIfAbsent(prefix + "/" + dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
    }

    private static void jar(URL root, String path, Map<String, byte[]> classes) throws IOException {
        JarURLConnection connection = (JarURLConnection) root.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (!entry.isDirectory() && name.startsWith(path + "/") && name.endsWith(".class") && !classes.containsKey(name)) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        classes.put(name, in.readAllBytes());
                    }
                }
            }
        }
    }
}
