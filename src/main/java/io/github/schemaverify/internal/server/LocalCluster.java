package io.github.schemaverify.internal.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.ServerException;
import io.github.schemaverify.ServerMode;

/**
 * An ephemeral PostgreSQL cluster from binaries on this machine: {@code initdb} into a temporary directory (in RAM
 * where {@code /dev/shm} allows), a free port on 127.0.0.1, {@code fsync=off}; stopped and
 * deleted on {@link #close()} or JVM shutdown, and reaped by the next run if the JVM was killed.
 *
 * <p>Under root, initdb refuses to run, so the cluster runs as an unprivileged OS user ({@code postgres} by default).
 */
public final class LocalCluster implements PgServer {
    private static final String OWNER_FILE = "owner";
    private static final String CLUSTER_PREFIX = "pg-";
    static final String SUPERUSER = "postgres";

    private final Path bin;
    private final Path dir;
    private final String osUser;
    private final String password;
    private final int port;
    private final String version;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private LocalCluster(Path bin, Path dir, String osUser, String password, int port, String version) {
        this.bin = bin;
        this.dir = dir;
        this.osUser = osUser;
        this.password = password;
        this.port = port;
        this.version = version;
        this.shutdownHook = new Thread(this::stopQuietly, "schemaverify-local-cluster-stop");
    }

    /**
     * The directory under which this OS user's clusters live: {@code schemaverify.pg.workDir}, else
     * {@code /dev/shm/schemaverify-<user>} where {@code /dev/shm} is a writable RAM file system, else
     * {@code <java.io.tmpdir>/schemaverify-<user>}. One directory per OS user: several users on one machine never share
     * a directory they would need each other's permission to write in, and each run reaps only its own user's orphans.
     */
    public static Path baseDirectory() {
        return baseDirectory(Optional.empty());
    }

    /** The directory under which clusters live: {@code configured} (the setting), else the default above. */
    public static Path baseDirectory(Optional<String> configured) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            return Path.of(configured.get());
        }
        String name = "schemaverify-" + osUserName().replaceAll("[^A-Za-z0-9._-]", "_");
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm.resolve(name);
        }
        return Path.of(System.getProperty("java.io.tmpdir"), name);
    }

    private static String osUserName() {
        return System.getProperty("user.name");
    }

    /** Creates the base directory if needed, or explains why this OS user cannot use it. */
    private static Path prepareBase(Optional<String> workDir) {
        Path base = baseDirectory(workDir);
        try {
            if (!Files.isDirectory(base)) {
                Files.createDirectories(base);
                // the cluster's OS user (postgres, under root) must reach its directory inside
                Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            if (!Files.isWritable(base)) {
                throw new IOException("not writable");
            }
            return base;
        } catch (IOException e) {
            String state;
            try {
                state = "owner " + Files.getOwner(base).getName() + ", mode "
                        + PosixFilePermissions.toString(Files.getPosixFilePermissions(base));
            } catch (IOException | UnsupportedOperationException unknown) {
                state = "it cannot be created";
            }
            throw new ServerException("Server LOCAL: the OS user " + osUserName() + " cannot create clusters in " + base
                    + " (" + state + ": " + e.getMessage() + "). Set " + MigratedDatabase.PG_WORK_DIR_PROPERTY
                    + " (or SCHEMAVERIFY_PG_WORKDIR) to a directory this user may write, or unset it to use a directory of"
                    + " this user's own (/dev/shm/schemaverify-" + osUserName() + ").", e);
        }
    }

    /**
     * Starts a cluster.
     *
     * @param password empty for trust authentication on 127.0.0.1, else scram-sha-256 with this superuser password
     */
    public static LocalCluster start(Optional<String> configuredBin, String osUserName, Optional<String> password) {
        return start(configuredBin, osUserName, password, Optional.empty());
    }

    /** Starts a cluster under the configured work directory ({@code schemaverify.pg.workDir}), else the default one. */
    public static LocalCluster start(Optional<String> configuredBin, String osUserName, Optional<String> password,
            Optional<String> workDir) {
        Path bin = PgBinaries.require(configuredBin);
        String osUser = isRoot() ? osUserName : null;
        Path base = prepareBase(workDir);
        try {
            reapOrphans(base);
            UserPrincipal owner = osUser == null ? null : lookup(osUser);
            Path dir = Files.createDirectory(base.resolve(CLUSTER_PREFIX + ProcessHandle.current().pid() + "-" + random(4)));
            Files.writeString(dir.resolve(OWNER_FILE), ProcessHandle.current().pid() + " "
                    + ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(0L));
            if (owner != null) {
                Files.setOwner(dir, owner);
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            String version = initdb(bin, dir, osUser, owner, password);
            IOException lastFailure = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                int port = freePort();
                Processes.Result r = Processes.run(Processes.as(osUser, List.of(bin.resolve("pg_ctl").toString(),
                        "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
                        "-o", "-c listen_addresses=127.0.0.1 -p " + port + " -c unix_socket_directories='" + dir
                                + "' -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200",
                        "start")), 90);
                if (r.exitCode() == 0) {
                    LocalCluster cluster = new LocalCluster(bin, dir, osUser, password.orElse(null), port, version);
                    Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
                    return cluster;
                }
                String log = tail(dir.resolve("server.log"));
                if (!log.contains("could not bind") && !log.contains("already in use")) {
                    deleteQuietly(dir);
                    throw new ServerException("Server LOCAL: pg_ctl start failed (" + bin + ", exit " + r.exitCode()
                            + "): " + r.output().strip() + "\nServer log:\n" + log);
                }
                lastFailure = new IOException("port " + port + " taken: " + log);
            }
            deleteQuietly(dir);
            throw new ServerException("Server LOCAL: no free port on 127.0.0.1 after 5 attempts: " + lastFailure.getMessage());
        } catch (IOException e) {
            throw new ServerException("Server LOCAL: could not prepare a cluster under " + base + " as the OS user "
                    + osUserName() + ": " + e.getMessage() + ". Set " + MigratedDatabase.PG_WORK_DIR_PROPERTY
                    + " (or SCHEMAVERIFY_PG_WORKDIR) to a directory this user may write, on a file system with room for a"
                    + " cluster (about 40 MB).", e);
        }
    }

    private static String initdb(Path bin, Path dir, String osUser, UserPrincipal owner, Optional<String> password)
            throws IOException {
        Path data = dir.resolve("data");
        Processes.Result versionResult = Processes.run(List.of(bin.resolve("postgres").toString(), "--version"), 30);
        String version = versionResult.output().strip().replaceAll("^.*\\) ", "");
        String major = version.split("\\.")[0];
        List<String> command = new ArrayList<>(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
                "-E", "UTF8", "--locale=C", "--no-sync"));
        if (Integer.parseInt(major) >= 14) {
            command.add("--no-instructions");
        }
        Path pwfile = null;
        if (password.isPresent()) {
            pwfile = dir.resolve("pwfile");
            Files.writeString(pwfile, password.get() + "\n", StandardCharsets.UTF_8);
            if (owner != null) {
                Files.setOwner(pwfile, owner);
            }
            command.addAll(List.of("--pwfile=" + pwfile, "--auth-local=trust", "--auth-host=scram-sha-256"));
        } else {
            command.add("--auth=trust");
        }
        Processes.Result r = Processes.run(Processes.as(osUser, command), 120);
        if (pwfile != null) {
            Files.deleteIfExists(pwfile);
        }
        if (r.exitCode() != 0) {
            deleteQuietly(dir);
            throw new ServerException("Server LOCAL: initdb failed (" + bin + ", exit " + r.exitCode() + "): "
                    + r.output().strip() + (osUser != null ? "\nIt ran as the OS user '" + osUser + "' (set "
                    + MigratedDatabase.PG_OS_USER_PROPERTY + " to choose another)." : ""));
        }
        return version;
    }

    /** Stops and removes clusters whose JVM no longer runs (killed with SIGKILL, for example). */
    static void reapOrphans(Path base) throws IOException {
        try (Stream<Path> dirs = Files.list(base)) {
            for (Path d : dirs.filter(p -> p.getFileName().toString().startsWith(CLUSTER_PREFIX)).toList()) {
                Path ownerFile = d.resolve(OWNER_FILE);
                if (!Files.exists(ownerFile) || ownerAlive(Files.readString(ownerFile).strip())) {
                    continue;
                }
                long pid = postmasterPid(d);
                if (pid > 0) {
                    // SIGKILL of the postmaster alone would orphan its children; SIGQUIT is PostgreSQL's immediate shutdown
                    Processes.run(List.of("kill", "-QUIT", Long.toString(pid)), 10);
                    Processes.awaitGoneOrKill(pid, 10_000);
                }
                deleteQuietly(d);
            }
        }
    }

    private static boolean ownerAlive(String owner) {
        String[] parts = owner.split(" ");
        try {
            long pid = Long.parseLong(parts[0]);
            long start = parts.length > 1 ? Long.parseLong(parts[1]) : 0;
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .map(ph -> start == 0 || ph.info().startInstant().map(i -> Math.abs(i.toEpochMilli() - start) < 2000).orElse(true))
                    .orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static UserPrincipal lookup(String osUser) throws IOException {
        try {
            return Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(osUser);
        } catch (UserPrincipalNotFoundException e) {
            throw new ServerException("Server LOCAL runs as root here, and initdb refuses to run as root, so the "
                    + "cluster runs as the OS user '" + osUser + "', which does not exist. Create it (useradd --system "
                    + osUser + "), or set " + MigratedDatabase.PG_OS_USER_PROPERTY + " to an existing unprivileged user.");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no server log)";
        }
    }

    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }

    public Path directory() {
        return dir;
    }

    @Override
    public ServerMode mode() {
        return ServerMode.LOCAL;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String user() {
        return SUPERUSER;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public String maintenanceDatabase() {
        return "postgres";
    }

    @Override
    public boolean ephemeral() {
        return true;
    }

    @Override
    public String location() {
        return "127.0.0.1:" + port + ", binaries in " + bin;
    }

    @Override
    public String describe() {
        return "LOCAL PostgreSQL " + version + " (" + bin + ") at 127.0.0.1:" + port;
    }

    private void stopQuietly() {
        if (closed) {
            return;
        }
        closed = true;
        long postmaster = postmasterPid(dir);
        try {
            Processes.run(Processes.as(osUser, List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                    "-m", "immediate", "-w", "-t", "30", "stop")), 60);
        } catch (IOException ignored) {
            // the directory goes all the same; a surviving postmaster is reaped by the next run
        }
        if (postmaster > 0) {
            Processes.awaitGoneOrKill(postmaster, 10_000);
        }
        deleteQuietly(dir);
    }

    /** The postmaster's pid from {@code postmaster.pid}, or -1. */
    static long postmasterPid(Path clusterDir) {
        try {
            return Long.parseLong(Files.readAllLines(clusterDir.resolve("data").resolve("postmaster.pid")).get(0).strip());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // already in shutdown
        }
    }
}
