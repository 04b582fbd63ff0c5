package io.github.schemaverify.internal.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.ServerException;
import io.github.schemaverify.ServerMode;

/**
 * An ephemeral PostgreSQL cluster from binaries on this machine: {@code initdb} into a temporary directory (in RAM
 * where {@code /dev/shm} allows), a free port on 127.0.0.1, {@code fsync=off}; stopped and
 * deleted on {@link #close()} or JVM shutdown, and reaped by the next run if the JVM was killed.
 *
 * <p>Or, asked for with {@code schemaverify.pg.keep} ({@link #startKept}), a cluster kept between runs for the laptop
 * loop: one per binaries and OS user, in {@code kept-<8 hex>} beside the ephemeral ones (which the reaping of orphans
 * never touches), reused while its postmaster runs, used by one run at a time (a file lock), left running by
 * {@link #close()}, or stopped and deleted there when asked to stop.
 *
 * <p>Under root, initdb refuses to run, so the cluster runs as an unprivileged OS user ({@code postgres} by default).
 */
public final class LocalCluster implements PgServer {
    private static final String OWNER_FILE = "owner";
    /** Locked by the JVM that owns an ephemeral cluster for as long as it runs: the kernel releases it when that JVM dies. */
    private static final String OWNER_LOCK = "owner.lock";
    private static final String CLUSTER_PREFIX = "pg-";
    static final String KEPT_PREFIX = "kept-";
    static final String SUPERUSER = "postgres";

    private final Path bin;
    private final Path dir;
    private final String osUser;
    private final String password;
    private final int port;
    private final String version;
    private final Thread shutdownHook;
    private volatile boolean closed;
    /**
     * For a kept cluster: the run's hold on it (released on close), its lock file, whether close stops it, and how this
     * run came by it ({@code reused}, {@code started by this run}, ...).
     */
    private final FileChannel keptLock;
    private final Path keptLockFile;
    private final boolean stopWhenClosed;
    private final String keptState;
    /** For an ephemeral cluster: this JVM's hold on its {@value #OWNER_LOCK}, which tells other runs it is no orphan. */
    private volatile FileChannel ownerLock;

    private LocalCluster(Path bin, Path dir, String osUser, String password, int port, String version, FileChannel ownerLock) {
        this(bin, dir, osUser, password, port, version, null, null, true, "");
        this.ownerLock = ownerLock;
    }

    private LocalCluster(Path bin, Path dir, String osUser, String password, int port, String version, FileChannel keptLock,
            Path keptLockFile, boolean stopWhenClosed, String keptState) {
        this.bin = bin;
        this.dir = dir;
        this.osUser = osUser;
        this.password = password;
        this.port = port;
        this.version = version;
        this.keptLock = keptLock;
        this.keptLockFile = keptLockFile;
        this.stopWhenClosed = stopWhenClosed;
        this.keptState = keptState;
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
        FileChannel ownerLock = null;
        Path dir = null;
        try {
            reapOrphans(base);
            UserPrincipal owner = osUser == null ? null : lookup(osUser);
            dir = Files.createDirectory(base.resolve(CLUSTER_PREFIX + ProcessHandle.current().pid() + "-" + random(4)));
            // locked before the owner file is written: a run that reaps sees no owner file, or one whose owner holds the lock
            ownerLock = FileChannel.open(dir.resolve(OWNER_LOCK), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            ownerLock.lock();
            Files.writeString(dir.resolve(OWNER_FILE), ProcessHandle.current().pid() + " "
                    + ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(0L));
            if (owner != null) {
                Files.setOwner(dir, owner);
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            String version = serverVersion(bin);
            initdb(bin, dir, osUser, owner, password, "scram-sha-256", version);
            int port = startPostmaster(bin, dir, osUser);
            LocalCluster cluster = new LocalCluster(bin, dir, osUser, password.orElse(null), port, version, ownerLock);
            try {
                Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
            } catch (RuntimeException shuttingDown) {
                cluster.stopQuietly();
                throw shuttingDown;
            }
            return cluster;
        } catch (IOException | RuntimeException e) {
            if (dir != null) {
                deleteQuietly(dir);
                release(ownerLock);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new ServerException("Server LOCAL: could not prepare a cluster under " + base + " as the OS user "
                    + osUserName() + ": " + e.getMessage() + ". Set " + MigratedDatabase.PG_WORK_DIR_PROPERTY
                    + " (or SCHEMAVERIFY_PG_WORKDIR) to a directory this user may write, on a file system with room for a"
                    + " cluster (about 40 MB).", e);
        }
    }

    /**
     * The cluster kept between runs for these binaries and this OS user: reused while its postmaster runs, started again
     * (initdb first when it has no data directory of this major version) when not. Returns empty when another run uses
     * it: that run's caller starts a cluster of its own.
     *
     * <p>One run at a time: a lock on {@code kept-<id>.lock} beside the cluster's directory (never deleted, so a run that
     * stops and deletes the cluster still holds it), and, within one JVM, a set of the ones held (closing another
     * channel on the lock file would release the JVM's lock). Host connections need the superuser's password, made at
     * initdb and kept in the cluster's directory (mode 0600): a cluster that outlives the run is not open to every local
     * user. Roles belong to the whole cluster and no run drops them: a kept cluster on which an earlier run's migrations
     * left roles is made again, so every run starts with only the roles initdb made, as on a cluster of its own.
     *
     * @param stop whether {@link #close()} stops and deletes it ({@code schemaverify.pg.keep=stop}); else it stays running
     */
    public static Optional<LocalCluster> startKept(Optional<String> configuredBin, String osUserName, Optional<String> workDir,
            boolean stop) {
        Path bin = PgBinaries.require(configuredBin);
        String osUser = isRoot() ? osUserName : null;
        Path base = prepareBase(workDir);
        String id = keptId(bin, osUserName);
        Path dir = base.resolve(KEPT_PREFIX + id);
        Path lockFile = base.resolve(KEPT_PREFIX + id + ".lock");
        if (!HELD.add(lockFile)) {
            return Optional.empty(); // this JVM uses it already
        }
        FileChannel lock = null;
        try {
            lock = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            java.nio.channels.FileLock held;
            try {
                held = lock.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException elsewhereInThisJvm) {
                // held through another channel of this JVM: closing this one could release that lock, so it stays open
                UNCLOSED.add(lock);
                HELD.remove(lockFile);
                return Optional.empty();
            }
            if (held == null) {
                lock.close();
                HELD.remove(lockFile);
                return Optional.empty();
            }
            UserPrincipal owner = osUser == null ? null : lookup(osUser);
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                if (owner != null) {
                    Files.setOwner(dir, owner);
                }
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
            Path passwordFile = dir.resolve(KEPT_PASSWORD);
            Optional<String> password = Files.exists(passwordFile)
                    ? Optional.of(Files.readString(passwordFile, StandardCharsets.UTF_8).strip()) : Optional.empty();
            String state = "started by this run";
            Running running = password.isPresent() ? running(dir, bin, osUser, password.get()) : null;
            if (running != null) {
                if (running.roles().isEmpty()) {
                    return Optional.of(new LocalCluster(bin, dir, osUser, password.get(), running.port(), running.version(), lock,
                            lockFile, stop, "reused"));
                }
                stopPostmaster(dir, bin, osUser);
                deleteQuietly(dir.resolve("data"));
                state = madeAgain(running.roles());
            }
            String version = serverVersion(bin);
            Path data = dir.resolve("data");
            String major = version.split("\\.")[0];
            boolean usable = password.isPresent() && Files.exists(data.resolve("PG_VERSION"))
                    && Files.readString(data.resolve("PG_VERSION")).strip().equals(major);
            if (!usable) {
                if (Files.exists(data.resolve("postmaster.pid"))) {
                    stopPostmaster(dir, bin, osUser); // one that cannot be reached with a password of ours
                }
                deleteQuietly(data);
                password = Optional.of(newPassword());
                Files.deleteIfExists(passwordFile);
                Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(passwordFile, password.get() + "\n", StandardCharsets.UTF_8);
                initdb(bin, dir, osUser, owner, password, "password", version);
            }
            int port = startPostmaster(bin, dir, osUser);
            if (usable) {
                List<String> roles = rolesNotFromInitdb(port, password.get());
                if (!roles.isEmpty()) { // left while it was stopped: make it again
                    stopPostmaster(dir, bin, osUser);
                    deleteQuietly(data);
                    initdb(bin, dir, osUser, owner, password, "password", version);
                    port = startPostmaster(bin, dir, osUser);
                    state = madeAgain(roles);
                }
            }
            return Optional.of(new LocalCluster(bin, dir, osUser, password.get(), port, version, lock, lockFile, stop, state));
        } catch (IOException | SQLException | RuntimeException e) {
            if (lock != null) {
                try {
                    lock.close();
                } catch (IOException ignored) {
                    // the failure to start is the one to report
                }
            }
            HELD.remove(lockFile);
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new ServerException("Server LOCAL: could not start the kept cluster in " + dir + " as the OS user "
                    + osUserName() + ": " + e.getMessage() + ". Stop it (pg_ctl -D " + dir.resolve("data") + " stop, as that"
                    + " user) and remove " + dir + ", or set " + MigratedDatabase.PG_WORK_DIR_PROPERTY + " to another directory.",
                    e);
        }
    }

    /** Kept clusters (their lock files) this JVM holds. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();
    /** Channels on a lock file some other code of this JVM holds: never closed, since that could release its lock. */
    private static final Set<FileChannel> UNCLOSED = ConcurrentHashMap.newKeySet();
    private static final String KEPT_PASSWORD = "superuser.password";

    /** How a kept cluster made again because of roles is described in the server line. */
    private static String madeAgain(List<String> roles) {
        return "made again by this run: an earlier run's migrations left the roles " + String.join(", ", roles)
                + " on it, which belong to the whole cluster";
    }

    private static String newPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** Roles other than the superuser and PostgreSQL's predefined {@code pg_*} roles: what migrations created. */
    private static List<String> rolesNotFromInitdb(int port, String password) throws SQLException {
        try (Connection c = Pgjdbc.connect("jdbc:postgresql://127.0.0.1:" + port + "/postgres", SUPERUSER, password);
             Statement st = c.createStatement()) {
            return rolesNotFromInitdb(st);
        }
    }

    private static List<String> rolesNotFromInitdb(Statement st) throws SQLException {
        List<String> roles = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT rolname FROM pg_roles WHERE rolname !~ '^pg_' AND rolname <> '" + SUPERUSER
                + "' ORDER BY 1")) {
            while (rs.next()) {
                roles.add(rs.getString(1));
            }
        }
        return roles;
    }

    /** {@code pg_ctl stop -m immediate}; the postmaster is waited for (killed after 10 s) even when pg_ctl fails. */
    private static void stopPostmaster(Path dir, Path bin, String osUser) throws IOException {
        long postmaster = postmasterPid(dir);
        try {
            Processes.run(Processes.as(osUser, List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                    "-m", "immediate", "-w", "-t", "30", "stop")), 60);
        } finally {
            if (postmaster > 0) {
                Processes.awaitGoneOrKill(postmaster, 10_000);
            }
        }
    }

    /** The kept cluster's name for these binaries and OS user: 8 hex digits of a digest over both. */
    private static String keptId(Path bin, String osUserName) {
        Path real;
        try {
            real = bin.toRealPath();
        } catch (IOException e) {
            real = bin.toAbsolutePath();
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest((real + "|" + osUserName)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A kept cluster's postmaster that answers: its port, its version, and the roles migrations left on it. */
    private record Running(int port, String version, List<String> roles) {
    }

    /**
     * The kept cluster's postmaster when it runs and answers, read on one connection (the version it runs, which is the
     * binaries' unless they were upgraded under it, and the roles other than initdb's); else null, after stopping what is
     * left of it (a postmaster that does not answer, a stale pid file).
     */
    private static Running running(Path dir, Path bin, String osUser, String password) throws IOException {
        Path pidFile = dir.resolve("data").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return null;
        }
        List<String> lines = Files.readAllLines(pidFile);
        long pid;
        int port;
        try {
            pid = Long.parseLong(lines.get(0).strip());
            port = Integer.parseInt(lines.get(3).strip());
        } catch (RuntimeException e) {
            return null;
        }
        if (!Processes.gone(pid)) {
            try (Connection c = Pgjdbc.connect("jdbc:postgresql://127.0.0.1:" + port + "/postgres", SUPERUSER,
                    password); Statement st = c.createStatement()) {
                st.setQueryTimeout(5); // a postmaster that answers but hangs is not one to reuse
                String version;
                try (ResultSet rs = st.executeQuery("SHOW server_version")) {
                    rs.next();
                    version = rs.getString(1);
                }
                return new Running(port, version, rolesNotFromInitdb(st));
            } catch (SQLException e) {
                stopPostmaster(dir, bin, osUser);
            }
        }
        return null;
    }

    private static String serverVersion(Path bin) throws IOException {
        Processes.Result versionResult = Processes.run(List.of(bin.resolve("postgres").toString(), "--version"), 30);
        return versionResult.output().strip().replaceAll("^.*\\) ", "");
    }

    /** {@code pg_ctl start} on a free port of 127.0.0.1 (five tries); returns the port. */
    private static int startPostmaster(Path bin, Path dir, String osUser) throws IOException {
        IOException lastFailure = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            Processes.Result r = Processes.run(Processes.as(osUser, List.of(bin.resolve("pg_ctl").toString(),
                    "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
                    "-o", "-c listen_addresses=127.0.0.1 -p " + port + " -c unix_socket_directories='" + dir
                            + "' -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200",
                    "start")), 90);
            if (r.exitCode() == 0) {
                return port;
            }
            String log = tail(dir.resolve("server.log"));
            if (!log.contains("could not bind") && !log.contains("already in use")) {
                throw new ServerException("Server LOCAL: pg_ctl start failed (" + bin + ", exit " + r.exitCode()
                        + "): " + r.output().strip() + "\nServer log:\n" + log);
            }
            lastFailure = new IOException("port " + port + " taken: " + log);
        }
        throw new ServerException("Server LOCAL: no free port on 127.0.0.1 after 5 attempts: " + lastFailure.getMessage());
    }

    /**
     * @param hostAuth how connections on 127.0.0.1 authenticate when there is a password: {@code scram-sha-256}, or
     *                 {@code password} (the kept cluster's: sent over loopback only, where SCRAM's key derivation in a
     *                 cold JVM cost a short run a quarter of a second; the server keeps a SCRAM verifier all the same)
     * @param version the binaries' version ({@link #serverVersion}), which decides initdb's options
     */
    private static void initdb(Path bin, Path dir, String osUser, UserPrincipal owner, Optional<String> password,
            String hostAuth, String version) throws IOException {
        Path data = dir.resolve("data");
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
            command.addAll(List.of("--pwfile=" + pwfile, "--auth-local=trust", "--auth-host=" + hostAuth));
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
    }

    /**
     * Stops and removes clusters whose JVM no longer runs (killed with SIGKILL, for example): those whose
     * {@value #OWNER_LOCK} no process holds. Never this JVM's own (named with its pid): opening their lock file here and closing it again would
     * release this JVM's lock on it. Clusters made by versions without that file are told by their owner's pid and start.
     */
    static void reapOrphans(Path base) throws IOException {
        String own = CLUSTER_PREFIX + ProcessHandle.current().pid() + "-"; // this JVM's, by the name it gave them
        try (Stream<Path> dirs = Files.list(base)) {
            for (Path d : dirs.filter(p -> p.getFileName().toString().startsWith(CLUSTER_PREFIX)).toList()) {
                Path ownerFile = d.resolve(OWNER_FILE);
                if (d.getFileName().toString().startsWith(own) || !Files.exists(ownerFile)
                        || ownerAlive(d, Files.readString(ownerFile).strip())) {
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

    /**
     * Whether the JVM that made the cluster in {@code dir} still runs: it holds the cluster's {@value #OWNER_LOCK}. The
     * lock, not the owner's process start time: two JVMs may compute one process's start instant a second or more apart
     * (each from the boot time the kernel gave it, in whole seconds, which moves when the wall clock is stepped), and that
     * once made a run take another live run's clusters for orphans.
     */
    private static boolean ownerAlive(Path dir, String owner) {
        Path lockFile = dir.resolve(OWNER_LOCK);
        if (Files.exists(lockFile)) {
            try (FileChannel probe = FileChannel.open(lockFile, StandardOpenOption.READ)) {
                java.nio.channels.FileLock free = probe.tryLock(0, Long.MAX_VALUE, true);
                if (free == null) {
                    return true;
                }
                free.release();
                return false;
            } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
                return true; // cannot tell: leave it
            }
        }
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

    /** A kept cluster outlives the run: its databases are dropped, commented and reaped as on a shared server. */
    @Override
    public boolean ephemeral() {
        return keptLock == null;
    }

    /**
     * Kept or not, one run at a time uses it, and it holds no role but those initdb made when the run starts (a kept
     * one with others is made again, see {@link #startKept}).
     */
    @Override
    public boolean exclusive() {
        return true;
    }

    /** Whether the cluster is kept between runs ({@code schemaverify.pg.keep}). */
    public boolean kept() {
        return keptLock != null;
    }

    @Override
    public String location() {
        return "127.0.0.1:" + port + ", binaries in " + bin + (keptLock == null ? ""
                : ", kept between runs in " + dir + " (" + keptState + "; "
                + (stopWhenClosed ? "stopped at the end of this run" : "stop it with -D" + MigratedDatabase.PG_KEEP_PROPERTY
                + "=stop") + ")");
    }

    @Override
    public String describe() {
        return "LOCAL PostgreSQL " + version + " (" + bin + ") at 127.0.0.1:" + port + (keptLock == null ? "" : ", kept");
    }

    private void stopQuietly() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stopPostmaster(dir, bin, osUser);
        } catch (IOException ignored) {
            // the directory goes all the same; a surviving postmaster is reaped by the next run
        }
        deleteQuietly(dir);
        release(ownerLock);
    }

    /** Lets go of an ephemeral cluster's owner lock once its directory is gone (or was never made whole). */
    private static void release(FileChannel ownerLock) {
        if (ownerLock != null) {
            try {
                ownerLock.close();
            } catch (IOException ignored) {
                // the lock goes with the process anyway
            }
        }
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
        if (keptLock != null) {
            if (stopWhenClosed) {
                stopQuietly();
            }
            try {
                keptLock.close(); // the next run may use it
            } catch (IOException ignored) {
                // the lock goes with the process anyway
            }
            HELD.remove(keptLockFile);
            return;
        }
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // already in shutdown
        }
    }
}
