package io.github.schemaverify.assertj;

import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import io.github.schemaverify.assertj.error.SchemaErrors;
import io.github.schemaverify.schema.InstalledExtension;

/** Assertions on an installed extension. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ExtensionAssert extends AbstractAssert<ExtensionAssert, InstalledExtension> {

    ExtensionAssert(InstalledExtension actual) {
        super(actual, ExtensionAssert.class);
    }

    /** Compares versions numerically part by part: {@code 0.10.0} is at least {@code 0.7.0}. */
    public ExtensionAssert withVersionAtLeast(String minimum) {
        if (Versions.compare(actual.version(), minimum) < 0) {
            failWithMessage("%s", SchemaErrors.shouldHaveVersionAtLeast(actual.name(), minimum, actual.version()));
        }
        return this;
    }

    public ExtensionAssert withVersion(String exactly) {
        if (!actual.version().equals(exactly)) {
            failWithMessage("%s", SchemaErrors.shouldHaveProperty("extension " + actual.name(), "version", exactly, actual.version()));
        }
        return this;
    }

    public ExtensionAssert inSchema(String schema) {
        if (!actual.schema().equals(schema)) {
            failWithMessage("%s", SchemaErrors.shouldHaveProperty("extension " + actual.name(), "schema", schema, actual.schema()));
        }
        return this;
    }
}
