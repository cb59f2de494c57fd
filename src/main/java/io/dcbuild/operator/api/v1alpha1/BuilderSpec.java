package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dcbuild.operator.api.v1alpha1.schema.ResourceRequirementsSchema;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** How the Envbuilder probe and builder pods run. */
public class BuilderSpec {

    @JsonPropertyDescription("The Envbuilder image, pinned by digest (ghcr.io/coder/envbuilder@sha256:<64 hex "
            + "digits>). Defaults to the governing policy's builder.image, else the operator's configured image "
            + "(dcbuild.builder.default-image). When a policy sets an image, this must be the same.")
    private String image;

    @SchemaFrom(type = ResourceRequirementsSchema.class)
    @JsonPropertyDescription("CPU and memory requests and limits of the probe, builder and verify pods. Defaults "
            + "to the policy's builder.resources, else requests of cpu 500m and memory 1Gi and a memory limit of "
            + "4Gi (operator settings).")
    private ResourceRequirements resources;

    @Min(60)
    @Max(86400)
    @JsonPropertyDescription("Seconds a pod may run before Kubernetes stops it (the pod's activeDeadlineSeconds), "
            + "60 to 86400. Defaults to the policy's builder.activeDeadlineSeconds, else 3600; may not exceed the "
            + "policy's.")
    private Long activeDeadlineSeconds;

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public Long getActiveDeadlineSeconds() {
        return activeDeadlineSeconds;
    }

    public void setActiveDeadlineSeconds(Long activeDeadlineSeconds) {
        this.activeDeadlineSeconds = activeDeadlineSeconds;
    }
}
