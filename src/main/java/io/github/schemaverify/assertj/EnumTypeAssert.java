package io.github.schemaverify.assertj;

import java.util.Arrays;
import java.util.List;

import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import io.github.schemaverify.assertj.error.SchemaErrors;
import io.github.schemaverify.schema.EnumType;

/** Assertions on an enum type. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class EnumTypeAssert extends AbstractAssert<EnumTypeAssert, EnumType> {

    EnumTypeAssert(EnumType actual) {
        super(actual, EnumTypeAssert.class);
    }

    /** Exactly these labels, in this order. */
    public EnumTypeAssert hasLabels(String... labels) {
        List<String> wanted = Arrays.asList(labels);
        if (!actual.labels().equals(wanted)) {
            failWithMessage("%s", SchemaErrors.shouldHaveProperty("enum " + actual.qualifiedName(), "labels", String.join(", ", wanted),
                    String.join(", ", actual.labels())));
        }
        return this;
    }
}
