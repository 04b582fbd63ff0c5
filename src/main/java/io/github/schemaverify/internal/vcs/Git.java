package io.github.schemaverify.internal.vcs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the git program in a directory: plumbing commands only, with a fixed environment (no pager, no prompts, C
 * messages), standard output as bytes and standard error as text.
 */
final class Git {
    private final String program;
    private final Path directory;

    Git(String program, Path directory) {
        this.program = program;
        this.directory = directory;
    }

    /** What a git command gave: its exit code, standard output and standard error. */
    record Result(int exit, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.UTF_8).strip();
        }

        /** Standard error, on one line, for messages. */
        String error() {
            return err.strip().replaceAll("\\s*\\n\\s*", " ");
        }
    }

    /** The program could not be started (not installed, not on the PATH, not executable). */
    static final class Missing extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Missing(String message, Throwable cause) {
            super(message, cause);
        }
    }

    Path directory() {
        return directory;
    }

    String program() {
        return program;
    }

    Result run(String... args) {
        return run(null, args);
    }

    /** Runs {@code git args...} with {@code input} (if any) on its standard input. */
    Result run(byte[] input, String... args) {
        List<String> command = new ArrayList<>();
        command.add(program);
        command.add("-c");
        command.add("core.quotepath=off");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().put("GIT_TERMINAL_PROMPT", "0");
        builder.environment().put("GIT_PAGER", "cat");
        builder.environment().put("LC_ALL", "C");
        // a git hook (or a tool that runs the tests from one) exports these: they would point git at another repository
        for (String inherited : List.of("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR",
                "GIT_NAMESPACE")) {
            builder.environment().remove(inherited);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new Missing(e.getMessage(), e);
        }
        try {
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            try (OutputStream stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input);
                }
            }
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("git " + String.join(" ", args) + " in " + directory + " did not end within 2 min");
            }
            return new Result(process.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while git ran", e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
