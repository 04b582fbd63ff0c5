package io.github.schemaverify;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.github.schemaverify.schema.SchemaObject;
import io.github.schemaverify.schema.Table;

/**
 * The records whose {@code equals} and {@code hashCode} are written out (a record's own are made of method handles at
 * their first call, which a short test JVM pays for: docs/benchmarks.md) compare every component, as a record's own
 * would: two built alike are equal with equal hash codes, and two that differ in any one component are not equal. A
 * component added later and left out of the written methods fails here; so does a new record of the schema model.
 */
class RecordMethodsTest {

    /** The schema model's records, all of them, and the internal ones written out for the same reason. */
    private static List<Class<?>> records() throws Exception {
        List<Class<?>> records = new ArrayList<>();
        Path schema = Path.of(Table.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("io/github/schemaverify/schema");
        try (Stream<Path> files = Files.list(schema)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = f.getFileName().toString();
                Class<?> c = Class.forName("io.github.schemaverify.schema." + name.substring(0, name.length() - ".class".length()));
                if (c.isRecord()) {
                    records.add(c);
                }
            }
        }
        for (String internal : List.of("io.github.schemaverify.Scopes$Key", "io.github.schemaverify.Scopes$Found",
                "io.github.schemaverify.internal.config.ServerSettings",
                "io.github.schemaverify.internal.catalog.CatalogImage", "io.github.schemaverify.internal.catalog.CatalogImage$Root",
                "io.github.schemaverify.internal.catalog.CatalogImage$Facts",
                "io.github.schemaverify.internal.verify.TableRows$Projection")) {
            records.add(Class.forName(internal));
        }
        return records;
    }

    @Test
    void written_out_equals_and_hash_code_compare_every_component() throws Exception {
        List<Class<?>> records = records();
        assertThat(records).hasSizeGreaterThan(30);
        List<String> problems = new ArrayList<>();
        for (Class<?> type : records) {
            // javac makes a record's generated equals and hashCode final; written-out ones are not
            for (Method m : List.of(type.getDeclaredMethod("equals", Object.class), type.getDeclaredMethod("hashCode"))) {
                if (java.lang.reflect.Modifier.isFinal(m.getModifiers())) {
                    problems.add(type.getName() + "." + m.getName() + ": the record's generated one, not written out");
                }
            }
            Object one = build(type, -1);
            Object same = build(type, -1);
            if (!one.equals(same) || one.hashCode() != same.hashCode()) {
                problems.add(type.getName() + ": two built alike are not equal, or their hash codes differ");
            }
            RecordComponent[] components = type.getRecordComponents();
            for (int k = 0; k < components.length; k++) {
                Object other = build(type, k);
                if (one.equals(other) || other.equals(one)) {
                    problems.add(type.getName() + "." + components[k].getName() + ": left out of equals");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /** An instance with the first sample of every component, but the second one for component {@code varied}. */
    private static Object build(Class<?> type, int varied) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int k = 0; k < components.length; k++) {
            types[k] = components[k].getType();
            values[k] = sample(components[k].getGenericType(), k == varied ? 1 : 0);
        }
        Constructor<?> constructor = type.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        return constructor.newInstance(values);
    }

    /** Two different values of a type: {@code which} 0 or 1. */
    private static Object sample(Type generic, int which) throws Exception {
        Class<?> raw = generic instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) generic;
        Type[] args = generic instanceof ParameterizedType p ? p.getActualTypeArguments() : new Type[0];
        if (raw == String.class || raw == Object.class) {
            return which == 0 ? "a" : "b";
        } else if (raw == boolean.class || raw == Boolean.class) {
            return which == 1;
        } else if (raw == int.class || raw == Integer.class) {
            return which + 1;
        } else if (raw == long.class || raw == Long.class) {
            return which + 1L;
        } else if (raw == double.class) {
            return which + 1.0;
        } else if (raw == Duration.class) {
            return Duration.ofSeconds(which + 1);
        } else if (raw == Class.class) {
            return which == 0 ? String.class : Integer.class;
        } else if (raw.isEnum()) {
            return raw.getEnumConstants()[which];
        } else if (raw == List.class) {
            return which == 0 ? List.of() : List.of(sample(args[0], 0));
        } else if (raw == Set.class) {
            return which == 0 ? Set.of() : Set.of(sample(args[0], 0));
        } else if (raw == Map.class) {
            return which == 0 ? Map.of() : Map.of(sample(args[0], 0), sample(args[1], 0));
        } else if (raw == java.util.SortedMap.class) {
            return which == 0 ? new java.util.TreeMap<>() : new java.util.TreeMap<>(Map.of(sample(args[0], 0), sample(args[1], 0)));
        } else if (raw == Optional.class) {
            return which == 0 ? Optional.empty() : Optional.of(sample(args[0], 0));
        } else if (raw.isRecord()) {
            return build(raw, which == 0 ? -1 : 0);
        } else if (raw == SchemaObject.class) {
            return sample(io.github.schemaverify.schema.InstalledExtension.class, which);
        }
        throw new IllegalArgumentException("no samples of " + generic + ": add them here");
    }
}
