package io.github.schemaverify.assertj;

import java.util.Arrays;
import java.util.List;

import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import io.github.schemaverify.assertj.error.SchemaErrors;
import io.github.schemaverify.schema.Index;

/** Assertions on an index: access method, keys, operator classes, options, uniqueness, validity. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class IndexAssert extends AbstractAssert<IndexAssert, Index> {

    IndexAssert(Index actual) {
        super(actual, IndexAssert.class);
    }

    private String subject() {
        return "index " + actual.qualifiedName();
    }

    /** {@code btree}, {@code ivfflat}, {@code hnsw}, {@code gin}, ... */
    public IndexAssert usesMethod(String method) {
        if (!actual.method().equals(method)) {
            failWithMessage("%s", SchemaErrors.shouldHaveProperty(subject(), "access method", method, actual.method()));
        }
        return this;
    }

    /** Some key uses this operator class, e.g. {@code vector_cosine_ops}. */
    public IndexAssert hasOperatorClass(String opclass) {
        if (!actual.opclasses().contains(opclass)) {
            failWithMessage("%s", SchemaErrors.shouldHaveProperty(subject(), "operator class", opclass, String.join(", ", actual.opclasses())));
        }
        return this;
    }

    /** The key on this column uses this operator class. */
    public IndexAssert hasOperatorClass(String column, String opclass) {
        int i = actual.keys().indexOf(column);
        String found = i < 0 ? "not a key of this index" : actual.opclasses().get(i);
        if (!opclass.equals(found)) {
            failWithMessage("%s", SchemaErrors.shouldHaveProperty(subject(), "operator class on " + column, opclass, found));
        }
        return this;
    }

    /** A storage parameter such as {@code lists}, {@code m} or {@code ef_construction}. */
    public IndexAssert hasOption(String option, String value) {
        String found = actual.options().get(option);
        if (!value.equals(found)) {
            failWithMessage("%s", SchemaErrors.shouldHaveOption(actual.qualifiedName(), option, value, found));
        }
        return this;
    }

    /** The key options in index order, e.g. {@code hasKeyOptions("DESC NULLS LAST", "")}. */
    public IndexAssert hasKeyOptions(String... keyOptions) {
        List<String> wanted = Arrays.asList(keyOptions);
        if (!actual.keyOptions().equals(wanted)) {
            failWithMessage("%s", SchemaErrors.shouldHaveProperty(subject(), "key options", String.join(", ", wanted),
                    String.join(", ", actual.keyOptions())));
        }
        return this;
    }

    public IndexAssert hasKeys(String... keys) {
        List<String> wanted = Arrays.asList(keys);
        if (!actual.keys().equals(wanted)) {
            failWithMessage("%s", SchemaErrors.shouldHaveProperty(subject(), "keys", String.join(", ", wanted), String.join(", ", actual.keys())));
        }
        return this;
    }

    public IndexAssert includes(String... columns) {
        List<String> wanted = Arrays.asList(columns);
        if (!actual.include().equals(wanted)) {
            failWithMessage("%s", SchemaErrors.shouldHaveProperty(subject(), "INCLUDE columns", String.join(", ", wanted),
                    String.join(", ", actual.include())));
        }
        return this;
    }

    public IndexAssert hasPredicate(String predicate) {
        if (!actual.predicate().equals(predicate)) {
            failWithMessage("%s", SchemaErrors.shouldHaveProperty(subject(), "predicate", predicate, actual.predicate()));
        }
        return this;
    }

    public IndexAssert isUnique() {
        if (!actual.unique()) {
            failWithMessage("%s", SchemaErrors.shouldBe(subject(), "unique", "not"));
        }
        return this;
    }

    /** Valid and ready: not left behind by a failed {@code CREATE INDEX CONCURRENTLY}. */
    public IndexAssert isValid() {
        if (!actual.valid() || !actual.ready()) {
            failWithMessage("%s", SchemaErrors.shouldBe(subject(), "valid and ready",
                    (actual.valid() ? "valid" : "INVALID") + " and " + (actual.ready() ? "ready" : "NOT READY")
                            + "; a failed CREATE INDEX CONCURRENTLY leaves such an index: drop it and create it again"));
        }
        return this;
    }
}
