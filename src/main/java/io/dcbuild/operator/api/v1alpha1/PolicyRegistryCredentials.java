package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** The company's registry credentials, for builds that name none (or for every build when enforced). */
public class PolicyRegistryCredentials {

    @Required
    @JsonPropertyDescription("A Secret of type kubernetes.io/dockerconfigjson, in any namespace (kind defaults to "
            + "Secret, key to .dockerconfigjson). Pods get it through a derived Secret in the build's namespace, "
            + "never as a literal value. Required.")
    private NamespacedKeyReference secretRef;

    @JsonPropertyDescription("Use these credentials even for builds that name their own "
            + "(spec.registryCredentialsSecretRef). Defaults to false.")
    private Boolean enforce;

    public NamespacedKeyReference getSecretRef() {
        return secretRef;
    }

    public void setSecretRef(NamespacedKeyReference secretRef) {
        this.secretRef = secretRef;
    }

    public Boolean getEnforce() {
        return enforce;
    }

    public void setEnforce(Boolean enforce) {
        this.enforce = enforce;
    }
}
