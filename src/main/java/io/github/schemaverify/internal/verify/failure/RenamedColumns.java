package io.github.schemaverify.internal.verify.failure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.schemaverify.internal.migration.SqlScript;
import io.github.schemaverify.schema.Column;
import io.github.schemaverify.schema.SchemaObject;
import io.github.schemaverify.schema.SchemaSnapshot;
import io.github.schemaverify.schema.Table;

/**
 * The columns a revision renamed ({@code ALTER TABLE licenses RENAME COLUMN created_at TO uploaded_at}), by their
 * qualified names before it ({@code public.licenses.created_at}) and after it ({@code public.licenses.uploaded_at}):
 * a renamed column keeps its place and its values, so the schema after the revision is read in the names before it
 * when an undo is judged. Only renames the script writes, whose column is in the table before the revision and, under
 * its new name, after it.
 */
final class RenamedColumns {
    static final RenamedColumns NONE = new RenamedColumns(Map.of());

    /** Each column's qualified name after the revision, to its name before it. */
    private final Map<String, String> beforeByAfter;

    private RenamedColumns(Map<String, String> beforeByAfter) {
        this.beforeByAfter = beforeByAfter;
    }

    static RenamedColumns of(List<SqlScript.ColumnRename> renames, SchemaSnapshot before, SchemaSnapshot up) {
        if (renames.isEmpty()) {
            return NONE;
        }
        // a column renamed twice in one script (a to b, then b to c) is c after it and a before it
        Map<String, String> originals = new LinkedHashMap<>();
        for (SqlScript.ColumnRename r : renames) {
            for (Table t : up.tables()) {
                if (t.name().equals(r.table()) && (r.schema().isEmpty() || t.schema().equals(r.schema()))) {
                    String from = t.qualifiedName() + "." + r.from();
                    String original = originals.containsKey(from) ? originals.remove(from) : from;
                    originals.put(t.qualifiedName() + "." + r.to(), original);
                }
            }
        }
        Map<String, String> beforeByAfter = new HashMap<>();
        originals.forEach((after, original) -> {
            if (!after.equals(original) && column(up, after) && column(before, original) && !column(up, original)) {
                beforeByAfter.put(after, original);
            }
        });
        return beforeByAfter.isEmpty() ? NONE : new RenamedColumns(beforeByAfter);
    }

    private static boolean column(SchemaSnapshot snapshot, String qualified) {
        int dot = qualified.lastIndexOf('.');
        String name = qualified.substring(dot + 1);
        return snapshot.table(qualified.substring(0, dot)).map(t -> t.columns().stream().anyMatch(c -> c.name().equals(name)))
                .orElse(false);
    }

    boolean isEmpty() {
        return beforeByAfter.isEmpty();
    }

    /**
     * The objects after the revision by key, in the names before it: a renamed column, a comment on it and its table's
     * column order under the column's old name.
     */
    Map<String, SchemaObject> asBefore(Map<String, SchemaObject> afterUp) {
        if (isEmpty()) {
            return afterUp;
        }
        Map<String, SchemaObject> out = new HashMap<>();
        afterUp.forEach((key, o) -> {
            SchemaObject named = o instanceof Table t ? renamed(t) : o instanceof Column c ? renamed(c) : o;
            out.put(keyBefore(key), named);
        });
        return out;
    }

    /** {@code column public.t.uploaded_at}, {@code comment on column public.t.uploaded_at} in the names before. */
    private String keyBefore(String key) {
        if (!key.startsWith("column ") && !key.startsWith("comment on column ")) {
            return key; // a constraint, trigger or policy named as a column is
        }
        int space = key.lastIndexOf(' ');
        String original = beforeByAfter.get(key.substring(space + 1));
        return original == null ? key : key.substring(0, space + 1) + original;
    }

    private Table renamed(Table t) {
        List<Column> columns = new ArrayList<>();
        boolean any = false;
        for (Column c : t.columns()) {
            Column r = renamed(c);
            any |= r != c;
            columns.add(r);
        }
        return !any ? t : new Table(t.schema(), t.name(), t.tableKind(), t.persistence(), t.partitionKey(), t.partitionOf(),
                t.rowSecurity(), t.forceRowSecurity(), columns, t.constraints(), t.indexes(), t.triggers(), t.policies(),
                t.inherits(), t.replicaIdentity(), t.replicaIdentityIndex(), t.options(), t.rules(), t.statistics(), t.owner(),
                t.privileges(), t.ofType(), t.accessMethod(), t.tablespace());
    }

    private Column renamed(Column c) {
        String original = beforeByAfter.get(c.qualifiedName());
        if (original == null) {
            return c;
        }
        return new Column(c.schema(), c.table(), original.substring(original.lastIndexOf('.') + 1), c.type(), c.notNull(),
                c.defaultValue(), c.identity(), c.generated(), c.collation(), c.position(), c.identityOptions(), c.storage(),
                c.compression(), c.privileges(), c.notNullValid(), c.virtual(), c.statistics(), c.options(),
                c.identityPrivileges(), c.identitySequence(), c.declaredLocally());
    }
}
