package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dcbuild.operator.api.v1alpha1.schema.OpaquePodSpecSchema;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.PodSpec;

/**
 * The pod specs of a run's three roles, rendered by the build that created the run. They reference Secrets by name
 * only (secretKeyRef), never by value. Stored opaque: the API server validates them when the pods are created.
 */
public class RunPodTemplates {

    @SchemaFrom(type = OpaquePodSpecSchema.class)
    @JsonPropertyDescription("The spec of the probe pod, which asks the cache for the image.")
    private PodSpec probe;

    @SchemaFrom(type = OpaquePodSpecSchema.class)
    @JsonPropertyDescription("The spec of the builder pod, which builds and pushes the image.")
    private PodSpec build;

    @SchemaFrom(type = OpaquePodSpecSchema.class)
    @JsonPropertyDescription("The spec of the verify pod, which learns the digest of what the builder pushed.")
    private PodSpec verify;

    public PodSpec getProbe() {
        return probe;
    }

    public void setProbe(PodSpec probe) {
        this.probe = probe;
    }

    public PodSpec getBuild() {
        return build;
    }

    public void setBuild(PodSpec build) {
        this.build = build;
    }

    public PodSpec getVerify() {
        return verify;
    }

    public void setVerify(PodSpec verify) {
        this.verify = verify;
    }
}
