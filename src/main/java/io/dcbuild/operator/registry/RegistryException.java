package io.dcbuild.operator.registry;

/**
 * A registry call failed. The message names registry, repository and reference, never credentials or tokens.
 * {@link #statusCode()} is 0 when no HTTP response was received; {@link #errorCode()} is the first code of the
 * registry's error body ({@code MANIFEST_UNKNOWN}, {@code UNSUPPORTED}, ...) or null.
 */
public class RegistryException extends RuntimeException {

    private final int statusCode;
    private final String errorCode;

    public RegistryException(String message, int statusCode, String errorCode) {
        this(message, statusCode, errorCode, null);
    }

    public RegistryException(String message, int statusCode, String errorCode, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
        this.errorCode = errorCode;
    }

    public int statusCode() {
        return statusCode;
    }

    public String errorCode() {
        return errorCode;
    }

    public boolean isNotFound() {
        return statusCode == 404;
    }
}
