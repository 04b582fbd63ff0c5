package io.github.schemaverify.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the row generator makes of a check's pattern, apart from a server (the walks test the rows it writes). */
class RowSeederTest {

    @Test
    void a_like_pattern_gives_its_fixed_characters() {
        assertThat(RowSeeder.likeExample("EU-%")).hasValue("EU-");
        assertThat(RowSeeder.likeExample("a_b\\%c\\_%")).hasValue("asb%c_");
    }
}
