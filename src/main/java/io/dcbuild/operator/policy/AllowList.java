package io.dcbuild.operator.policy;

import java.util.List;
import java.util.Optional;

/** One policy's allow-list of one kind of source. */
public record AllowList(String policy, String field, List<String> patterns) {

    /** The rule a value breaks, as a sentence, or empty when the list allows it. */
    public Optional<String> refusal(String value) {
        boolean allowed = patterns.stream().anyMatch(p -> SourcePattern.of(p).matches(value));
        if (allowed) {
            return Optional.empty();
        }
        return Optional.of("not allowed by policy " + policy + " (" + field + ": "
                + (patterns.isEmpty() ? "nothing is allowed" : String.join(", ", patterns)) + ")");
    }
}
