package io.github.schemaverify.internal.db;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.schemaverify.internal.migration.MigrationSource;

/**
 * A run's server-side liveness token: a session-level advisory lock {@code (RUN_CLASS, token)} that the run's
 * administration session holds for as long as the run lives. The server releases it when that session ends, however
 * the run ended (normally, SIGTERM, kill -9, a lost host), so "the token is no longer held" is proof of death that
 * works across hosts, where a local process id would not.
 *
 * <p>Every database a run creates carries the token in its name ({@code sv_<token>_<random>}, 8 and 8 hex digits, a
 * form neither earlier SchemaVerify versions nor people use), and a comment ({@code SchemaVerify run <token> ...}) that
 * tells a person looking at the server what it is. The name is what proves the database SchemaVerify's: the token's
 * last 4 hex digits are a {@linkplain #seal check} over its first 4, which a name a person made up lacks (but for one
 * in 65536), and a migration cannot rename the database it runs in. The comment cannot prove it: a database's comment
 * is its migrations' too ({@code COMMENT ON DATABASE ${flyway:database} IS '...'}), and a copy of a database a
 * migration commented gets that comment instead ({@code DatabaseManager}). Templates' names are sealed alike
 * ({@code DatabaseManager.templateName}).
 */
final class RunToken {
    /** The first key of the two-key advisory lock: "SVRU". */
    static final int RUN_CLASS = 0x5356_5255;
    static final String COMMENT_PREFIX = "SchemaVerify run ";
    static final String TEMPLATE_COMMENT_PREFIX = "SchemaVerify template ";
    /** Per-test and per-walk databases: the run's token, then 8 random hex digits. */
    static final Pattern DATABASE = Pattern.compile("sv_([0-7][0-9a-f]{7})_[0-9a-f]{8}");
    static final Pattern TEMPLATE = Pattern.compile("sv_tpl_[0-9a-f]{16}");
    /** Both forms of templates' names: a run's own, and the ones kept between runs. */
    private static final Pattern TEMPLATES = Pattern.compile("sv_(tpl|cache)_[0-9a-f]{16}");
    /** The hex digits a {@linkplain #seal seal} adds. */
    private static final int CHECK_DIGITS = 4;

    private final int token;
    private final String description;

    private RunToken(int token, String description) {
        this.token = token;
        this.description = description;
    }

    /** Takes a token no live session holds, on {@code admin}, which then holds it until it closes. */
    static RunToken acquire(Connection admin, SecureRandom random) throws SQLException {
        try (Statement st = admin.createStatement()) {
            while (true) {
                // 15 random bits, as 4 hex digits from 0000 to 7fff, and their check: the token's 8 hex digits
                int candidate = Integer.parseInt(seal(String.format("%04x", random.nextInt(0x8000))), 16);
                try (ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + RUN_CLASS + ", " + candidate + ")")) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return new RunToken(candidate, "host " + host() + ", pid " + ProcessHandle.current().pid()
                                + ", started " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
                    }
                }
            }
        }
    }

    /** Host, process id and start of the run, for messages. */
    String description() {
        return description;
    }

    int value() {
        return token;
    }

    String hex() {
        return String.format("%08x", token);
    }

    /** A new database name that carries the token. */
    String newDatabaseName(SecureRandom random) {
        byte[] b = new byte[4];
        random.nextBytes(b);
        return "sv_" + hex() + "_" + HexFormat.of().formatHex(b);
    }

    /** The comment of a database this run creates. */
    String comment() {
        return COMMENT_PREFIX + hex() + " (" + description + "): dropped when the run ends; if the run dies first, by the"
                + " next SchemaVerify run on this server once the run's session is gone";
    }

    /** The comment of a template this run builds. */
    String templateComment(String role) {
        return TEMPLATE_COMMENT_PREFIX + "of role " + role + ", built by run " + hex() + " (" + description + "): dropped by"
                + " the last run that uses it, or by the next SchemaVerify run once no run uses it";
    }

    /**
     * {@code digits} (hex) followed by a check over them: 4 hex digits of a SHA-256 digest of them, so that a name
     * SchemaVerify made can be told from one a person made in the same form ({@link #sealed}).
     */
    static String seal(String digits) {
        byte[] digest = MigrationSource.sha256().digest(("SchemaVerify|" + digits).getBytes(StandardCharsets.UTF_8));
        return digits + HexFormat.of().formatHex(digest, 0, CHECK_DIGITS / 2);
    }

    /**
     * Whether SchemaVerify made the database of this name: a per-test database's ({@code sv_<token>_<random>}) whose
     * token is {@linkplain #seal sealed}, or a template's ({@code sv_tpl_} or {@code sv_cache_} and 16 hex digits) whose
     * digits are. Names a person or an earlier version made in these forms are not, but for one in 65536.
     */
    static boolean sealed(String database) {
        Matcher run = DATABASE.matcher(database);
        String digits = run.matches() ? run.group(1) : TEMPLATES.matcher(database).matches()
                ? database.substring(database.lastIndexOf('_') + 1) : null;
        return digits != null && seal(digits.substring(0, digits.length() - CHECK_DIGITS)).equals(digits);
    }

    /** The token in a per-test database's name, or empty when the name is not of that form. */
    static Optional<Integer> of(String database) {
        Matcher m = DATABASE.matcher(database);
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1), 16)) : Optional.empty();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
