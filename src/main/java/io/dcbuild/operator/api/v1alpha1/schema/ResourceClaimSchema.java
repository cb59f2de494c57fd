package io.dcbuild.operator.api.v1alpha1.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The schema of {@link io.fabric8.kubernetes.api.model.ResourceClaim}, with descriptions. */
public class ResourceClaimSchema {

    @JsonPropertyDescription("The name of an entry of the pod's spec.resourceClaims.")
    public String name;

    @JsonPropertyDescription("The request of that claim to use; empty means the whole claim.")
    public String request;
}
