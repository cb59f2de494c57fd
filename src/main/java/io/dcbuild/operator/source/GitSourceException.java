package io.dcbuild.operator.source;

import java.util.Objects;
import java.util.function.UnaryOperator;

/** A git server refused or failed a request. {@link #isPermanent()} tells whether retrying can help. */
public class GitSourceException extends Exception {

    /** What went wrong, as a person would name it. */
    public enum Kind {
        /** The server refused the credentials, or asked for credentials that were not given. */
        AUTHENTICATION_FAILED(true),
        /** The repository does not exist (or is hidden from these credentials). */
        REPOSITORY_NOT_FOUND(true),
        /** The repository exists but has no such branch or tag. */
        REF_NOT_FOUND(true),
        /**
         * The ref no longer points at the commit, and the server would not serve the commit by its SHA. Resolving
         * the ref again gives a commit that can be read; worth retrying.
         */
        COMMIT_NOT_FETCHABLE(false),
        /** The server's TLS certificate is not trusted: a person must add the CA (policy caBundle). */
        TLS_UNTRUSTED(true),
        /** The server speaks a protocol the operator and Envbuilder cannot use (dumb HTTP): a person must act. */
        UNSUPPORTED_SERVER(true),
        /** The server could not be reached or failed; worth retrying. */
        UNREACHABLE(false);

        private final boolean permanent;

        Kind(boolean permanent) {
            this.permanent = permanent;
        }
    }

    private final Kind kind;

    public GitSourceException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isPermanent() {
        return kind.permanent;
    }

    /**
     * This failure with its message passed through {@code redaction}. The cause is left out (its messages could hold
     * what was redacted); the stack trace is kept.
     */
    public GitSourceException redacted(UnaryOperator<String> redaction) {
        String message = redaction.apply(getMessage());
        if (Objects.equals(message, getMessage()) && getCause() == null) {
            return this;
        }
        GitSourceException redacted = new GitSourceException(kind, message, null);
        redacted.setStackTrace(getStackTrace());
        return redacted;
    }
}
