package io.github.schemaverify.internal;

/**
 * A failure of SchemaVerify's own work (a server that cannot start, a migration that fails), with a message that
 * names the cause and the fix. Never carries a password.
 */
public class SchemaVerifyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SchemaVerifyException(String message) {
        super(message);
    }

    public SchemaVerifyException(String message, Throwable cause) {
        super(message, cause);
    }
}
