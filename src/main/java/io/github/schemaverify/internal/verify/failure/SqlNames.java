package io.github.schemaverify.internal.verify.failure;

/** Names as the SQL statements a failure's fix gives write them. */
final class SqlNames {
    private SqlNames() {
    }

    /** A name quoted unless PostgreSQL would read it as it is ({@code body}, {@code "Status"}). */
    static String ident(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A name qualified by its schema ({@code public.s}), each part as {@link #ident} writes it. */
    static String qualified(String schema, String name) {
        return ident(schema) + "." + ident(name);
    }
}
