package io.github.schemaverify.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a default's {@code nextval('...'::regclass)} and {@code regclass} text name a sequence. */
class SequencesTest {

    @Test
    void a_name_is_qualified_with_public_when_the_reading_wrote_it_without_its_schema() {
        assertThat(Sequences.qualified("orders_id_seq")).isEqualTo("public.orders_id_seq");
        assertThat(Sequences.qualified("app.orders_id_seq")).isEqualTo("app.orders_id_seq");
    }

    @Test
    void quoted_parts_keep_their_dots_and_doubled_quotes() {
        assertThat(Sequences.qualified("\"My App\".\"Order.Ids\"")).isEqualTo("My App.Order.Ids");
        assertThat(Sequences.qualified("\"say \"\"hi\"\"\"")).isEqualTo("public.say \"hi\"");
        assertThat(Sequences.qualified("app.\"Order\"")).isEqualTo("app.Order");
    }
}
