package io.github.schemaverify.schema.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.schemaverify.schema.Routine;
import io.github.schemaverify.schema.RoutineKind;
import io.github.schemaverify.schema.Volatility;

/** A routine's body in plpgsql or sql compares token by token: whitespace between tokens means nothing there. */
class SchemaDiffRoutineBodyTest {

    private static Routine routine(String language, String body) {
        return new Routine("public", "f", "", RoutineKind.FUNCTION, "integer", language, Volatility.VOLATILE, false, body);
    }

    private static String diff(String language, String before, String after) {
        return SchemaDiff.between(List.of(routine(language, before)), List.of(routine(language, after)), java.util.Set.of())
                .render("");
    }

    @Test
    void a_body_indented_otherwise_is_the_same_code() {
        assertThat(diff("plpgsql", "\nBEGIN\n    IF x > 0 THEN\n        RETURN 1;\n    END IF;\n    RETURN 0;\nEND\n",
                "\n  BEGIN\n  IF x > 0\n  THEN RETURN 1;\n  END IF;\n\n  RETURN 0;\nEND"))
                .isEmpty();
        assertThat(diff("sql", "SELECT 1\n     FROM t", "  SELECT 1 FROM t  ")).isEmpty();
        assertThat(diff("plpgsql", "BEGIN -- the count\n    RETURN 1; /* one  */\nEND",
                "BEGIN  -- the count\nRETURN 1;   /* one  */ END")).isEmpty();
    }

    @Test
    void whitespace_in_literals_names_and_comments_and_other_languages_is_kept() {
        assertThat(diff("plpgsql", "BEGIN RETURN length('a  b'); END", "BEGIN RETURN length('a b'); END"))
                .isEqualTo("~ function public.f(): body was BEGIN RETURN length('a  b'); END, is BEGIN RETURN length('a b'); END\n");
        assertThat(diff("plpgsql", "BEGIN RETURN length(E'it\\'s  x'); END", "BEGIN RETURN length(E'it\\'s x'); END"))
                .isNotEmpty();
        assertThat(diff("sql", "SELECT $q$a  b$q$", "SELECT $q$a b$q$")).isNotEmpty();
        assertThat(diff("sql", "SELECT 1 AS \"a  b\"", "SELECT 1 AS \"a b\"")).isNotEmpty();
        assertThat(diff("plpgsql", "BEGIN /* one  two */ RETURN 1; END", "BEGIN /* one two */ RETURN 1; END")).isNotEmpty();
        // a line comment ends with its line: RETURN 1 is code in one, comment in the other
        assertThat(diff("plpgsql", "BEGIN -- note\nRETURN 1; END", "BEGIN -- note RETURN 1;\nEND")).isNotEmpty();
        assertThat(diff("plpython3u", "if x:\n    return 1\nreturn 0", "if x:\n    return 1\n    return 0")).isNotEmpty();
        // tokens written apart or together are another text: only re-indenting is the same code
        assertThat(diff("sql", "SELECT 1+1", "SELECT 1 + 1")).isNotEmpty();
    }
}
