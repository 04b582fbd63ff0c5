package io.github.schemaverify.schema;

import java.util.Map;

import org.apiguardian.api.API;

/**
 * A column. {@code type} is {@code format_type} with the migration schemas unqualified, so {@code public.vector(1536)}
 * reads {@code vector(1536)}.
 *
 * @param identity {@code ""}, {@code ALWAYS} or {@code BY DEFAULT}
 * @param generated the generation expression of a {@code GENERATED ALWAYS AS (...) STORED} column, else {@code ""}
 * @param position  the column's place in its table (1 for the first), counting only columns that exist: a column
 *                  dropped and added again moves to the end, which {@code SELECT *} and {@code INSERT} without a column
 *                  list notice. Not a property of the column: a diff reports it as the table's column order.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Column(String schema, String table, String name, String type, boolean notNull, String defaultValue,
        String identity, String generated, String collation, int position) implements SchemaObject {
    @Override
    public String kind() {
        return "column";
    }

    @Override
    public String qualifiedName() {
        return schema + "." + table + "." + name;
    }

    @Override
    public String parent() {
        return schema + "." + table;
    }

    @Override
    public Map<String, String> properties() {
        return Props.of().put("type", type).put("not null", notNull).put("default", defaultValue).put("identity", identity)
                .put("generated", generated).put("collation", collation).build();
    }

    @Override
    public String summary() {
        return type + (notNull ? " NOT NULL" : " NULL") + (defaultValue.isEmpty() ? "" : " DEFAULT " + defaultValue)
                + (identity.isEmpty() ? "" : " GENERATED " + identity + " AS IDENTITY")
                + (generated.isEmpty() ? "" : " GENERATED ALWAYS AS (" + generated + ") STORED")
                + (collation.isEmpty() ? "" : " COLLATE " + collation);
    }

    /**
     * The dimensions of a {@code vector(n)}, {@code halfvec(n)}, {@code sparsevec(n)} or {@code bit(n)} column, or -1.
     */
    public int dimensions() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(?:vector|halfvec|sparsevec|bit)\\((\\d+)\\)$").matcher(type);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
