package io.github.schemaverify.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a script says it does to a table's rows, by the table's name: in the table's own schema, never another's. */
class TableMentionsTest {

    @Test
    void a_table_is_named_unqualified_or_qualified_with_its_own_schema_or_a_placeholder() {
        for (String script : new String[] {"DELETE FROM orders WHERE id = 1;", "delete from public.orders where id = 1;",
                "DELETE FROM \"public\".\"orders\" WHERE id = 1;", "DELETE FROM ONLY public . orders WHERE id = 1;",
                "DELETE FROM ${flyway:defaultSchema}.orders WHERE id = 1;", "DELETE FROM ORDERS WHERE id = 1;"}) {
            assertThat(TableMentions.deletesFrom(script, "public.orders")).as(script).isTrue();
            assertThat(TableMentions.takesRows(script, "public.orders")).as(script).isTrue();
            assertThat(TableMentions.writesRows(script, "public.orders")).as(script).isTrue();
        }
    }

    @Test
    void a_table_of_the_same_name_in_another_schema_is_another_table() {
        for (String script : new String[] {"DELETE FROM audit.orders;", "DELETE FROM \"audit\".\"orders\";",
                "DELETE FROM audit . orders;", "TRUNCATE audit.orders;", "TRUNCATE lines, audit.orders CASCADE;",
                "UPDATE audit.orders SET total = 0;", "INSERT INTO audit.orders SELECT * FROM orders_copy;",
                "COPY audit.orders FROM STDIN;", "DELETE FROM my_orders;", "DELETE FROM orders_archive;",
                "DELETE FROM audit. /* moved there */ orders;", "DELETE FROM audit.\n                    orders;",
                "TRUNCATE lines, audit.\n                    orders;"}) {
            assertThat(TableMentions.takesRows(script, "public.orders")).as(script).isFalse();
            assertThat(TableMentions.writesRows(script, "public.orders")).as(script).isFalse();
            assertThat(TableMentions.insertsRows(script, "public.orders")).as(script).isFalse();
            assertThat(TableMentions.emptiesTable(script, "public.orders")).as(script).isFalse();
            assertThat(TableMentions.truncatesCascading(script, "public.orders")).as(script).isFalse();
        }
        assertThat(TableMentions.emptiesTable("TRUNCATE lines, audit.orders CASCADE;", "audit.orders")).isTrue();
        assertThat(TableMentions.truncatesCascading("TRUNCATE lines, audit.orders CASCADE;", "audit.orders")).isTrue();
    }

    @Test
    void a_table_is_emptied_by_a_truncate_or_a_delete_without_where_not_in_a_routine_that_may_never_run() {
        assertThat(TableMentions.emptiesTable("TRUNCATE TABLE ONLY public.orders;", "public.orders")).isTrue();
        assertThat(TableMentions.emptiesTable("TRUNCATE lines, orders;", "public.orders")).isTrue();
        assertThat(TableMentions.emptiesTable("DELETE FROM orders o;", "public.orders")).isTrue();
        assertThat(TableMentions.emptiesTable("DELETE FROM orders RETURNING id;", "public.orders")).isTrue();
        assertThat(TableMentions.emptiesTable("DELETE FROM orders WHERE total = 0;", "public.orders")).isFalse();
        assertThat(TableMentions.emptiesTable("DELETE FROM orders USING lines WHERE lines.id = orders.id;",
                "public.orders")).isFalse();
        assertThat(TableMentions.emptiesTable("CREATE FUNCTION purge() RETURNS void LANGUAGE sql AS $$ DELETE FROM"
                + " orders $$;", "public.orders")).isFalse();
        assertThat(TableMentions.emptiesTable("DELETE FROM \"Orders\";", "public.Orders")).isTrue();
        assertThat(TableMentions.emptiesTable("TRUNCATE lines, ONLY orders;", "public.orders")).isTrue();
    }

    @Test
    void a_quoted_name_is_the_name_as_it_is_and_an_unquoted_one_the_name_folded_to_lower_case() {
        assertThat(TableMentions.deletesFrom("DELETE FROM \"Orders\" WHERE id = 1;", "public.Orders")).isTrue();
        assertThat(TableMentions.deletesFrom("DELETE FROM \"MySchema\".\"Orders\" WHERE id = 1;", "MySchema.Orders"))
                .isTrue();
        // unquoted, PostgreSQL folds them: another table, in another schema
        assertThat(TableMentions.deletesFrom("DELETE FROM Orders WHERE id = 1;", "public.Orders")).isFalse();
        assertThat(TableMentions.deletesFrom("DELETE FROM MySchema.\"Orders\" WHERE id = 1;", "MySchema.Orders"))
                .isFalse();
        assertThat(TableMentions.deletesFrom("DELETE FROM \"orders\" WHERE id = 1;", "public.orders")).isTrue();
        assertThat(TableMentions.deletesFrom("DELETE FROM \"ORDERS\" WHERE id = 1;", "public.orders")).isFalse();
    }

    @Test
    void a_commented_out_statement_writes_nothing() {
        assertThat(TableMentions.writesRows("-- DELETE FROM orders;\nSELECT 1;", "public.orders")).isFalse();
        assertThat(TableMentions.writesRows("SELECT 'UPDATE orders SET total = 0';", "public.orders")).isFalse();
        assertThat(TableMentions.writesRows("UPDATE orders SET total = 0; -- all of them", "public.orders")).isTrue();
    }

    @Test
    void a_privilege_or_a_trigger_event_named_truncate_truncates_nothing() {
        assertThat(TableMentions.takesRows("GRANT TRUNCATE ON orders TO app;", "public.orders")).isFalse();
        assertThat(TableMentions.takesRows("CREATE TRIGGER t BEFORE TRUNCATE ON orders EXECUTE FUNCTION f();",
                "public.orders")).isFalse();
        assertThat(TableMentions.truncatesCascading("TRUNCATE orders CASCADE;", "public.orders")).isTrue();
        assertThat(TableMentions.truncatesCascading("TRUNCATE orders;", "public.orders")).isFalse();
    }
}
