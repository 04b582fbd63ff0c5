package io.github.schemaverify.assertj;

import static io.github.schemaverify.assertj.error.ShouldContainChange.shouldContainChange;
import static io.github.schemaverify.assertj.error.ShouldHaveDifferences.shouldHaveDifferences;
import static io.github.schemaverify.assertj.error.ShouldHaveNoDifferences.shouldHaveNoDifferences;

import org.apiguardian.api.API;

import io.github.schemaverify.schema.diff.Change;
import io.github.schemaverify.schema.diff.SchemaDiff;

/** Assertions on a {@link SchemaDiff}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class SchemaDiffAssert extends SchemaAssert<SchemaDiffAssert, SchemaDiff> {

    public SchemaDiffAssert(SchemaDiff actual) {
        super(actual, SchemaDiffAssert.class);
    }

    /** No differences; the failure lists every one as {@code +}, {@code -} and {@code ~} lines. */
    public SchemaDiffAssert isEmpty() {
        return check(SchemaDiff::isEmpty, d -> shouldHaveNoDifferences(d));
    }

    public SchemaDiffAssert isNotEmpty() {
        return check(d -> !d.isEmpty(), d -> shouldHaveDifferences());
    }

    /** Some change renders exactly as this line, e.g. {@code ~ column public.t.c: type was integer, is bigint}. */
    public SchemaDiffAssert containsChange(String rendered) {
        return check(d -> d.changes().stream().map(Change::render).anyMatch(rendered::equals), d -> shouldContainChange(rendered, d));
    }
}
