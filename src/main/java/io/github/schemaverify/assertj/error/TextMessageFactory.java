package io.github.schemaverify.assertj.error;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.assertj.core.error.BasicErrorMessageFactory;

import io.github.schemaverify.readiness.LevelChange;
import io.github.schemaverify.readiness.ReadinessLevel;

/**
 * The base of SchemaVerify's error factories: AssertJ's {@link BasicErrorMessageFactory} whose arguments are text
 * already worded as SchemaVerify's messages word them (names, SQL-like renderings, instants), so they appear as given,
 * never quoted or reformatted by the assertion's representation. The {@code [location]} prefix comes from the
 * assertion's description, as for every AssertJ error.
 */
abstract class TextMessageFactory extends BasicErrorMessageFactory {

    TextMessageFactory(String format, Object... arguments) {
        super(format, Arrays.stream(arguments).map(a -> unquotedString(String.valueOf(a))).toArray());
    }

    /** {@code a, b, c}, or {@code none}. */
    static String names(Collection<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /** A text value quoted, an empty one as {@code (none)}; anything else as it prints. */
    static String value(Object value) {
        if (value instanceof String s) {
            return s.isEmpty() ? "(none)" : "\"" + s + "\"";
        }
        return String.valueOf(value);
    }

    /** {@code offline -> online -> full_ready}, or {@code none}. */
    static String path(List<LevelChange> levels) {
        return levels.isEmpty() ? "none" : wireNames(levels.stream().map(LevelChange::level).toList());
    }

    static String wireNames(List<ReadinessLevel> levels) {
        return String.join(" -> ", levels.stream().map(ReadinessLevel::wireName).toList());
    }
}
