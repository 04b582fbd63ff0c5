package io.github.schemaverify.schema.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apiguardian.api.API;

import io.github.schemaverify.schema.SchemaObject;
import io.github.schemaverify.schema.SchemaSnapshot;

/**
 * The differences from one schema to another, object by object and property by property.
 *
 * <pre>{@code
 * SchemaDiff diff = SchemaDiff.between(beforeV3, afterUndoV3);
 * assertThat(diff).isEmpty();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record SchemaDiff(List<Change> changes) {

    public SchemaDiff {
        changes = List.copyOf(changes);
    }

    /** What changed from {@code before} to {@code after}, in the canonical order of objects. */
    public static SchemaDiff between(SchemaSnapshot before, SchemaSnapshot after) {
        if (before.equals(after)) {
            return new SchemaDiff(List.of());
        }
        Map<String, SchemaObject> old = index(before);
        Map<String, SchemaObject> now = index(after);
        Set<String> keys = new LinkedHashSet<>(old.keySet());
        keys.addAll(now.keySet());
        List<Change> changes = new ArrayList<>();
        for (String key : keys) {
            SchemaObject a = old.get(key);
            SchemaObject b = now.get(key);
            if (a == null) {
                changes.add(new Change.Added(b));
            } else if (b == null) {
                changes.add(new Change.Removed(a));
            } else if (!a.properties().equals(b.properties())) {
                List<Change.PropertyChange> props = new ArrayList<>();
                Set<String> names = new LinkedHashSet<>(a.properties().keySet());
                names.addAll(b.properties().keySet());
                for (String name : names) {
                    String x = a.properties().getOrDefault(name, "");
                    String y = b.properties().getOrDefault(name, "");
                    if (!x.equals(y)) {
                        props.add(new Change.PropertyChange(name, x, y));
                    }
                }
                changes.add(new Change.Changed(a, b, props));
            }
        }
        return new SchemaDiff(changes);
    }

    private static Map<String, SchemaObject> index(SchemaSnapshot snapshot) {
        Map<String, SchemaObject> map = new LinkedHashMap<>();
        for (SchemaObject o : snapshot.objects()) {
            map.put(o.key(), o);
        }
        return map;
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public List<Change> added() {
        return changes.stream().filter(c -> c instanceof Change.Added).toList();
    }

    public List<Change> removed() {
        return changes.stream().filter(c -> c instanceof Change.Removed).toList();
    }

    public List<Change> changed() {
        return changes.stream().filter(c -> c instanceof Change.Changed).toList();
    }

    /** One line per change, each indented by {@code indent}. */
    public String render(String indent) {
        StringBuilder out = new StringBuilder();
        for (Change c : changes) {
            out.append(indent).append(c.render()).append('\n');
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return changes.isEmpty() ? "no differences" : render("").stripTrailing();
    }
}
