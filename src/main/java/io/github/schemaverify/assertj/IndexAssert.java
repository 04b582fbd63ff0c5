package io.github.schemaverify.assertj;

import static io.github.schemaverify.assertj.error.ShouldBe.shouldBe;
import static io.github.schemaverify.assertj.error.ShouldHaveOption.shouldHaveOption;
import static io.github.schemaverify.assertj.error.ShouldHaveProperty.shouldHaveProperty;

import java.util.Arrays;
import java.util.List;

import org.apiguardian.api.API;

import io.github.schemaverify.schema.Index;

/** Assertions on an index: access method, keys, operator classes, options, uniqueness, validity. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class IndexAssert extends SchemaAssert<IndexAssert, Index> {

    public IndexAssert(Index actual) {
        super(actual, IndexAssert.class);
        if (actual != null) {
            describedAs("index " + actual.qualifiedName());
        }
    }

    private static String subject(Index i) {
        return "index " + i.qualifiedName();
    }

    /** {@code btree}, {@code ivfflat}, {@code hnsw}, {@code gin}, ... */
    public IndexAssert usesMethod(String method) {
        return check(i -> i.method().equals(method), i -> shouldHaveProperty(subject(i), "access method", method, i.method()));
    }

    /**
     * Some key uses this operator class, e.g. {@code vector_cosine_ops}; a name without options
     * ({@code gist_trgm_ops}) matches the class with any options, a name with them ({@code gist_trgm_ops(siglen=64)})
     * only those.
     */
    public IndexAssert hasOperatorClass(String opclass) {
        return check(i -> i.opclasses().stream().anyMatch(actual -> sameClass(actual, opclass)),
                i -> shouldHaveProperty(subject(i), "operator class", opclass, String.join(", ", i.opclasses())));
    }

    /** The key on this column uses this operator class (with or without its options, as above). */
    public IndexAssert hasOperatorClass(String column, String opclass) {
        return check(i -> sameClass(opclassOf(i, column), opclass),
                i -> shouldHaveProperty(subject(i), "operator class on " + column, opclass, opclassOf(i, column)));
    }

    private static boolean sameClass(String actual, String expected) {
        return actual.equals(expected) || expected.indexOf('(') < 0 && actual.startsWith(expected + "(");
    }

    private static String opclassOf(Index i, String column) {
        int key = i.keys().indexOf(column);
        return key < 0 ? "not a key of this index" : i.opclasses().get(key);
    }

    /** A storage parameter such as {@code lists}, {@code m} or {@code ef_construction}. */
    public IndexAssert hasOption(String option, String value) {
        return check(i -> value.equals(i.options().get(option)),
                i -> shouldHaveOption(i.qualifiedName(), option, value, i.options().get(option)));
    }

    /** The key options in index order, e.g. {@code hasKeyOptions("DESC NULLS LAST", "")}. */
    public IndexAssert hasKeyOptions(String... keyOptions) {
        List<String> wanted = Arrays.asList(keyOptions);
        return check(i -> i.keyOptions().equals(wanted),
                i -> shouldHaveProperty(subject(i), "key options", String.join(", ", wanted), String.join(", ", i.keyOptions())));
    }

    public IndexAssert hasKeys(String... keys) {
        List<String> wanted = Arrays.asList(keys);
        return check(i -> i.keys().equals(wanted),
                i -> shouldHaveProperty(subject(i), "keys", String.join(", ", wanted), String.join(", ", i.keys())));
    }

    public IndexAssert includes(String... columns) {
        List<String> wanted = Arrays.asList(columns);
        return check(i -> i.include().equals(wanted),
                i -> shouldHaveProperty(subject(i), "INCLUDE columns", String.join(", ", wanted), String.join(", ", i.include())));
    }

    public IndexAssert hasPredicate(String predicate) {
        return check(i -> i.predicate().equals(predicate), i -> shouldHaveProperty(subject(i), "predicate", predicate, i.predicate()));
    }

    public IndexAssert isUnique() {
        return check(Index::unique, i -> shouldBe(subject(i), "unique", "not"));
    }

    /**
     * Valid and ready: not left behind by a failed {@code CREATE INDEX CONCURRENTLY}, nor a partitioned table's index
     * created {@code ON ONLY} that not every partition has an index attached to.
     */
    public IndexAssert isValid() {
        return check(i -> i.valid() && i.ready(), i -> shouldBe(subject(i), "valid and ready",
                (i.valid() ? "valid" : "INVALID") + " and " + (i.ready() ? "ready" : "NOT READY")
                        + "; a failed CREATE INDEX CONCURRENTLY leaves such an index (drop it and create it again)"
                        // a partitioned table's index created ON ONLY is ready, and invalid until every partition has one
                        + (i.ready() ? ", and so does CREATE INDEX ... ON ONLY a partitioned table until every partition has"
                        + " an index attached to it (ALTER INDEX ... ATTACH PARTITION)" : "")));
    }
}
