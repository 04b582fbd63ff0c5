package io.github.schemaverify.schema.diff;

import java.util.List;

import org.apiguardian.api.API;

import io.github.schemaverify.schema.SchemaObject;

/**
 * One difference between two schemas: an object added, removed, or changed in some properties.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public sealed interface Change permits Change.Added, Change.Removed, Change.Changed {

    /** The key of the object: {@code kind qualifiedName}. */
    String key();

    /** The line people read: {@code + index public.idx (ivfflat ...)}, {@code - ...} or {@code ~ ...}. */
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
        public String render() {
            return "~ " + after.key() + ": " + String.join("; ", properties.stream().map(PropertyChange::render).toList());
        }
    }

    /** One property of a changed object, with its old and new value ({@code ""} when absent). */
    record PropertyChange(String property, String before, String after) {
        public String render() {
            return property + " was " + show(before) + ", is " + show(after);
        }

        private static String show(String value) {
            if (value.isEmpty()) {
                return "absent";
            }
            String oneLine = value.replaceAll("\\s+", " ").strip();
            return oneLine.length() > 120 ? oneLine.substring(0, 117) + "..." : oneLine;
        }
    }
}
