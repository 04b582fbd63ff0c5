package io.github.schemaverify.internal.locks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.schemaverify.internal.verify.RowSeeder;
import io.github.schemaverify.schema.Column;
import io.github.schemaverify.schema.Constraint;
import io.github.schemaverify.schema.Domain;
import io.github.schemaverify.schema.EnumType;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.Table;

/**
 * Fills empty tables with many generated rows in one {@code INSERT ... SELECT ... FROM generate_series(1, n) g} each,
 * parents before children, so that a lock profile runs against tables of a realistic size. Values vary with the row
 * number (distinct keys, texts, uuids, timestamps, vectors of the column's dimensions, enum labels in turn); a foreign
 * key points at the parent's rows in turn. Columns with a default, identity or generation expression get theirs.
 * Where the varied values break a check, the nullable columns are left out, then the constant values of
 * {@link RowSeeder} are tried; a table no rows fit is named with the reason and left empty.
 */
final class VolumeSeeder {
    private static final Pattern REFERENCES = Pattern.compile("FOREIGN KEY \\((.+?)\\) REFERENCES (\\S+?)\\((.+?)\\)");
    private static final Pattern DIMENSIONS = Pattern.compile("^(vector|halfvec)\\((\\d+)\\)$");
    private static final Pattern LENGTH = Pattern.compile("^(character varying|character|bit varying|bit)\\((\\d+)\\)$");
    private static final Pattern NUMERIC = Pattern.compile("^numeric\\((\\d+),(\\d+)\\)$");

    /**
     * What seeding did.
     *
     * @param seeded     rows per table seeded
     * @param skipped    the tables no rows could be generated for, each with why
     * @param unanalyzed the tables whose rows went in but could not be vacuumed and analyzed (as production's
     *                   autovacuum would), each with why
     * @param generated  per table seeded, its rows and the transaction that inserted them
     */
    record Result(Map<String, Long> seeded, Map<String, String> skipped, Map<String, String> unanalyzed,
            Map<String, Seeded> generated) {
    }

    /**
     * The rows generated for a table: how many, and the transaction that inserted them ({@code xmin}, 32 bits), which
     * tells them from the table's other rows until a statement rewrites or updates them.
     */
    record Seeded(long rows, long transaction) {
    }

    private final SchemaSnapshot schema;
    private final RowSeeder constants;

    VolumeSeeder(SchemaSnapshot schema) {
        this.schema = schema;
        this.constants = new RowSeeder(schema);
    }

    /** Inserts the rows (by qualified table name) into the tables, parents first, each table in its own transaction. */
    Result seed(Connection c, Map<String, Long> targets) throws SQLException {
        Map<String, Long> seeded = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        Map<String, Seeded> generated = new LinkedHashMap<>();
        for (String name : constants.parentsFirst(new ArrayList<>(targets.keySet()))) {
            Table table = schema.table(name).orElse(null);
            long rows = targets.get(name);
            if (table == null || rows <= 0) {
                continue;
            }
            String reason = "";
            boolean done = false;
            for (int attempt = 0; attempt < 3 && !done; attempt++) {
                Optional<String> sql = insert(table, rows, attempt);
                if (sql.isEmpty()) {
                    continue;
                }
                // in a transaction of its own, whose id the rows keep as their xmin (not a WITH ... RETURNING: a table
                // with rules refuses that)
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    long inserted = st.executeUpdate(sql.get());
                    try (java.sql.ResultSet rs = st.executeQuery("SELECT pg_current_xact_id()::text::bigint % 4294967296")) {
                        rs.next();
                        if (inserted > 0) {
                            generated.put(name, new Seeded(inserted, rs.getLong(1)));
                        }
                    }
                    c.commit();
                    if (inserted == rows) {
                        done = true;
                    } else {
                        reason = "only " + inserted + " of " + rows + " rows went in";
                        done = inserted > 0;
                    }
                } catch (SQLException e) {
                    c.rollback();
                    generated.remove(name);
                    // the first attempt's reason: it tried the fullest rows, and later ones fail on their constants
                    // (a duplicate key) where it failed on what the table demands (a trigger, a check)
                    if (reason.isEmpty()) {
                        reason = reason(e);
                    }
                } finally {
                    c.setAutoCommit(true);
                }
            }
            if (done) {
                seeded.put(name, rows);
            } else {
                skipped.put(name, reason.isEmpty() ? "no value can be generated for one of its NOT NULL columns" : reason);
            }
        }
        Map<String, String> unanalyzed = new LinkedHashMap<>();
        for (String name : seeded.keySet()) {
            try (Statement st = c.createStatement()) {
                // as a production table is: statistics gathered and the visibility map set
                st.execute("VACUUM ANALYZE " + quote(name));
            } catch (SQLException e) {
                if (notTheSchemas(e)) {
                    throw e;
                }
                // the schema's own doing (statistics on an expression that fails, say): the rows stay, and the finding
                // is the table's, not the revision's being profiled
                unanalyzed.put(name, reason(e));
            }
        }
        return new Result(seeded, skipped, unanalyzed, generated);
    }

    /** Whether {@code e} is the connection's, a cancel's or timeout's, or the server's resources': not the schema's doing. */
    static boolean notTheSchemas(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("08") || state.startsWith("57") || state.startsWith("53") || state.startsWith("58");
    }

    /** The server's words in {@code e}, one line, without {@code ERROR: }. */
    static String reason(SQLException e) {
        return e.getMessage().lines().findFirst().orElse("").replaceFirst("^ERROR: ", "");
    }

    /**
     * The INSERT: attempt 0 fills every column it can with varied values, 1 only the NOT NULL ones and the foreign
     * keys, 2 those with constant values (foreign keys still pointing at the parents' rows in turn).
     */
    Optional<String> insert(Table table, long rows, int attempt) {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<String> joins = new ArrayList<>();
        Map<String, String> foreign = new LinkedHashMap<>();
        for (Constraint fk : table.constraints()) {
            Matcher m = REFERENCES.matcher(fk.definition());
            if (fk.type() != io.github.schemaverify.schema.ConstraintType.FOREIGN_KEY || !m.find()) {
                continue;
            }
            List<String> columns = List.of(m.group(1).split(",\\s*"));
            List<String> referenced = List.of(m.group(3).split(",\\s*"));
            String parent = quote(qualify(m.group(2)));
            String alias = "f" + joins.size();
            joins.add(" LEFT JOIN (SELECT " + String.join(", ", referenced) + ", row_number() OVER () AS sv_n FROM " + parent
                    + ") " + alias + " ON " + alias + ".sv_n = 1 + (g - 1) % greatest((SELECT count(*) FROM " + parent + "), 1)");
            for (int k = 0; k < columns.size() && k < referenced.size(); k++) {
                foreign.put(unquote(columns.get(k)), alias + "." + referenced.get(k));
            }
        }
        for (Column col : table.columns()) {
            // a document with what generated columns read from it: without, their NOT NULL ones fail every row
            // (not with constants: a document whose values a generated column's type refuses failed the table's rows)
            Optional<String> document = attempt < 2 ? document(table, col) : Optional.empty();
            if (!col.generated().isEmpty() || col.identity() != io.github.schemaverify.schema.Identity.NONE
                    || !col.defaultValue().isEmpty() && document.isEmpty()) {
                continue;
            }
            String value = foreign.get(col.name());
            if (value == null) {
                if (attempt > 0 && !col.notNull() && document.isEmpty()) {
                    continue;
                }
                // a value a CHECK of the table names (status IN ('NEW', 'PAID'), retries >= 60): varied ones fail it
                Optional<String> v = RowSeeder.checked(table, col).or(() -> document);
                if (v.isEmpty()) {
                    v = attempt < 2 ? varied(col.type(), 0).map(e -> "(" + e + ")::" + col.type()) : constants.value(col);
                }
                if (v.isEmpty()) {
                    v = constants.value(col);
                }
                if (v.isEmpty()) {
                    if (col.notNull()) {
                        return Optional.empty();
                    }
                    continue;
                }
                value = v.get();
            }
            names.add(quote(col.name()));
            values.add(value);
        }
        String target = quote(table.qualifiedName());
        String from = " FROM generate_series(1, " + rows + ") g" + String.join("", joins);
        if (names.isEmpty()) {
            return Optional.of("INSERT INTO " + target + " SELECT" + from); // every column from its default
        }
        return Optional.of("INSERT INTO " + target + " (" + String.join(", ", names) + ") SELECT " + String.join(", ", values)
                + from);
    }

    /**
     * For a {@code json} or {@code jsonb} column that generated columns of its table read ({@code deleted boolean NOT
     * NULL GENERATED ALWAYS AS ((value ->> 'deleted')::boolean) STORED}), an expression of {@code g} building a document
     * with a value at each path they read, varying with the row where its type allows: text {@code "s1"}, {@code "s2"}...
     * (unique keys made from it hold), numbers, booleans in turn, date-times a second apart, an enum's labels in turn.
     * Empty where no generated column reads the column.
     */
    private Optional<String> document(Table table, Column col) {
        Map<String, Object> tree = RowSeeder.documentRead(table, col, this::jsonValue);
        return tree.isEmpty() ? Optional.empty() : Optional.of("(" + object(tree) + ")::" + col.type().strip());
    }

    /** A {@code jsonb} object of {@code tree}: {@code jsonb_build_object} takes 50 pairs at most, so larger ones are joined. */
    @SuppressWarnings("unchecked")
    private static String object(Map<String, Object> tree) {
        List<String> parts = new ArrayList<>();
        List<String> pairs = new ArrayList<>();
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            pairs.add(literal(e.getKey()) + ", " + (e.getValue() instanceof Map<?, ?> m
                    ? object((Map<String, Object>) m) : e.getValue()));
            if (pairs.size() == 50) {
                parts.add("jsonb_build_object(" + String.join(", ", pairs) + ")");
                pairs.clear();
            }
        }
        if (!pairs.isEmpty() || parts.isEmpty()) {
            parts.add("jsonb_build_object(" + String.join(", ", pairs) + ")");
        }
        return String.join(" || ", parts);
    }

    /** An escape string literal: read alike whatever {@code standard_conforming_strings} a migration left. */
    private static String literal(String text) {
        return "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /**
     * A value of {@code g} for a document's path that a generated column of {@code type} reads, or null for a type it
     * cannot tell a value of (the path is left out: the column is NULL, as without the document).
     */
    private String jsonValue(String type) {
        String base = type.replaceAll("\\(.*\\)", "").strip();
        Matcher length = LENGTH.matcher(type);
        if (length.matches() && length.group(1).startsWith("character")) {
            return "right('s' || g, " + length.group(2) + ")"; // distinct within the column's length, as far as it allows
        }
        return switch (base) {
            case "smallint" -> "g % 32000";
            case "integer", "bigint", "numeric", "real", "double precision" -> "g";
            case "boolean" -> "g % 2 = 0";
            case "date", "timestamp without time zone", "timestamp with time zone" ->
                    "to_char(timestamp '2000-01-01' + g * interval '1 second', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
            case "text", "character varying", "citext", "name" -> "'s' || g";
            case "uuid" -> "md5(g::text)::uuid::text";
            default -> RowSeeder.enumOf(schema, base).filter(e -> !e.labels().isEmpty())
                    .map(e -> "(enum_range(NULL::" + type + "))[1 + g % " + e.labels().size() + "]::text").orElse(null);
        };
    }

    /** An expression of {@code g} (the row number) for the type, varying with it, or empty for a constant. */
    private Optional<String> varied(String type, int depth) {
        if (depth > 5) {
            return Optional.empty();
        }
        Matcher dims = DIMENSIONS.matcher(type);
        if (dims.matches()) {
            // deterministic, spread over [0, 1): clusters for IVFFlat's lists, neighbours for HNSW's graph
            return Optional.of("ARRAY(SELECT (((g * 7919 + d * 104729) % 1000) / 1000.0)::real FROM generate_series(1, "
                    + dims.group(2) + ") d)::vector(" + dims.group(2) + ")");
        }
        Matcher length = LENGTH.matcher(type);
        if (length.matches() && length.group(1).startsWith("character")) {
            return Optional.of("left('s' || g, " + length.group(2) + ")");
        }
        Matcher numeric = NUMERIC.matcher(type);
        if (numeric.matches()) {
            int whole = Integer.parseInt(numeric.group(1)) - Integer.parseInt(numeric.group(2));
            return whole <= 0 ? Optional.empty() : Optional.of("g % " + "1" + "0".repeat(Math.min(whole, 18)));
        }
        String base = type.replaceAll("\\(.*\\)", "").strip();
        String expression = switch (base) {
            case "smallint" -> "g % 32000";
            case "integer", "bigint", "numeric", "real", "double precision" -> "g";
            case "text", "character varying", "citext", "name" -> "'s' || g";
            case "boolean" -> "g % 2 = 0";
            case "date" -> "date '2000-01-01' + (g % 36500)::int";
            case "timestamp without time zone", "timestamp with time zone" -> "timestamp '2000-01-01' + g * interval '1 second'";
            case "time without time zone", "time with time zone" -> "time '00:00' + (g % 86400) * interval '1 second'";
            case "interval" -> "g * interval '1 second'";
            case "uuid" -> "md5(g::text)::uuid";
            case "json", "jsonb" -> "json_build_object('n', g)";
            case "bytea" -> "int8send(g)";
            case "inet" -> "'10.0.0.0'::inet + g";
            case "tsvector" -> "to_tsvector('simple', 'w' || (g % 100))";
            case "text[]", "character varying[]" -> "ARRAY['t' || (g % 10)]";
            case "integer[]", "bigint[]" -> "ARRAY[g % 10]";
            default -> null;
        };
        if (expression != null) {
            return Optional.of(expression);
        }
        Optional<EnumType> e = RowSeeder.enumOf(schema, base);
        if (e.isPresent() && !e.get().labels().isEmpty()) {
            // an array a function returns is subscripted in parentheses: enum_range(...)[1] is a syntax error
            return Optional.of("(enum_range(NULL::" + type + "))[1 + g % " + e.get().labels().size() + "]");
        }
        Optional<Domain> d = schema.domains().stream().filter(x -> RowSeeder.writes(base, x.schema(), x.name()))
                .findFirst();
        if (d.isPresent()) {
            return varied(d.get().baseType(), depth + 1).map(x -> "(" + x + ")::" + d.get().baseType());
        }
        return Optional.empty();
    }

    private String qualify(String written) {
        String name = unquote(written);
        if (name.contains(".")) {
            return name;
        }
        return schema.tables().stream().filter(t -> t.name().equals(name)).map(Table::qualifiedName).findFirst()
                .orElse("public." + name);
    }

    private static String unquote(String identifier) {
        String s = identifier.strip();
        return s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1).replace("\"\"", "\"") : s;
    }

    /** {@code schema.table} quoted part by part (names with dots inside quotes are not expected here). */
    static String quote(String qualified) {
        int dot = qualified.indexOf('.');
        return dot < 0 ? Point.quote(qualified)
                : Point.quote(qualified.substring(0, dot)) + "." + Point.quote(qualified.substring(dot + 1));
    }
}
