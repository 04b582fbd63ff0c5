package io.github.schemaverify.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A migration chain for a test: a fixture set from {@code src/test/resources/fixtures/roundtrip/<base>} with some files
 * replaced, added or removed, written to a directory of its own under {@code target/test-chains} (named by its
 * content, so equal chains share it) and given as a Flyway {@code filesystem:} location. Variants of the clean chain
 * state their one difference in the test that uses them.
 *
 * <pre>{@code
 * String location = Chain.of("clean").with("U3__embedding_index.sql", "SELECT 1;").location();
 * }</pre>
 */
public final class Chain {
    private final Map<String, String> files;

    private Chain(Map<String, String> files) {
        this.files = files;
    }

    /** The fixture set {@code fixtures/roundtrip/<base>} as it is on the test classpath. */
    public static Chain of(String base) {
        Map<String, String> files = new TreeMap<>();
        URL url = Chain.class.getClassLoader().getResource("fixtures/roundtrip/" + base);
        if (url == null) {
            throw new IllegalArgumentException("no fixture set fixtures/roundtrip/" + base);
        }
        try (Stream<Path> paths = Files.list(Path.of(url.toURI()))) {
            for (Path p : paths.toList()) {
                files.put(p.getFileName().toString(), Files.readString(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return new Chain(files);
    }

    /** An empty chain, to be filled with {@link #with}. */
    public static Chain empty() {
        return new Chain(new TreeMap<>());
    }

    /** This chain with the file replaced or added. */
    public Chain with(String name, String content) {
        Map<String, String> copy = new TreeMap<>(files);
        copy.put(name, content);
        return new Chain(copy);
    }

    /** This chain without the file. */
    public Chain without(String name) {
        Map<String, String> copy = new TreeMap<>(files);
        if (copy.remove(name) == null) {
            throw new IllegalArgumentException("the chain has no " + name);
        }
        return new Chain(copy);
    }

    /** This chain with {@code text} replaced by {@code replacement} in every file (names of roles, say). */
    public Chain replacing(String text, String replacement) {
        Map<String, String> copy = new TreeMap<>();
        files.forEach((name, content) -> copy.put(name, content.replace(text, replacement)));
        return new Chain(copy);
    }

    /** Writes the chain's files into {@code dir}, removing the SQL files there that the chain does not have. */
    public void writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            try (Stream<Path> old = Files.list(dir)) {
                for (Path p : old.filter(p -> p.getFileName().toString().endsWith(".sql")).toList()) {
                    if (!files.containsKey(p.getFileName().toString())) {
                        Files.delete(p);
                    }
                }
            }
            for (Map.Entry<String, String> f : files.entrySet()) {
                Files.writeString(dir.resolve(f.getKey()), f.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The chain written out, as a {@code filesystem:} location. */
    public String location() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            files.forEach((name, content) -> {
                digest.update(name.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(content.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            Path dir = Path.of("target", "test-chains", HexFormat.of().formatHex(digest.digest()).substring(0, 16))
                    .toAbsolutePath();
            if (!Files.isDirectory(dir)) {
                Path tmp = Files.createTempDirectory(Files.createDirectories(dir.getParent()), "chain");
                for (Map.Entry<String, String> f : files.entrySet()) {
                    Files.writeString(tmp.resolve(f.getKey()), f.getValue());
                }
                try {
                    Files.move(tmp, dir);
                } catch (IOException raced) {
                    // another test wrote the same chain first
                }
            }
            return "filesystem:" + dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
