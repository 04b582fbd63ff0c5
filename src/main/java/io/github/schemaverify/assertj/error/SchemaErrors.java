package io.github.schemaverify.assertj.error;

import java.util.Collection;
import java.util.List;

import org.apiguardian.api.API;

import io.github.schemaverify.schema.diff.SchemaDiff;

/**
 * One factory per assertion condition, so every failure reads the same way:
 * <pre>
 * [table public.memory_shards]
 * Expecting table public.memory_shards to have column "embedding",
 * but it has: content, content_hash, id
 * </pre>
 * The {@code [location]} prefix comes from the assert's description.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SchemaErrors {

    private SchemaErrors() {
    }

    static String list(Collection<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /** "Expecting {owner} to have {kind} "{name}", but it has: a, b". */
    public static String shouldHave(String owner, String kind, String name, Collection<String> existing) {
        return "%nExpecting %s to have %s \"%s\",%nbut it has: %s".formatted(owner, kind, name, list(existing));
    }

    public static String shouldNotHave(String owner, String kind, String name) {
        return "%nExpecting %s not to have %s \"%s\",%nbut it has.".formatted(owner, kind, name);
    }

    /** "Expecting {subject} to have {property} {expected}, but it is {actual}". */
    public static String shouldHaveProperty(String subject, String property, Object expected, Object actual) {
        return "%nExpecting %s to have %s %s,%nbut it is %s".formatted(subject, property, show(expected), show(actual));
    }

    public static String shouldBe(String subject, String what, String actually) {
        return "%nExpecting %s to be %s,%nbut it is %s".formatted(subject, what, actually);
    }

    public static String shouldHaveDimensions(String column, int expected, String type, int actual) {
        return actual < 0
                ? "%nExpecting column %s to have %d dimensions,%nbut it is not a vector column (%s)".formatted(column, expected, type)
                : "%nExpecting column %s to have %d dimensions,%nbut it has %d (%s)".formatted(column, expected, actual, type);
    }

    public static String shouldHaveVersionAtLeast(String extension, String expected, String actual) {
        return "%nExpecting extension %s to have version at least %s,%nbut it has %s".formatted(extension, expected, actual);
    }

    /** "Expecting extension vector at 0.8.3 or later, which indexes using hnsw need, but it is 0.8.0 (...)". */
    public static String shouldHaveExtensionAtLeastForMethod(String extension, String version, String method, String actual,
            List<String> indexes) {
        return "%nExpecting extension %s at version %s or later, which indexes using %s need,%nbut it is %s, and %s %s:%n  %s%n%s"
                .formatted(extension, version, method, actual == null ? "not installed" : actual,
                        indexes.size() == 1 ? "this index uses" : "these indexes use", method, String.join(System.lineSeparator() + "  ", indexes),
                        actual == null ? "Create it in a migration (CREATE EXTENSION " + extension + "), on a server that has"
                                + " version " + version + " or later."
                                : "Update it (ALTER EXTENSION " + extension + " UPDATE) on a server that has version " + version
                                + " or later.");
    }

    public static String shouldHaveOption(String index, String option, String expected, String actual) {
        return actual == null
                ? "%nExpecting index %s to have option %s=%s,%nbut it has no %s option%s".formatted(index, option, expected, option, "")
                : "%nExpecting index %s to have option %s=%s,%nbut it has %s=%s".formatted(index, option, expected, option, actual);
    }

    public static String shouldHaveUniqueIndexOn(String table, List<String> columns, Collection<String> uniqueIndexes) {
        return "%nExpecting table %s to have a unique index on (%s),%nbut its unique indexes are: %s"
                .formatted(table, String.join(", ", columns), list(uniqueIndexes));
    }

    public static String shouldBeEmpty(SchemaDiff diff) {
        return "%nExpecting no schema differences,%nbut found %d:%n%s".formatted(diff.changes().size(),
                diff.render("  ").stripTrailing());
    }

    public static String shouldNotBeEmpty() {
        return "%nExpecting schema differences,%nbut the schemas are equal".formatted();
    }

    public static String shouldContainChange(String expected, SchemaDiff diff) {
        return "%nExpecting the differences to contain:%n  %s%nbut they are:%n%s".formatted(expected,
                diff.isEmpty() ? "  (none)" : diff.render("  ").stripTrailing());
    }

    private static String show(Object value) {
        if (value instanceof String s) {
            return s.isEmpty() ? "(none)" : "\"" + s + "\"";
        }
        return String.valueOf(value);
    }
}
