package io.github.schemaverify.internal.locks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A second session that asks, while the migration's transaction is open, whether a concurrent read or write of a table
 * would wait: it runs a real {@code SELECT} ({@code ACCESS SHARE} on the table and, through the planner, on every index
 * of it) or a real {@code DELETE ... WHERE false} ({@code ROW EXCLUSIVE} on the table and its indexes, no row touched)
 * in a transaction it rolls back, with a short {@code lock_timeout}. A lock that can be granted is granted at once, so
 * only a probe that had to wait runs into the timeout: the timeout decides the cost, not the answer. (SQLSTATE 55P03
 * answers "it would wait", from the timeout or from the table's {@code NOWAIT} lock.)
 */
final class Probe implements AutoCloseable {
    /** SQLSTATE lock_not_available: the lock_timeout ran out. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final Connection connection;
    private final long timeoutMillis;

    Probe(Connection connection, Duration timeout) throws SQLException {
        this.connection = connection;
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        connection.setAutoCommit(true);
    }

    int pid() throws SQLException {
        return connection.unwrap(org.postgresql.PGConnection.class).getBackendPID();
    }

    /**
     * Whether a {@code SELECT} of the table (quoted, qualified) would wait. The table's own lock is asked for first with
     * {@code NOWAIT}, which answers at once where the timeout would make the probe sleep; the indexes' locks come from
     * the statement itself.
     */
    boolean readBlocks(String table, boolean materializedView) {
        return blocks((materializedView ? "" : "LOCK TABLE " + table + " IN ACCESS SHARE MODE NOWAIT; ")
                + "SELECT FROM " + table + " LIMIT 0");
    }

    /** Whether a write to the table would wait; a materialized view is not written to and never blocks a write. */
    boolean writeBlocks(String table, boolean materializedView) {
        return !materializedView && blocks("LOCK TABLE " + table + " IN ROW EXCLUSIVE MODE NOWAIT; DELETE FROM " + table
                + " WHERE false");
    }

    private boolean blocks(String sql) {
        try (Statement st = connection.createStatement()) {
            st.execute("BEGIN; SET LOCAL lock_timeout = " + timeoutMillis + "; " + sql + "; ROLLBACK");
            return false;
        } catch (SQLException e) {
            rollback();
            if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                return true;
            }
            // anything else (a statement trigger that fails, say) is not a lock wait
            return false;
        }
    }

    private void rollback() {
        try (Statement st = connection.createStatement()) {
            st.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // no transaction left open
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
