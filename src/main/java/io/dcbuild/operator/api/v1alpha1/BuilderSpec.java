package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** How the Envbuilder probe and builder pods run. */
public class BuilderSpec {

    @JsonPropertyDescription("The Envbuilder image, pinned by digest (ghcr.io/coder/envbuilder@sha256:...). "
            + "Defaults to the operator's configured builder image.")
    private String image;

    @JsonPropertyDescription("CPU and memory requests and limits of builder pods. Defaults to the operator's.")
    private ResourceRequirements resources;

    @Min(60)
    @Max(86400)
    @JsonPropertyDescription("Seconds a builder pod may run before Kubernetes stops it (activeDeadlineSeconds). "
            + "Defaults to 3600.")
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
