package io.github.schemaverify.assertj;

import static io.github.schemaverify.assertj.error.ShouldHaveProperty.shouldHaveProperty;
import static io.github.schemaverify.assertj.error.ShouldHaveVersionAtLeast.shouldHaveVersionAtLeast;

import org.apiguardian.api.API;

import io.github.schemaverify.schema.InstalledExtension;

/** Assertions on an installed extension. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ExtensionAssert extends SchemaAssert<ExtensionAssert, InstalledExtension> {

    public ExtensionAssert(InstalledExtension actual) {
        super(actual, ExtensionAssert.class);
        if (actual != null) {
            describedAs("extension " + actual.name());
        }
    }

    /** Compares versions numerically part by part: {@code 0.10.0} is at least {@code 0.7.0}. */
    public ExtensionAssert withVersionAtLeast(String minimum) {
        return check(e -> Versions.compare(e.version(), minimum) >= 0, e -> shouldHaveVersionAtLeast(e.name(), minimum, e.version()));
    }

    public ExtensionAssert withVersion(String exactly) {
        return check(e -> e.version().equals(exactly), e -> shouldHaveProperty("extension " + e.name(), "version", exactly, e.version()));
    }

    public ExtensionAssert inSchema(String schema) {
        return check(e -> e.schema().equals(schema), e -> shouldHaveProperty("extension " + e.name(), "schema", schema, e.schema()));
    }
}
