package io.github.schemaverify.assertj;

import static io.github.schemaverify.assertj.error.ShouldBe.shouldBe;
import static io.github.schemaverify.assertj.error.ShouldHaveObject.shouldHaveObject;
import static io.github.schemaverify.assertj.error.ShouldHaveProperty.shouldHaveProperty;

import org.apiguardian.api.API;

import io.github.schemaverify.schema.Index;
import io.github.schemaverify.schema.View;

/** Assertions on a view or materialized view. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ViewAssert extends SchemaAssert<ViewAssert, View> {

    public ViewAssert(View actual) {
        super(actual, ViewAssert.class);
        if (actual != null) {
            describedAs(subject(actual));
        }
    }

    private static String subject(View v) {
        return v.kind() + " " + v.qualifiedName();
    }

    public ViewAssert isMaterialized() {
        return check(View::materialized, v -> shouldBe(subject(v), "materialized", "a plain view"));
    }

    public ViewAssert definitionContains(String text) {
        return check(v -> v.definition().contains(text), v -> shouldHaveProperty(subject(v), "a definition containing", text,
                v.definition().replaceAll("\\s+", " ").strip()));
    }

    public IndexAssert index(String name) {
        return navigate(IndexAssert.class, Index.class, v -> v.indexes().stream().filter(i -> i.name().equals(name)).findFirst(),
                v -> shouldHaveObject(subject(v), "index", name, v.indexes().stream().map(Index::name).toList()));
    }
}
