package io.github.schemaverify.bench;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The class path of the benchmark's child processes as a user's test run has it: SchemaVerify as a jar (the build's
 * {@code target/classes} packed into one, as Maven Central serves it), the tests' own classes as a directory. A jar
 * and a directory differ in what a cold JVM pays: SchemaVerify keys what it keeps between runs by its build, which
 * for a jar is the file's size and time and for a directory a walk over every class file.
 */
final class UserClassPath {
    private UserClassPath() {
    }

    /** This JVM's class path with the directory holding SchemaVerify's classes replaced by a jar of them in {@code work}. */
    static String of(Path work) throws IOException {
        Path classes = Path.of(io.github.schemaverify.MigratedDatabase.class.getProtectionDomain().getCodeSource().getLocation()
                .getPath());
        if (!Files.isDirectory(classes)) {
            return System.getProperty("java.class.path"); // already a jar
        }
        Path jar = work.resolve("schemaverify.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
                Stream<Path> all = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) all.sorted()::iterator) {
                if (p.equals(classes)) {
                    continue;
                }
                String name = classes.relativize(p).toString().replace(File.separatorChar, '/') + (Files.isDirectory(p) ? "/" : "");
                out.putNextEntry(new JarEntry(name));
                if (!Files.isDirectory(p)) {
                    Files.copy(p, out);
                }
                out.closeEntry();
            }
        }
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(Path.of(entry).toAbsolutePath().normalize().equals(classes.toAbsolutePath().normalize()) ? jar.toString()
                    : entry);
        }
        if (!entries.contains(jar.toString())) {
            throw new IllegalStateException("SchemaVerify's classes (" + classes + ") are not on the class path "
                    + System.getProperty("java.class.path"));
        }
        return String.join(File.pathSeparator, entries);
    }
}
