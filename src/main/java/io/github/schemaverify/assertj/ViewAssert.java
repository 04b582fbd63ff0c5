package io.github.schemaverify.assertj;

import java.util.Optional;

import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import io.github.schemaverify.assertj.error.SchemaErrors;
import io.github.schemaverify.schema.Index;
import io.github.schemaverify.schema.View;

/** Assertions on a view or materialized view. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ViewAssert extends AbstractAssert<ViewAssert, View> {

    ViewAssert(View actual) {
        super(actual, ViewAssert.class);
    }

    private String subject() {
        return actual.kind() + " " + actual.qualifiedName();
    }

    public ViewAssert isMaterialized() {
        if (!actual.materialized()) {
            failWithMessage("%s", SchemaErrors.shouldBe(subject(), "materialized", "a plain view"));
        }
        return this;
    }

    public ViewAssert definitionContains(String text) {
        if (!actual.definition().contains(text)) {
            failWithMessage("%s", SchemaErrors.shouldHaveProperty(subject(), "a definition containing", text,
                    actual.definition().replaceAll("\\s+", " ").strip()));
        }
        return this;
    }

    public IndexAssert index(String name) {
        Optional<Index> index = actual.indexes().stream().filter(i -> i.name().equals(name)).findFirst();
        if (index.isEmpty()) {
            failWithMessage("%s", SchemaErrors.shouldHave(subject(), "index", name, actual.indexes().stream().map(Index::name).toList()));
        }
        return new IndexAssert(index.get()).as("index " + index.get().qualifiedName());
    }
}
