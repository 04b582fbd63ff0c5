package io.github.schemaverify;

import java.util.List;

import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;

/** One invocation of a verification's test template: its display name, and the extension that runs its step. */
record NamedInvocation(String name, Extension step) implements TestTemplateInvocationContext {
    @Override
    public String getDisplayName(int invocationIndex) {
        return name;
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
        return List.of(step);
    }
}
