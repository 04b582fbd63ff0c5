package io.github.schemaverify.assertj;

import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import io.github.schemaverify.assertj.error.SchemaErrors;
import io.github.schemaverify.schema.diff.Change;
import io.github.schemaverify.schema.diff.SchemaDiff;

/** Assertions on a {@link SchemaDiff}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SchemaDiffAssert extends AbstractAssert<SchemaDiffAssert, SchemaDiff> {

    SchemaDiffAssert(SchemaDiff actual) {
        super(actual, SchemaDiffAssert.class);
    }

    /** No differences; the failure lists every one as {@code +}, {@code -} and {@code ~} lines. */
    public SchemaDiffAssert isEmpty() {
        isNotNull();
        if (!actual.isEmpty()) {
            failWithMessage("%s", SchemaErrors.shouldBeEmpty(actual));
        }
        return this;
    }

    public SchemaDiffAssert isNotEmpty() {
        isNotNull();
        if (actual.isEmpty()) {
            failWithMessage("%s", SchemaErrors.shouldNotBeEmpty());
        }
        return this;
    }

    /** Some change renders exactly as this line, e.g. {@code ~ column public.t.c: type was integer, is bigint}. */
    public SchemaDiffAssert containsChange(String rendered) {
        isNotNull();
        if (actual.changes().stream().map(Change::render).noneMatch(rendered::equals)) {
            failWithMessage("%s", SchemaErrors.shouldContainChange(rendered, actual));
        }
        return this;
    }
}
