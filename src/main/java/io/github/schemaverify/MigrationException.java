package io.github.schemaverify;

import org.apiguardian.api.API;

/**
 * The migrations could not be found, read or applied: an empty location, a duplicate version, a script that does not
 * decode or fails on the server, a target that is no version, a statement that waited too long.
 *
 * @since 0.2
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public class MigrationException extends SchemaVerifyException {
    private static final long serialVersionUID = 1L;

    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
