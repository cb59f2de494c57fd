package io.dcbuild.operator.builds;

import java.util.Optional;

/** The objects the operator derived for a build in its namespace, which its pods reference. */
public record DerivedObjects(Optional<String> registryConfigSecret, Optional<String> caBundleConfigMap) {

    public static DerivedObjects none() {
        return new DerivedObjects(Optional.empty(), Optional.empty());
    }
}
