package io.github.schemaverify.assertj;

import static io.github.schemaverify.assertj.error.ShouldHaveProperty.shouldHaveProperty;

import java.util.Arrays;
import java.util.List;

import org.apiguardian.api.API;

import io.github.schemaverify.schema.EnumType;

/** Assertions on an enum type. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class EnumTypeAssert extends SchemaAssert<EnumTypeAssert, EnumType> {

    public EnumTypeAssert(EnumType actual) {
        super(actual, EnumTypeAssert.class);
        if (actual != null) {
            describedAs("enum " + actual.qualifiedName());
        }
    }

    /** Exactly these labels, in this order. */
    public EnumTypeAssert hasLabels(String... labels) {
        List<String> wanted = Arrays.asList(labels);
        return check(e -> e.labels().equals(wanted), e -> shouldHaveProperty("enum " + e.qualifiedName(), "labels", String.join(", ", wanted),
                String.join(", ", e.labels())));
    }
}
