package io.github.schemaverify.assertj.error;

import static io.github.schemaverify.assertj.SchemaAssertions.assertThat;
import static io.github.schemaverify.assertj.error.ShouldHaveObject.shouldHaveObject;
import static io.github.schemaverify.assertj.error.ShouldHaveProperty.shouldHaveProperty;

import java.util.List;

import org.assertj.core.description.TextDescription;
import org.assertj.core.presentation.HexadecimalRepresentation;
import org.assertj.core.presentation.StandardRepresentation;
import org.junit.jupiter.api.Test;

/** The factories word failures as AssertJ's do: the description as the location prefix, the arguments as given. */
class ErrorFactoriesTest {

    @Test
    void a_factory_prefixes_the_description_and_shows_names_as_given_whatever_the_representation() {
        var error = shouldHaveObject("table public.tenants", "column", "50% off", List.of("id", "name"));
        assertThat(error.create(new TextDescription("table public.tenants"), StandardRepresentation.STANDARD_REPRESENTATION))
                .isEqualTo(String.format("[table public.tenants] %nExpecting table public.tenants to have column \"50%% off\",%nbut it"
                        + " has: id, name"));
        assertThat(shouldHaveProperty("column public.t.n", "dimensions", 1536, 768).create(new TextDescription(""),
                new HexadecimalRepresentation())).isEqualTo(String.format("%nExpecting column public.t.n to have dimensions 1536,%nbut it is 768"));
    }

    @Test
    void the_string_facade_gives_the_factory_text_without_a_location_for_code_written_against_it() {
        assertThat(SchemaErrors.shouldHave("the schema", "table", "bots", List.of())).isEqualTo(String.format(
                "%nExpecting the schema to have table \"bots\",%nbut it has: none"));
        assertThat(SchemaErrors.shouldHaveOption("public.i", "lists", "100", null)).isEqualTo(String.format(
                "%nExpecting index public.i to have option lists=100,%nbut it has no lists option"));
        assertThat(SchemaErrors.shouldHaveProperty("column public.t.c", "default", "", "now()")).isEqualTo(String.format(
                "%nExpecting column public.t.c to have default (none),%nbut it is \"now()\""));
    }
}
