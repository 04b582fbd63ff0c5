package io.github.schemaverify.locks;

import java.util.Locale;

import org.apiguardian.api.API;

/**
 * PostgreSQL's table-level lock modes, weakest first, with the conflicts of the server's documented conflict table
 * ("Explicit Locking", table 13.2). {@link #ROW_EXCLUSIVE} is what every {@code INSERT}, {@code UPDATE} and
 * {@code DELETE} takes; {@link #ACCESS_SHARE} what every {@code SELECT} takes.
 *
 * <pre>{@code
 * LockMode.SHARE.conflictsWith(LockMode.ROW_EXCLUSIVE)   // true: CREATE INDEX blocks writes
 * LockMode.SHARE.conflictsWith(LockMode.ACCESS_SHARE)    // false: ... but not reads
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum LockMode {
    ACCESS_SHARE,
    ROW_SHARE,
    ROW_EXCLUSIVE,
    SHARE_UPDATE_EXCLUSIVE,
    SHARE,
    SHARE_ROW_EXCLUSIVE,
    EXCLUSIVE,
    ACCESS_EXCLUSIVE;

    /** Row i: the modes (bit per ordinal) mode i conflicts with. */
    private static final int[] CONFLICTS = {
        0b1000_0000, // ACCESS SHARE: ACCESS EXCLUSIVE
        0b1100_0000, // ROW SHARE: EXCLUSIVE, ACCESS EXCLUSIVE
        0b1111_0000, // ROW EXCLUSIVE: SHARE and stronger
        0b1111_1000, // SHARE UPDATE EXCLUSIVE: itself and stronger
        0b1110_1100, // SHARE: ROW EXCLUSIVE, SHARE UPDATE EXCLUSIVE, SHARE ROW EXCLUSIVE and stronger
        0b1111_1100, // SHARE ROW EXCLUSIVE: ROW EXCLUSIVE and stronger
        0b1111_1110, // EXCLUSIVE: ROW SHARE and stronger
        0b1111_1111, // ACCESS EXCLUSIVE: every mode
    };

    /** Whether a session holding this mode makes a session asking for {@code other} on the same relation wait. */
    public boolean conflictsWith(LockMode other) {
        return (CONFLICTS[ordinal()] & (1 << other.ordinal())) != 0;
    }

    /** As SQL and the PostgreSQL documentation write it: {@code ACCESS EXCLUSIVE}. */
    public String sql() {
        return name().replace('_', ' ');
    }

    /** The mode as {@code pg_locks.mode} names it, e.g. {@code AccessExclusiveLock}. */
    public static LockMode ofPgLocks(String mode) {
        for (LockMode m : values()) {
            StringBuilder name = new StringBuilder();
            for (String word : m.name().split("_")) {
                name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
            }
            if (name.append("Lock").toString().equals(mode)) {
                return m;
            }
        }
        throw new IllegalArgumentException("not a table-level lock mode: " + mode);
    }

    @Override
    public String toString() {
        return sql();
    }
}
