package io.dcbuild.operator.source;

import java.util.Objects;

/**
 * A {@link GitSourceException} raised while files are read ({@link RepositoryFiles} declares content failures only):
 * a snapshot whose partial fetch could not provide a file fetches the whole commit then, and that can fail as any
 * fetch can. {@link PreflightReader} throws the cause again.
 */
public final class UncheckedGitSourceException extends RuntimeException {

    public UncheckedGitSourceException(GitSourceException cause) {
        super(cause.getMessage(), Objects.requireNonNull(cause));
    }

    @Override
    public synchronized GitSourceException getCause() {
        return (GitSourceException) super.getCause();
    }
}
