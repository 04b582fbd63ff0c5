package io.github.schemaverify.assertj.error;

import java.util.List;

import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Creates the error when indexes of an access method need a newer extension than the schema has:
 * <pre>
 * [the schema]
 * Expecting extension vector at version 0.8.3 or later, which indexes using hnsw need,
 * but it is 0.8.0, and this index uses hnsw:
 *   public.documents_embedding_idx
 * Update it (ALTER EXTENSION vector UPDATE) on a server that has version 0.8.3 or later.
 * </pre>
 *
 * @since 0.2
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public class ShouldHaveExtensionForIndexes extends TextMessageFactory {

    /**
     * @param actual  the installed version, or {@code null} when the extension is not installed
     * @param indexes the indexes that use the method, qualified
     */
    public static ErrorMessageFactory shouldHaveExtensionForIndexes(String extension, String version, String method,
            String actual, List<String> indexes) {
        return new ShouldHaveExtensionForIndexes(extension, version, method, actual, indexes);
    }

    private ShouldHaveExtensionForIndexes(String extension, String version, String method, String actual, List<String> indexes) {
        super("%nExpecting extension %s at version %s or later, which indexes using %s need,%nbut it is %s, and %s %s:%n  %s%n%s",
                extension, version, method, actual == null ? "not installed" : actual,
                indexes.size() == 1 ? "this index uses" : "these indexes use", method,
                String.join(System.lineSeparator() + "  ", indexes),
                actual == null ? "Create it in a migration (CREATE EXTENSION " + extension + "), on a server that has version "
                        + version + " or later." : "Update it (ALTER EXTENSION " + extension + " UPDATE) on a server that has"
                        + " version " + version + " or later.");
    }
}
