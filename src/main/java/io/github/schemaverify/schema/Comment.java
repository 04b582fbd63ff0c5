package io.github.schemaverify.schema;

import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/** A comment on an object, e.g. target {@code column public.bots.content_hash}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Comment(String target, String text) implements SchemaObject {
    @Override
    public String kind() {
        return "comment";
    }

    @Override
    public String qualifiedName() {
        return "on " + target;
    }

    /** The table, view or type whose part (or self) the comment is on, else {@code ""}. */
    @Override
    public String parent() {
        String[] words = target.split(" ", 2);
        if (words.length < 2) {
            return "";
        }
        String[] parts = words[1].split("\\.");
        return switch (words[0]) {
            case "table", "view", "materialized", "type" -> words[0].equals("materialized") ? words[1].substring(
                    words[1].indexOf(' ') + 1) : words[1];
            case "column", "constraint", "trigger", "policy", "rule" -> parts.length >= 3 ? parts[0] + "." + parts[1] : "";
            default -> "";
        };
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("text", text).build();
    }

    @Override
    public String summary() {
        return "'" + text.replace("'", "''") + "'";
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof Comment o
                && Objects.equals(target, o.target)
                && Objects.equals(text, o.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(target, text);
    }
}
