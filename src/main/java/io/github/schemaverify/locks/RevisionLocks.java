package io.github.schemaverify.locks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apiguardian.api.API;

/**
 * The lock profile of one revision: each statement, in order, with what it locked, rewrote, scanned and blocked, on a
 * database whose tables held {@link #rows()} rows before it. Navigate it with
 * {@code SchemaAssertions.assertThat(locks.of("7")).on("documents").blocksWrites(false)}.
 *
 * @param version     the revision's version, e.g. {@code "7"}
 * @param description its description, e.g. {@code "add_status"}
 * @param script      its file name
 * @param statements  its statements in order (up to the failing one when it failed)
 * @param rows        rows of every table that existed before it, by name (sorted)
 * @param commit      how long its commit took ({@link Duration#ZERO} when it ran outside a transaction)
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RevisionLocks(String version, String description, String script, List<StatementLocks> statements,
        Map<String, Long> rows, Duration commit) {

    public RevisionLocks {
        statements = List.copyOf(statements);
        rows = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(rows));
    }

    /** The statement that starts on this line of the script. */
    public Optional<StatementLocks> statementAt(int line) {
        return statements.stream().filter(s -> s.line() == line).findFirst();
    }

    /** Rows the table held before the revision; 0 for a table it created or one that did not exist. */
    public long rowsOf(String table) {
        return rows.entrySet().stream().filter(e -> sameRelation(e.getKey(), table)).mapToLong(Map.Entry::getValue)
                .findFirst().orElse(0);
    }

    /** The first statement after which a concurrent write on the table would have waited, if any. */
    public Optional<StatementLocks> firstBlockingWrites(String table) {
        return statements.stream().filter(s -> s.blocksWrites().stream().anyMatch(t -> sameRelation(t, table))).findFirst();
    }

    /** The first statement after which a concurrent read of the table would have waited, if any. */
    public Optional<StatementLocks> firstBlockingReads(String table) {
        return statements.stream().filter(s -> s.blocksReads().stream().anyMatch(t -> sameRelation(t, table))).findFirst();
    }

    /**
     * How long writes on the table were blocked: inside a transaction, from the start of the first statement that
     * blocked them to the end of the commit; outside one, the blocking statements' own time.
     */
    public Duration writesBlocked(String table) {
        Duration total = Duration.ZERO;
        boolean blocking = false;
        for (StatementLocks s : statements) {
            boolean blocks = s.blocksWrites().stream().anyMatch(t -> sameRelation(t, table));
            if (s.transactional()) {
                blocking |= blocks;
                total = blocking ? total.plus(s.duration()) : total;
            } else if (blocks) {
                total = total.plus(s.duration());
            }
        }
        return blocking ? total.plus(commit) : total;
    }

    /**
     * Whether two relation names denote the same relation: equal, or one is the other qualified with {@code public}.
     */
    public static boolean sameRelation(String a, String b) {
        return a.equals(b) || a.equals("public." + b) || b.equals("public." + a);
    }
}
