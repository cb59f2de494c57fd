package io.dcbuild.operator.registry;

/**
 * The registry could not be reached or is overloaded: connect failure, timeout, 5xx or 429. Transient: callers
 * retry with backoff.
 */
public class RegistryUnavailableException extends RegistryException {

    public RegistryUnavailableException(String message, int statusCode, String errorCode, Throwable cause) {
        super(message, statusCode, errorCode, cause);
    }
}
