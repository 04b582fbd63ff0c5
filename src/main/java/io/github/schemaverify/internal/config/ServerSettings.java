package io.github.schemaverify.internal.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.ServerMode;

/**
 * How SchemaVerify reaches a server and runs migrations on it. The first seven components identify the server: runs
 * with equal values share it. The password takes part in equality but never in {@link #toString()}.
 *
 * @param progress         how often a long migration prints what it is running ({@value #PROGRESS_PROPERTY}, default
 *                         10 s); {@link Duration#ZERO} for never
 * @param statementTimeout the longest a migration statement may run ({@value #STATEMENT_TIMEOUT_PROPERTY}), none by
 *                         default
 * @param workDir          where LOCAL clusters live ({@value MigratedDatabase#PG_WORK_DIR_PROPERTY}), else the default
 * @param keep             whether a LOCAL cluster is kept between runs ({@value MigratedDatabase#PG_KEEP_PROPERTY})
 */
public record ServerSettings(ServerMode mode, String image, Optional<String> url, Optional<String> user,
        Optional<String> password, Optional<String> pgBin, String osUser, Duration progress, Optional<Duration> statementTimeout,
        Optional<String> workDir, Keep keep) {

    /** {@value MigratedDatabase#PG_KEEP_PROPERTY}: a LOCAL cluster per run (the default), kept between runs, or stopped. */
    public enum Keep {
        /** Each run starts its own cluster and stops it at its end. */
        NO,
        /** The run uses the kept cluster (starting it if needed) and leaves it running. */
        YES,
        /** The run uses the kept cluster (if any, else starts one), then stops and deletes it. */
        STOP
    }

    /** Settings whose LOCAL cluster, if any, is the run's own. */
    public ServerSettings(ServerMode mode, String image, Optional<String> url, Optional<String> user, Optional<String> password,
            Optional<String> pgBin, String osUser, Duration progress, Optional<Duration> statementTimeout, Optional<String> workDir) {
        this(mode, image, url, user, password, pgBin, osUser, progress, statementTimeout, workDir, Keep.NO);
    }

    public static final String DEFAULT_IMAGE = "pgvector/pgvector:pg18";
    public static final String DEFAULT_OS_USER = "postgres";
    /** {@value MigratedDatabase#PROGRESS_PROPERTY}. */
    public static final String PROGRESS_PROPERTY = MigratedDatabase.PROGRESS_PROPERTY;
    /** {@value MigratedDatabase#STATEMENT_TIMEOUT_PROPERTY}. */
    public static final String STATEMENT_TIMEOUT_PROPERTY = MigratedDatabase.STATEMENT_TIMEOUT_PROPERTY;
    public static final Duration DEFAULT_PROGRESS = Duration.ofSeconds(10);

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h)?");

    /** Settings with the default progress interval and no statement timeout. */
    public ServerSettings(ServerMode mode, String image, Optional<String> url, Optional<String> user, Optional<String> password,
            Optional<String> pgBin, String osUser) {
        this(mode, image, url, user, password, pgBin, osUser, DEFAULT_PROGRESS, Optional.empty(), Optional.empty());
    }

    /** Resolves every server setting but the mode, image and URL (which the caller has checked) through {@code setting}. */
    public static ServerSettings resolve(ServerMode mode, String image, Optional<String> url, Setting setting, String source) {
        Duration progress = setting.lookup(PROGRESS_PROPERTY)
                .map(v -> duration(v, PROGRESS_PROPERTY, setting, source, "for no progress lines"))
                .orElse(DEFAULT_PROGRESS);
        Optional<Duration> statementTimeout = setting.lookup(STATEMENT_TIMEOUT_PROPERTY)
                .map(v -> duration(v, STATEMENT_TIMEOUT_PROPERTY, setting, source, "for no limit"))
                .filter(d -> !d.isZero());
        Keep keep = setting.lookup(MigratedDatabase.PG_KEEP_PROPERTY).map(v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "false" -> Keep.NO;
            case "true" -> Keep.YES;
            case "stop" -> Keep.STOP;
            default -> throw Misuse.setting(source, setting.origin(MigratedDatabase.PG_KEEP_PROPERTY), v, "true, false or stop",
                    "Use true to keep a LOCAL cluster running between runs, stop to stop the kept one after this run.");
        }).orElse(Keep.NO);
        return new ServerSettings(mode, image, url, setting.lookup(MigratedDatabase.USER_PROPERTY),
                setting.lookup(MigratedDatabase.PASSWORD_PROPERTY), setting.lookup(MigratedDatabase.PG_BIN_PROPERTY),
                setting.lookup(MigratedDatabase.PG_OS_USER_PROPERTY).orElse(DEFAULT_OS_USER), progress, statementTimeout,
                setting.lookup(MigratedDatabase.PG_WORK_DIR_PROPERTY), keep);
    }

    /** {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, a bare number of seconds, ISO-8601 ({@code PT1M}), or {@code off}. */
    static Duration duration(String value, String property, Setting setting, String source, String off) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("off") || v.equals("none")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(v);
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            double millis = switch (unit) {
                case "ms" -> amount;
                case "m", "min" -> amount * 60_000;
                case "h" -> amount * 3_600_000;
                default -> amount * 1000;
            };
            return Duration.ofMillis(Math.round(millis));
        }
        try {
            return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw Misuse.setting(source, setting.origin(property), value, "a duration", "Use a number with a unit, such as"
                    + " 500ms, 10s or 2m, or off " + off + ".");
        }
    }

    /** A duration as messages show it: "1 s", "1.5 s", "500 ms", "2 min". */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms % 60_000 == 0) {
            return (ms / 60_000) + " min";
        }
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    @Override
    public String toString() {
        return "ServerSettings[mode=" + mode + ", image=" + image + ", url=" + url.map(Redaction::url).orElse("-")
                + ", user=" + user.orElse("-") + ", password=" + (password.isPresent() ? "***" : "-")
                + ", pgBin=" + pgBin.orElse("-") + ", osUser=" + osUser + ", progress=" + format(progress)
                + ", statementTimeout=" + statementTimeout.map(ServerSettings::format).orElse("-") + ", workDir="
                + workDir.orElse("-") + ", keep=" + keep + "]";
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof ServerSettings o
                && Objects.equals(mode, o.mode)
                && Objects.equals(image, o.image)
                && Objects.equals(url, o.url)
                && Objects.equals(user, o.user)
                && Objects.equals(password, o.password)
                && Objects.equals(pgBin, o.pgBin)
                && Objects.equals(osUser, o.osUser)
                && Objects.equals(progress, o.progress)
                && Objects.equals(statementTimeout, o.statementTimeout)
                && Objects.equals(workDir, o.workDir)
                && Objects.equals(keep, o.keep);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, image, url, user, password, pgBin, osUser, progress, statementTimeout, workDir, keep);
    }
}
