package io.github.schemaverify.schema.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apiguardian.api.API;

import io.github.schemaverify.schema.Column;
import io.github.schemaverify.schema.EnumType;
import io.github.schemaverify.schema.Role;
import io.github.schemaverify.schema.SchemaObject;
import io.github.schemaverify.schema.Statistics;
import io.github.schemaverify.schema.Table;
import io.github.schemaverify.schema.View;

/**
 * One difference between two schemas: an object added, removed, or changed in some properties.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public sealed interface Change permits Change.Added, Change.Removed, Change.Changed {

    /** The key of the object: {@code kind qualifiedName}. */
    String key();

    /** The object the change is about (for a change of properties, as it is after). */
    SchemaObject object();

    /**
     * The text people read: {@code + index public.idx (ivfflat ...)}, {@code - ...} or {@code ~ ...}; a long or
     * multi-line property value continues on indented lines as a line diff.
     */
    String render();

    /** An object present after but not before. */
    record Added(SchemaObject object) implements Change {
        @Override
        public String key() {
            return object.key();
        }

        @Override
        public String render() {
            return "+ " + object.key() + " (" + object.summary() + ")";
        }
    }

    /** An object present before but not after. */
    record Removed(SchemaObject object) implements Change {
        @Override
        public String key() {
            return object.key();
        }

        @Override
        public String render() {
            return "- " + object.key() + " (" + object.summary() + ")";
        }
    }

    /** An object present on both sides whose properties differ. */
    record Changed(SchemaObject before, SchemaObject after, List<PropertyChange> properties) implements Change {
        public Changed {
            properties = List.copyOf(properties);
        }

        @Override
        public String key() {
            return after.key();
        }

        @Override
        public SchemaObject object() {
            return after;
        }

        /**
         * {@code ~ column public.t.c: type was integer, is bigint}; a table's column order reads
         * {@code ~ column order of public.t: was (a, b, c), is (a, c, b)}; a long value follows as a line diff.
         */
        @Override
        public String render() {
            List<String> lines = new ArrayList<>();
            List<String> shortOnes = new ArrayList<>();
            for (PropertyChange p : properties) {
                if (p.property().equals(Table.COLUMN_ORDER)) {
                    // in parentheses: a name after "is" read as a column of that name
                    lines.add("~ column order of " + after.qualifiedName() + ": was (" + p.before() + "), is (" + p.after()
                            + ")");
                } else if (p.isLong() && before instanceof EnumType was && after instanceof EnumType is
                        && p.property().equals("labels")) {
                    // a label a line: the one added, dropped or moved stands out of a long list
                    lines.add("~ " + after.key() + ": labels differ (- was, + is):");
                    for (String l : LineDiff.of(String.join("\n", was.labels()), String.join("\n", is.labels()))) {
                        lines.add("    " + l);
                    }
                } else if (before instanceof Role && p.property().equals("attributes")) {
                    // none but CREATE ROLE's defaults (NOLOGIN, INHERIT, ...): "absent" read as if the role were gone
                    shortOnes.add(p.render("default"));
                } else if (before instanceof EnumType was && after instanceof EnumType is && p.property().equals("labels")) {
                    // quoted as CREATE TYPE quotes them: a label may hold ", is "
                    shortOnes.add("labels was " + labels(was) + ", is " + labels(is));
                } else if (p.isLong()) {
                    lines.add("~ " + after.key() + ": " + p.property() + " differs (- was, + is):");
                    for (String l : LineDiff.of(p.before(), p.after())) {
                        lines.add("    " + l);
                    }
                } else {
                    shortOnes.add(p.render());
                }
            }
            if (!shortOnes.isEmpty()) {
                lines.add(0, "~ " + after.key() + ": " + String.join("; ", shortOnes));
            }
            return String.join("\n", lines);
        }
    }

    /** An enum's labels as {@code CREATE TYPE ... AS ENUM} writes them: {@code ('queued', 'done')}. */
    private static String labels(EnumType type) {
        return type.summary().substring("AS ENUM ".length());
    }

    /** One property of a changed object, with its old and new value ({@code ""} when absent). */
    record PropertyChange(String property, String before, String after) {
        /** The letters of pg_trigger.tgenabled (and of rules and event triggers) with the words that set them. */
        private static final Map<String, String> ENABLED = Map.of("O", "ENABLE", "D", "DISABLE", "R", "ENABLE REPLICA",
                "A", "ENABLE ALWAYS");

        /** Values longer than this, or on several lines, are shown as a line diff. */
        static final int LONG = 80;

        public String render() {
            return render(IMPLICIT.getOrDefault(property, "absent"));
        }

        /** As {@link #render()}, an absent value read as {@code absent}. */
        String render(String absent) {
            if (!before.isEmpty() && !after.isEmpty() && !before.equals(after) && before.strip().equals(after.strip())) {
                // they differ by spaces at an end only, which would not show
                return property + " was " + quoted(before) + ", is " + quoted(after);
            }
            return property + " was " + show(property, before, absent) + ", is " + show(property, after, absent);
        }

        private static String quoted(String value) {
            return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
        }

        /**
         * What an absent property means, for the properties a snapshot leaves out when they have their default (so a
         * schema that does not use them reads as before): {@code strict was false, is true}.
         */
        private static final Map<String, String> IMPLICIT = Map.ofEntries(
                Map.entry("strict", "false"), Map.entry("leakproof", "false"),
                Map.entry("nulls not distinct", "false"), Map.entry("all tables", "false"),
                Map.entry("via partition root", "false"), Map.entry("parallel", "UNSAFE"),
                Map.entry("cost", "default"), Map.entry("rows", "default"),
                Map.entry("storage", "default"), Map.entry("compression", "default"),
                Map.entry("identity options", "default"), Map.entry("privileges", "default"),
                Map.entry("replica identity", "DEFAULT"), Map.entry("argument defaults", "none"),
                Map.entry("inherits", "none"), Map.entry("settings", "none"),
                Map.entry("enabled", "O"), Map.entry("persistence", "permanent"),
                Map.entry("virtual", "false"), Map.entry("column defaults", "none"),
                Map.entry(View.COLUMN_PRIVILEGES, "default"),
                Map.entry(View.COLUMN_STATISTICS, "default"), Map.entry("access method", "default"),
                Map.entry("tablespace", "default"), Map.entry("clustered", "false"),
                Map.entry("statistics", "default"), Map.entry(Statistics.TARGET, "default"), Map.entry("triggers", "enabled"),
                Map.entry(Column.IDENTITY_PRIVILEGES, "default"), Map.entry(Column.IDENTITY_SEQUENCE,
                "default"), Map.entry(Column.DECLARED_LOCALLY, "false"),
                Map.entry(View.POPULATED, "true"), Map.entry("key options", "none"),
                Map.entry("include", "none"), Map.entry("options", "none"), Map.entry("row level security", "disabled"));

        boolean isLong() {
            return before.contains("\n") || after.contains("\n") || before.length() > LONG || after.length() > LONG;
        }

        private static String show(String property, String value, String absent) {
            String shown = value.isEmpty() ? absent : value.strip();
            if (property.equals("enabled")) {
                // pg_trigger's letter, with the words that set it
                String words = ENABLED.get(shown);
                return words == null ? shown : shown + " (" + words + ")";
            }
            return shown;
        }
    }
}
