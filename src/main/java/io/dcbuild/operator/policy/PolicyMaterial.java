package io.dcbuild.operator.policy;

import java.util.Optional;

/** The contents a build's policies refer to: the CA bundle PEM and the registry docker config JSON. */
public record PolicyMaterial(Optional<String> caBundlePem, Optional<String> dockerConfigJson, boolean enforceCredentials) {

    public static PolicyMaterial none() {
        return new PolicyMaterial(Optional.empty(), Optional.empty(), false);
    }

    @Override
    public String toString() {
        return "PolicyMaterial[caBundle=" + caBundlePem.isPresent() + ", dockerConfig=" + dockerConfigJson.isPresent()
                + ", enforce=" + enforceCredentials + "]";
    }
}
