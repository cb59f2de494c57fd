package io.dcbuild.operator.builds;

/**
 * Something only a person can fix stops the build (a missing Secret, refused credentials, an unknown ref). It
 * becomes {@code Stalled=True} with this reason and message; it is not retried in a loop.
 */
public class BuildBlockedException extends Exception {

    private final String reason;

    public BuildBlockedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public BuildBlockedException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
