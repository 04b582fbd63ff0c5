package io.github.schemaverify.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.schemaverify.testing.TestCluster;

/** The texts given to columns a CHECK constrains with a pattern, each one the server's own {@code ~} matches. */
@ExtendWith(TestCluster.Resolver.class)
class RegexExampleTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "^[ug](\\/[\\w-]+){2,}$", // Windmill's paths
        "^\\w+(-\\w+)*$",
        "^[\\w-]+$",
        "^(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*|\"(?:[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x21"
                + "\\x23-\\x5b\\x5d-\\x7f]|\\\\[\\x01-\\x09\\x0b\\x0c\\x0e-\\x7f])*\")@(?:(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+"
                + "[a-z0-9](?:[a-z0-9-]*[a-z0-9])?|\\[(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\\.){3}(?:25[0-5]|2[0-4][0-9]|"
                + "[01]?[0-9][0-9]?|[a-z0-9-]*[a-z0-9]:(?:[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x21-\\x5a\\x53-\\x7f]|\\\\"
                + "[\\x01-\\x09\\x0b\\x0c\\x0e-\\x7f])+)\\])$", // an e-mail address, as Windmill's users
        "^[a-z0-9]+(?:-[a-z0-9]+)*$",
        "^\\d+\\.\\d+\\.\\d+$",
        "^#[0-9a-fA-F]{6}$",
        "^[A-Z]{2}$",
        "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
        "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
        "^\\+?[0-9 ()-]{7,}$",
        "\\mkey\\M",
        "(?i)^abc$",
        "***:^[[:alpha:]][[:alnum:]_]{2,15}$",
        "^[]a]+$",
        "^(foo|bar)+baz?$",
        "^.{3,8}$",
        "^[^0-9]+$",
        "^[^\\sa]+$",
        "^[^[:alpha:]]+$",
        "^[^\\w]+$",
        "^[^\\\\\"]+$",
        "^caf\\xe9 \\x20ac$",
        "(?n)^a.b$",
        "x{2}y{1,3}?",
    })
    void the_server_matches_the_text_given_to_a_pattern(String pattern, TestCluster cluster) throws SQLException {
        String example = RegexExample.of(pattern).orElseThrow();
        assertThat(matches(cluster, example, pattern)).as("%s ~ %s", example, pattern).isTrue();
    }

    @Test
    void patterns_it_does_not_read_give_no_text() {
        // back references, lookahead, collating elements, options that change the syntax (x ignores spaces, q reads a
        // literal), the complement of a class that stands for more than it names, patterns not well formed, and texts too
        // long for a row's value, groups nested past reading (each a call: five thousand deep would overflow the stack)
        for (String pattern : List.of("^(a)\\1$", "^(?=a)a$", "^(?!b)a$", "^[[.hyphen.]]$", "(?x)^ a $", "(?q)a.b",
                "^[^\\D]$", "^[^[:punct:]]$", "^a{2", "^(a$", "^[a$", "*a", "^a{2000}$",
                "(".repeat(5_000) + "a" + ")".repeat(5_000))) {
            assertThat(RegexExample.of(pattern)).as(pattern).isEmpty();
        }
    }

    @Test
    void each_part_takes_its_shortest_form() {
        assertThat(RegexExample.of("^[ug](\\/[\\w-]+){2,}$")).hasValue("u/s/s");
        assertThat(RegexExample.of("^(foo|bar)+baz?$")).hasValue("fooba");
        assertThat(RegexExample.of("^[A-Z]{2}-\\d{3}$")).hasValue("AA-111");
    }

    private static boolean matches(TestCluster cluster, String example, String pattern) throws SQLException {
        try (Connection c = cluster.connect(); PreparedStatement ps = c.prepareStatement("SELECT ? ~ ?")) {
            ps.setString(1, example);
            ps.setString(2, pattern);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
