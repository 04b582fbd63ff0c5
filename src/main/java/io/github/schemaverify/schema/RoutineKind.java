package io.github.schemaverify.schema;

import org.apiguardian.api.API;

/** What a routine is; {@link #word()} is the kind its diff lines and canonical text name. */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public enum RoutineKind {
    FUNCTION("function"), PROCEDURE("procedure"), AGGREGATE("aggregate"), WINDOW("window");

    private final String word;

    RoutineKind(String word) {
        this.word = word;
    }

    /** {@code function}, {@code procedure}, {@code aggregate} or {@code window}. */
    public String word() {
        return word;
    }
}
