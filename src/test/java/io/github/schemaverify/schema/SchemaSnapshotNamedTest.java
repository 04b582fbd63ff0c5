package io.github.schemaverify.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SchemaSnapshotNamedTest {

    /** The test every lookup by name made before {@link SchemaSnapshot#named}: on the qualified name, built. */
    private static boolean byQualifiedName(String schema, String object, String name) {
        String qn = schema + "." + object;
        int dot = qn.indexOf('.');
        return qn.equals(name) || (dot > 0 && qn.substring(dot + 1).equals(name));
    }

    @Test
    void a_table_is_named_by_the_same_names_as_its_qualified_name_finds_it_by() {
        // names with dots in them (quoted identifiers may hold any), empty ones, prefixes and suffixes of one another
        List<String> parts = List.of("", ".", "..", "a", "b", "ab", "a.b", ".a", "a.", "public", "t", "public.t", "x.public",
                "x.public.t", "pub", "lic.t");
        List<String> names = new ArrayList<>(parts);
        for (String p : parts) {
            for (String q : parts) {
                names.add(p + "." + q);
                names.add(p + q);
            }
        }
        int compared = 0;
        for (String schema : parts) {
            for (String object : parts) {
                for (String name : names) {
                    assertThat(SchemaSnapshot.named(schema, object, name))
                            .as("schema '%s', table '%s', looked up as '%s'", schema, object, name)
                            .isEqualTo(byQualifiedName(schema, object, name));
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(parts.size() * parts.size() * names.size());
    }
}
