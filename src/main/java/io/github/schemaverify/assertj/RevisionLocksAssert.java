package io.github.schemaverify.assertj;

import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import io.github.schemaverify.locks.RevisionLocks;

/**
 * Assertions on a revision's lock profile ({@code @VerifyLocks}); navigates to a table.
 *
 * <pre>{@code
 * assertThat(locks.of("7")).on("documents").blocksWrites(false).rewrites(false).takesAtMost(SHARE_UPDATE_EXCLUSIVE);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RevisionLocksAssert extends AbstractAssert<RevisionLocksAssert, RevisionLocks> {

    RevisionLocksAssert(RevisionLocks actual) {
        super(actual, RevisionLocksAssert.class);
    }

    /**
     * What the revision did to the table (plain or schema-qualified name), its indexes and its TOAST table. A table the
     * revision did not touch passes every {@code false} expectation.
     */
    public TableLocksAssert on(String table) {
        isNotNull();
        return new TableLocksAssert(actual, table).as("V" + actual.version() + " locks on " + table);
    }
}
