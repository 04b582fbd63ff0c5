package io.github.schemaverify.internal.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.internal.parser.PlaceholderReplacingReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SchemaVerify replaces placeholders in the scripts it runs itself; Flyway in those it runs. Both must read the same
 * text, so each case is run through Flyway's own reader too: what Flyway makes of it, SchemaVerify must make of it, and
 * where Flyway fails on a placeholder without a value, SchemaVerify must find that placeholder.
 */
class PlaceholdersTest {
    private static final Map<String, String> VALUES = Map.of("dim", "1536", "Schema_Name", "app", "empty", "");

    private static String flyway(String sql) throws IOException {
        StringWriter out = new StringWriter();
        new PlaceholderReplacingReader("${", "}", ":", VALUES, new StringReader(sql)).transferTo(out);
        return out.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"${dim}", "vector(${dim})", "${DIM} and ${Dim}", "${schema_name}.t", "$${dim}", "a$${dim}b",
            "$$${dim}", "$$$${dim}", "$ {dim}", "$$ ${dim} $$", "\\${dim}", "${empty}x", "${dim}}", "${dim}${dim}",
            "$$BEGIN RETURN '$${dim}'; END$$", "'${dim}'", "-- ${dim}\nSELECT 1", "$", "$$", "no placeholder", "x$"})
    void replaces_as_flyway_does(String sql) throws IOException {
        assertThat(Placeholders.replace(sql, VALUES, Map.of())).isEqualTo(flyway(sql));
    }

    @ParameterizedTest
    @ValueSource(strings = {"${missing}", "${ dim }", "${dim\n}", "${a${dim}}", "${dim", "x ${dim} ${other}"})
    void finds_the_placeholder_flyway_fails_on(String sql) {
        assertThatThrownBy(() -> flyway(sql)).hasMessageStartingWith("No value provided for placeholder: ${");
        List<Placeholders.Found> found = Placeholders.find(sql);
        assertThat(found).anyMatch(f -> Placeholders.valueOf(f.name(), VALUES, Map.of()) == null);
    }
}
