package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** The company's registry credentials, for builds that name none (or for every build when enforced). */
public class PolicyRegistryCredentials {

    @Required
    @JsonPropertyDescription("A kubernetes.io/dockerconfigjson Secret (kind Secret; the key defaults to "
            + ".dockerconfigjson).")
    private NamespacedKeyReference secretRef;

    @JsonPropertyDescription("Use these credentials even when a build names its own. Defaults to false.")
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
