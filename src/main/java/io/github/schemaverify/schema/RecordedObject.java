package io.github.schemaverify.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * An object as a schema's canonical text records it (a committed golden file): its kind, its name and its properties
 * as text. Diffs compare it with live objects property by property, so a golden file's drift reads like any other
 * difference.
 *
 * @param parent the table or view it belongs to, or {@code ""}
 * @since 0.2
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record RecordedObject(String kind, String qualifiedName, Map<String, String> properties, String parent)
        implements SchemaObject {

    public RecordedObject {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** An object read from a block of canonical text: {@code kind name} and its {@code property: value} lines. */
    public static RecordedObject of(String key, Map<String, String> properties) {
        String kind = key;
        String name = "";
        for (String k : KINDS) {
            if (key.startsWith(k + " ")) {
                kind = k;
                name = key.substring(k.length() + 1);
                break;
            }
        }
        return new RecordedObject(kind, name, properties, parentOf(kind, name, properties));
    }

    /** Kinds whose names have several words come first, so that they match before their last word. */
    private static final java.util.List<String> KINDS = java.util.List.of("partitioned table", "materialized view",
            "range type", "event trigger", "default privileges", "text search configuration", "text search dictionary",
            "text search parser", "text search template", "operator class", "operator family", "foreign table",
            "foreign-data wrapper", "user mapping", "database setting", "role setting", "access method", "operator", "server",
            "conversion", "transform",
            "language", "comment", "extension", "schema", "table", "column",
            "constraint", "index", "trigger", "policy", "sequence", "view", "function", "procedure", "aggregate", "window",
            "enum", "domain", "type", "rule", "statistics", "collation", "cast", "publication", "role");

    private static String parentOf(String kind, String name, Map<String, String> properties) {
        return switch (kind) {
            case "index", "statistics" -> properties.getOrDefault("table", "");
            case "column", "constraint", "trigger", "policy", "rule" -> {
                int last = name.lastIndexOf('.');
                yield last < 0 ? "" : name.substring(0, last);
            }
            default -> "";
        };
    }

    @Override
    public String key() {
        return kind + " " + qualifiedName;
    }

    @Override
    public String summary() {
        return String.join("; ", properties.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().strip()).toList());
    }

    // every component; written out rather than generated (docs/benchmarks.md, issue 19's fourth pass)
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof RecordedObject o
                && Objects.equals(kind, o.kind)
                && Objects.equals(qualifiedName, o.qualifiedName)
                && Objects.equals(properties, o.properties)
                && Objects.equals(parent, o.parent);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, qualifiedName, properties, parent);
    }
}
