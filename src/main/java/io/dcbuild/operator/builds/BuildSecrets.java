package io.dcbuild.operator.builds;

import io.dcbuild.operator.source.GitCredentials;
import java.util.Optional;
import java.util.Set;

/**
 * The secret material one build uses, read from the Secrets its spec names. Never logged; {@link #values()} lists
 * every secret string so that log tails can be redacted before they reach status or Events.
 */
public record BuildSecrets(Optional<GitCredentials> git, Optional<String> dockerConfigJson, Set<String> values) {

    public static BuildSecrets none() {
        return new BuildSecrets(Optional.empty(), Optional.empty(), Set.of());
    }

    @Override
    public String toString() {
        return "BuildSecrets[git=" + git.isPresent() + ", dockerConfig=" + dockerConfigJson.isPresent() + "]";
    }
}
