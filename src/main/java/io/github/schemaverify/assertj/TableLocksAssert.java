package io.github.schemaverify.assertj;

import java.util.Optional;
import java.util.function.Predicate;

import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import io.github.schemaverify.locks.HeldLock;
import io.github.schemaverify.locks.LockMode;
import io.github.schemaverify.locks.RevisionLocks;
import io.github.schemaverify.locks.StatementLocks;

/**
 * Assertions on what one revision did to one table: whether it blocked reads or writes on it, rewrote or scanned it,
 * and which lock it took (the strongest on the table, its indexes and its TOAST table). Failures name the statement and
 * its line.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class TableLocksAssert extends AbstractAssert<TableLocksAssert, RevisionLocks> {
    private final String table;

    TableLocksAssert(RevisionLocks actual, String table) {
        super(actual, TableLocksAssert.class);
        this.table = table;
    }

    /** Whether some statement made a concurrent {@code SELECT} of the table wait. */
    public TableLocksAssert blocksReads(boolean expected) {
        return check(expected, "block reads on", s -> s.blocksReads().stream().anyMatch(this::isTable));
    }

    /** Whether some statement made a concurrent {@code INSERT}, {@code UPDATE} or {@code DELETE} on the table wait. */
    public TableLocksAssert blocksWrites(boolean expected) {
        return check(expected, "block writes on", s -> s.blocksWrites().stream().anyMatch(this::isTable));
    }

    /** Whether some statement rewrote the table or its TOAST table (its file node changed). */
    public TableLocksAssert rewrites(boolean expected) {
        return check(expected, "rewrite", s -> s.rewrote(table));
    }

    /** Whether some statement read the table in full (a sequential scan, e.g. to validate a constraint). */
    public TableLocksAssert scans(boolean expected) {
        return check(expected, "scan", s -> s.scans().stream().anyMatch(this::isTable));
    }

    /** The strongest lock the revision took on the table (or its indexes and TOAST table) is this mode. */
    public TableLocksAssert takes(LockMode mode) {
        Optional<HeldLock> strongest = strongest();
        if (strongest.isEmpty() || strongest.get().mode() != mode) {
            failWithMessage("%s", shouldTake(mode, strongest));
        }
        return this;
    }

    /** No lock the revision took on the table (or its indexes and TOAST table) is stronger than this mode. */
    public TableLocksAssert takesAtMost(LockMode mode) {
        for (StatementLocks s : actual.statements()) {
            Optional<HeldLock> lock = s.strongestOn(table);
            if (lock.isPresent() && lock.get().mode().compareTo(mode) > 0) {
                failWithMessage("%s", shouldTakeAtMost(mode, s, lock.get()));
            }
        }
        return this;
    }

    private TableLocksAssert check(boolean expected, String verb, Predicate<StatementLocks> does) {
        Optional<StatementLocks> first = actual.statements().stream().filter(does).findFirst();
        if (first.isPresent() != expected) {
            failWithMessage("%s", shouldDo(expected, verb, first));
        }
        return this;
    }

    private boolean isTable(String name) {
        return RevisionLocks.sameRelation(name, table);
    }

    private Optional<HeldLock> strongest() {
        return actual.statements().stream().flatMap(s -> s.locksOn(table).stream())
                .max(java.util.Comparator.comparing(HeldLock::mode));
    }

    private String revision() {
        return "V" + actual.version();
    }

    // failure texts: one factory per condition, as SchemaErrors words them

    private String shouldDo(boolean expected, String verb, Optional<StatementLocks> first) {
        if (expected) {
            return "%nExpecting %s to %s %s,%nbut no statement does".formatted(revision(), verb, table);
        }
        StatementLocks s = first.orElseThrow();
        return "%nExpecting %s not to %s %s,%nbut line %d does%s:%n  %s".formatted(revision(), verb, table, s.line(),
                s.strongestOn(table).map(l -> " (" + l + ")").orElse(""), s.firstLine());
    }

    private String shouldTake(LockMode expected, Optional<HeldLock> strongest) {
        if (strongest.isEmpty()) {
            return "%nExpecting %s to take %s on %s,%nbut it takes no lock on it".formatted(revision(), expected.sql(), table);
        }
        StatementLocks s = actual.statements().stream().filter(x -> x.locks().contains(strongest.get())).findFirst().orElseThrow();
        return "%nExpecting %s to take %s on %s (its strongest lock there),%nbut it takes %s at line %d:%n  %s".formatted(
                revision(), expected.sql(), table, strongest.get(), s.line(), s.firstLine());
    }

    private String shouldTakeAtMost(LockMode mode, StatementLocks s, HeldLock lock) {
        return "%nExpecting %s to take at most %s on %s,%nbut line %d takes %s:%n  %s".formatted(revision(), mode.sql(), table,
                s.line(), lock, s.firstLine());
    }
}
