package io.dcbuild.operator.testing;

import java.net.ConnectException;
import java.util.Locale;

/**
 * How the real Envbuilder (Go) words a registry it cannot connect to: {@code dial tcp host:port: connect: connection
 * refused}. The simulated Envbuilder reaches the registry with Java clients, whose messages differ (or are null);
 * it prints Go's wording so that the operator reads what it would read from the real binary.
 */
final class GoDialError {

    private GoDialError() {
    }

    /** Go's wording when {@code failure} is a refused connection to {@code hostPort}, else its own message. */
    static String describe(Throwable failure, String hostPort) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
            if (cause instanceof ConnectException || message.contains("connection refused")) {
                return "dial tcp " + hostPort + ": connect: connection refused";
            }
        }
        return failure.getMessage();
    }
}
