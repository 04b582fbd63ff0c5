package io.github.schemaverify;

import org.apiguardian.api.API;

/**
 * The PostgreSQL server could not be started, reached or used: no binaries, no Docker engine, a refused connection, a
 * version older than SchemaVerify needs, an extension the migrations create that the server does not offer.
 *
 * @since 0.2
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public class ServerException extends SchemaVerifyException {
    private static final long serialVersionUID = 1L;

    public ServerException(String message) {
        super(message);
    }

    public ServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
