package io.dcbuild.operator.api.v1alpha1.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;

/** The schema of {@link io.fabric8.kubernetes.api.model.ResourceRequirements}, with descriptions. */
public class ResourceRequirementsSchema {

    @JsonPropertyDescription("Resources the scheduler reserves for the pod, by resource name, as Kubernetes "
            + "quantities, for example cpu: \"1\" and memory: 2Gi.")
    public Map<String, Quantity> requests;

    @JsonPropertyDescription("The most the pod may use, by resource name, as Kubernetes quantities, for example "
            + "memory: 6Gi. A build that exceeds its memory limit is killed and fails.")
    public Map<String, Quantity> limits;

    @JsonPropertyDescription("Dynamic Resource Allocation claims of the pod the container may use. Builder pods "
            + "declare no resource claims, so leave this empty.")
    public List<ResourceClaimSchema> claims;
}
