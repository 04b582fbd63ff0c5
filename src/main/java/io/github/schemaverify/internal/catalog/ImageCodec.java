package io.github.schemaverify.internal.catalog;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A {@link CatalogImage} as bytes and back, so that a reading can be kept with the database it describes (the round
 * trip's prepared base keeps the base's). Records are written as their components in declaration order and built
 * again through their canonical constructors (so their own checks and copies run); strings, boxed primitives, enums,
 * lists, sets, maps and optionals as values. Only records and enums of the snapshot's packages and the walk's row
 * records are ever loaded back, whatever the bytes say.
 *
 * <p>The bytes are only read by the same build of SchemaVerify that wrote them: whoever keeps them keys them by
 * {@link #FORMAT} and by {@link #build()} (the prepared base's name covers both). The static maps are memos of fixed
 * facts (a record class's components and constructor), the same for every run in the JVM.
 */
public final class ImageCodec {
    /** Changes whenever the layout of the bytes does. */
    public static final String FORMAT = "schemaverify catalog image 1";

    private static final int NULL = 0;
    private static final int STRING = 1;
    private static final int LONG = 2;
    private static final int INT = 3;
    private static final int TRUE = 4;
    private static final int FALSE = 5;
    private static final int CHAR = 6;
    private static final int DOUBLE = 7;
    private static final int ENUM = 8;
    private static final int LIST = 9;
    private static final int SET = 10;
    private static final int MAP = 11;
    private static final int OPTIONAL = 12;
    private static final int RECORD = 13;
    private static final int SHORT = 14;
    private static final int SORTED_MAP = 15;
    private static final int SORTED_SET = 16;

    private static final List<String> PACKAGES = List.of("io.github.schemaverify.schema.", "io.github.schemaverify.internal.catalog.",
            "io.github.schemaverify.internal.verify.TableRows$");
    private static final Map<Class<?>, RecordComponent[]> COMPONENTS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Constructor<?>> CONSTRUCTORS = new ConcurrentHashMap<>();

    private ImageCodec() {
    }

    /** The image as compressed bytes. */
    public static byte[] encode(CatalogImage image) {
        return encodeValue(image);
    }

    /**
     * A value (a record of the snapshot's or of the walk's, or a list or map of them) as compressed bytes, for those that
     * are kept beside an image.
     */
    public static byte[] encodeValue(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        // buffered: each write of a DeflaterOutputStream is a native deflate, and DataOutputStream writes a byte at a time
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new DeflaterOutputStream(bytes), 1 << 16))) {
            out.writeUTF(FORMAT);
            new Writer(out).value(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory
        }
        return bytes.toByteArray();
    }

    /** The image the bytes hold; an {@link IllegalArgumentException} when they hold none this build can read. */
    public static CatalogImage decode(byte[] bytes) {
        return decode(bytes, CatalogImage.class, "a catalog image");
    }

    /** The value of {@code type} the bytes hold; an {@link IllegalArgumentException} when they hold none. */
    public static <T> T decode(byte[] bytes, Class<T> type, String what) {
        Inflater inflater = new Inflater();
        // buffered: DataInputStream reads a byte at a time, and each read of an InflaterInputStream is a native inflate
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new InflaterInputStream(
                new ByteArrayInputStream(bytes), inflater, 1 << 15), 1 << 16))) {
            String format = in.readUTF();
            if (!FORMAT.equals(format)) {
                throw new IllegalArgumentException("the bytes are a \"" + format + "\", not a \"" + FORMAT + "\"");
            }
            Object value = new Reader(in).value();
            if (!type.isInstance(value)) {
                throw new IllegalArgumentException("the bytes hold a " + (value == null ? "null" : value.getClass().getName())
                        + ", not " + what);
            }
            return type.cast(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("the bytes are not " + what + ": " + e.getMessage(), e);
        } finally {
            inflater.end(); // InflaterInputStream leaves one it was given to its caller: its native memory freed now
        }
    }

    private static volatile String build;

    /**
     * This build of SchemaVerify, for keys of what it keeps between runs: the jar it was loaded from (its path, size and
     * time), or for classes in a directory (SchemaVerify's own build) their count, sizes and latest time. Another
     * version, or a change compiled since, gives another value.
     */
    public static String build() {
        String b = build;
        if (b == null) {
            b = readBuild();
            build = b;
        }
        return b;
    }

    private static String readBuild() {
        try {
            java.security.CodeSource source = ImageCodec.class.getProtectionDomain().getCodeSource();
            java.nio.file.Path path = java.nio.file.Path.of(source.getLocation().toURI());
            if (!java.nio.file.Files.isDirectory(path)) {
                return path + "|" + java.nio.file.Files.size(path) + "|" + java.nio.file.Files.getLastModifiedTime(path).toMillis();
            }
            long[] sum = new long[3];
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(path)) {
                files.filter(java.nio.file.Files::isRegularFile).forEach(f -> {
                    try {
                        sum[0]++;
                        sum[1] += java.nio.file.Files.size(f);
                        sum[2] = Math.max(sum[2], java.nio.file.Files.getLastModifiedTime(f).toMillis());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            return path + "|" + sum[0] + "|" + sum[1] + "|" + sum[2];
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            // unknown (a class loader without a code source): nothing kept is ever taken for this build's
            return "unknown " + java.util.UUID.randomUUID();
        }
    }

    private static RecordComponent[] components(Class<?> type) {
        return COMPONENTS.computeIfAbsent(type, t -> {
            RecordComponent[] components = t.getRecordComponents();
            for (RecordComponent c : components) {
                c.getAccessor().setAccessible(true); // a record of a package of SchemaVerify's own, not public
            }
            return components;
        });
    }

    private static final class Writer {
        private final DataOutputStream out;
        private final Map<Class<?>, Integer> classes = new HashMap<>();

        Writer(DataOutputStream out) {
            this.out = out;
        }

        void value(Object v) throws IOException {
            if (v == null) {
                out.writeByte(NULL);
            } else if (v instanceof String s) {
                out.writeByte(STRING);
                string(s);
            } else if (v instanceof Long l) {
                out.writeByte(LONG);
                out.writeLong(l);
            } else if (v instanceof Integer i) {
                out.writeByte(INT);
                out.writeInt(i);
            } else if (v instanceof Short s) {
                out.writeByte(SHORT);
                out.writeShort(s);
            } else if (v instanceof Boolean b) {
                out.writeByte(b ? TRUE : FALSE);
            } else if (v instanceof Character c) {
                out.writeByte(CHAR);
                out.writeChar(c);
            } else if (v instanceof Double d) {
                out.writeByte(DOUBLE);
                out.writeDouble(d);
            } else if (v instanceof Enum<?> e) {
                out.writeByte(ENUM);
                type(e.getDeclaringClass());
                string(e.name());
            } else if (v instanceof List<?> list) {
                out.writeByte(LIST);
                out.writeInt(list.size());
                for (Object o : list) {
                    value(o);
                }
            } else if (v instanceof Set<?> set) {
                boolean sorted = set instanceof java.util.SortedSet<?>;
                if (sorted) {
                    naturalOrder(((java.util.SortedSet<?>) set).comparator());
                }
                out.writeByte(sorted ? SORTED_SET : SET);
                out.writeInt(set.size());
                for (Object o : set) {
                    value(o);
                }
            } else if (v instanceof Map<?, ?> map) {
                boolean sorted = map instanceof java.util.SortedMap<?, ?>;
                if (sorted) {
                    naturalOrder(((java.util.SortedMap<?, ?>) map).comparator());
                }
                out.writeByte(sorted ? SORTED_MAP : MAP);
                out.writeInt(map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    value(e.getKey());
                    value(e.getValue());
                }
            } else if (v instanceof Optional<?> o) {
                out.writeByte(OPTIONAL);
                value(o.orElse(null));
            } else if (v.getClass().isRecord()) {
                out.writeByte(RECORD);
                type(v.getClass());
                for (RecordComponent c : components(v.getClass())) {
                    try {
                        value(c.getAccessor().invoke(v));
                    } catch (IllegalAccessException | InvocationTargetException e) {
                        throw new IllegalStateException("reading " + c + " of " + v.getClass().getName() + " failed", e);
                    }
                }
            } else {
                throw new IllegalArgumentException("a kept value holds no " + v.getClass().getName());
            }
        }

        private static void naturalOrder(java.util.Comparator<?> comparator) {
            if (comparator != null) {
                throw new IllegalArgumentException("a catalog image holds sorted collections in natural order only, not by "
                        + comparator);
            }
        }

        private void string(String s) throws IOException {
            // writeUTF stops at 64 KB: a view's or a function's definition can be longer
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }

        private void type(Class<?> type) throws IOException {
            Integer known = classes.get(type);
            if (known != null) {
                out.writeInt(known);
            } else {
                out.writeInt(-1);
                string(type.getName());
                classes.put(type, classes.size());
            }
        }
    }

    private static final class Reader {
        private final DataInputStream in;
        private final List<Class<?>> classes = new ArrayList<>();

        Reader(DataInputStream in) {
            this.in = in;
        }

        Object value() throws IOException {
            int tag = in.readUnsignedByte();
            // small methods per kind: this one runs for every value, and a cold JVM compiles it first
            switch (tag) {
                case NULL:
                    return null;
                case STRING:
                    return string();
                case TRUE:
                    return Boolean.TRUE;
                case FALSE:
                    return Boolean.FALSE;
                case RECORD:
                    return record(type());
                case LIST:
                    return list();
                default:
                    return other(tag);
            }
        }

        private Object list() throws IOException {
            int n = size();
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(value());
            }
            return Collections.unmodifiableList(list);
        }

        private Object other(int tag) throws IOException {
            switch (tag) {
                case LONG:
                    return in.readLong();
                case INT:
                    return in.readInt();
                case SHORT:
                    return in.readShort();
                case CHAR:
                    return in.readChar();
                case DOUBLE:
                    return in.readDouble();
                case ENUM:
                    return enumValue(type(), string());
                case OPTIONAL:
                    return Optional.ofNullable(value());
                case SET:
                case SORTED_SET:
                    return set(tag == SORTED_SET);
                case MAP:
                case SORTED_MAP:
                    return map(tag == SORTED_MAP);
                default:
                    throw new IOException("unknown tag " + tag);
            }
        }

        private Object set(boolean sorted) throws IOException {
            int n = size();
            Set<Object> set = sorted ? new java.util.TreeSet<>() : new LinkedHashSet<>();
            for (int i = 0; i < n; i++) {
                set.add(value());
            }
            return sorted ? Collections.unmodifiableSortedSet((java.util.SortedSet<Object>) set) : Collections.unmodifiableSet(set);
        }

        private Object map(boolean sorted) throws IOException {
            int n = size();
            Map<Object, Object> map = sorted ? new java.util.TreeMap<>() : new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                Object k = value();
                map.put(k, value());
            }
            return sorted ? Collections.unmodifiableSortedMap((java.util.SortedMap<Object, Object>) map)
                    : Collections.unmodifiableMap(map);
        }

        private int size() throws IOException {
            int n = in.readInt();
            if (n < 0) {
                throw new IOException("negative size " + n);
            }
            return n;
        }

        private String string() throws IOException {
            byte[] b = new byte[size()];
            in.readFully(b);
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }

        private Class<?> type() throws IOException {
            int index = in.readInt();
            if (index >= 0) {
                if (index >= classes.size()) {
                    throw new IOException("unknown class index " + index);
                }
                return classes.get(index);
            }
            String name = string();
            if (PACKAGES.stream().noneMatch(name::startsWith)) {
                throw new IOException("a kept value holds no " + name);
            }
            Class<?> type;
            try {
                type = Class.forName(name, false, ImageCodec.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IOException("no class " + name, e);
            }
            if (!type.isRecord() && !type.isEnum()) {
                throw new IOException("a kept value holds no " + name);
            }
            classes.add(type);
            return type;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static Object enumValue(Class<?> type, String name) throws IOException {
            if (!type.isEnum()) {
                throw new IOException(type.getName() + " is not an enum");
            }
            try {
                return Enum.valueOf((Class) type, name);
            } catch (IllegalArgumentException e) {
                throw new IOException("no " + name + " in " + type.getName(), e);
            }
        }

        private Object record(Class<?> type) throws IOException {
            if (!type.isRecord()) {
                throw new IOException(type.getName() + " is not a record");
            }
            RecordComponent[] components = components(type);
            Object[] args = new Object[components.length];
            for (int i = 0; i < args.length; i++) {
                args[i] = value();
            }
            Constructor<?> constructor = CONSTRUCTORS.computeIfAbsent(type, t -> {
                Class<?>[] types = new Class<?>[components.length];
                for (int i = 0; i < types.length; i++) {
                    types[i] = components[i].getType();
                }
                try {
                    Constructor<?> c = t.getDeclaredConstructor(types);
                    c.setAccessible(true);
                    return c;
                } catch (NoSuchMethodException e) {
                    throw new IllegalStateException(t.getName() + " has no canonical constructor", e);
                }
            });
            try {
                return constructor.newInstance(args);
            } catch (InstantiationException | IllegalAccessException | IllegalArgumentException e) {
                throw new IOException("building a " + type.getName() + " failed: " + e, e);
            } catch (InvocationTargetException e) {
                throw new IOException("building a " + type.getName() + " failed: " + e.getCause(), e.getCause());
            }
        }
    }
}
