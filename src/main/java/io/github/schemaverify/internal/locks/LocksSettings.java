package io.github.schemaverify.internal.locks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns {@code @VerifyLocks}'s attributes into {@link LockWalk.Settings}, or names what is wrong with them. */
public final class LocksSettings {
    /** The probe's lock_timeout when {@code schemaverify.locks.probeTimeout} is not set. */
    static final Duration PROBE_TIMEOUT = Duration.ofMillis(1);

    private LocksSettings() {
    }

    /**
     * @param probeTimeout the property's value, if set
     * @param where        the annotated method, for errors the settings meet later (a table {@code rows} names that
     *                     gets none)
     * @throws IllegalArgumentException naming the attribute, what it expects and what it found
     */
    public static LockWalk.Settings resolve(List<String> rows, long defaultRows, String fixtures, boolean forbidRewrites,
            long maxWriteBlockMs, boolean requireLockTimeout, boolean requireConcurrently, Set<String> known,
            Optional<String> probeTimeout, String where) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String entry : rows) {
            int eq = entry.indexOf('=');
            String table = eq < 0 ? "" : entry.substring(0, eq).strip();
            Long n = eq < 0 ? null : number(entry.substring(eq + 1).strip());
            if (table.isEmpty() || n == null || n < 0) {
                List<String> split = List.of(entry.split("\\s*,\\s*"));
                boolean several = split.size() > 1 && split.stream().allMatch(e -> e.matches("[^=]+=\\s*\\d+"));
                throw new IllegalArgumentException("attribute 'rows' expects TABLE=COUNT entries such as \"documents=100000\","
                        + " but found \"" + entry + "\"" + (several ? ", several tables in one entry: give each its own, rows = {"
                        + String.join(", ", split.stream().map(e -> "\"" + e + "\"").toList()) + "}" : "") + ".");
            }
            counts.put(table, n);
        }
        if (defaultRows < 0) {
            throw new IllegalArgumentException("attribute 'defaultRows' expects 0 or more rows, but found " + defaultRows + ".");
        }
        if (maxWriteBlockMs < -1) {
            throw new IllegalArgumentException("attribute 'maxWriteBlockMs' expects milliseconds (0 or more), or -1 for no"
                    + " bound, but found " + maxWriteBlockMs + ".");
        }
        for (String version : known) {
            if (!version.matches("\\d+(?:[._]\\d+)*")) {
                throw new IllegalArgumentException("attribute 'known' expects versions such as \"7\" or \"1.2\", but found \""
                        + version + "\".");
            }
        }
        Duration timeout = PROBE_TIMEOUT;
        if (probeTimeout.isPresent()) {
            Long ms = number(probeTimeout.get().strip());
            if (ms == null || ms < 1) {
                throw new IllegalArgumentException("property schemaverify.locks.probeTimeout expects milliseconds (1 or"
                        + " more), but found \"" + probeTimeout.get() + "\".");
            }
            timeout = Duration.ofMillis(ms);
        }
        Policies policies = new Policies(forbidRewrites, maxWriteBlockMs < 0 ? Optional.empty()
                : Optional.of(Duration.ofMillis(maxWriteBlockMs)), requireLockTimeout, requireConcurrently);
        return new LockWalk.Settings(counts, defaultRows, Optional.of(fixtures).filter(f -> !f.isBlank()), policies,
                Set.copyOf(known), timeout, true, where);
    }

    private static Long number(String text) {
        try {
            return Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
