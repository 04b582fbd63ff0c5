package io.github.schemaverify.readiness;

import org.apiguardian.api.API;

/**
 * Waiting for a level or a gate timed out, or the bootstrap failed while waiting. The message shows every gate's
 * state.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ReadinessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReadinessException(String message) {
        super(message);
    }
}
