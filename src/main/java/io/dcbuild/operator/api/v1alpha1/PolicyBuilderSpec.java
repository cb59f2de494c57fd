package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dcbuild.operator.api.v1alpha1.schema.ResourceRequirementsSchema;
import io.dcbuild.operator.api.v1alpha1.schema.TolerationSchema;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** How builder pods of governed builds run. */
public class PolicyBuilderSpec {

    @JsonPropertyDescription("The Envbuilder image of governed builds, pinned by digest (image@sha256:<64 hex "
            + "digits>). Builds that name none get it; builds may not name another.")
    private String image;

    @SchemaFrom(type = ResourceRequirementsSchema.class)
    @JsonPropertyDescription("CPU and memory requests and limits of the pods of governed builds that name none "
            + "(spec.builder.resources).")
    private ResourceRequirements resources;

    @Min(60)
    @Max(86400)
    @JsonPropertyDescription("The longest activeDeadlineSeconds (60 to 86400 seconds) a governed build may ask "
            + "for; also the default of builds that name none.")
    private Long activeDeadlineSeconds;

    @JsonPropertyDescription("Node labels the pods of governed builds must run on, as key: value pairs (the pods' "
            + "nodeSelector), for example dcbuild.io/builders: \"true\".")
    private Map<String, String> nodeSelector;

    @SchemaFrom(type = TolerationSchema[].class)
    @JsonPropertyDescription("Tolerations of the pods of governed builds, for example to let them run on tainted "
            + "builder nodes.")
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
