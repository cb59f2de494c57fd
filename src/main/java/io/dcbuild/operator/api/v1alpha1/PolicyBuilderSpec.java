package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** How builder pods of governed builds run. */
public class PolicyBuilderSpec {

    @JsonPropertyDescription("The Envbuilder image, pinned by digest. When set, builds may not name another.")
    private String image;

    @JsonPropertyDescription("Resources of builder pods when a build names none.")
    private ResourceRequirements resources;

    @Min(60)
    @Max(86400)
    @JsonPropertyDescription("The longest activeDeadlineSeconds a builder pod may have; also the default.")
    private Long activeDeadlineSeconds;

    @JsonPropertyDescription("Node selector of builder pods.")
    private Map<String, String> nodeSelector;

    @JsonPropertyDescription("Tolerations of builder pods.")
    private List<Toleration> tolerations;

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

    public Map<String, String> getNodeSelector() {
        return nodeSelector;
    }

    public void setNodeSelector(Map<String, String> nodeSelector) {
        this.nodeSelector = nodeSelector;
    }

    public List<Toleration> getTolerations() {
        return tolerations;
    }

    public void setTolerations(List<Toleration> tolerations) {
        this.tolerations = tolerations;
    }
}
