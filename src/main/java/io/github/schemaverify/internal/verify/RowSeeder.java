package io.github.schemaverify.internal.verify;

import static io.github.schemaverify.schema.diff.SqlText.isIdentifierPart;
import static io.github.schemaverify.schema.diff.SqlText.quotedEnd;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.schemaverify.SchemaVerifyException;
import io.github.schemaverify.internal.migration.ScriptRunner;
import io.github.schemaverify.internal.verify.failure.ShouldRestore;
import io.github.schemaverify.schema.Column;
import io.github.schemaverify.schema.CompositeType;
import io.github.schemaverify.schema.Constraint;
import io.github.schemaverify.schema.Domain;
import io.github.schemaverify.schema.EnumType;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.Table;

/**
 * Puts one generated row into empty tables, so that an undo that deletes or changes rows is caught without fixtures.
 * A row satisfies the table's NOT NULL columns (typed values: numbers, text, dates, uuids, json, vectors of the
 * column's dimensions, the first label of an enum, a domain's base type), its foreign keys (a row of the referenced
 * table, which is seeded first), and, where a first try fails a check, every column filled. A table for which no row
 * can be generated is named with the reason and left empty; generation never fails a verification.
 */
public final class RowSeeder {
    private static final Pattern REFERENCES = Pattern.compile("FOREIGN KEY \\((.+?)\\) REFERENCES"
            + " ((?:\"(?:[^\"]++|\"\")*+\"|[^\\s\"(.]+)(?:\\.(?:\"(?:[^\"]++|\"\")*+\"|[^\\s\"(.]+))?)\\((.+?)\\)");
    private static final Pattern DIMENSIONS = Pattern.compile("^(vector|halfvec|sparsevec|bit|bit varying)\\((\\d+)\\)$");

    /**
     * What seeding did: the tables that got a row, why the others could not, and the tables rows were written to
     * (their oids: the seeded ones and whatever their triggers wrote to).
     */
    record Result(List<String> seeded, Map<String, String> skipped, Map<String, String> leftNull,
            ScriptRunner.Writes writes) {
    }

    /** A row's INSERT and the columns it gives a value. */
    record Row(String sql, List<String> columns) {
    }

    /** One try at a table's row; {@code leftNull}: the nullable columns the first try fills and this one does not. */
    private record Attempt(String sql, String leftNull) {
    }

    private final SchemaSnapshot schema;
    private final ScriptMentions mentions;
    private final String applied;

    public RowSeeder(SchemaSnapshot schema) {
        this(schema, ScriptMentions.NONE, null);
    }

    /**
     * @param mentions what the chain's scripts say of columns, which the rows generated follow (document paths, casts to
     *                 documents, columns filled where NULL)
     * @param applied  the version of the last migration applied, null for none: a column a later one fills where NULL
     *                 is left NULL
     */
    RowSeeder(SchemaSnapshot schema, ScriptMentions mentions, String applied) {
        this.schema = schema;
        this.mentions = mentions;
        this.applied = applied;
    }

    /** Inserts one row into each of the tables (qualified names, all empty), parents before children. */
    Result seed(Connection c, List<String> tables) {
        List<String> seeded = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        if (tables.isEmpty()) {
            return new Result(seeded, skipped, Map.of(), new ScriptRunner.Writes(Set.of(), Set.of()));
        }
        List<String> order = parentsFirst(tables).stream().filter(t -> schema.table(t).isPresent()).toList();
        List<String> notices = new ArrayList<>();
        ScriptRunner.Writes written;
        try {
            // its notices are how a table that got no row is told: whatever client_min_messages a migration left; its
            // literals are standard ones, whatever standard_conforming_strings a migration or the server set
            // a trigger deferred to the commit checks each row at its INSERT here, where the table's try can catch it
            written = ScriptRunner.runObservingWrites(c, "SET LOCAL client_min_messages = notice;\n"
                    + "SET LOCAL standard_conforming_strings = on;\nSET CONSTRAINTS ALL IMMEDIATE;\n" + insertions(order), notices);
        } catch (SQLException e) {
            throw new SchemaVerifyException("Generating rows failed: " + e.getMessage(), e);
        }
        Map<String, String> leftNull = new LinkedHashMap<>();
        for (String notice : notices) {
            for (String kind : List.of(NOTICE, NULLS)) {
                if (notice.startsWith(kind)) {
                    int colon = notice.indexOf(": ", kind.length());
                    (kind.equals(NOTICE) ? skipped : leftNull).put(notice.substring(kind.length(), colon),
                            notice.substring(colon + 2));
                }
            }
        }
        for (String name : order) {
            if (!skipped.containsKey(name)) {
                seeded.add(name);
            }
        }
        leftNull.keySet().removeAll(skipped.keySet());
        return new Result(seeded, skipped, leftNull, written);
    }

    /**
     * The SQL that inserts one row into each of the tables (qualified names, parents first), in one round trip: a DO
     * block that tries each table in a subtransaction of its own and reports what failed as notices ({@link #seed} reads
     * them; a trial that runs it in a transaction it rolls back need not).
     */
    String insertions(List<String> tables) {
        StringBuilder block = new StringBuilder("DO $schemaverify_seed$\nDECLARE n bigint;\nBEGIN\n");
        for (String name : tables) {
            Table table = schema.table(name).orElseThrow();
            List<Attempt> attempts = attempts(table);
            String table0 = TableRows.literal(name);
            if (attempts.isEmpty()) {
                block.append("  RAISE NOTICE '" + NOTICE + "%: %', ").append(table0).append(", ")
                        .append(TableRows.literal(cannot(table))).append(";\n");
                continue;
            }
            block.append(attempt(attempts, 0, table0, "  "));
        }
        return block.append("END $schemaverify_seed$").toString();
    }

    /**
     * {@link #insertions} to run in a trial's transaction, before a script that it then tries: the rows' literals read
     * as standard ones, and the session's own reading given back for the script.
     */
    String insertionsInTrial(List<String> tables) {
        return "SELECT set_config('schemaverify.conforming', current_setting('standard_conforming_strings'), true);\n"
                + "SET LOCAL standard_conforming_strings = on;\n" + insertions(tables) + ";\nSELECT"
                + " set_config('standard_conforming_strings', current_setting('schemaverify.conforming'), true);\n";
    }

    /**
     * The tries at a table's row, in order: every column but nullable references, so that an undo that loses a nullable
     * column's values loses a value (a nullable reference would tie the row to another table's rows, which an undo may
     * rightly delete); where that row is refused (a check, a domain's, a trigger), the same without the nullable columns a
     * check or a domain names, then without each other nullable column in turn (a trigger's), then the NOT NULL columns
     * alone, then every column with every reference.
     */
    private List<Attempt> attempts(Table table) {
        Optional<Row> full = statement(table, Fill.ALL_BUT_REFERENCES, Set.of());
        Set<String> filled = new LinkedHashSet<>(full.map(Row::columns).orElse(List.of()));
        Set<String> checked = new LinkedHashSet<>();
        List<String> nullable = new ArrayList<>();
        for (Column col : table.columns()) {
            if (!col.notNull() && filled.contains(col.name())) {
                nullable.add(col.name());
                if (constrained(table, col)) {
                    checked.add(col.name());
                }
            }
        }
        List<Optional<Row>> rows = new ArrayList<>();
        rows.add(full);
        if (!checked.isEmpty()) {
            rows.add(statement(table, Fill.ALL_BUT_REFERENCES, checked));
        }
        for (String col : nullable.subList(0, Math.min(nullable.size(), 8))) {
            if (!checked.contains(col)) {
                Set<String> without = new LinkedHashSet<>(checked);
                without.add(col);
                rows.add(statement(table, Fill.ALL_BUT_REFERENCES, without));
            }
        }
        rows.add(statement(table, Fill.REQUIRED, Set.of()));
        rows.add(statement(table, Fill.EVERY, Set.of()));
        List<Attempt> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Optional<Row> row : rows) {
            if (row.isPresent() && seen.add(row.get().sql())) {
                List<String> left = new ArrayList<>(nullable);
                left.removeAll(row.get().columns());
                out.add(new Attempt(row.get().sql(), String.join(", ", left)));
            }
        }
        return out;
    }

    /** Whether a CHECK of the table names the column, or its type is a domain (whose checks may refuse a value). */
    boolean constrained(Table table, Column col) {
        Pattern named = mention(col.name());
        for (Constraint check : table.constraints()) {
            if (check.type() == io.github.schemaverify.schema.ConstraintType.CHECK && named.matcher(check.definition()).find()) {
                return true;
            }
        }
        return schema.domains().stream().anyMatch(d -> writes(col.type(), d.schema(), d.name()));
    }

    /**
     * A column's name where an expression as the catalog writes it (a check's) reads the column: bare or quoted, not
     * part of another name, nor a type it casts to ({@code ::text}).
     */
    static Pattern mention(String column) {
        return Pattern.compile("(?<![\\w$\":.])\"?" + Pattern.quote(column) + "\"?(?![\\w$\"])");
    }

    private static final String NOTICE = "schemaverify-seed ";
    private static final String NULLS = "schemaverify-seed-nulls ";
    private static final String NO_PARENT = "a table it references has no row to point to";

    /**
     * The attempts from {@code k} on, each in a subtransaction; the last one's failure becomes a notice, and so do the
     * nullable columns a later one leaves NULL.
     */
    private static String attempt(List<Attempt> attempts, int k, String table, String indent) {
        Attempt a = attempts.get(k);
        StringBuilder out = new StringBuilder(indent).append("BEGIN\n").append(indent).append("  ").append(a.sql())
                .append(";\n").append(indent).append("  GET DIAGNOSTICS n = ROW_COUNT;\n").append(indent)
                .append("  IF n = 0 THEN RAISE EXCEPTION '").append(NO_PARENT).append("'; END IF;\n");
        if (k > 0 && !a.leftNull().isEmpty()) {
            out.append(indent).append("  RAISE NOTICE '").append(NULLS).append("%: %', ").append(table).append(", ")
                    .append(TableRows.literal(a.leftNull())).append(";\n");
        }
        out.append(indent).append("EXCEPTION WHEN OTHERS THEN\n");
        if (k + 1 < attempts.size()) {
            out.append(attempt(attempts, k + 1, table, indent + "  "));
        } else {
            out.append(indent).append("  RAISE NOTICE '").append(NOTICE).append("%: %', ").append(table).append(", SQLERRM;\n");
        }
        return out.append(indent).append("END;\n").toString();
    }

    private String cannot(Table table) {
        return "no value can be generated for " + table.columns().stream().filter(col -> needsValue(col, table, false)
                && value(col).isEmpty()).map(col -> col.name() + " (" + col.type() + ")").findFirst().orElse("a column");
    }

    /** Which columns a generated row fills, in the order they are tried. */
    enum Fill {
        /** Every column but those of a foreign key none of whose columns is NOT NULL. */
        ALL_BUT_REFERENCES,
        /** The NOT NULL columns (and the foreign keys with one). */
        REQUIRED,
        /** Every column, each foreign key pointing at a row of its table. */
        EVERY
    }

    /**
     * The INSERT for one row, or empty when some required column has a type SchemaVerify cannot fill; the nullable
     * columns of {@code leftNull} stay NULL.
     */
    Optional<Row> statement(Table table, Fill fill, Set<String> leftNull) {
        boolean everyColumn = fill != Fill.REQUIRED;
        Set<String> unreferenced = new HashSet<>(); // the columns of the references left NULL
        Map<String, String> foreign = new LinkedHashMap<>(); // column -> alias.column of a referenced row
        List<String> from = new ArrayList<>();
        for (Reference fk : references(table)) {
            List<String> columns = fk.columns();
            List<String> referenced = fk.referenced();
            boolean required = columns.stream().anyMatch(col -> table.column(unquote(col)).map(Column::notNull).orElse(false));
            if (!required && fill != Fill.EVERY) {
                columns.forEach(col -> unreferenced.add(unquote(col)));
                continue;
            }
            String alias = "f" + from.size();
            from.add("(SELECT " + String.join(", ", referenced) + " FROM " + fk.table() + " LIMIT 1) " + alias);
            for (int k = 0; k < columns.size() && k < referenced.size(); k++) {
                foreign.put(unquote(columns.get(k)), alias + "." + referenced.get(k));
            }
        }
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<String> filled = new ArrayList<>();
        Map<String, String> bounded = partitionValues(table);
        for (Column col : table.columns()) {
            // a nullable column an UPDATE of the chain fills where NULL holds NULL in production's rows
            boolean left = !col.notNull() && (unreferenced.contains(col.name()) || leftNull.contains(col.name())
                    || mentions.filledWhereNull(col.name(), applied));
            if ((!needsValue(col, table, everyColumn) || left) && !bounded.containsKey(col.name())) {
                continue;
            }
            String value = foreign.getOrDefault(col.name(), bounded.get(col.name()));
            if (value == null) {
                Optional<String> generated = checked(table, col).or(() -> documentRead(table, col)).or(() -> value(col));
                if (generated.isEmpty()) {
                    if (col.notNull()) {
                        return Optional.empty();
                    }
                    continue;
                }
                value = generated.get();
            }
            names.add(TableRows.quoteIdent(col.name()));
            values.add(value);
            filled.add(col.name());
        }
        String target = TableRows.quote(table.qualifiedName());
        if (names.isEmpty()) {
            return Optional.of(new Row("INSERT INTO " + target + " DEFAULT VALUES", List.of()));
        }
        return Optional.of(new Row("INSERT INTO " + target + " (" + String.join(", ", names) + ") SELECT "
                + String.join(", ", values) + (from.isEmpty() ? "" : " FROM " + String.join(", ", from)), List.copyOf(filled)));
    }

    /**
     * The UPDATE that gives {@code column} a value, as a generated row's, in the rows of {@code table} that hold NULL
     * there; empty where SchemaVerify cannot fill its type.
     */
    Optional<String> fillNull(Table table, Column column) {
        return checked(table, column).or(() -> documentRead(table, column)).or(() -> marker(column))
                .map(v -> "UPDATE " + TableRows.quote(table.qualifiedName()) + " SET " + TableRows.quoteIdent(column.name())
                        + " = " + v + " WHERE " + TableRows.quoteIdent(column.name()) + " IS NULL");
    }

    /**
     * The UPDATE that gives {@code column}, the column of a one-column foreign key of {@code table}, the key of a row of
     * the table it refers to, in the rows of {@code table} that hold NULL there (none where that table holds no row);
     * empty where it is no such column.
     */
    Optional<String> fillReference(Table table, Column column) {
        String name = TableRows.quoteIdent(column.name());
        return references(table).stream().filter(fk -> fk.columns().size() == 1 && fk.referenced().size() == 1
                && unquote(fk.columns().get(0)).equals(column.name())).findFirst()
                .map(fk -> "UPDATE " + TableRows.quote(table.qualifiedName()) + " AS t SET " + name + " = k."
                        + fk.referenced().get(0) + " FROM (SELECT " + fk.referenced().get(0) + " FROM " + fk.table()
                        + " WHERE " + fk.referenced().get(0) + " IS NOT NULL LIMIT 1) k WHERE t." + name + " IS NULL");
    }

    /**
     * A foreign key of a table, as its definition writes it.
     *
     * @param columns    its columns, as written ({@code "Owner"}, {@code owner_id})
     * @param table      the table it refers to, qualified to resolve where the session's search path would
     * @param referenced the columns it refers to, as written
     */
    record Reference(List<String> columns, String table, List<String> referenced) {
    }

    /** The foreign keys of {@code table}. */
    List<Reference> references(Table table) {
        List<Reference> references = new ArrayList<>();
        for (Constraint fk : table.constraints()) {
            Matcher m = REFERENCES.matcher(fk.definition());
            if (fk.type() == io.github.schemaverify.schema.ConstraintType.FOREIGN_KEY && m.find()) {
                references.add(new Reference(split(m.group(1)), resolve(m.group(2)), split(m.group(3))));
            }
        }
        return references;
    }

    /**
     * The UPDATE that gives {@code column}, whose default is a constant, another value than its default in the rows of
     * {@code table} that hold the default there: the first of the values a generated row would take (a check's, a
     * marker, the type's literal) and a second one of the type ({@code 'e'}, {@code 8}, another label of an enum,
     * {@code NOT} the default of a boolean) that differs from it. Rows none differs for keep the default; empty where
     * SchemaVerify has no value of the column's type.
     */
    Optional<String> replaceDefault(Table table, Column column) {
        String type = column.type();
        String current = "(" + column.defaultValue() + ")::" + type;
        List<String> candidates = new ArrayList<>();
        checked(table, column).ifPresent(candidates::add);
        marker(column).ifPresent(candidates::add);
        value(column).ifPresent(candidates::add);
        String base = type.replaceAll("\\(.*\\)", "").strip();
        switch (base) {
            case "boolean" -> candidates.add("NOT " + current);
            case "text", "character varying", "character", "citext" -> candidates.add("'e'");
            case "smallint", "integer", "bigint", "numeric", "real", "double precision" -> candidates.add("8");
            case "json", "jsonb" -> candidates.add("'{\"s\": 1}'");
            case "date" -> candidates.add("'2000-01-02'");
            default -> enumOf(schema, base).ifPresent(e -> e.labels().forEach(l -> candidates.add(TableRows.literal(l))));
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder other = new StringBuilder("CASE");
        for (String c : new LinkedHashSet<>(candidates)) {
            String typed = "(" + c + ")::" + type;
            other.append(" WHEN ").append(typed).append(" IS DISTINCT FROM ").append(current).append(" THEN ").append(typed);
        }
        other.append(" END");
        String name = TableRows.quoteIdent(column.name());
        return Optional.of("UPDATE " + TableRows.quote(table.qualifiedName()) + " SET " + name + " = " + other + " WHERE "
                + name + " IS NOT DISTINCT FROM " + current + " AND " + other + " IS NOT NULL");
    }

    /**
     * A value for a column filled after the rows were generated that the generated rows' other columns do not hold
     * ({@code 'd'}, {@code 7}, where those hold {@code 's'} and {@code 1}), so that an undo filling it from another
     * column does not pass for one that gives its values back; none for a boolean, which has no such value.
     */
    private Optional<String> marker(Column column) {
        String type = column.type();
        if (type.equals("boolean")) {
            return Optional.empty();
        }
        if (type.equals("text") || type.startsWith("character") || type.equals("citext")) {
            return Optional.of("'d'");
        }
        if (type.equals("smallint") || type.equals("integer") || type.equals("bigint") || type.startsWith("numeric")
                || type.equals("real") || type.equals("double precision")) {
            return Optional.of("7");
        }
        return value(column);
    }

    /** A partitioned table's key: {@code RANGE (recorded_on)}, {@code LIST (region, kind)}, {@code RANGE (((at)::date))}. */
    private static final Pattern PARTITION_KEY = Pattern.compile("^(RANGE|LIST) \\((.+)\\)$");

    /**
     * For a table partitioned by range or list on columns, with no default partition, the values of its key that the
     * first of its partitions takes ({@code FROM ('2024-01-01')}'s lower bound, {@code IN ('eu')}'s first value), and
     * so on down where that partition is partitioned too: a generated row there would find no partition. Empty
     * otherwise (a hash partition takes any value); a key's expression of one column gives that column the value
     * ({@link #keyColumn}).
     */
    private Map<String, String> partitionValues(Table table) {
        Matcher key = PARTITION_KEY.matcher(table.partitionKey());
        if (table.tableKind() != io.github.schemaverify.schema.TableKind.PARTITIONED_TABLE || !key.matches()) {
            return Map.of();
        }
        List<String> columns = new ArrayList<>();
        for (String part : keyParts(key.group(2))) {
            Optional<String> column = keyColumn(table, part);
            if (column.isEmpty()) {
                return Map.of(); // an expression of several columns, or of none
            }
            columns.add(column.get());
        }
        String prefix = table.qualifiedName() + " ";
        List<Table> partitions = schema.tables().stream().filter(t -> t.partitionOf().startsWith(prefix))
                .sorted(java.util.Comparator.comparing(Table::partitionOf)).toList();
        if (partitions.isEmpty() || partitions.stream().anyMatch(t -> t.partitionOf().equals(prefix + "DEFAULT"))) {
            return Map.of();
        }
        // the first partition whose bounds give every key column a value (not MINVALUE, MAXVALUE or NULL)
        Map<String, String> out = Map.of();
        Table into = partitions.get(0);
        for (Table partition : partitions) {
            Map<String, String> values = boundValues(table, key.group(1), columns,
                    partition.partitionOf().substring(prefix.length()));
            if (out.isEmpty() || values.size() > out.size()) {
                out = values;
                into = partition;
            }
            if (values.size() == columns.size()) {
                break;
            }
        }
        out = new HashMap<>(out);
        // a partition partitioned in turn: the row goes on down into it
        out.putAll(partitionValues(into));
        return out;
    }

    /**
     * The column a part of a partition key takes its value from: the column it is ({@code recorded_on}, {@code "At"}, with
     * its collation or operator class), or the one column of the table an expression reads ({@code ((created)::date)},
     * {@code date_trunc('month'::text, created)}), which then gets the bound's value as its own: a timestamp at the
     * bound's first day falls on that day, a text equal to it has it as its lower(). Empty where the part reads no column,
     * or several.
     */
    static Optional<String> keyColumn(Table table, String part) {
        java.util.Set<String> read = new java.util.LinkedHashSet<>();
        String text = part.strip();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                i = quotedEnd(text, i, '\'', false) - 1;
            } else if (c == '"' || Character.isLetter(c) || c == '_') {
                int start = i;
                String name;
                if (c == '"') {
                    i = quotedEnd(text, i, '"', false) - 1;
                    name = text.substring(start + 1, Math.max(start + 1, i)).replace("\"\"", "\"");
                } else {
                    while (i + 1 < text.length() && isIdentifierPart(text.charAt(i + 1))) {
                        i++;
                    }
                    name = text.substring(start, i + 1).toLowerCase(java.util.Locale.ROOT);
                }
                boolean typeOrFunction = start >= 2 && text.startsWith("::", start - 2)
                        || text.substring(i + 1).stripLeading().startsWith("(");
                if (!typeOrFunction && table.column(name).isPresent()) {
                    read.add(name);
                }
            }
        }
        return read.size() == 1 ? Optional.of(read.iterator().next()) : Optional.empty();
    }

    /** The values a bound ({@code FOR VALUES FROM (...) TO (...)}, {@code FOR VALUES IN (...)}) gives the key's columns. */
    private static Map<String, String> boundValues(Table table, String strategy, List<String> columns, String bound) {
        List<String> given;
        if (strategy.equals("LIST") && bound.startsWith("FOR VALUES IN (") && columns.size() == 1) {
            // its first value that is not NULL
            given = literals(bound.substring("FOR VALUES IN (".length())).stream().filter(v -> !v.equals("NULL")).limit(1)
                    .toList();
        } else if (strategy.equals("RANGE") && bound.startsWith("FOR VALUES FROM (")) {
            given = literals(bound.substring("FOR VALUES FROM (".length()));
        } else {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        for (int k = 0; k < columns.size() && k < given.size(); k++) {
            String value = given.get(k);
            Optional<Column> col = table.column(columns.get(k));
            if (col.isPresent() && !value.equals("MINVALUE") && !value.equals("MAXVALUE") && !value.equals("NULL")) {
                out.put(columns.get(k), "(" + value + ")::" + col.get().type());
            }
        }
        return out;
    }

    /** The values of a bound's list up to its closing parenthesis ({@code 'a,b', 5) TO (...)}), as written. */
    private static List<String> literals(String list) {
        List<String> out = new ArrayList<>();
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '\'') {
                quoted = !quoted; // a doubled quote toggles twice
            } else if (!quoted && (c == ',' || c == ')')) {
                out.add(list.substring(start, i).strip());
                start = i + 1;
                if (c == ')') {
                    return out;
                }
            }
        }
        return List.of();
    }

    /**
     * {@code status = ANY (ARRAY['NEW'::text, ...])} ({@code IN} a list, as PostgreSQL writes it) or {@code status =
     * 'NEW'}; a column in a function's parentheses is not it ({@code jsonb_typeof(payload) = 'object'}).
     */
    private static final Pattern CHECK_ONE_OF = Pattern.compile(
            "(?<![\\w$])\\(+\"?([^\"()\\s:]+)\"?\\)?(?:::[a-z ]+)?\\s*=\\s*(?:ANY\\s*\\(+ARRAY\\[\\s*)?('(?:[^']++|'')*+')");
    /** {@code retry_seconds >= 60}. */
    private static final Pattern CHECK_AT_LEAST = Pattern.compile(
            "(?<![\\w$])\\(+\"?([^\"()\\s:]+)\"?\\)?(?:::[a-z ]+)?\\s*>=\\s*\\(?(-?\\d+(?:\\.\\d+)?)");

    /** {@code path ~ '^[ug](/[\w-]+){2,}$'} ({@code ~*} too), as PostgreSQL writes it: the pattern's literal. */
    private static final Pattern CHECK_MATCHES = Pattern.compile(
            "(?<![\\w$])\\(+\"?([^\"()\\s:]+)\"?\\)?(?:::[a-z ]+)?\\s*~\\*?\\s*'((?:[^']++|'')*+)'");
    /** {@code code LIKE 'EU-%'} ({@code ILIKE} too), as PostgreSQL writes it ({@code ~~}): the pattern's literal. */
    private static final Pattern CHECK_LIKE = Pattern.compile(
            "(?<![\\w$])\\(+\"?([^\"()\\s:]+)\"?\\)?(?:::[a-z ]+)?\\s*~~\\*?\\s*'((?:[^']++|'')*+)'");

    /**
     * A value a CHECK constraint of the table names for the column (the first of the values it allows, or its lower
     * bound), or a text its pattern matches ({@code path ~ '^[ug](/[\w-]+){2,}$'}, {@code code LIKE 'EU-%'}), which a
     * generated constant would fail ({@code status IN ('NEW', 'PAID')}); else empty.
     */
    public static Optional<String> checked(Table table, Column col) {
        // a pattern's text for a text-like column's alone: on another type (ltree's lquery) it reads otherwise
        boolean text = TEXT.contains(col.type().replaceAll("\\(.*\\)", "").strip()) || col.type().startsWith("character");
        for (Constraint check : table.constraints()) {
            if (check.type() != io.github.schemaverify.schema.ConstraintType.CHECK) {
                continue;
            }
            for (Pattern p : new Pattern[] {CHECK_ONE_OF, CHECK_AT_LEAST}) {
                Matcher m = p.matcher(check.definition());
                while (m.find()) {
                    if (m.group(1).equals(col.name())) {
                        return Optional.of("(" + m.group(2) + ")::" + col.type());
                    }
                }
            }
            if (!text) {
                continue;
            }
            Optional<String> matching = matching(CHECK_MATCHES, check.definition(), col, RegexExample::of)
                    .or(() -> matching(CHECK_LIKE, check.definition(), col, RowSeeder::likeExample));
            if (matching.isPresent()) {
                return matching.map(v -> "(" + TableRows.literal(v) + ")::" + col.type());
            }
        }
        return Optional.empty();
    }

    /** A text a {@code LIKE} pattern matches: {@code %} none, {@code _} an {@code s}, an escaped character itself. */
    static Optional<String> likeExample(String like) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == '\\' && i + 1 < like.length()) {
                out.append(like.charAt(++i));
            } else if (c == '_') {
                out.append('s');
            } else if (c != '%') {
                out.append(c);
            }
        }
        return Optional.of(out.toString());
    }

    /**
     * A text the pattern of {@code col} in {@code definition} ({@code kind}'s literal, as written) matches, or empty; not
     * one after a {@code NOT} ({@code NOT (path ~ '^tmp/')}, {@code NOT ((path ~ 'a') OR (path ~ 'b'))}), which no text
     * it matches may keep.
     */
    private static Optional<String> matching(Pattern kind, String definition, Column col,
            java.util.function.Function<String, Optional<String>> example) {
        Matcher m = kind.matcher(definition);
        while (m.find()) {
            if (m.group(1).equals(col.name()) && !NEGATED.matcher(io.github.schemaverify.schema.diff.SqlText.masked(
                    definition.substring(0, m.start()))).find()) {
                return example.apply(m.group(2).replace("''", "'"));
            }
        }
        return Optional.empty();
    }

    /** A {@code NOT} that negates what follows it (not {@code IS NOT NULL}'s, {@code IS NOT DISTINCT FROM}'s). */
    private static final Pattern NEGATED = Pattern.compile("(?i)(?<!\\bIS\\s)\\bNOT\\b");

    private static boolean needsValue(Column col, Table table, boolean everyColumn) {
        if (!col.generated().isEmpty() || col.identity() == io.github.schemaverify.schema.Identity.ALWAYS) {
            return false;
        }
        if (col.identity() != io.github.schemaverify.schema.Identity.NONE || !col.defaultValue().isEmpty()) {
            return false; // its default makes the value (a sequence, now(), ...)
        }
        return everyColumn || col.notNull();
    }

    /**
     * For a {@code json} or {@code jsonb} column that generated columns of its table read ({@code id varchar NOT NULL
     * GENERATED ALWAYS AS (value ->> 'id') STORED}, {@code state state_type GENERATED ALWAYS AS (to_state(value #>>
     * '{state,current}'))}), a document with a value at each path they read, of the type each of them has: a number,
     * {@code true}, an enum's first label, a date-time, else {@code "s"}; so that a table whose NOT NULL columns are
     * made from a document gets a row. With {@code null} at each other path the chain's scripts name in a column of its
     * name ({@link ScriptMentions}), unless a check or a domain constrains the column. Empty where neither gives a path;
     * but for a text column that a script casts to a document ({@code ALTER COLUMN props TYPE jsonb USING
     * props::jsonb}), a document, {@code {}} where no path is named, that fits the column's length.
     */
    Optional<String> documentRead(Table table, Column col) {
        Map<String, Object> document = documentRead(table, col, this::jsonValue);
        String base = col.type().strip();
        if (TEXT.contains(base.replaceAll("\\(.*\\)", "").strip()) && mentions.castToJson(col.name())) {
            // text that a script casts to a document holds documents in production: the cast is tried on one
            if (constrained(table, col)) {
                return Optional.empty();
            }
            mentions.paths(col.name()).forEach(path -> put(document, path, mentions.valueAt(col.name(), path)));
            String text = JsonPaths.write(document);
            Matcher length = LENGTH.matcher(base);
            // as jsonb writes it back (its keys shortest first), so that an undo that casts it back to text gives the same
            return length.find() && text.length() > Integer.parseInt(length.group(1)) ? Optional.empty()
                    : Optional.of(TableRows.literal(text) + "::jsonb::text");
        }
        if ((base.equals("jsonb") || base.equals("json")) && !constrained(table, col)) {
            // the keys the scripts work on, as production's documents hold them (null: no value a cast could refuse)
            mentions.paths(col.name()).forEach(path -> put(document, path, mentions.valueAt(col.name(), path)));
        }
        return document.isEmpty() ? Optional.empty() : Optional.of(TableRows.literal(JsonPaths.write(document)));
    }

    /** The types of text columns that may hold a document. */
    private static final Set<String> TEXT = Set.of("text", "character varying", "citext");
    /** A type's length: {@code character varying(40)}. */
    private static final Pattern LENGTH = Pattern.compile("\\((\\d+)\\)");

    /**
     * For {@code col}, a {@code json} or {@code jsonb} column, the document generated columns of its table read: objects
     * (maps by key) with, at each path one of them reads, {@code value} of that column's type (left out where it gives
     * null); empty for a column of another type or one no generated column reads. Where two read the same path, or one a
     * path inside another's value, the first one's stays.
     */
    public static Map<String, Object> documentRead(Table table, Column col, java.util.function.Function<String, String> value) {
        Map<String, Object> document = new java.util.TreeMap<>();
        pathsRead(table, col).forEach((path, type) -> {
            String v = value.apply(type);
            if (v != null) {
                put(document, path, v);
            }
        });
        return document;
    }

    /**
     * The paths in {@code col}, a {@code json} or {@code jsonb} column, that generated columns of its table read
     * ({@code ["state", "current"]} for {@code value #>> '{state,current}'}), each with the type of the first generated
     * column that reads it; empty for a column of another type or one no generated column reads.
     */
    private static Map<List<String>, String> pathsRead(Table table, Column col) {
        Map<List<String>, String> paths = new LinkedHashMap<>();
        String base = col.type().strip();
        if (!base.equals("jsonb") && !base.equals("json")) {
            return paths;
        }
        for (Column g : table.columns()) {
            if (!g.generated().isEmpty()) {
                JsonPaths.read(g.generated(), col.name()).forEach(path -> paths.putIfAbsent(path, g.type()));
            }
        }
        return paths;
    }

    /** The JSON text of a value of {@code type}, as a generated column of that type reads it from a document. */
    private String jsonValue(String type) {
        String base = type.replaceAll("\\(.*\\)", "").strip();
        return switch (base) {
            case "smallint", "integer", "bigint", "numeric", "real", "double precision" -> "1";
            case "boolean" -> "true";
            case "date", "timestamp without time zone", "timestamp with time zone" -> "\"2000-01-01T00:00:00Z\"";
            default -> enumOf(schema, base).filter(e -> !e.labels().isEmpty()).map(e -> JsonPaths.string(e.labels().get(0)))
                    .orElse("\"s\"");
        };
    }

    /** Puts {@code value} (JSON text) at {@code path} in {@code document}, unless another value is there already. */
    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> document, List<String> path, String value) {
        Map<String, Object> at = document;
        for (int i = 0; i < path.size() - 1; i++) {
            Object next = at.computeIfAbsent(path.get(i), k -> new java.util.TreeMap<String, Object>());
            if (!(next instanceof Map)) {
                return; // a value here already: the first reading wins
            }
            at = (Map<String, Object>) next;
        }
        at.putIfAbsent(path.get(path.size() - 1), value);
    }

    /** A literal of the column's type, or empty when SchemaVerify cannot make one. */
    public Optional<String> value(Column col) {
        return value(col.type());
    }

    /** A literal of {@code type} (as a column's type is written), or empty when SchemaVerify cannot make one. */
    public Optional<String> value(String type) {
        return literal(type, 0);
    }

    private Optional<String> literal(String type, int depth) {
        if (depth > 5) {
            return Optional.empty();
        }
        if (type.endsWith("[]")) {
            // an array of a composite type holds one element, whose attributes hold values a revision may lose (DROP
            // ATTRIBUTE); other arrays are empty
            String element = type.substring(0, type.length() - 2);
            return Optional.of(composite(element).flatMap(c -> literal(element, depth + 1)).map(e -> "ARRAY[" + e + "]")
                    .orElse("'{}'"));
        }
        Matcher dims = DIMENSIONS.matcher(type);
        if (dims.matches()) {
            int n = Integer.parseInt(dims.group(2));
            return Optional.of(switch (dims.group(1)) {
                case "vector", "halfvec" -> "'[" + String.join(",", java.util.Collections.nCopies(n, "0.1")) + "]'";
                case "sparsevec" -> "'{1:0.1}/" + n + "'";
                default -> "B'" + "1".repeat(dims.group(1).equals("bit") ? n : 1) + "'";
            });
        }
        String base = type.replaceAll("\\(.*\\)", "").strip();
        String literal = switch (base) {
            case "smallint", "integer", "bigint", "numeric", "real", "double precision", "money", "oid" -> "1";
            case "text", "character varying", "character", "name", "citext", "\"char\"" -> "'s'";
            case "boolean" -> "true";
            case "date" -> "'2000-01-01'";
            case "timestamp without time zone", "timestamp with time zone" -> "'2000-01-01 00:00:00'";
            case "time without time zone", "time with time zone" -> "'00:00:00'";
            case "interval" -> "'1 day'";
            case "uuid" -> "'00000000-0000-4000-8000-000000000001'";
            case "json", "jsonb" -> "'{}'";
            case "bytea" -> "'\\x00'";
            case "inet", "cidr" -> "'127.0.0.1'";
            case "macaddr" -> "'08:00:2b:01:02:03'";
            case "macaddr8" -> "'08:00:2b:01:02:03:04:05'";
            case "pg_lsn" -> "'0/1'";
            case "tsvector" -> "''";
            case "tsquery" -> "'s'";
            case "xml" -> "'<s/>'";
            case "point" -> "'(0,0)'";
            case "int4range", "int8range", "numrange" -> "'[1,2)'";
            case "daterange" -> "'[2000-01-01,2000-01-02)'";
            case "tsrange", "tstzrange" -> "'[2000-01-01 00:00,2000-01-02 00:00)'";
            default -> null;
        };
        if (literal != null) {
            return Optional.of(literal);
        }
        Optional<EnumType> e = enumOf(schema, base);
        if (e.isPresent() && !e.get().labels().isEmpty()) {
            return Optional.of(TableRows.literal(e.get().labels().get(0)));
        }
        Optional<Domain> d = schema.domains().stream().filter(x -> writes(base, x.schema(), x.name()))
                .findFirst();
        if (d.isPresent()) {
            return literal(d.get().baseType(), depth + 1);
        }
        // a composite type: each attribute a value of its type (NULL where none can be made), as a dropped column's
        return composite(base).map(c -> "ROW(" + c.attributes().stream().map(a -> literal(ShouldRestore.attributeType(a),
                depth + 1).orElse("NULL")).collect(java.util.stream.Collectors.joining(", ")) + ")::" + base);
    }

    /** The composite type {@code type} (as a column's type is written) names, if it is one read. */
    private Optional<CompositeType> composite(String type) {
        return schema.compositeTypes().stream().filter(x -> writes(type.strip(), x.schema(), x.name())).findFirst();
    }

    /** The tables ordered so that a table comes after the tables its foreign keys reference. */
    public List<String> parentsFirst(List<String> tables) {
        Map<String, Set<String>> parents = new HashMap<>();
        for (String name : tables) {
            Set<String> refs = new LinkedHashSet<>();
            schema.table(name).ifPresent(t -> t.constraints().stream().filter(c -> c.type() == io.github.schemaverify.schema.ConstraintType.FOREIGN_KEY)
                    .forEach(c -> {
                        Matcher m = REFERENCES.matcher(c.definition());
                        if (m.find()) {
                            refs.add(qualify(m.group(2)));
                        }
                    }));
            refs.remove(name);
            parents.put(name, refs);
        }
        List<String> ordered = new ArrayList<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (String name : tables) {
            visit(name, parents, ordered, visiting);
        }
        return ordered;
    }

    private static void visit(String name, Map<String, Set<String>> parents, List<String> ordered, Set<String> visiting) {
        if (ordered.contains(name) || !parents.containsKey(name) || !visiting.add(name)) {
            return;
        }
        for (String parent : parents.get(name)) {
            visit(parent, parents, ordered, visiting);
        }
        ordered.add(name);
    }

    /** A table name as a constraint definition writes it (unqualified when on the reading's search path), quoted. */
    private String resolve(String written) {
        return TableRows.quote(qualify(written));
    }

    private String qualify(String written) {
        List<String> parts = parts(written);
        if (parts.size() == 2) {
            return parts.get(0) + "." + parts.get(1);
        }
        String name = parts.get(parts.size() - 1);
        return schema.tables().stream().filter(t -> t.name().equals(name)).map(Table::qualifiedName).findFirst()
                .orElse("public." + name);
    }

    /**
     * Whether {@code written}, a type as PostgreSQL writes a column's ({@code status}, {@code "Status"}, {@code
     * billing."Kind"}), is the type {@code name} of {@code schema}: unqualified where its schema is on the search path.
     */
    public static boolean writes(String written, String schema, String name) {
        List<String> names = parts(written);
        return names.size() == 1 ? names.get(0).equals(name)
                : names.size() == 2 && names.get(0).equals(schema) && names.get(1).equals(name);
    }

    /** The enum of {@code schema} a type written as the catalog writes a column's ({@code status}, {@code billing."Kind"}) is. */
    public static Optional<EnumType> enumOf(SchemaSnapshot schema, String written) {
        return schema.enums().stream().filter(x -> writes(written, x.schema(), x.name())).findFirst();
    }

    /**
     * The names of a possibly qualified name as PostgreSQL writes it ({@code billing."Invoice"}, {@code "a.b".c}),
     * unquoted: a dot inside quotes is part of a name.
     */
    static List<String> parts(String written) {
        List<String> parts = new ArrayList<>();
        String s = written.strip();
        int i = 0;
        while (i <= s.length()) {
            int end;
            if (i < s.length() && s.charAt(i) == '"') {
                end = i + 1;
                while (end < s.length() && !(s.charAt(end) == '"' && (end + 1 == s.length() || s.charAt(end + 1) != '"'))) {
                    end += s.charAt(end) == '"' ? 2 : 1;
                }
                parts.add(s.substring(i + 1, Math.min(end, s.length())).replace("\"\"", "\""));
                end++;
            } else {
                end = s.indexOf('.', i);
                end = end < 0 ? s.length() : end;
                parts.add(s.substring(i, end));
            }
            i = end + 1; // past the dot
        }
        return parts;
    }

    /** A partition key's parts, split at the commas outside parentheses, quotes and literals. */
    private static List<String> keyParts(String key) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\'' || c == '"') {
                i = quotedEnd(key, i, c, false) - 1;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(key.substring(start, i));
                start = i + 1;
            }
        }
        out.add(key.substring(start));
        return out;
    }

    private static List<String> split(String list) {
        return List.of(list.split(",\\s*"));
    }

    static String unquote(String identifier) {
        String s = identifier.strip();
        return s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1).replace("\"\"", "\"") : s;
    }
}
