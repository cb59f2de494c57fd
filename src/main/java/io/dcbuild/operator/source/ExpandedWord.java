package io.dcbuild.operator.source;

import java.util.Optional;

/** A Dockerfile word after variable substitution, or why it could not be substituted. */
record ExpandedWord(String text, Optional<String> problem) {

    static ExpandedWord resolved(String text) {
        return new ExpandedWord(text, Optional.empty());
    }

    static ExpandedWord unresolved(String problem) {
        return new ExpandedWord(null, Optional.of(problem));
    }

    boolean isResolved() {
        return problem.isEmpty();
    }
}
