package io.github.schemaverify.internal.verify.failure;

import java.util.Set;

/** Names as the SQL statements a failure's fix gives write them. */
final class SqlNames {
    /**
     * The keywords PostgreSQL reads as keywords where a name could stand, so that {@code quote_ident} quotes them: every
     * keyword of {@code pg_get_keywords()} whose category is not unreserved, on PostgreSQL 15 and 18 (18's list has the
     * {@code json_*} functions, {@code merge_action} and {@code system_user} besides, which came in 16 and 17).
     */
    private static final Set<String> KEYWORDS = Set.of(
            "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "between",
            "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character", "check", "coalesce",
            "collate", "collation", "column", "concurrently", "constraint", "create", "cross", "current_catalog",
            "current_date", "current_role", "current_schema", "current_time", "current_timestamp", "current_user", "dec",
            "decimal", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "exists", "extract",
            "false", "fetch", "float", "for", "foreign", "freeze", "from", "full", "grant", "greatest", "group",
            "grouping", "having", "ilike", "in", "initially", "inner", "inout", "int", "integer", "intersect",
            "interval", "into", "is", "isnull", "join", "json", "json_array", "json_arrayagg", "json_exists",
            "json_object", "json_objectagg", "json_query", "json_scalar", "json_serialize", "json_table", "json_value",
            "lateral", "leading", "least", "left", "like", "limit", "localtime", "localtimestamp", "merge_action",
            "national", "natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif", "numeric", "offset",
            "on", "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing", "position", "precision",
            "primary", "real", "references", "returning", "right", "row", "select", "session_user", "setof", "similar",
            "smallint", "some", "substring", "symmetric", "system_user", "table", "tablesample", "then", "time",
            "timestamp", "to", "trailing", "treat", "trim", "true", "union", "unique", "user", "using", "values",
            "varchar", "variadic", "verbose", "when", "where", "window", "with", "xmlattributes", "xmlconcat",
            "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize",
            "xmltable");

    private SqlNames() {
    }

    /**
     * A name quoted unless PostgreSQL would read it as it is, as {@code quote_ident} quotes it ({@code body},
     * {@code "Status"}, {@code "order"}).
     */
    static String ident(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") && !KEYWORDS.contains(name) ? name
                : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /**
     * A table's schema and name as the server gives them, joined by a dot ({@code public.Docs}; the first dot parts
     * them), qualified as {@link #qualified(String, String)} writes it ({@code public."Docs"}).
     */
    static String qualified(String schemaDotName) {
        int dot = schemaDotName.indexOf('.');
        return qualified(schemaDotName.substring(0, dot), schemaDotName.substring(dot + 1));
    }

    /** A name qualified by its schema ({@code public.s}), each part as {@link #ident} writes it. */
    static String qualified(String schema, String name) {
        return ident(schema) + "." + ident(name);
    }
}
